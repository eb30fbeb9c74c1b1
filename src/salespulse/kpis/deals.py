"""Deals won and lost: bookings, counts, win rates, close rate and deal size."""

from __future__ import annotations

from typing import Any

from salespulse.kpis.cycle import closed_before_created
from salespulse.kpis.expressions import closed, lost, won
from salespulse.kpis.model import KPI, Count, Proportion, Ratio, Sum

DESIGN = "DESIGN.md, KPI definitions"
WILSON = (
    "Wilson, E. B. (1927). Probable inference, the law of succession, and statistical "
    "inference. Journal of the American Statistical Association 22(158), 209-212."
)

BOOKINGS = KPI(
    name="bookings",
    label="Bookings",
    unit="money",
    direction="higher",
    area="deals",
    definition="Sum of the amounts of deals won, placed by the day they closed.",
    formula="Σ deals.amount where status = 'won'",
    spec=Sum(relation="deals", anchor="closed_at", measure=lambda t: t.amount, where=won),
    references=(DESIGN,),
)

DEALS_WON = KPI(
    name="deals_won",
    label="Deals won",
    unit="count",
    direction="higher",
    area="deals",
    definition="Number of deals won, placed by the day they closed.",
    formula="count(deals where status = 'won')",
    spec=Count(relation="deals", anchor="closed_at", where=won),
    references=(DESIGN,),
)

DEALS_LOST = KPI(
    name="deals_lost",
    label="Deals lost",
    unit="count",
    direction="lower",
    area="deals",
    definition="Number of deals lost, placed by the day they closed.",
    formula="count(deals where status = 'lost')",
    spec=Count(relation="deals", anchor="closed_at", where=lost),
    references=(DESIGN,),
)

WIN_RATE = KPI(
    name="win_rate",
    label="Win rate",
    unit="ratio",
    direction="higher",
    area="deals",
    definition=(
        "Deals won divided by deals closed (won + lost) in the period; open deals are "
        "left out. A team's rate is its reps' won deals over their closed deals, never an "
        "average of rep rates. Carries a Wilson 95% interval."
    ),
    formula="count(status = 'won') ÷ count(status in ('won', 'lost'))",
    spec=Proportion(relation="deals", anchor="closed_at", success=won, where=closed),
    numerator="deals won",
    denominator="deals closed (won + lost)",
    references=(DESIGN, WILSON),
)


def _amount_won(t: Any) -> Any:
    from salespulse.sql import functions as fn

    return fn.coalesce(t.amount.sum(where=t.status == "won"), 0)


WIN_RATE_VALUE = KPI(
    name="win_rate_value",
    label="Win rate by value",
    unit="ratio",
    direction="higher",
    area="deals",
    definition=(
        "Amount won divided by the amount of all deals closed (won + lost) in the "
        "period. Closed deals without an amount are left out of both sides."
    ),
    formula="Σ amount where status = 'won' ÷ Σ amount where status in ('won', 'lost')",
    spec=Ratio(
        relation="deals",
        anchor="closed_at",
        numerator=_amount_won,
        denominator=lambda t: t.amount.sum(),
        n=lambda t: t.amount.count(),
        where=closed,
    ),
    numerator="amount won",
    denominator="amount closed (won + lost)",
    references=(DESIGN,),
)

CLOSE_RATE = KPI(
    name="close_rate",
    label="Close rate",
    unit="ratio",
    direction="higher",
    area="deals",
    definition=(
        "Of the deals created in the period, the share won by the end of the data (or by "
        "the as-of date). Recent periods rise as their deals close. Deals without a creation "
        "date, or closed before it (migrated data), are left out. Carries a Wilson 95% "
        "interval."
    ),
    formula="count(created in period and status = 'won') ÷ count(created in period)",
    spec=Proportion(
        relation="deals",
        anchor="created_at",
        success=won,
        where=lambda t: ~closed_before_created(t),
    ),
    numerator="deals created in the period and won",
    denominator="deals created in the period",
    references=(DESIGN, WILSON),
)

AVG_DEAL_SIZE = KPI(
    name="avg_deal_size",
    label="Average deal size",
    short_label="Deal size",
    unit="money",
    direction="higher",
    area="deals",
    definition="Bookings divided by the number of won deals (with an amount) in the period.",
    formula="Σ amount where status = 'won' ÷ count(status = 'won' and amount present)",
    spec=Ratio(
        relation="deals",
        anchor="closed_at",
        numerator=lambda t: t.amount.sum(),
        denominator=lambda t: t.amount.count(),
        n=lambda t: t.amount.count(),
        where=won,
    ),
    numerator="bookings",
    denominator="deals won",
    references=(DESIGN,),
)

KPIS = (BOOKINGS, DEALS_WON, DEALS_LOST, WIN_RATE, WIN_RATE_VALUE, CLOSE_RATE, AVG_DEAL_SIZE)
