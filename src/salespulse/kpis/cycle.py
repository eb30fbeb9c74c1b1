"""How long deals take to close: sales cycle (won) and loss cycle (lost)."""

from __future__ import annotations

from typing import Any

from salespulse.kpis.expressions import days_between, lost, won
from salespulse.kpis.model import KPI, Duration

DESIGN = "DESIGN.md, KPI definitions"
QUANTILES = (
    "Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages. The "
    "American Statistician 50(4), 361-365 (definition 7: linear interpolation)."
)


def closed_before_created(t: Any) -> Any:
    """A deal that closes before it was created (migrated data, whose creation date is
    the load date): its cycle means nothing, nor its creation cohort. False when either
    date is empty."""
    from salespulse.sql import functions as fn

    return fn.coalesce(t.closed_at < t.created_at, False)


def cycle_days(t: Any) -> Any:
    """Days from creation to close; empty for a deal that closes before it was created."""
    from salespulse.sql import functions as fn

    return fn.ifelse(
        closed_before_created(t), fn.null("float64"), days_between(t.created_at, t.closed_at)
    )


SALES_CYCLE_DAYS = KPI(
    name="sales_cycle_days",
    label="Sales cycle (days)",
    short_label="Cycle",
    unit="days",
    direction="lower",
    area="deals",
    definition=(
        "Median days from a won deal's creation to its close, over the deals won in the "
        "period (with a creation date no later than the close); mean and 90th "
        "percentile alongside. Quantiles interpolate between the two nearest values."
    ),
    formula="median(closed_at − created_at) in days, status = 'won'",
    spec=Duration(relation="deals", anchor="closed_at", duration=cycle_days, where=won),
    references=(DESIGN, QUANTILES),
)

LOSS_CYCLE_DAYS = KPI(
    name="loss_cycle_days",
    label="Loss cycle (days)",
    unit="days",
    direction="neutral",
    area="deals",
    definition=(
        "Median days from a lost deal's creation to its close, over the deals lost in the "
        "period (with a creation date no later than the close); mean and 90th "
        "percentile alongside. Long loss cycles mean time spent on deals that did not "
        "close."
    ),
    formula="median(closed_at − created_at) in days, status = 'lost'",
    spec=Duration(relation="deals", anchor="closed_at", duration=cycle_days, where=lost),
    references=(DESIGN, QUANTILES),
)

KPIS = (SALES_CYCLE_DAYS, LOSS_CYCLE_DAYS)
