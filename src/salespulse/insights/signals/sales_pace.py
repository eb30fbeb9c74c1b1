"""Is a rep on pace for this period, on the sales lines alone?

Where the period will land comes from the projection report (`reports.projection`: the
seasonal projection with its 80% interval, from the rep's own past periods). It is held
against the rep's quota for the period when there is one, else against their own usual
period: the median of their revenue over the six periods before.

Off pace: projected below 80% of the reference; beyond noise when even the interval's
top lies below it (else a "watch"). Ahead: projected at 120% or more, beyond noise when
the interval's bottom lies above the reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from salespulse.insights.core.evidence import Evidence, records
from salespulse.insights.core.windows import Window
from salespulse.model.calendar import Grain
from salespulse.stats import median

OFF_PACE = 0.8
AHEAD_OF_PACE = 1.2
#: Before this share of the selling days is gone, pace is not judged.
MIN_ELAPSED = 0.2
USUAL_PERIODS = 6


@dataclass(frozen=True)
class SalesPace:
    rep: str
    period: Window
    measure: str  # revenue, or units where the sales have no prices
    actual: float
    projected: float
    low: float | None
    high: float | None
    reference: float  # the quota, else the rep's usual period
    against: str  # "quota" or "usual"
    elapsed: float  # share of the selling days gone
    chance: float | None  # of reaching the quota

    @property
    def ratio(self) -> float:
        return self.projected / self.reference

    @property
    def off(self) -> bool:
        return self.ratio < OFF_PACE

    @property
    def ahead(self) -> bool:
        return self.ratio >= AHEAD_OF_PACE

    @property
    def significant(self) -> bool:
        if self.off:
            return self.high is not None and self.high < self.reference
        if self.ahead:
            return self.low is not None and self.low > self.reference
        return False

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "period": self.period.as_dict(),
            "measure": self.measure,
            "actual": self.actual,
            "projected": self.projected,
            "low": self.low,
            "high": self.high,
            "reference": self.reference,
            "against": self.against,
            "ratio": self.ratio,
            "elapsed": self.elapsed,
            "chance": self.chance,
            "significant": self.significant,
        }


def sales_paces(ev: Evidence, as_of: date, grain: str = "month") -> dict[str, SalesPace]:
    """Each rep with a projection for the period containing `as_of` (nothing once the
    period is over, or too early in it)."""
    from salespulse.reports.projection import projection_by

    report = projection_by(ev.engine, "rep", cast(Grain, grain), as_of)
    current = report.period
    if as_of >= current.end:
        return {}
    usual = _usual(ev, current, report.measure, as_of)
    out = {}
    for m in report.members:
        elapsed = m.days_gone / m.selling_days if m.selling_days else 1.0
        if m.member is None or m.projected is None or elapsed < MIN_ELAPSED:
            continue
        rep = str(m.member)
        against, reference = ("quota", m.target) if m.target else ("usual", usual.get(rep))
        if not reference or reference <= 0:
            continue
        out[rep] = SalesPace(
            rep,
            current,
            report.measure,
            m.actual,
            m.projected,
            m.landing.low,
            m.landing.high,
            reference,
            against,
            elapsed,
            m.chance,
        )
    return out


def _usual(ev: Evidence, current: Window, measure: str, as_of: date) -> dict[str, float]:
    """rep → the median of their revenue (or units) over the periods before `current`
    in which they sold."""
    first = current
    for _ in range(USUAL_PERIODS):
        first = first.previous()
    grain = current.grain or "month"
    df = ev.kpi(
        measure,
        by=("rep",),
        period=grain,
        start=first.start,
        end=current.start.fromordinal(current.start.toordinal() - 1),
        as_of=as_of,
    )
    values: dict[str, list[float]] = {}
    for r in records(df):
        if r["rep"] is not None and r["value"] is not None:
            values.setdefault(str(r["rep"]), []).append(float(r["value"]))
    return {rep: m for rep, vs in values.items() if (m := median(vs)) is not None}
