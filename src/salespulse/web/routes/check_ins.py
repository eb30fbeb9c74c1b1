"""The weekly check-in `/check-in`: a rep submits their own (`POST /check-in`: the week,
confidence 1 to 5, wins and blockers; a second one for the same week changes it) and
sees their past ones; a manager sees their team's check-ins, an admin everyone's. A
check-in is the rep's own: nobody submits one for another."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Form, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from salespulse.web import forms, numbers
from salespulse.web.coaching_access import roster
from salespulse.web.forms import FormPage
from salespulse.web.pages import AppDatabase, CurrentUser, Pages, ServedWorkspace
from salespulse.web.served import Served
from salespulse.web.users import User, can_see

pages = Pages()
Text = Annotated[str | None, Form(max_length=5000)]


class CheckInRow(BaseModel):
    id: int
    rep: str
    name: str
    week: str
    week_start: date
    confidence: int | None
    wins: str | None
    blockers: str | None
    updated_at: datetime
    updated_by: str


class CheckInPage(FormPage):
    #: the rep the user is (who may submit), else None
    rep: str | None = None
    week: str = ""
    check_ins: list[CheckInRow] = Field(default_factory=list)


def this_week(where: Served) -> str:
    """Today's ISO week as a check-in names it (2026-W49)."""
    from salespulse.workspace_app_checks import today

    year, week, _ = today(where.ws.settings).isocalendar()
    return f"{year}-W{week:02d}"


@pages.page("/check-in", "check_in.html", CheckInPage, live=True)
def check_in_page(where: ServedWorkspace, app: AppDatabase, user: CurrentUser) -> CheckInPage:
    """Your weekly check-in; the team's check-ins for a manager."""
    page = CheckInPage(
        title="Weekly check-in" if user.rep else "Check-ins",
        currency=where.currency, data_end=numbers.data_end(where), rep=user.rep,
        week=this_week(where),
    )  # fmt: skip
    team = roster(where)
    for c in app.check_ins():
        member = team.get(c.rep)
        if can_see(user, c.rep, member.team if member else None):
            raw = c.as_dict()
            page.check_ins.append(
                CheckInRow(
                    name=member.name if member else c.rep,
                    **{k: raw[k] for k in CheckInRow.model_fields if k != "name"},
                )
            )
    page.check_ins.sort(key=lambda c: (c.week_start, c.rep), reverse=True)
    return page


def page_for(where: Served, app: Any, user: User) -> CheckInPage:
    found: CheckInPage = check_in_page(where, app, user)
    return found


@pages.form("/check-in")
async def submit_check_in(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    csrf: Text = None,
    week: Text = None,
    confidence: Text = None,
    wins: Text = None,
    blockers: Text = None,
) -> Response:
    forms.checked(request, csrf)
    if user.role != "rep" or not user.rep:
        raise HTTPException(403, "A check-in is a rep's own: log in as the rep to submit one.")
    rep = user.rep
    entered = {"week": week, "confidence": confidence, "wins": wins, "blockers": blockers}

    def change() -> str:
        label = forms.required(week, "week", "Give the week, e.g. 2026-W49.")
        app.check_in(
            rep, label, confidence or None, wins or None, blockers or None, by=forms.by(user)
        )
        return "/check-in"

    return await forms.saved_or_shown(
        request, change, lambda: page_for(where, app, user), "check_in.html", "check-in", entered
    )
