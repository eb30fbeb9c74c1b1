"""The goals' forms (`web.forms`): set a goal (`POST /goals`: owner, KPI, target, period
and optional filters, for a manager or an admin); change its target, period, what and
why (`POST /goals/{id}`), split a team goal across its reps (`POST /goals/{id}/split`:
by quota, equally or by the shares given) or close it (`POST /goals/{id}/close`) — each
with the version the page showed: a goal changed meanwhile is refused with who changed
it; add a step (`POST /goals/{id}/steps`) and tick one off (`POST
/goals/{id}/steps/done`: the goal's owner too)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, HTTPException, Request
from fastapi.responses import Response

from salespulse.errors import UserError
from salespulse.web import forms, numbers
from salespulse.web.coaching_access import require_coach, require_sight
from salespulse.web.pages import AppDatabase, CurrentUser, Pages, ServedWorkspace
from salespulse.web.routes.goals import GoalId, goal_page_for, goals_page
from salespulse.web.served import Served
from salespulse.web.users import User

pages = Pages()
Field = Annotated[str | None, Form(max_length=2000)]
WHERE_FIX = (
    "Write filters as DIMENSION=VALUE, several split by commas: category=Bikes, region=West."
)


def pairs(text: str | None, field: str, shape: str, fix: str, *, lines: bool = False) -> Any:
    """Each `KEY=VALUE` of the form's `field` (split by commas, and by lines too with
    `lines`), stripped; a UserError naming the item and `shape` for one that is not."""
    for item in (text or "").replace("\n" if lines else ",", ",").split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UserError(f"`{field}` {item.strip()!r} is not {shape}.", fix=fix, option=field)
        yield key.strip(), value.strip()


def filters(text: str | None) -> dict[str, list[str]]:
    """The form's `where` (`category=Bikes, region=West`) as the API's filters."""
    out: dict[str, list[str]] = {}
    for key, value in pairs(text, "where", "DIMENSION=VALUE", WHERE_FIX):
        out.setdefault(key, []).append(value)
    return out


def shares_of(text: str | None) -> dict[str, str]:
    """The form's manual split (`R0001=10000, R0002=8000`, or one a line) as {rep: target}."""
    fix = "Write each rep's share as REP=TARGET, split by commas: R0001=10000, R0002=8000."
    return dict(pairs(text, "shares", "REP=TARGET", fix, lines=True))


def owned(where: Served, app: Any, user: User, goal_id: int) -> tuple[str, str]:
    """The goal's owner and kind, once the user may see it (404 when there is none)."""
    try:
        goal = app.goal(goal_id)
    except UserError as exc:
        raise HTTPException(404, exc.message) from None
    require_sight(user, where, goal.owner, goal.owner_kind)
    return goal.owner, goal.owner_kind


@pages.form("/goals")
async def add_goal(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    csrf: Field = None,
    owner: Field = None,
    kpi: Field = None,
    target: Field = None,
    period: Field = None,
    filters_text: Annotated[str | None, Form(alias="where", max_length=2000)] = None,
    what: Field = None,
) -> Response:
    forms.checked(request, csrf)
    entered = {
        "owner": owner,
        "kpi": kpi,
        "target": target,
        "period": period,
        "where": filters_text,
        "what": what,
    }
    who = (owner or "").strip()

    def change() -> str:
        name = forms.required(who, "owner", "Choose whom the goal is for.")
        teams = numbers.facts(where).teams
        kind = "all" if name == "all" else "team" if name in teams else "rep"
        require_coach(user, where, name, kind)
        goal = app.add_goal(
            name,
            forms.required(kpi, "kpi", "Choose the KPI the goal follows."),
            forms.required(target, "target", "Give the target, e.g. 50000."),
            forms.required(
                period, "period", "Give the period: 2025-06, 2025-Q3, 2025 or 2025-W27."
            ),
            where=filters(filters_text) or None,
            what=what or None,
            by=forms.by(user),
        )
        return f"/goals/{goal.id}"

    if user.role == "rep":
        raise HTTPException(403, "Only a manager or an admin sets goals.")
    return await forms.saved_or_shown(
        request, change, lambda: goals_page(where, app, user), "goals.html", "add", entered
    )


@pages.form("/goals/{goal_id}")
async def change_goal(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    goal_id: GoalId,
    csrf: Field = None,
    target: Field = None,
    period: Field = None,
    what: Field = None,
    why: Field = None,
    version: Field = None,
    fields: Field = None,
) -> Response:
    """Change what the form sends of the target, period, what and why, and those it
    names in `fields` (an empty field arrives as none: a named what or why left empty
    is cleared); the rest stays."""
    forms.checked(request, csrf)
    require_coach(user, where, *owned(where, app, user, goal_id))
    sent = {"target": target, "period": period, "what": what, "why": why}
    named = set((fields or "").split()) & set(sent)

    def change() -> str:
        expected = forms.version(version)
        changes: dict[str, Any] = {
            k: v or "" for k, v in sent.items() if v is not None or k in named
        }
        if "target" in changes:
            changes["target"] = forms.required(target, "target", "Give the target, e.g. 50000.")
        if "period" in changes:
            changes["period"] = forms.required(
                period, "period", "Give the period: 2025-06, 2025-Q3, 2025 or 2025-W27."
            )
        if not changes:
            raise UserError(
                "There is nothing to change.",
                fix="Give the new target, period, what or why.",
                option="target",
            )
        app.update_goal(goal_id, changes, by=forms.by(user), expect_version=expected)
        return f"/goals/{goal_id}"

    return await forms.saved_or_shown(
        request, change, lambda: goal_page_for(where, app, user, goal_id), "goal.html", "change",
        sent,
    )  # fmt: skip


@pages.form("/goals/{goal_id}/split")
async def split_goal(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    goal_id: GoalId,
    csrf: Field = None,
    how: Field = None,
    shares: Field = None,
    version: Field = None,
) -> Response:
    """Split a team goal across its reps: by their quotas, equally, or by the shares
    given (manual)."""
    forms.checked(request, csrf)
    require_coach(user, where, *owned(where, app, user, goal_id))

    def change() -> str:
        expected = forms.version(version)
        way = forms.required(how, "how", "Choose how to split it: quota, equal or manual.")
        given = shares_of(shares) if way == "manual" else None
        app.split_goal(goal_id, way, given, by=forms.by(user), expect_version=expected)
        return f"/goals/{goal_id}#split"

    return await forms.saved_or_shown(
        request, change, lambda: goal_page_for(where, app, user, goal_id), "goal.html", "split",
        {"how": how, "shares": shares},
    )  # fmt: skip


@pages.form("/goals/{goal_id}/close")
async def close_goal(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    goal_id: GoalId,
    csrf: Field = None,
    version: Field = None,
) -> Response:
    forms.checked(request, csrf)
    require_coach(user, where, *owned(where, app, user, goal_id))

    def change() -> str:
        app.close_goal(goal_id, by=forms.by(user), expect_version=forms.version(version))
        return f"/goals/{goal_id}"

    return await forms.saved_or_shown(
        request, change, lambda: goal_page_for(where, app, user, goal_id), "goal.html", "close", {}
    )


@pages.form("/goals/{goal_id}/steps")
async def add_step(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    goal_id: GoalId,
    csrf: Field = None,
    text: Field = None,
    owner: Field = None,
    due: Field = None,
) -> Response:
    forms.checked(request, csrf)
    goal_owner, kind = owned(where, app, user, goal_id)
    require_coach(user, where, goal_owner, kind)

    def change() -> str:
        words = forms.required(text, "text", "Say what is to be done.")
        who = (owner or "").strip() or goal_owner
        app.add_step(goal_id, words, who, due or None, by=forms.by(user))
        return f"/goals/{goal_id}#steps"

    return await forms.saved_or_shown(
        request, change, lambda: goal_page_for(where, app, user, goal_id), "goal.html", "step",
        {"text": text, "owner": owner, "due": due},
    )  # fmt: skip


@pages.form("/goals/{goal_id}/steps/done")
async def step_done(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    goal_id: GoalId,
    csrf: Field = None,
    step: Field = None,
) -> Response:
    """Anyone who sees the goal ticks off its steps (the rep whose goal it is too)."""
    forms.checked(request, csrf)
    owned(where, app, user, goal_id)

    def change() -> str:
        found = forms.record_id(step, "step")
        if found not in {s.id for s in app.steps(goal_id)}:
            raise UserError(
                f"Goal {goal_id} has no step {found}.",
                fix="Use the button beside the step.",
                option="step",
            )
        app.step_done(found, by=forms.by(user))
        return f"/goals/{goal_id}#steps"

    return await forms.saved_or_shown(
        request, change, lambda: goal_page_for(where, app, user, goal_id), "goal.html", "steps", {}
    )
