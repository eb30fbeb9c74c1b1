"""The packet's sections from the app database — the last one-on-one and its action
items, the goals and the plan with their progress, the last check-ins and the ratings'
trend — as grids and sentences for both renderers (each escapes every value), and the
line that says how to start while the app database is not in use."""

from __future__ import annotations

from salespulse import kpis
from salespulse.insights.core import phrases
from salespulse.insights.packet.one_on_one import Packet
from salespulse.insights.packet.one_on_one_tables import Grid
from salespulse.insights.packet.records import CoachingRecords
from salespulse.model.safe_text import shell_word
from salespulse.model.wording import plural


def start_hint(p: Packet) -> tuple[str, str, str]:
    """(before, command, after): how to start keeping what was agreed."""
    rep = shell_word(p.rep.rep, "REP")
    return (
        "Nothing is recorded from past meetings yet: keep this one with ",
        f'salespulse one-on-ones add {rep} --action "TEXT; OWNER; DUE"',
        ", and the next packet opens with its action items, the rep's goals, plan and check-ins.",
    )


def _records(p: Packet) -> CoachingRecords:
    assert p.coaching is not None  # the renderers ask only when the app database is in use
    return p.coaching


def last_meeting_line(p: Packet) -> str:
    last = _records(p).last_meeting
    if last is None:
        return f"No one-on-one with {p.rep.name} is recorded yet."
    ratings = [
        f"{name} {value}/5"
        for name, value in (("confidence", last.confidence), ("workload", last.workload))
        if value is not None
    ]
    agreed = f"{plural(len(last.actions), 'action item')} agreed"
    return " · ".join([f"Last one-on-one: {last.date}", *ratings, agreed])


def actions_grid(p: Packet) -> Grid:
    last = _records(p).last_meeting
    rows = []
    for a in last.actions if last else ():
        state = "done" if a.done else "open"
        if not a.done and a.due is not None and a.due < p.as_of:
            state = "open, overdue"
        rows.append([a.text, a.owner, str(a.due or "—"), state])
    return Grid(["action item", "owner", "due", "done?"], rows)


def _unit_label(kpi: str) -> tuple[str, str]:
    if kpi in kpis.names():
        return kpis.get(kpi).unit, kpis.get(kpi).label
    return "number", kpi


def goals_grid(p: Packet) -> Grid:
    c = p.currency
    rows = []
    for g in _records(p).goals:
        unit, label = _unit_label(g.kpi)
        week = "—"
        if g.week_target is not None:
            actual = phrases.value(unit, g.week_actual, c) if g.week_actual is not None else "—"
            week = f"{actual} of {phrases.value(unit, g.week_target, c)}"
        rows.append(
            [
                label + (f": {g.what}" if g.what else ""),
                g.period,
                phrases.value(unit, g.target, c),
                phrases.value(unit, g.actual, c),
                phrases.pct(g.achieved),
                g.status,
                week,
            ]
        )
    head = ["goal", "period", "target", "actual", "achieved", "status", "this week's milestone"]
    return Grid(head, rows, {2, 3, 4})


def goals_since_lines(p: Packet) -> list[str]:
    """How far each goal's actual moved since the last one-on-one (`GoalRecord.since_then`),
    one sentence a goal that has the figure."""
    r = _records(p)
    if r.last_meeting is None:
        return []
    out = []
    for g in r.goals:
        moved = g.since_then
        if moved is None:
            continue
        unit, label = _unit_label(g.kpi)
        sign = "+" if moved > 0 else ""
        name = label + (f": {g.what}" if g.what else "")
        out.append(
            f"{name} ({g.period}): {sign}{phrases.value(unit, moved, p.currency)} "
            f"since the last one-on-one ({r.last_meeting.date})."
        )
    return out


def plan_grid(p: Packet) -> Grid:
    c = p.currency
    rows = []
    for f in _records(p).focus:
        unit, label = _unit_label(f.kpi)
        rows.append(
            [
                label,
                f.skill or "—",
                phrases.value(unit, f.baseline, c),
                phrases.value(unit, f.current, c),
                phrases.value(unit, f.target, c),
                str(f.by or "—"),
                "not measured" if f.note else phrases.pct(f.progress),
            ]
        )
    head = ["focus KPI", "skill", "baseline", "now (90 days)", "target", "by", "progress"]
    return Grid(head, rows, {2, 3, 4, 6})


def plan_notes(p: Packet) -> list[str]:
    return [f"{f.kpi} is not measured: {f.note}" for f in _records(p).focus if f.note]


def check_ins_grid(p: Packet) -> Grid:
    rows = [
        [
            f"week of {c.week}",
            "—" if c.confidence is None else f"{c.confidence}/5",
            c.wins or "—",
            c.blockers or "—",
        ]
        for c in _records(p).check_ins
    ]
    return Grid(["check-in", "confidence", "wins", "blockers"], rows, {1})


def ratings_lines(p: Packet) -> list[str]:
    """Each rating over the last one-on-ones and check-ins, oldest first."""
    r = _records(p)
    out = []
    for name in ("confidence", "workload"):
        values = [getattr(m, name) for m in reversed(r.meetings) if getattr(m, name) is not None]
        if len(values) == 1:
            out.append(f"{name.capitalize()} at the last one-on-one: {values[0]} (of 5).")
        elif values:
            out.append(
                f"{name.capitalize()} over the last {phrases.number(len(values), 0)} "
                f"one-on-ones (oldest first): {' → '.join(map(str, values))} (of 5)."
            )
    own = [c.confidence for c in reversed(r.check_ins) if c.confidence is not None]
    if len(own) == 1:
        out.append(f"Confidence in the last check-in: {own[0]} (of 5).")
    elif own:
        out.append(f"Confidence in the check-ins (oldest first): {' → '.join(map(str, own))}.")
    return out or ["No ratings recorded yet."]
