"""The development plans: `/plans`, the plans the user may see (and, for a manager or an
admin, the form to start one), and `/plans/{rep:path}`, a rep's plan — each focus KPI from
its baseline to the current value and the target, with the progress
(`AppData.plan_view`), and the actions — with the forms to add a focus area or
actions (several at once, one a line) and to mark an action done (the rep too). The
forms post to `POST /plans`, `POST /plans/{rep:path}` and `POST
/plans/{rep:path}/actions/done` (`web.forms`: a plan changed meanwhile is refused with
who changed it); those that change or remove an action or a focus area are in
`routes.plan_forms`."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Form, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from salespulse.errors import UserError
from salespulse.web import forms, numbers
from salespulse.web.coaching_access import coaches, rep_named, require_coach, require_sight, roster
from salespulse.web.forms import Choice, FormPage
from salespulse.web.pages import AppDatabase, CurrentUser, Pages, ServedWorkspace
from salespulse.web.routes.goals import kpi_choices
from salespulse.web.served import Served
from salespulse.web.users import User, can_see

pages = Pages()
Rep = Annotated[str, Path(max_length=200, description="The rep's id.")]
Field_ = Annotated[str | None, Form(max_length=2000)]
#: several actions, one a line
Lines = Annotated[str | None, Form(max_length=20_000)]


class FocusRow(BaseModel):
    id: int
    kpi: str
    skill: str | None
    baseline: float | None
    baseline_at: date | None
    current: float | None
    target: float
    by: date | None
    progress: float | None
    note: str | None = None


class ActionRow(BaseModel):
    id: int
    text: str
    due: date | None
    status: str
    done_at: datetime | None


class PlanRow(BaseModel):
    rep: str
    name: str
    version: int
    focus: list[FocusRow]
    actions: list[ActionRow]
    updated_at: datetime
    updated_by: str


class PlansPage(FormPage):
    plans: list[PlanRow] = Field(default_factory=list)
    can_create: bool = False
    reps: list[Choice] = Field(default_factory=list)
    kpis: list[Choice] = Field(default_factory=list)


class PlanPage(FormPage):
    rep: str
    name: str
    team: str | None
    plan: PlanRow | None = None
    can_edit: bool = False
    can_tick: bool = False
    kpis: list[Choice] = Field(default_factory=list)


def plan_row(where: Served, view: dict[str, Any]) -> PlanRow:
    member = roster(where).get(view["rep"])
    return PlanRow(
        rep=view["rep"],
        name=member.name if member else view["rep"],
        version=view["version"],
        focus=[FocusRow(**{k: f.get(k) for k in FocusRow.model_fields}) for f in view["focus"]],
        actions=[ActionRow(**{k: a[k] for k in ActionRow.model_fields}) for a in view["actions"]],
        updated_at=view["updated_at"],
        updated_by=view["updated_by"],
    )


@pages.page("/plans", "plans.html", PlansPage, live=True)
def plans_page(where: ServedWorkspace, app: AppDatabase, user: CurrentUser) -> PlansPage:
    """The development plans you may see; the form to start one."""
    page = PlansPage(
        title="Development plans", currency=where.currency, data_end=numbers.data_end(where)
    )
    team = roster(where)
    having = set()
    for plan in app.plans():
        member = team.get(plan.rep)
        if can_see(user, plan.rep, member.team if member else None):
            page.plans.append(plan_row(where, app.plan_view(plan)))
            having.add(plan.rep)
    page.reps = [
        Choice(value=m.rep, label=f"{m.name} ({m.rep})")
        for m in team.values()
        if m.rep not in having and coaches(user, where, m.rep)
    ]
    page.can_create = bool(page.reps)
    page.kpis = kpi_choices() if page.can_create else []
    return page


def plan_page_for(where: Served, app: Any, user: User, rep: str) -> PlanPage:
    who = rep_named(where, rep)
    require_sight(user, where, who.rep)
    page = PlanPage(
        title=f"Development plan: {who.name}", currency=where.currency,
        data_end=numbers.data_end(where), rep=who.rep, name=who.name, team=who.team,
    )  # fmt: skip
    try:
        page.plan = plan_row(where, app.plan_view(app.plan(who.rep)))
    except UserError:
        page.plan = None
    page.can_edit = coaches(user, where, who.rep)
    page.can_tick = page.can_edit or user.rep == who.rep
    page.kpis = kpi_choices() if page.can_edit else []
    return page


@pages.page("/plans/{rep:path}", "plan.html", PlanPage, live=True)
def plan_page(where: ServedWorkspace, app: AppDatabase, user: CurrentUser, rep: Rep) -> PlanPage:
    """A rep's development plan: focus KPIs with baseline, current, target and progress."""
    return plan_page_for(where, app, user, rep)


def focus_of(
    kpi: str | None, target: str | None, by: str | None, skill: str | None
) -> list[dict[str, Any]]:
    if not (kpi or "").strip() and not (target or "").strip():
        return []
    return [{
        "kpi": forms.required(kpi, "kpi", "Choose the KPI to work on."),
        "target": forms.required(target, "target", "Give the target, e.g. 0.3 or 30% for a rate."),
        "by": by or None, "skill": skill or None,
    }]  # fmt: skip


_DUE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def actions_of(text: str | None, due: str | None, lines: str | None = None) -> list[dict[str, Any]]:
    """The form's actions: one (`action`, `due`) and those of `actions`, one a line,
    `TEXT` or `TEXT; YYYY-MM-DD` (a last part that is no date stays in the text)."""
    out = [{"text": text, "due": due or None}] if (text or "").strip() else []
    for line in (lines or "").splitlines():
        words, sep, day = line.rpartition(";")
        if sep and _DUE.fullmatch(day.strip()) and words.strip():
            out.append({"text": words.strip(), "due": day.strip()})
        elif line.strip():
            out.append({"text": line.strip(), "due": None})
    return out


@pages.form("/plans")
async def add_plan(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    csrf: Field_ = None,
    rep: Field_ = None,
    kpi: Field_ = None,
    target: Field_ = None,
    by: Field_ = None,
    skill: Field_ = None,
    action: Field_ = None,
    due: Field_ = None,
    actions: Lines = None,
) -> Response:
    forms.checked(request, csrf)
    if user.role == "rep":
        require_coach(user, where, user.rep or "")
    entered = {
        "rep": rep,
        "kpi": kpi,
        "target": target,
        "by": by,
        "skill": skill,
        "action": action,
        "due": due,
        "actions": actions,
    }

    def change() -> str:
        who = rep_named(where, forms.required(rep, "rep", "Choose the rep the plan is for.")).rep
        require_coach(user, where, who)
        focus = focus_of(kpi, target, by, skill)
        if not focus:
            raise UserError(
                "A plan needs a focus KPI and its target.",
                fix="Choose the KPI and give the target.",
                option="kpi",
            )
        app.add_plan(who, focus, actions_of(action, due, actions), by=forms.by(user))
        return f"/plans/{who}"

    return await forms.saved_or_shown(
        request, change, lambda: plans_page(where, app, user), "plans.html", "add", entered
    )


# before the form of `/plans/{rep:path}`, whose path would take this one in
@pages.form("/plans/{rep:path}/actions/done")
async def plan_action_done(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    rep: Rep,
    csrf: Field_ = None,
    action: Field_ = None,
    version: Field_ = None,
) -> Response:
    """The rep marks their own plan's actions done, as their manager may."""
    forms.checked(request, csrf)
    who = rep_named(where, rep).rep
    require_sight(user, where, who)
    if user.rep != who:
        require_coach(user, where, who)

    def change() -> str:
        found = forms.record_id(action, "action")
        app.update_plan(
            who, done_actions=[found], by=forms.by(user), expect_version=forms.version(version)
        )
        return f"/plans/{who}"

    return await forms.saved_or_shown(
        request,
        change,
        lambda: plan_page_for(where, app, user, who),
        "plan.html",
        "actions",
        {},
    )


@pages.form("/plans/{rep:path}")
async def change_plan(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    rep: Rep,
    csrf: Field_ = None,
    version: Field_ = None,
    kpi: Field_ = None,
    target: Field_ = None,
    by: Field_ = None,
    skill: Field_ = None,
    action: Field_ = None,
    due: Field_ = None,
    actions: Lines = None,
) -> Response:
    forms.checked(request, csrf)
    who = rep_named(where, rep).rep
    require_coach(user, where, who)
    entered = {
        "kpi": kpi, "target": target, "by": by, "skill": skill, "action": action, "due": due,
        "actions": actions,
    }  # fmt: skip

    def change() -> str:
        expected = forms.version(version)
        focus, added = focus_of(kpi, target, by, skill), actions_of(action, due, actions)
        if not focus and not added:
            raise UserError(
                "There is nothing to add.", fix="Give a focus KPI and its target, or an action."
            )
        app.update_plan(who, focus, added, by=forms.by(user), expect_version=expected)
        return f"/plans/{who}"

    return await forms.saved_or_shown(
        request,
        change,
        lambda: plan_page_for(where, app, user, who),
        "plan.html",
        "change",
        entered,
    )
