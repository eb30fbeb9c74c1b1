"""The digest's sections from the app database — goals and this week's milestones,
action items due, check-ins missing — picked for one person from the app database's
records (`salespulse.insights.packet.records`), and the goal wins (goals met, milestones
hit) for the wins section."""

from __future__ import annotations

from datetime import date, timedelta

from salespulse import kpis
from salespulse.insights.core import phrases
from salespulse.insights.core.windows import Window
from salespulse.insights.digest.recipients import Recipient
from salespulse.insights.packet.records import ActionRecord, CheckInRecord, GoalRecord

#: Action items due up to this many days after the week: the week the digest is read in.
AHEAD_DAYS = 7


def owners(person: Recipient, names: dict[str, str]) -> set[str]:
    """Whose goals and action items a person's digest shows (compared ignoring case):
    a rep's own (by id or name); a manager's own, their teams' and their reps'."""
    found = {person.key, person.name}
    if person.role == "manager":
        found |= set(person.teams)
        found |= {x for rep in person.reps for x in (rep, names.get(rep, rep))}
    return {x.strip().lower() for x in found}


def goals_for(
    person: Recipient, names: dict[str, str], goals: list[GoalRecord] | None
) -> list[GoalRecord] | None:
    if goals is None:
        return None
    mine = owners(person, names)
    return [g for g in goals if g.owner.strip().lower() in mine]


def actions_for(
    person: Recipient, names: dict[str, str], actions: list[ActionRecord] | None, week: Window
) -> list[ActionRecord] | None:
    """Open action items due by the end of the week after the digest's (overdue ones
    included), soonest first."""
    if actions is None:
        return None
    mine = owners(person, names)
    last = week.end + timedelta(days=AHEAD_DAYS)
    due = [a for a in actions if a.owner.strip().lower() in mine and a.due_by(last)]
    return sorted(due, key=lambda a: (a.due or date.max, a.owner, a.text))


def missing_check_ins(
    person: Recipient, check_ins: list[CheckInRecord] | None, week: Window
) -> list[str] | None:
    """The person's reps with no check-in submitted for the week."""
    if check_ins is None:
        return None
    done = {c.rep for c in check_ins if c.submitted and week.contains(c.week)}
    return [rep for rep in person.reps if rep not in done]


def goal_wins(goals: list[GoalRecord] | None, currency: str) -> list[str]:
    """Each goal met, and each milestone of the week reached, in words."""
    out = []
    for g in goals or []:
        unit = kpis.get(g.kpi).unit if g.kpi in kpis.names() else "number"
        label = kpis.get(g.kpi).label if g.kpi in kpis.names() else g.kpi
        period = f" for {g.period}" if g.period else ""
        if g.status == "met":
            out.append(
                f"{g.owner}: goal met — {label} {phrases.value(unit, g.actual, currency)} of "
                f"{phrases.value(unit, g.target, currency)}{period}."
            )
        if g.milestone_hit:
            out.append(
                f"{g.owner}: this week's milestone hit — {label} "
                f"{phrases.value(unit, g.week_actual, currency)} against "
                f"{phrases.value(unit, g.week_target, currency)}{period}."
            )
    return out
