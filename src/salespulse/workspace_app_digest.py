"""What the weekly digest takes from the app database: each open goal of the digest's
week with its progress and this week's milestone, the one-on-ones' action items and the
open goals' operational steps (as action items due), and the week's check-ins — as the
plain records of `salespulse.insights.packet.records` (the one-on-one packet's too:
`goal_record`, `action_record` and `check_in_record` make them for both)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from salespulse.errors import UserError

if TYPE_CHECKING:
    from salespulse.appdb.records import ActionItem, CheckIn, Goal, Step
    from salespulse.insights.packet.records import ActionRecord, CheckInRecord, GoalRecord
    from salespulse.model.periods import Window
    from salespulse.workspace_app import AppData


def digest_inputs(
    app: AppData, week: str | None, as_of: Any = None
) -> tuple[dict[str, Any], list[int]]:
    """`goals`, `actions` and `check_ins` for `ws.digest(...)` about `week` (the digest's
    own reading of the label and the as-of date), and the ids of the open goals of the
    week the data cannot measure (left out; `goals show ID` says why)."""
    from salespulse.engine.data_end import data_end
    from salespulse.engine.query import to_date
    from salespulse.insights.digest.week import digest_week

    day = to_date(as_of, "as_of")
    if day is None:
        with app.ws.engine() as engine:
            day = data_end(engine)
    if day is None:
        return {}, []
    window = digest_week(week, app.ws.settings, day)
    goals, unmeasured = _goals(app, window, min(window.end, day))
    actions = [action_record(a) for meeting in app.one_on_ones() for a in meeting.actions]
    actions += [step_record(goal, step) for goal, step in app.goal_steps()]
    check_ins = [check_in_record(c) for c in app.check_ins()]
    return {"goals": goals, "actions": actions, "check_ins": check_ins}, unmeasured


def _goals(app: AppData, week: Window, on: date) -> tuple[list[GoalRecord], list[int]]:
    found: list[GoalRecord] = []
    unmeasured: list[int] = []
    for goal in app.goals(state="open"):
        try:
            period = app.goal_spec(goal).window(app.ws.settings)
            if period.start > week.end or period.end < week.start:
                continue  # not this week's goal
            found.append(goal_record(app, goal, week, on))
        except UserError:  # stored, but not measurable from this data: named, not shown
            unmeasured.append(goal.id)
    return found, unmeasured


def goal_record(app: AppData, goal: Goal, week: Window, on: date) -> GoalRecord:
    """A stored goal with its progress as of `on` and the milestone of `week` (a
    `UserError` when the data cannot measure it)."""
    from salespulse.insights.packet.records import GoalRecord

    spec = app.goal_spec(goal)
    progress = app.ws.goal_progress(spec, on)
    this_week = [
        m for m in app.ws.milestones(spec, on) if m.start <= week.end and m.end >= week.start
    ]
    return GoalRecord(
        goal.owner,
        goal.kpi,
        goal.target,
        progress.actual,
        progress.expected,
        progress.status,
        this_week[0].target if this_week else None,
        this_week[0].actual if this_week else None,
        goal.period,
        goal.what or "",
    )


def action_record(action: ActionItem) -> ActionRecord:
    from salespulse.insights.packet.records import ActionRecord

    return ActionRecord(action.text, action.owner, action.due, action.done_at is not None)


def step_record(goal: Goal, step: Step) -> ActionRecord:
    """An operational step towards a goal, as an action item due (named with its goal)."""
    from salespulse.insights.packet.records import ActionRecord

    text = f"{step.text} (a step towards goal {goal.id}, {goal.kpi} {goal.period})"
    return ActionRecord(text, step.owner, step.due, step.done_at is not None)


def check_in_record(check_in: CheckIn) -> CheckInRecord:
    from salespulse.insights.packet.records import CheckInRecord

    c = check_in
    return CheckInRecord(c.rep, c.week_start, True, c.confidence, c.wins, c.blockers)
