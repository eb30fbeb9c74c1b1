"""Is a rep on pace for this period's quota?

Attainment so far is compared with the share of a period's revenue that is usually in by
this point: the share of the period's business days gone, corrected by how revenue
arrived over the previous six periods (deals bunch up at month and quarter ends, so
halfway through a month less than half of it is usually in). The projection is the
attainment so far divided by that share.

Noise: the projection rests on a handful of deals. The won deals so far are compared
with the deals the pace needs by now at the rep's own deal size (exact Poisson test);
an off-pace rep whose shortfall is within that noise is a "watch", not "struggling".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from salespulse.insights.core.evidence import Evidence, records
from salespulse.insights.core.history import quotas_by_month
from salespulse.insights.core.windows import Window, business_days, period_window, trailing_months

#: Periods of history that set the usual in-period revenue profile.
PROFILE_PERIODS = 6


@dataclass(frozen=True)
class Pace:
    rep: str
    period: Window
    target: float
    actual: float
    elapsed: float  # share of the period's business days gone
    expected: float  # usual share of a period's revenue in by now
    won_to_date: int
    needed_to_date: float | None  # won deals the pace needs by now
    p_value: float | None
    coverage: float | None  # open pipeline expected to close in the period ÷ remaining quota

    @property
    def attainment(self) -> float:
        return self.actual / self.target if self.target else 0.0

    @property
    def projected(self) -> float:
        return self.attainment / self.expected if self.expected > 0 else self.attainment

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < 0.05

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "period": self.period.as_dict(),
            "target": self.target,
            "actual": self.actual,
            "attainment": self.attainment,
            "elapsed": self.elapsed,
            "expected": self.expected,
            "projected": self.projected,
            "won_to_date": self.won_to_date,
            "needed_to_date": self.needed_to_date,
            "p_value": self.p_value,
            "coverage": self.coverage,
        }


def current_period(as_of: date, grain: str, ev: Evidence) -> Window:
    return period_window(as_of, grain, ev.settings)


def usual_share(ev: Evidence, current: Window, as_of: date, grain: str) -> tuple[float, float]:
    """(share of business days gone, usual share of the period's revenue in by now)."""
    total = business_days(current.start, current.end, ev.settings)
    gone = business_days(current.start, min(as_of, current.end), ev.settings)
    elapsed = gone / total if total else 1.0
    if not ev.has("sales"):
        return elapsed, elapsed
    periods = [period_window(current.start - timedelta(days=1), grain, ev.settings)]
    while len(periods) < PROFILE_PERIODS:
        periods.append(periods[-1].previous())
    first = periods[-1].start
    df = ev.kpi("revenue", by=(), period="day", start=first, end=current.start - timedelta(days=1))
    daily = {r["period"]: float(r["value"] or 0.0) for r in records(df)}
    shares = []
    for p in periods:
        days = [p.start + timedelta(days=i) for i in range(p.days)]
        revenue = sum(daily.get(d, 0.0) for d in days)
        if revenue <= 0:
            continue
        business = [d for d in days if business_days(d, d, ev.settings)]
        k = round(elapsed * len(business))
        cutoff = business[k - 1] if k > 0 else p.start - timedelta(days=1)
        shares.append(sum(daily.get(d, 0.0) for d in days if d <= cutoff) / revenue)
    if len(shares) < 3:
        return elapsed, elapsed
    return elapsed, sum(shares) / len(shares)


def paces(ev: Evidence, as_of: date, grain: str = "month") -> dict[str, Pace]:
    """Each rep with a quota in the period containing `as_of` (nothing when that period
    is already over)."""
    from salespulse import significance

    current = current_period(as_of, grain, ev)
    if as_of >= current.end or not ev.has("quotas"):
        return {}
    quota = quotas_by_month(ev, current.start, current.end, as_of)
    targets: dict[str, list[float]] = {}
    for (rep, _), (target, actual) in quota.items():
        pair = targets.setdefault(rep, [0.0, 0.0])
        pair[0] += target
        pair[1] += actual
    if not targets:
        return {}
    elapsed, expected = usual_share(ev, current, as_of, grain)
    won = {
        rep: int(r["value"] or 0)
        for rep, r in ev.by_rep("deals_won", current.start, as_of, as_of=as_of).items()
    }
    recent = trailing_months(as_of, 3)
    size = {
        rep: r["value"]
        for rep, r in ev.by_rep("avg_deal_size", recent.start, recent.end, as_of=as_of).items()
    }
    coverage = _coverage(ev, current, as_of, grain)
    out = {}
    for rep, (target, actual) in targets.items():
        if target <= 0:
            continue
        needed = target * expected / size[rep] if size.get(rep) else None
        k = won.get(rep, 0)
        p = None
        if needed and needed > 0:
            lower = significance.poisson_at_most(k, needed)
            upper = significance.poisson_at_least(k, needed)
            projected = actual / target / expected if expected > 0 else 0.0
            p = lower if projected < 1 else upper
        out[rep] = Pace(
            rep, current, target, actual, elapsed, expected, k, needed, p, coverage.get(rep)
        )
    return out


def _coverage(ev: Evidence, current: Window, as_of: date, grain: str) -> dict[str, float]:
    """rep → pipeline coverage of the current period; empty without deals or quotas, or
    where the quotas do not fit the period (quotas are never set per week)."""
    from salespulse import kpis
    from salespulse.errors import MissingTable, QuotaDoesNotFit

    if not (ev.has("deals") and ev.has("quotas")):
        return {}
    if grain not in kpis.get("pipeline_coverage").grains:
        return {}
    try:
        df = ev.kpi(
            "pipeline_coverage",
            by=("rep",),
            period=grain,
            start=current.start,
            end=current.end,
            as_of=as_of,
        )
    except (QuotaDoesNotFit, MissingTable):
        return {}  # per team, several metrics, or on a table not imported
    return {str(r["rep"]): float(r["value"]) for r in records(df) if r["value"] is not None}
