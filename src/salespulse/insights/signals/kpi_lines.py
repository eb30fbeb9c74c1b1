"""The KPI block of a one-on-one: the rep's numbers for the period, the period before
and the team (the rep's ramped teammates pooled: counts and money per rep, rates as
ratios of sums, medians over all their deals and leads)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from salespulse import kpis
from salespulse.insights.core.evidence import Evidence, Rep
from salespulse.insights.core.funnel import Figures, collect, pooled, response_minutes
from salespulse.insights.core.windows import Window
from salespulse.stats import median


@dataclass(frozen=True)
class KpiLine:
    key: str
    label: str
    unit: str  # ratio, money, count, days, minutes
    better: str  # higher or lower (the KPI's direction)
    rep: float | None
    previous: float | None
    team: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.key,
            "label": self.label,
            "unit": self.unit,
            "better": self.better,
            "rep": self.rep,
            "previous": self.previous,
            "team": self.team,
        }


Getter = Callable[[Figures, int, list[float]], float | None]


def _per_rep(value: float | None, n: int) -> float | None:
    return value / n if value is not None and n else None


#: The lines of the block, in order: a registry KPI, or a figure the registry has no KPI
#: for (see NOT_KPIS), and how to read it from a rep's (or the team's) figures.
LINES: tuple[tuple[str, Getter], ...] = (
    ("quota_attainment", lambda f, n, m: f.attainment),
    ("bookings", lambda f, n, m: _per_rep(f.bookings, n)),
    ("deals_decided", lambda f, n, m: _per_rep(f.decided, n)),
    ("deals_won", lambda f, n, m: _per_rep(f.won, n)),
    ("win_rate", lambda f, n, m: f.win_rate),
    ("avg_deal_size", lambda f, n, m: f.deal_size),
    ("sales_cycle_days", lambda f, n, m: f.cycle_median),
    ("activities", lambda f, n, m: _per_rep(f.activities, n)),
    ("lead_work_rate", lambda f, n, m: f.lead_work_rate),
    ("speed_to_lead_minutes", lambda f, n, m: median(m)),
    ("within_60_min", lambda f, n, m: f.answered_60_share),
)
#: Lines that are not KPIs of the registry (won + lost deals; a share the speed-to-lead
#: KPI reports as an extra column): label, unit, better.
NOT_KPIS = {
    "deals_decided": ("Deals decided", "count", "higher"),
    "within_60_min": ("Inbound answered within an hour", "ratio", "higher"),
}


def shown_as(key: str) -> tuple[str, str, str]:
    """A line's label, unit and better direction: the registry's for a KPI."""
    if key in NOT_KPIS:
        return NOT_KPIS[key]
    kpi = kpis.get(key)
    return kpi.label, kpi.unit, kpi.direction


def kpi_lines(
    ev: Evidence, rep: Rep, teammates: list[Rep], window: Window, previous: Window, as_of: date
) -> list[KpiLine]:
    now = collect(ev, window, [rep, *teammates], as_of)
    before = collect(ev, previous, [rep], as_of)
    minutes_now = response_minutes(ev, window, as_of)
    minutes_before = response_minutes(ev, previous, as_of)
    team = pooled([now[t.rep] for t in teammates]) if teammates else None
    team_minutes = [m for t in teammates for m in minutes_now.get(t.rep, [])]
    out = []
    for key, get in LINES:
        if key in ("activities", "lead_work_rate") and now[rep.rep].activities is None:
            continue
        if key in ("speed_to_lead_minutes", "within_60_min") and now[rep.rep].inbound is None:
            continue
        if key == "quota_attainment" and now[rep.rep].target is None:
            continue
        out.append(
            KpiLine(
                key,
                *shown_as(key),
                get(now[rep.rep], 1, minutes_now.get(rep.rep, [])),
                get(before[rep.rep], 1, minutes_before.get(rep.rep, [])),
                get(team, len(teammates), team_minutes) if team is not None else None,
            )
        )
    revenue = _revenue(ev, rep, teammates, window, previous, as_of)
    if revenue is not None:
        out.insert(1, revenue)
    return out


def _revenue(
    ev: Evidence, rep: Rep, teammates: list[Rep], window: Window, previous: Window, as_of: date
) -> KpiLine | None:
    if not ev.has("sales"):
        return None
    now = ev.by_rep("revenue", window.start, window.end, as_of=as_of)
    before = ev.by_rep("revenue", previous.start, previous.end, as_of=as_of)

    def value(rows: dict[str, Any], r: str) -> float:
        return float(rows.get(r, {}).get("value") or 0.0)

    team = sum(value(now, t.rep) for t in teammates) / len(teammates) if teammates else None
    return KpiLine(
        "revenue", *shown_as("revenue"), value(now, rep.rep), value(before, rep.rep), team
    )
