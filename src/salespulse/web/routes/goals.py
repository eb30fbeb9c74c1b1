"""The goals pages: `/goals`, the goals the user may see with their live progress
(actual, achieved, status: `AppData.goal_view`) and, for a manager or an admin, the form
to set one; `/goals/{id}`, one goal with its progress, weekly milestones, steps and a
team goal's split, and the forms to change its target, period, what and why, split a
team goal across its reps, close it and add or tick off steps (`routes.goal_forms`).
Both read the app database anew on every request."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import HTTPException, Path
from pydantic import BaseModel, Field

from salespulse import kpis
from salespulse.errors import UserError
from salespulse.web import numbers
from salespulse.web.coaching_access import coaches, require_sight, roster, sees_owner
from salespulse.web.forms import Choice, FormPage
from salespulse.web.pages import AppDatabase, CurrentUser, Pages, ServedWorkspace
from salespulse.web.served import Served
from salespulse.web.users import User

pages = Pages()
#: A goal's id in a path: a positive whole number the app database can hold.
GoalId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The goal's id.")]


class GoalRow(BaseModel):
    """A goal as stored, with its progress measured from the data (None where the data
    cannot measure it yet: `progress_note` says why)."""

    id: int
    owner: str
    owner_name: str
    owner_kind: str
    kpi: str
    target: float
    period: str
    where: dict[str, list[str]]
    what: str | None = None
    #: the team goal this one is a rep's share of
    parent_id: int | None = None
    state: str
    version: int
    actual: float | None = None
    achieved: float | None = None
    expected: float | None = None
    projection: float | None = None
    status: str | None = None
    as_of: date | None = None
    progress_note: str | None = None
    updated_at: datetime
    updated_by: str


class Milestone(BaseModel):
    label: str
    start: date
    end: date
    target: float | None
    actual: float | None
    status: str | None


class StepRow(BaseModel):
    id: int
    text: str
    owner: str
    due: date | None
    done_at: datetime | None
    done_by: str | None


class GoalsPage(FormPage):
    goals: list[GoalRow] = Field(default_factory=list)
    can_create: bool = False
    owners: list[Choice] = Field(default_factory=list)
    kpis: list[Choice] = Field(default_factory=list)
    period: str = ""


class GoalPage(FormPage):
    goal: GoalRow
    why: str | None = None
    milestones: list[Milestone] = Field(default_factory=list)
    steps: list[StepRow] = Field(default_factory=list)
    children: list[GoalRow] = Field(default_factory=list)
    can_edit: bool = False
    #: a team's (or everyone's) open goal not split yet: the form to split it
    can_split: bool = False


def row(where: Served, view: dict[str, Any]) -> GoalRow:
    member = roster(where).get(view["owner"])
    name = member.name if member and member.name else view["owner"]
    return GoalRow.model_validate(
        {**{k: view.get(k) for k in GoalRow.model_fields}, "owner_name": name}
    )


def owners(user: User, where: Served) -> list[Choice]:
    """Whom `user` may set goals for: the reps they see, their teams, and for an admin
    the whole business."""
    out = [
        Choice(value=m.rep, label=f"{m.name} ({m.rep})" if m.name != m.rep else m.rep)
        for m in roster(where).values()
        if coaches(user, where, m.rep)
    ]
    out += [
        Choice(value=t, label=f"team {t}")
        for t in numbers.facts(where).teams
        if coaches(user, where, t, "team")
    ]
    if user.role == "admin":
        out.append(Choice(value="all", label="the whole business"))
    return out


def kpi_choices() -> list[Choice]:
    """The registry's KPIs a rep's goal can follow."""
    return [
        Choice(value=k.name, label=k.label) for k in kpis.REGISTRY.values() if "rep" in k.dimensions
    ]


@pages.page("/goals", "goals.html", GoalsPage, live=True)
def goals_page(where: ServedWorkspace, app: AppDatabase, user: CurrentUser) -> GoalsPage:
    """The goals you may see, with their live progress; the form to set one."""
    end = numbers.data_end(where)
    page = GoalsPage(title="Goals", currency=where.currency, data_end=end)
    stored = app.goals()
    seen = {g.id for g in stored if sees_owner(user, where, g.owner, g.owner_kind)}
    for goal in stored:  # a team goal's split shows on its page; alone to a rep
        if goal.id in seen and (goal.parent_id is None or goal.parent_id not in seen):
            page.goals.append(row(where, app.goal_view(goal, detail=False)))
    page.owners = owners(user, where)
    page.can_create = bool(page.owners)
    page.kpis = kpi_choices() if page.can_create else []
    page.period = f"{end:%Y-%m}" if end else ""
    return page


def goal_page_for(where: Served, app: Any, user: User, goal_id: int) -> GoalPage:
    try:
        goal = app.goal(goal_id)
    except UserError as exc:
        raise HTTPException(404, exc.message) from None
    require_sight(user, where, goal.owner, goal.owner_kind)
    view = app.goal_view(goal)
    found = row(where, view)
    page = GoalPage(
        title=f"Goal {goal.id}: {found.owner_name}, {kpis.get(goal.kpi).label} {goal.period}",
        currency=where.currency,
        data_end=numbers.data_end(where),
        goal=found,
        why=goal.why,
        milestones=[
            Milestone(**{k: m.get(k) for k in Milestone.model_fields})
            for m in view.get("milestones", [])
        ],
        steps=[StepRow(**{k: s[k] for k in StepRow.model_fields}) for s in view["steps"]],
        can_edit=coaches(user, where, goal.owner, goal.owner_kind) and goal.state == "open",
    )
    page.children = [row(where, app.goal_view(c, detail=False)) for c in app.children(goal.id)]
    page.can_split = page.can_edit and goal.owner_kind != "rep" and not page.children
    return page


@pages.page("/goals/{goal_id}", "goal.html", GoalPage, live=True)
def goal_page(
    where: ServedWorkspace, app: AppDatabase, user: CurrentUser, goal_id: GoalId
) -> GoalPage:
    """One goal: its progress, weekly milestones and steps."""
    return goal_page_for(where, app, user, goal_id)
