"""Working leads: how many get worked, how fast, and how hard."""

from __future__ import annotations

from typing import Any

from salespulse.kpis.expressions import count_where, minutes_between, share
from salespulse.kpis.model import KPI, DailyRate, Duration, Extra, Proportion, Ratio

DESIGN = "DESIGN.md, KPI definitions"
HBR = (
    "Oldroyd, J. B., McElheran, K. & Elkington, D. (2011). The Short Life of Online "
    "Sales Leads. Harvard Business Review, March 2011."
)
TOUCH = (
    " A touch is an outbound activity (direction outbound, or not given) linked to the "
    "lead by lead_id, up to the as-of date."
)


def _response_minutes(t: Any) -> Any:
    return minutes_between(t.created_at, t.first_response_at)


def _within(minutes: int) -> Extra:
    return Extra(
        f"within_{minutes}_min",
        f"share of the inbound leads answered within {minutes} minutes (never-touched "
        "leads count as not answered)",
        lambda t: share(count_where(t, _response_minutes(t) <= minutes), t.count()),
    )


def _worked(t: Any) -> Any:
    return t.touches > 0


def _outbound_on_lead(t: Any) -> Any:
    return (t.direction == "outbound") & t.lead_id.notnull()


LEAD_WORK_RATE = KPI(
    name="lead_work_rate",
    label="Lead work rate",
    unit="ratio",
    direction="higher",
    area="leads",
    definition="Of the leads created in the period, the share touched at least once." + TOUCH,
    formula="count(leads with ≥ 1 touch) ÷ count(leads)",
    spec=Proportion(relation="leads", anchor="created_at", success=_worked),
    numerator="leads touched",
    denominator="leads created",
    references=(DESIGN,),
)

SPEED_TO_LEAD = KPI(
    name="speed_to_lead_minutes",
    label="Speed to lead (minutes)",
    short_label="Speed to lead",
    unit="minutes",
    direction="lower",
    area="leads",
    definition=(
        "Median minutes, in clock time, from an inbound lead's arrival to the first touch "
        "at or after it, over the inbound leads created in the period that got one (n). "
        "Also the 90th percentile, the shares answered within 5 and 60 minutes (of all "
        "inbound leads), and the never-touched leads, counted apart. Leads not marked "
        "inbound = false count as inbound." + TOUCH
    ),
    formula="median(first touch − created_at) in minutes, inbound leads",
    spec=Duration(
        relation="leads",
        anchor="created_at",
        duration=_response_minutes,
        where=lambda t: t.inbound,
        extras=(
            _within(5),
            _within(60),
            Extra(
                "untouched",
                "inbound leads with no touch after they arrived",
                lambda t: count_where(t, t.first_response_at.isnull()),
            ),
        ),
    ),
    references=(DESIGN, HBR),
)

TOUCHES_PER_LEAD = KPI(
    name="touches_per_lead",
    label="Touches per worked lead",
    unit="number",
    direction="higher",
    area="leads",
    definition="Touches on the leads created in the period that were worked, divided by "
    "the number of those leads." + TOUCH,
    formula="Σ touches ÷ count(leads with ≥ 1 touch)",
    spec=Ratio(
        relation="leads",
        anchor="created_at",
        numerator=lambda t: t.touches.sum(),
        denominator=lambda t: t.count(),
        n=lambda t: t.count(),
        where=_worked,
    ),
    numerator="touches on worked leads",
    denominator="leads worked",
    references=(DESIGN,),
)

LEADS_WORKED_PER_DAY = KPI(
    name="leads_worked_per_day",
    label="Leads worked per business day",
    unit="number",
    direction="higher",
    area="leads",
    definition=(
        "Mean over the business days of the period (settings: business days; within "
        "the query's start and end dates, else from the first to the last activity, capped "
        "at the as-of date) of the distinct leads touched that day. Days without touches count as "
        "0; touches on other days are not counted." + TOUCH
    ),
    formula="Σ over business days of count(distinct lead_id touched) ÷ business days",
    spec=DailyRate(
        relation="activities",
        anchor="at",
        distinct=lambda t: t.lead_id,
        where=_outbound_on_lead,
    ),
    numerator="lead-days touched",
    denominator="business days",
    references=(DESIGN,),
)

KPIS = (LEAD_WORK_RATE, SPEED_TO_LEAD, TOUCHES_PER_LEAD, LEADS_WORKED_PER_DAY)
