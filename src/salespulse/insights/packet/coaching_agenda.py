"""The agenda's questions about what changed since the last one-on-one, from the app
database's records: each open action item of the last meeting ("Last time you agreed to
X — done?"), what was done, a confidence or workload rating that moved between the last
two meetings, a blocker named in the latest check-in, a goal behind or at risk, and the
plan's focus KPI furthest from its target. Open questions, never verdicts."""

from __future__ import annotations

from salespulse import kpis
from salespulse.insights.core import phrases
from salespulse.insights.core.evidence import Rep
from salespulse.insights.packet.agenda import AgendaItem
from salespulse.insights.packet.records import CoachingRecords, GoalRecord, PlanFocusRecord

#: Open action items asked about one by one (the rest are in the section above).
OPEN_ASKED = 3
#: Goals behind or at risk asked about.
GOALS_ASKED = 2


def since_last_time(records: CoachingRecords, rep: Rep, currency: str) -> list[AgendaItem]:
    out: list[AgendaItem] = []
    last = records.last_meeting
    if last is not None:
        yours = {rep.rep.strip().lower(), rep.name.strip().lower()}
        for a in [a for a in last.actions if not a.done][:OPEN_ASKED]:
            who = "you" if a.owner.strip().lower() in yours else a.owner
            due = f" (due {a.due})" if a.due else ""
            out.append(
                AgendaItem(
                    "Since last time",
                    f"Last time {who} agreed to {_in_sentence(a.text)}{due} — done? If not, "
                    "what got in the way?",
                )
            )
        done = [a.text.rstrip(".") for a in last.actions if a.done]
        if done:
            question = f"Done since {last.date}: {phrases.join(done)}. What came of it?"
            out.append(AgendaItem("Since last time", question))
    out += _ratings(records)
    latest = records.check_ins[0] if records.check_ins else None
    if latest is not None and latest.blockers:
        out.append(
            AgendaItem(
                "Blockers",
                f"Your check-in for the week of {latest.week} names a blocker: "
                f"{latest.blockers.rstrip('.')}. Is it still in the way, and what would help?",
            )
        )
    slipping = [g for g in records.goals if g.status in ("at risk", "behind")]
    out += [_goal_question(g, currency) for g in slipping[:GOALS_ASKED]]
    measured = [f for f in records.focus if f.progress is not None]
    if measured:
        out.append(_plan_question(min(measured, key=lambda f: f.progress or 0.0), currency))
    return out


def _in_sentence(text: str) -> str:
    """An action item's words inside a sentence: "Review lost deals." → "review lost
    deals" (a word in capitals, CRM, stays)."""
    words = text.strip().rstrip(".")
    if len(words) > 1 and words[0].isupper() and words[1].islower():
        return words[0].lower() + words[1:]
    return words


def _ratings(records: CoachingRecords) -> list[AgendaItem]:
    """A rating that moved between the last two one-on-ones that have it."""
    out = []
    for name, label in (("confidence", "Confidence"), ("workload", "Workload")):
        values = [getattr(m, name) for m in records.meetings if getattr(m, name) is not None]
        if len(values) >= 2 and values[0] != values[1]:
            out.append(
                AgendaItem(
                    label,
                    f"{label} went from {values[1]} to {values[0]} (of 5) since the meeting "
                    "before — what changed?",
                )
            )
    return out


def _unit_label(kpi: str) -> tuple[str, str]:
    if kpi in kpis.names():
        k = kpis.get(kpi)
        return k.unit, k.label
    return "number", kpi


def _goal_question(g: GoalRecord, currency: str) -> AgendaItem:
    unit, label = _unit_label(g.kpi)
    week = (
        f"; this week's milestone is {phrases.value(unit, g.week_target, currency)}"
        if g.week_target is not None
        else ""
    )
    return AgendaItem(
        "Goals",
        f"The {label} goal for {g.period} is at {phrases.value(unit, g.actual, currency)} of "
        f"{phrases.value(unit, g.target, currency)} ({g.status}){week}. What would get it "
        "back on track, and what do you need from me?",
    )


def _plan_question(f: PlanFocusRecord, currency: str) -> AgendaItem:
    unit, label = _unit_label(f.kpi)
    skill = f" ({f.skill.rstrip('.')})" if f.skill else ""
    by = f" by {f.by}" if f.by else ""
    return AgendaItem(
        "Development plan",
        f"{label}{skill} is at {phrases.value(unit, f.current, currency)}: from "
        f"{phrases.value(unit, f.baseline, currency)} when the plan started towards "
        f"{phrases.value(unit, f.target, currency)}{by}, {phrases.pct(f.progress)} of the way. "
        "What have you tried since, and what is next?",
    )
