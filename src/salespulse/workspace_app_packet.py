"""What a rep's one-on-one packet takes from the app database: their one-on-ones (the
last one's action items, the ratings over time), their open goals with progress, this
week's milestone and how far each moved since the last one-on-one, their development
plan's focus KPIs measured, and their last check-ins — as the plain records of
`salespulse.insights.packet.records`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from salespulse.errors import UserError
from salespulse.workspace_app_digest import action_record, check_in_record, goal_record

if TYPE_CHECKING:
    from datetime import date

    from salespulse.insights.packet.records import CoachingRecords, GoalRecord
    from salespulse.workspace_app import AppData

#: How many check-ins and one-on-ones the packet reads back (the latest first).
CHECK_INS = 4
MEETINGS = 6


def packet_inputs(app: AppData, rep: str, as_of: Any = None) -> tuple[CoachingRecords, list[int]]:
    """`rep`'s records (a rep id or full name) for `one_on_one(..., coaching=...)`, goals
    and plan measured as of `as_of` (default the end of the data); and the ids of their
    open goals the data cannot measure (left out; `goals show ID` says why)."""
    from salespulse.engine.query import to_date
    from salespulse.insights.core.evidence import evidence
    from salespulse.insights.packet.records import (
        CoachingRecords,
        MeetingRecord,
        PlanFocusRecord,
    )
    from salespulse.reports.goal_progress import as_of_day

    with evidence(app.ws) as ev:
        who = ev.rep(rep).rep
        day = as_of_day(ev.engine, to_date(as_of, "as_of"))
    meetings = [
        MeetingRecord(m.date, m.confidence, m.workload, tuple(action_record(a) for a in m.actions))
        for m in app.one_on_ones(who)[:MEETINGS]
    ]
    goals, unmeasured = _goals(app, who, day, meetings[0].date if meetings else None)
    try:
        plan = app.plan_view(app.plan(who), day)
    except UserError:  # no plan yet
        plan = {"focus": []}
    fields = ("kpi", "skill", "baseline", "current", "target", "by", "progress")
    focus = [
        PlanFocusRecord(**{k: f[k] for k in fields}, note=f.get("note")) for f in plan["focus"]
    ]
    check_ins = [check_in_record(c) for c in app.check_ins(who)[:CHECK_INS]]
    return CoachingRecords(meetings, goals, focus, check_ins), unmeasured


def _goals(
    app: AppData, rep: str, day: date, last: date | None = None
) -> tuple[list[GoalRecord], list[int]]:
    """The rep's open goals, soonest period first, with the milestone of the week
    holding `day` and, with `last` (the day of the last one-on-one, before `day`), the
    actual as of that day when the goal's period had begun by then."""
    from dataclasses import replace

    from salespulse.model.periods import Window

    week = Window.period(day, "week", app.ws.settings)
    found: list[tuple[Any, GoalRecord]] = []
    unmeasured: list[int] = []
    for goal in app.goals(owner=rep, state="open"):
        try:
            spec = app.goal_spec(goal)
            start = spec.window(app.ws.settings).start
            record = replace(goal_record(app, goal, week, day), goal_id=goal.id)
            if last is not None and start <= last < day:
                record = replace(record, actual_then=app.ws.goal_progress(spec, last).actual)
            found.append((start, record))
        except UserError:  # stored, but not measurable from this data: named, not shown
            unmeasured.append(goal.id)
    found.sort(key=lambda pair: pair[0])
    return [record for _, record in found], unmeasured
