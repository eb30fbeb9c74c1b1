"""One person's weekly digest: the sections as data (`as_dict` is the JSON), the mail's
subject, and — filled in by the builder — the Markdown and the HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse.insights.coaching.flags import Flag
from salespulse.insights.coaching.wins import Win
from salespulse.insights.core.windows import Window
from salespulse.insights.digest.numbers import KpiChange
from salespulse.insights.digest.pacing import PacingLine
from salespulse.insights.digest.recipients import Recipient
from salespulse.insights.packet.records import ActionRecord, GoalRecord
from salespulse.insights.packet.week_focus import WeekFocus
from salespulse.insights.signals.deals_at_risk import RiskyDeal
from salespulse.model.periods import iso_week_label
from salespulse.model.wording import plural


@dataclass(frozen=True)
class PersonWeek:
    """One rep's line in a manager's digest."""

    rep: str
    name: str
    team: str | None
    changes: list[KpiChange]
    series: list[float]
    pacing: PacingLine | None

    def change_of(self, kpi: str) -> KpiChange | None:
        return next((c for c in self.changes if c.kpi == kpi), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "name": self.name,
            "team": self.team,
            "changes": [c.as_dict() for c in self.changes],
            "series": self.series,
            "pacing": self.pacing.as_dict() if self.pacing else None,
        }


@dataclass(frozen=True)
class Digest:
    recipient: Recipient
    week: Window
    previous: Window
    as_of: date
    currency: str
    #: the person's KPIs (a manager's: their reps together) against the week before
    changes: list[KpiChange]
    #: the weekly revenue (bookings without sale lines) of the last 12 weeks, oldest first
    series: list[float]
    series_measure: str
    series_starts: list[date]
    #: the person's month (a manager's: their reps together first, then each rep)
    pacing: list[PacingLine]
    #: a manager's reps, one line each (empty for a rep)
    people: list[PersonWeek]
    wins: list[Win]
    #: goals met and milestones hit this week, in words
    goal_wins: list[str]
    #: flags of kind struggling or watch
    flags: list[Flag]
    #: (rep, deal) for the open deals past their expected close or idle in their stage
    deals_at_risk: list[tuple[str, RiskyDeal]]
    #: None: the app database is not in use yet (the sections say how to start)
    goals: list[GoalRecord] | None
    actions: list[ActionRecord] | None
    #: the reps whose check-in for the week is missing (None: check-ins not in use)
    check_ins_missing: list[str] | None
    names: dict[str, str]
    notes: list[str] = field(default_factory=list)
    #: each of the person's reps' focus for the week, by rep id (None: not read)
    focus: dict[str, WeekFocus] | None = None
    markdown: str = field(default="", repr=False)
    html: str = field(default="", repr=False)

    @property
    def week_name(self) -> str:
        """ "2025-W23" for a week starting on Monday, else the week's label."""
        return (
            iso_week_label(self.week.start) if self.week.start.weekday() == 0 else self.week.label
        )

    @property
    def week_arg(self) -> str:
        """The week as `--week` takes it: the ISO week, else the week's first day."""
        return self.week_name if self.week.start.weekday() == 0 else self.week.start.isoformat()

    @property
    def subject(self) -> str:
        r = self.recipient
        who = r.name if r.role == "rep" or not r.teams else ", ".join(r.teams) + " team"
        facts = []
        lead = next((c for c in self.changes if c.kpi in ("revenue", "bookings")), None)
        if lead is not None:
            change = lead.change()
            facts.append(
                f"{lead.label.lower()} {lead.shown(lead.value, self.currency)}"
                + (f" ({change})" if change != "—" else "")
            )
        facts.append(plural(len(self.wins) + len(self.goal_wins), "win"))
        facts.append(plural(len(self.flags), "flag"))
        if self.deals_at_risk:
            facts.append(plural(len(self.deals_at_risk), "deal slipping", "deals slipping"))
        return f"Weekly digest for {who}, {self.week_name}: " + ", ".join(facts)

    @property
    def file_stem(self) -> str:
        """A file name for this digest made only of letters, digits, `-` and `_` (never a
        path: dots and slashes in an id become `_`): `rep-R0004`, `manager-Sofia_Jackson`."""
        safe = re.sub(r"[^A-Za-z0-9_-]+", "_", self.recipient.key).strip("_") or "team"
        return f"{self.recipient.role}-{safe}"

    def outline(self) -> list[str]:
        """What each section holds, in a few words (what `--dry-run` lists)."""

        def used(items: list[Any] | None, what: str) -> str:
            return f"{what}: not in use yet" if items is None else plural(len(items), what)

        out = [plural(len(self.changes), "KPI change")]
        if self.recipient.role == "manager":
            out.append(plural(len(self.people), "rep"))
        out += [
            plural(len(self.pacing), "pacing line"),
            plural(len(self.wins) + len(self.goal_wins), "win"),
            plural(len(self.flags), "flag"),
            plural(len(self.deals_at_risk), "deal slipping", "deals slipping"),
            used(self.goals, "goal"),
            used(self.actions, "action item"),
            used(self.check_ins_missing, "check-in missing")
            if self.check_ins_missing is None
            else plural(len(self.check_ins_missing), "check-in missing", "check-ins missing"),
        ]
        if self.focus is not None:
            items = sum(len(f.items) for f in self.focus.values())
            out.append(plural(items, "focus item"))
        return out

    def name_of(self, rep: str) -> str:
        return self.names.get(rep, rep)

    def as_dict(self) -> dict[str, Any]:
        return {
            "recipient": self.recipient.as_dict(),
            "subject": self.subject,
            "week": {**self.week.as_dict(), "name": self.week_name},
            "previous": self.previous.as_dict(),
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "changes": [c.as_dict() for c in self.changes],
            "series": {
                "measure": self.series_measure,
                "weeks": [d.isoformat() for d in self.series_starts],
                "values": self.series,
            },
            "pacing": [p.as_dict() for p in self.pacing],
            "people": [p.as_dict() for p in self.people],
            "wins": [w.as_dict() for w in self.wins],
            "goal_wins": self.goal_wins,
            "risks": {
                "flags": [f.as_dict() for f in self.flags],
                "deals_at_risk": [{"rep": rep, **d.as_dict()} for rep, d in self.deals_at_risk],
            },
            "goals": None if self.goals is None else [g.as_dict() for g in self.goals],
            "actions": None if self.actions is None else [a.as_dict() for a in self.actions],
            "check_ins_missing": self.check_ins_missing,
            "focus": None
            if self.focus is None
            else {rep: f.as_dict() for rep, f in self.focus.items()},
            "notes": self.notes,
        }
