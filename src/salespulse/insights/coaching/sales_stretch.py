"""Stretch goals from a rep's own trend on the sales lines (no quota needed).

The trend is the least-squares line through the rep's monthly revenue over the last
twelve complete months (six at least); its value for next month is where the rep is
heading. The base is the larger of that and the median of the last six months (a
falling trend does not lower the bar below the rep's usual month). The tiers are 110%
and 125% of the base; each says what it takes at the rep's own order value (orders a
month) or order count (order value), over the last six months, and how often the rep
already reached it in the twelve. A tier is "within reach" when reached in three or
more of those months, else a "stretch".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from salespulse.insights.core import phrases
from salespulse.insights.core.evidence import Evidence, Readable, Rep, evidence
from salespulse.insights.core.history import monthly
from salespulse.insights.core.windows import Window, period_window, trailing_months
from salespulse.stats import median

LEVELS = (1.1, 1.25)
MIN_MONTHS = 6
REACHED_OFTEN = 3


@dataclass(frozen=True)
class SalesTier:
    level: float
    target: float
    orders_needed: float | None  # orders a month at the rep's order value
    order_value_needed: float | None  # at the rep's orders a month
    months_reached: int
    label: str

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass(frozen=True)
class SalesStretch:
    rep: str
    rep_name: str
    team: str | None
    period: str  # the month the targets are for
    record: Window
    trend: float | None  # revenue a month per month (least squares)
    heading: float | None  # the trend line's value for next month
    usual: float  # median of the last six months
    base: float
    orders_per_month: float | None
    order_value: float | None
    tiers: list[SalesTier]
    reasoning: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "view": "sales",
            **{k: v for k, v in vars(self).items() if k not in ("record", "tiers")},
            "record": self.record.as_dict(),
            "tiers": [t.as_dict() for t in self.tiers],
        }


def sales_stretch(
    target: Readable | Evidence,
    *,
    rep: str | None = None,
    team: str | None = None,
    as_of: Any = None,
    levels: tuple[float, ...] = LEVELS,
) -> list[SalesStretch]:
    """Stretch goals from each rep's own trend (or only `rep`'s, or `team`'s reps')."""
    with evidence(target) as ev:
        ev.require("sales", "Stretch goals from the sales lines")
        day = ev.as_of(as_of)
        year = trailing_months(day, 12)
        recent = trailing_months(day, MIN_MONTHS)
        months = monthly(ev, year.start, year.end, day)
        if rep is not None:
            reps = [ev.rep(rep)]
        elif team is not None:
            reps = ev.team_reps(team)
        else:
            reps = list(ev.roster.values())
        orders = ev.by_rep("avg_order_value", recent.start, recent.end, as_of=day)
        nxt = period_window(day, "month", ev.settings).next()
        out = []
        for r in reps:
            series = _series(months.get(r.rep, []), year)
            if sum(v > 0 for v in series) < MIN_MONTHS:
                continue
            row = orders.get(r.rep, {})
            n, revenue = row.get("denominator"), row.get("numerator")
            opm = float(n) / recent.months if n else None
            aov = float(revenue) / float(n) if n and revenue is not None else None
            at = (nxt.start.year - year.start.year) * 12 + nxt.start.month - year.start.month
            fit = slope(series, at)
            out.append(_one(ev, r, nxt.label, year, series, fit, opm, aov, levels))
        return out


def _series(ms: list[Any], year: Window) -> list[float]:
    """Revenue of each month of `year`, a month without sales counting as 0."""
    found = {m.start: m.revenue for m in ms}
    out, day = [], year.start
    while day <= year.end:
        out.append(float(found.get(day, 0.0)))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def slope(values: list[float], at: int) -> tuple[float, float] | None:
    """Least-squares (slope, value at step `at`) of `values` over steps 0, 1, 2, …"""
    n = len(values)
    if n < 3:
        return None
    mx, my = (n - 1) / 2, sum(values) / n
    sxx = sum((i - mx) ** 2 for i in range(n))
    b = sum((i - mx) * (v - my) for i, v in enumerate(values)) / sxx
    return b, my + b * (at - mx)


def _one(
    ev: Evidence,
    r: Rep,
    period: str,
    year: Window,
    series: list[float],
    fit: tuple[float, float] | None,
    opm: float | None,
    aov: float | None,
    levels: tuple[float, ...],
) -> SalesStretch:
    trend, heading = (fit[0], max(fit[1], 0.0)) if fit else (None, None)
    usual = median(series[-MIN_MONTHS:]) or 0.0
    base = max(heading or 0.0, usual)
    tiers = []
    for level in levels:
        t = level * base
        reached = sum(v >= t for v in series)
        tiers.append(
            SalesTier(
                level,
                t,
                t / aov if aov else None,
                t / opm if opm else None,
                reached,
                "within reach" if reached >= REACHED_OFTEN else "stretch",
            )
        )
    c = ev.currency
    parts = [
        f"Monthly revenue over {year.label}: trend {phrases.money(trend, c)} a month per month, "
        f"heading for {phrases.money(heading, c)} in {period}; usual month "
        f"{phrases.money(usual, c)} (median of the last six).",
        f"At {phrases.number(opm)} orders a month of {phrases.money(aov, c)}:",
    ]
    for x in tiers:
        parts.append(
            f"{x.level:.0%} ({phrases.money(x.target, c)}, {x.label}) takes "
            f"{phrases.number(x.orders_needed)} orders a month at that value, or orders of "
            f"{phrases.money(x.order_value_needed, c)} at that count; reached in "
            f"{x.months_reached} of the last 12 months."
        )
    return SalesStretch(
        r.rep,
        r.name,
        r.team,
        period,
        year,
        trend,
        heading,
        usual,
        base,
        opm,
        aov,
        tiers,
        " ".join(parts),
    )
