"""What the weekly digest takes from the app database: each open goal of the digest's
week with its progress and this week's milestone, the one-on-ones' action items and the
week's check-ins — as the digest's plain records (`salespulse.insights.digest.inputs`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from salespulse.errors import UserError

if TYPE_CHECKING:
    from salespulse.insights.digest.inputs import DigestAction, DigestCheckIn, DigestGoal
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
    from salespulse.insights.digest.inputs import DigestAction, DigestCheckIn
    from salespulse.insights.digest.week import digest_week

    day = to_date(as_of, "as_of")
    if day is None:
        with app.ws.engine() as engine:
            day = data_end(engine)
    if day is None:
        return {}, []
    window = digest_week(week, app.ws.settings, day)
    goals, unmeasured = _goals(app, window, min(window.end, day))
    actions: list[DigestAction] = [
        DigestAction(a.text, a.owner, a.due, a.done_at is not None)
        for meeting in app.one_on_ones()
        for a in meeting.actions
    ]
    check_ins: list[DigestCheckIn] = [
        DigestCheckIn(c.rep, c.week_start, True) for c in app.check_ins()
    ]
    return {"goals": goals, "actions": actions, "check_ins": check_ins}, unmeasured


def _goals(app: AppData, week: Window, on: date) -> tuple[list[DigestGoal], list[int]]:
    from salespulse.insights.digest.inputs import DigestGoal

    found: list[DigestGoal] = []
    unmeasured: list[int] = []
    for goal in app.goals(state="open"):
        try:
            spec = app.goal_spec(goal)
            period = spec.window(app.ws.settings)
            if period.start > week.end or period.end < week.start:
                continue  # not this week's goal
            progress = app.ws.goal_progress(spec, on)
        except UserError:  # stored, but not measurable from this data: named, not shown
            unmeasured.append(goal.id)
            continue
        this_week = [
            m for m in app.ws.milestones(spec, on) if m.start <= week.end and m.end >= week.start
        ]
        found.append(
            DigestGoal(
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
        )
    return found, unmeasured
