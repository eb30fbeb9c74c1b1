"""Leaderboards that reward skill, not territory: percent-to-goal (quota attainment over
the period) and improvement (attainment now minus the rep's own average over the three
periods before, in points). Raw revenue boards are deliberately absent: they demotivate
the bottom and reward the biggest territory."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse.errors import MissingTable, QuotaDoesNotFit
from salespulse.insights.core import phrases
from salespulse.insights.core.evidence import Evidence, records
from salespulse.insights.core.windows import Window

#: Earlier periods the improvement board compares with.
IMPROVEMENT_PERIODS = 3


@dataclass(frozen=True)
class Entry:
    rank: int
    rep: str
    rep_name: str
    team: str | None
    value: float
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "rep": self.rep,
            "rep_name": self.rep_name,
            "team": self.team,
            "value": self.value,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Leaderboard:
    name: str  # percent_to_goal or improvement
    title: str
    window: Window
    unit: str
    entries: list[Entry] = field(default_factory=list)
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "window": self.window.as_dict(),
            "unit": self.unit,
            "entries": [e.as_dict() for e in self.entries],
            "note": self.note,
        }


def attainment(ev: Evidence, window: Window, as_of: date) -> dict[str, tuple[float, float]]:
    """rep → (actual, target) of their quotas in the window; empty without rep quotas."""
    if not ev.has("quotas"):
        return {}
    try:
        df = ev.kpi(
            "quota_attainment", by=("rep",), start=window.start, end=window.end, as_of=as_of
        )
    except (QuotaDoesNotFit, MissingTable):
        return {}  # per team, several metrics, or on a table not imported
    return {
        str(r["rep"]): (float(r["numerator"] or 0.0), float(r["denominator"]))
        for r in records(df)
        if r["denominator"]
    }


def leaderboards(
    ev: Evidence, window: Window, as_of: date, reps: set[str] | None = None
) -> list[Leaderboard]:
    now = attainment(ev, window, as_of)
    if reps is not None:
        now = {k: v for k, v in now.items() if k in reps}
    roster = ev.roster
    currency = ev.currency
    if not now:
        note = "No quotas per rep for this period: percent-to-goal needs the quotas table."
        return [
            Leaderboard("percent_to_goal", "Percent to goal", window, "ratio", note=note),
            Leaderboard("improvement", "Most improved", window, "points", note=note),
        ]
    ranked = sorted(now.items(), key=lambda kv: -kv[1][0] / kv[1][1])
    goal = [
        Entry(
            i + 1,
            rep,
            roster[rep].name if rep in roster else rep,
            roster[rep].team if rep in roster else None,
            actual / target,
            f"{phrases.money(actual, currency)} of {phrases.money(target, currency)}",
        )
        for i, (rep, (actual, target)) in enumerate(ranked)
    ]
    earlier: dict[str, list[float]] = {}
    previous = window
    for _ in range(IMPROVEMENT_PERIODS):
        previous = previous.previous()
        for rep, (actual, target) in attainment(ev, previous, as_of).items():
            earlier.setdefault(rep, []).append(actual / target)
    gains = {
        rep: (a / t - sum(earlier[rep]) / len(earlier[rep]), sum(earlier[rep]) / len(earlier[rep]))
        for rep, (a, t) in now.items()
        if earlier.get(rep)
    }
    improved = [
        Entry(
            i + 1,
            rep,
            roster[rep].name if rep in roster else rep,
            roster[rep].team if rep in roster else None,
            gain,
            f"{phrases.pct(base)} → {phrases.pct(base + gain)} "
            f"({len(earlier[rep])} earlier period{'s' * (len(earlier[rep]) != 1)})",
        )
        for i, (rep, (gain, base)) in enumerate(sorted(gains.items(), key=lambda kv: -kv[1][0]))
    ]
    return [
        Leaderboard("percent_to_goal", "Percent to goal", window, "ratio", goal),
        Leaderboard(
            "improvement",
            "Most improved (attainment against own average of the 3 periods before)",
            window,
            "points",
            improved,
        ),
    ]
