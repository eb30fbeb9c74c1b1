"""Stretch goals for reps consistently at or above quota: tiered targets (120% and 150%
of next month's quota by default), each grounded in the rep's own record and capacity.

Eligible: a quota in at least four of the last six complete months, met in all but at
most one of them, and at or above 100% over the six months together.

Capacity is the funnel identity over those six months: deals decided a month × win
rate × deal size = bookings a month. For each tier the reasoning says how many wins a
month it takes at the rep's deal size, how many more decided deals that means at their
win rate (or what win rate on today's flow of decided deals), how often the rep has
already reached it in the last twelve months, and the open pipeline that could carry it.
A tier is "within reach" when the rep reached it in three or more of the last twelve
months or their capacity already covers it; otherwise it is a "stretch".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse.insights.core import phrases
from salespulse.insights.core.evidence import Evidence, Readable, evidence, records
from salespulse.insights.core.funnel import collect, pooled
from salespulse.insights.core.history import monthly, quota_metric
from salespulse.insights.core.windows import Window, period_window, trailing_months

LEVELS = (1.2, 1.5)
RECORD_MONTHS = 6
MIN_QUOTA_MONTHS = 4
MAX_MISSES = 1
REACHED_OFTEN = 3


@dataclass(frozen=True)
class Tier:
    level: float
    target: float
    wins_needed: float | None  # won deals a month at the rep's deal size
    decided_needed: float | None  # decided deals a month at the rep's win rate
    win_rate_needed: float | None  # on the rep's current decided deals a month
    months_reached: int  # months of the last twelve with an actual of at least the target
    label: str  # within reach / stretch

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "target": self.target,
            "wins_needed": self.wins_needed,
            "decided_needed": self.decided_needed,
            "win_rate_needed": self.win_rate_needed,
            "months_reached": self.months_reached,
            "label": self.label,
        }


@dataclass(frozen=True)
class Stretch:
    rep: str
    rep_name: str
    team: str | None
    period: str  # the month the targets are for
    base: float  # the quota the tiers multiply
    record: Window
    months_at_quota: int
    quota_months: int
    attainment: float  # pooled over the record window
    trend: float | None  # attainment points a month (least squares)
    capacity: dict[str, float | None]
    pipeline: dict[str, float | None]
    tiers: list[Tier]
    reasoning: str
    notes: list[str] = field(default_factory=list)
    #: what the quotas (and so `base` and the tiers) are set on: a KPI of the registry
    metric: str = "revenue"

    def as_dict(self) -> dict[str, Any]:
        return {
            "view": "deals",
            "rep": self.rep,
            "rep_name": self.rep_name,
            "team": self.team,
            "period": self.period,
            "base_quota": self.base,
            "record": self.record.as_dict(),
            "months_at_quota": self.months_at_quota,
            "quota_months": self.quota_months,
            "attainment": self.attainment,
            "trend_points_per_month": self.trend,
            "capacity": self.capacity,
            "pipeline": self.pipeline,
            "tiers": [t.as_dict() for t in self.tiers],
            "reasoning": self.reasoning,
            "notes": self.notes,
            "metric": self.metric,
        }


def stretch(
    target: Readable | Evidence,
    *,
    rep: str | None = None,
    team: str | None = None,
    as_of: Any = None,
    levels: tuple[float, ...] = LEVELS,
) -> list[Stretch]:
    """Stretch goals for each eligible rep (or only `rep`, or `team`'s reps)."""
    with evidence(target) as ev:
        ev.require("quotas", "Stretch goals")
        day = ev.as_of(as_of)
        record = trailing_months(day, RECORD_MONTHS)
        year = trailing_months(day, 12)
        months = monthly(ev, year.start, record.end, day)
        if rep is not None:
            reps = [ev.rep(rep)]
        elif team is not None:
            reps = ev.team_reps(team)
        else:
            reps = list(ev.roster.values())
        current = period_window(day, "month", ev.settings)
        nxt = current.next()
        next_quota = monthly(ev, nxt.start, nxt.end, day)
        latest = monthly(ev, current.start, current.end, day)
        candidates = []
        for r in reps:
            ms = [m for m in months.get(r.rep, []) if m.start >= record.start and m.target]
            met = sum((m.attainment or 0) >= 1 for m in ms)
            total_t = sum(m.target or 0 for m in ms)
            total_a = sum(m.actual or 0 for m in ms)
            if len(ms) < MIN_QUOTA_MONTHS or len(ms) - met > MAX_MISSES or total_a < total_t:
                continue
            candidates.append((r, ms, met, total_a / total_t))
        if not candidates:
            return []
        figures = collect(ev, record, [c[0] for c in candidates], day)
        metric = quota_metric(ev)
        pipe = _pipeline(ev, day)
        out = []
        for r, ms, met, att in candidates:
            notes = []
            base_month = next_quota.get(r.rep, [])
            if base_month and base_month[0].target:
                base, period = float(base_month[0].target), nxt.label
            else:
                now = latest.get(r.rep) or ms
                base = float(now[-1].target or 0.0)
                period = nxt.label
                notes.append(
                    f"The {nxt.label} quota is not set yet: the {now[-1].start:%b %Y} quota "
                    f"({phrases.money(base, ev.currency)}) is used."
                )
            f = pooled([figures[r.rep]], r.rep)
            f.months = figures[r.rep].months
            year_actuals = [m.actual or 0.0 for m in months.get(r.rep, []) if m.target]
            capacity = {
                "decided_per_month": f.decided_per_month,
                "win_rate": f.win_rate,
                "deal_size": f.deal_size,
                "bookings_per_month": f.bookings_per_month,
            }
            tiers = [_tier(level, base, capacity, year_actuals) for level in levels]
            trend = _slope([m.attainment or 0.0 for m in ms])
            s = Stretch(
                r.rep, r.name, r.team, period, base, record, met, len(ms), att, trend,
                capacity, pipe.get(r.rep, {"open": None, "weighted": None}), tiers, "", notes,
                metric,
            )  # fmt: skip
            out.append(_with_reasoning(s, ev.currency))
        return out


def _tier(level: float, base: float, cap: dict[str, float | None], year: list[float]) -> Tier:
    target = level * base
    size, rate, decided = cap["deal_size"], cap["win_rate"], cap["decided_per_month"]
    wins = target / size if size else None
    needed = wins / rate if wins is not None and rate else None
    rate_needed = wins / decided if wins is not None and decided else None
    reached = sum(actual >= target for actual in year)
    covered = (cap["bookings_per_month"] or 0.0) >= 0.95 * target
    label = "within reach" if reached >= REACHED_OFTEN or covered else "stretch"
    return Tier(level, target, wins, needed, rate_needed, reached, label)


def _slope(values: list[float]) -> float | None:
    n = len(values)
    if n < 3:
        return None
    mx, my = (n - 1) / 2, sum(values) / n
    sxx = sum((i - mx) ** 2 for i in range(n))
    return sum((i - mx) * (v - my) for i, v in enumerate(values)) / sxx


def _pipeline(ev: Evidence, as_of: date) -> dict[str, dict[str, float | None]]:
    if not ev.has("deals"):
        return {}
    out: dict[str, dict[str, float | None]] = {}
    for name, key in (("pipeline_open", "open"), ("pipeline_weighted", "weighted")):
        for r in records(ev.kpi(name, by=("rep",), as_of=as_of)):
            out.setdefault(str(r["rep"]), {"open": None, "weighted": None})[key] = r["value"]
    return out


def _with_reasoning(s: Stretch, currency: str) -> Stretch:
    from dataclasses import replace

    cap = s.capacity
    trend = ""
    if s.trend is not None:
        trend = f", trend {s.trend * 100:+.0f} points a month"
    parts = [
        f"Met quota in {s.months_at_quota} of the last {s.quota_months} months "
        f"({phrases.pct(s.attainment)} over {s.record.label}{trend}).",
        f"At {phrases.number(cap['decided_per_month'])} decided deals a month, a "
        f"{phrases.pct(cap['win_rate'])} win rate and {phrases.money(cap['deal_size'], currency)} "
        f"deals, capacity is about {phrases.money(cap['bookings_per_month'], currency)} a month.",
    ]
    for t in s.tiers:
        how = ""
        if t.wins_needed is not None and t.decided_needed is not None:
            extra = t.decided_needed - (cap["decided_per_month"] or 0.0)
            how = f" needs {phrases.number(t.wins_needed)} wins a month: " + (
                f"{phrases.number(extra)} more decided deals a month at the same win rate, or a "
                f"{phrases.pct(t.win_rate_needed)} win rate on today's flow"
                if extra > 0
                else "within today's flow of deals"
            )
        parts.append(
            f"{t.level:.0%} ({phrases.money(t.target, currency)}, {t.label}){how}; "
            f"{phrases.money(t.target, currency)} or more in {t.months_reached} of the last "
            "12 months."
        )
    if s.pipeline.get("open") is not None:
        parts.append(
            f"Open pipeline {phrases.money(s.pipeline['open'], currency)} "
            f"({phrases.money(s.pipeline['weighted'], currency)} weighted)."
        )
    return replace(s, reasoning=" ".join(parts))
