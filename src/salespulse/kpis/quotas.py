"""Quotas: attainment, the share of reps at quota, and monthly quotas met."""

from __future__ import annotations

from salespulse.kpis.model import KPI, Proportion, Ratio
from salespulse.model.calendar import Grain

DESIGN = "DESIGN.md, KPI definitions"
QUOTA_ANCHOR = "the quota period (quotas.period_start)"
METRIC_TABLE = (
    "the table of the quota's metric: sales (revenue, units), deals (bookings, "
    "deals_won) or activities (activities)"
)
METRIC_NOTE = (
    " Quotas are of one metric at a time: the one a filter on metric names (e.g. "
    "metric=units), else "
    "revenue when there are revenue quotas, else the only metric there is. Quotas set per "
    "team are used only when no rep has a quota of that metric."
)
QUOTA_GRAINS: tuple[Grain, ...] = ("month", "quarter", "year", "all")

QUOTA_ATTAINMENT = KPI(
    name="quota_attainment",
    label="Quota attainment",
    short_label="Attainment",
    unit="ratio",
    direction="higher",
    area="quotas",
    definition=(
        "The actual of the quota's metric over the quota's period (up to the as-of date) "
        "divided "
        "by its target, per rep or team and quota period. At a coarser grain or for a "
        "group, the actuals and targets are summed first: Σ actual ÷ Σ target. A rep "
        "without a quota is not counted. A grain finer than the quota periods is refused."
        + METRIC_NOTE
    ),
    formula="Σ actual(metric, owner, quota period) ÷ Σ target",
    spec=Ratio(
        relation="quota_rows",
        anchor="period_start",
        numerator=lambda t: t.actual.sum(),
        denominator=lambda t: t.target.sum(),
        n=lambda t: t.count(),
    ),
    grains=QUOTA_GRAINS,
    anchor_text=QUOTA_ANCHOR,
    also_needs=METRIC_TABLE,
    numerator="actual of the metric",
    denominator="target",
    references=(DESIGN,),
)

REPS_AT_QUOTA = KPI(
    name="reps_at_quota",
    label="Reps at quota",
    unit="ratio",
    direction="higher",
    area="quotas",
    definition=(
        "Of the reps with a quota in the period, the share whose attainment (their Σ "
        "actual ÷ Σ target over their quotas in the period) is at least 100%. Carries a "
        "Wilson 95% interval; n is the number of reps with a quota." + METRIC_NOTE
    ),
    formula="count(reps with Σ actual ≥ Σ target) ÷ count(reps with a quota)",
    spec=Proportion(
        relation="rep_attainment",
        anchor="period_start",
        success=lambda t: t.actual >= t.target,
    ),
    grains=QUOTA_GRAINS,
    anchor_text=QUOTA_ANCHOR,
    also_needs=METRIC_TABLE,
    numerator="reps at or above quota",
    denominator="reps with a quota",
    references=(DESIGN,),
)

MONTHS_AT_QUOTA = KPI(
    name="months_at_quota",
    label="Months at quota",
    unit="ratio",
    direction="higher",
    area="quotas",
    definition=(
        "Of the monthly quotas (a quota whose period is one calendar month) in the "
        "period, the share met: actual ≥ target. A measure of how consistently reps hit "
        "quota. Quotas over other periods are left out. Carries a Wilson 95% interval."
        + METRIC_NOTE
    ),
    formula="count(monthly quotas with actual ≥ target) ÷ count(monthly quotas)",
    spec=Proportion(
        relation="quota_rows",
        anchor="period_start",
        success=lambda t: t.actual >= t.target,
        where=lambda t: t.is_month,
    ),
    grains=QUOTA_GRAINS,
    anchor_text=QUOTA_ANCHOR,
    also_needs=METRIC_TABLE,
    numerator="monthly quotas met",
    denominator="monthly quotas",
    references=(DESIGN,),
)

KPIS = (QUOTA_ATTAINMENT, REPS_AT_QUOTA, MONTHS_AT_QUOTA)
