"""Building the weekly digests: every number is computed once for everyone it is needed
for (the reps' KPIs, the managers', the series, the projections, the wins, the flags)
and then each person's digest takes their part.

The digest is as of the week's last day (or the as-of day, when the week is not over):
a digest for an earlier week says what it would have said then."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from salespulse.insights.coaching.flags import Flag, flags
from salespulse.insights.coaching.wins import Win, find
from salespulse.insights.core.evidence import Evidence, Readable, evidence
from salespulse.insights.core.windows import Window
from salespulse.insights.digest import app_sections as app
from salespulse.insights.digest import digest_html, digest_markdown
from salespulse.insights.digest.numbers import changes, series_measure, series_starts, weekly
from salespulse.insights.digest.pacing import pacing
from salespulse.insights.digest.recipients import Recipient, chosen
from salespulse.insights.digest.result import Digest, PersonWeek
from salespulse.insights.digest.week import digest_week
from salespulse.insights.packet.records import ActionRecord, CheckInRecord, GoalRecord
from salespulse.insights.packet.week_focus import WeekFocus
from salespulse.insights.signals.deals_at_risk import RiskyDeal, deals_at_risk_by_rep

#: Flags that are risks (thriving flags are not).
RISK_KINDS = ("struggling", "watch")


def digests(
    target: Readable | Evidence,
    *,
    for_: str | None = None,
    week: str | None = None,
    as_of: Any = None,
    goals: list[GoalRecord] | None = None,
    actions: list[ActionRecord] | None = None,
    check_ins: list[CheckInRecord] | None = None,
    focus: dict[str, WeekFocus] | None = None,
) -> list[Digest]:
    """The digests `for_` asks for (all, a rep, a manager or a team: see
    `recipients.chosen`) about `week` (an ISO week or its first day; default the last
    complete week before the as-of date), with the app database's records when given,
    and each rep's focus for the week (by rep id, `salespulse.insights.packet.week_focus`;
    None leaves the section out)."""
    with evidence(target) as ev:
        day = ev.as_of(as_of)
        w = digest_week(week, ev.settings, day)
        on = min(w.end, day)
        people = chosen(ev, for_)
        facts = _Facts(ev, w, on, people)
        out = []
        for person in people:
            d = facts.digest(person, goals, actions, check_ins)
            if focus is not None:
                d = replace(d, focus={rep: focus[rep] for rep in person.reps if rep in focus})
            out.append(replace(d, markdown=digest_markdown.render(d), html=digest_html.render(d)))
        return out


def _flags(ev: Evidence, reps: list[str], as_of: date) -> list[Flag]:
    """`coach flags` for one rep, one team (`--team`: every rep of it asked for), or all."""
    teams = {ev.roster[r].team for r in reps}
    if len(reps) == 1:
        return flags(ev, rep=reps[0], as_of=as_of).flags
    team = next(iter(teams)) if len(teams) == 1 else None
    if team is not None and {r.rep for r in ev.team_reps(team)} == set(reps):
        return flags(ev, team=team, as_of=as_of).flags
    return flags(ev, as_of=as_of).flags


class _Facts:
    """What every digest of one run reads, computed once."""

    def __init__(self, ev: Evidence, week: Window, as_of: date, people: list[Recipient]):
        self.ev, self.week, self.as_of = ev, week, as_of
        reps = sorted({r for p in people for r in p.reps})
        self.team_by = "manager" if ev.has("reps") else None
        managers = any(p.role == "manager" for p in people)
        self.changes = {"rep": changes(ev, "rep", week, as_of, reps)}
        self.series = {"rep": weekly(ev, "rep", week)}
        self.pacing = {"rep": pacing(ev, "rep", as_of)}
        if managers:
            keys = [p.key for p in people if p.role == "manager"]
            self.changes["manager"] = changes(ev, self.team_by, week, as_of, keys)
            self.series["manager"] = weekly(ev, self.team_by, week)
            self.pacing["manager"] = pacing(ev, self.team_by, as_of)
        wanted = [ev.roster[r] for r in reps]
        self.wins: list[Win] = find(ev, week, "week", as_of, wanted)
        self.flags: list[Flag] = [f for f in _flags(ev, reps, as_of) if f.kind in RISK_KINDS]
        self.risky: dict[str, list[RiskyDeal]] = deals_at_risk_by_rep(ev, reps, as_of)
        self.names = {r.rep: r.name for r in ev.roster.values()}
        self.notes = []
        if week.end > as_of:
            self.notes.append(f"The week is not over: the data goes up to {as_of}.")
        if managers and self.team_by is None:
            self.notes.append(
                "Without a reps table the team's numbers are the whole business's "
                "(sale lines without a rep included)."
            )

    def digest(
        self,
        person: Recipient,
        goals: list[GoalRecord] | None,
        actions: list[ActionRecord] | None,
        check_ins: list[CheckInRecord] | None,
    ) -> Digest:
        ev, role = self.ev, person.role
        key = person.key
        own_pacing = self.pacing[role].get(key)
        people = []
        if role == "manager":
            people = [
                PersonWeek(
                    rep,
                    self.names.get(rep, rep),
                    ev.roster[rep].team,
                    self.changes["rep"].get(rep, []),
                    self.series["rep"].get(rep, []),
                    self.pacing["rep"].get(rep),
                )
                for rep in person.reps
            ]
        mine = set(person.reps)
        chosen_goals = app.goals_for(person, self.names, goals)
        return Digest(
            recipient=person,
            week=self.week,
            previous=self.week.previous(),
            as_of=self.as_of,
            currency=ev.currency,
            changes=self.changes[role].get(key, []),
            series=self.series[role].get(key, []),
            series_measure=series_measure(ev),
            series_starts=series_starts(self.week),
            pacing=[p for p in (own_pacing, *(x.pacing for x in people)) if p is not None],
            people=people,
            wins=[w for w in self.wins if w.rep in mine],
            goal_wins=app.goal_wins(chosen_goals, ev.currency),
            flags=[f for f in self.flags if f.rep in mine],
            deals_at_risk=sorted(
                ((rep, d) for rep in person.reps for d in self.risky.get(rep, [])),
                key=lambda rd: -(rd[1].amount or 0.0),
            ),
            goals=chosen_goals,
            actions=app.actions_for(person, self.names, actions, self.week),
            check_ins_missing=app.missing_check_ins(person, check_ins, self.week),
            names=self.names,
            notes=list(self.notes),
        )
