"""The forms that change a development plan's parts (`web.forms`), each with the plan's
version the page showed (a plan changed meanwhile is refused with who changed it): an
action's text and due date changed, or the action removed (`POST
/plans/{rep}/actions/edit`: `action`, `text`, `due`, and `do` save or remove); a focus
area's target, date and skill changed, or the focus area removed (`POST
/plans/{rep}/focus/edit`: `focus`, `target`, `by`, `skill`, `do`). For a manager of the
rep or an admin (`AppData.update_plan`). Registered before `routes.plans`, whose
`POST /plans/{rep:path}` would take these paths in."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from salespulse.errors import UserError
from salespulse.web import forms
from salespulse.web.coaching_access import rep_named, require_coach
from salespulse.web.pages import AppDatabase, CurrentUser, Pages, ServedWorkspace
from salespulse.web.routes.plans import Field_, Rep, plan_page_for

pages = Pages()
Do = Annotated[str | None, Form(max_length=10)]


def removing(do: str | None) -> bool:
    """The button pressed: save (the default) or remove."""
    if (do or "save") not in ("save", "remove"):
        raise UserError(
            f"`do` {do!r} is neither save nor remove.",
            fix="Use the Save or Remove button beside it.",
            option="do",
        )
    return do == "remove"


@pages.form("/plans/{rep:path}/actions/edit")
async def edit_plan_action(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    rep: Rep,
    csrf: Field_ = None,
    version: Field_ = None,
    action: Field_ = None,
    text: Field_ = None,
    due: Field_ = None,
    do: Do = None,
) -> Response:
    """Change an action of the plan (its text, its due date: empty, none) or remove it."""
    forms.checked(request, csrf)
    who = rep_named(where, rep).rep
    require_coach(user, where, who)

    def change() -> str:
        expected = forms.version(version)
        found = forms.record_id(action, "action")
        changes: dict[str, Any] = {"expect_version": expected, "by": forms.by(user)}
        if removing(do):
            changes["drop_actions"] = [found]
        else:
            words = forms.required(text, "text", "Say what is to be done.")
            changes["change_actions"] = {found: {"text": words, "due": due or None}}
        app.update_plan(who, **changes)
        return f"/plans/{who}#actions"

    return await forms.saved_or_shown(
        request, change, lambda: plan_page_for(where, app, user, who), "plan.html",
        f"action-{(action or '').strip()[:12]}", {"text": text, "due": due},
    )  # fmt: skip


@pages.form("/plans/{rep:path}/focus/edit")
async def edit_plan_focus(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    rep: Rep,
    csrf: Field_ = None,
    version: Field_ = None,
    focus: Field_ = None,
    target: Field_ = None,
    by: Field_ = None,
    skill: Field_ = None,
    do: Do = None,
) -> Response:
    """Change a focus area's target, date and skill (empty: none; its KPI and baseline
    stay) or remove it."""
    forms.checked(request, csrf)
    who = rep_named(where, rep).rep
    require_coach(user, where, who)

    def change() -> str:
        expected = forms.version(version)
        found = forms.record_id(focus, "focus")
        changes: dict[str, Any] = {"expect_version": expected, "by": forms.by(user)}
        if removing(do):
            changes["drop_focus"] = [found]
        else:
            aim = forms.required(target, "target", "Give the target, e.g. 0.3 or 30% for a rate.")
            changes["change_focus"] = {found: {"target": aim, "by": by or None, "skill": skill}}
        app.update_plan(who, **changes)
        return f"/plans/{who}#focus"

    return await forms.saved_or_shown(
        request, change, lambda: plan_page_for(where, app, user, who), "plan.html",
        f"focus-{(focus or '').strip()[:12]}", {"target": target, "by": by, "skill": skill},
    )  # fmt: skip
