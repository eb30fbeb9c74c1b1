"""Sales activity: how much, of which type, and how often calls connect."""

from __future__ import annotations

from salespulse.kpis.expressions import count_where
from salespulse.kpis.model import KPI, Count, Extra, Proportion

DESIGN = "DESIGN.md, KPI definitions"


def _of_type(kind: str, plural: str) -> Extra:
    return Extra(plural, f"activities of type {kind}", lambda t: count_where(t, t.type == kind))


ACTIVITIES = KPI(
    name="activities",
    label="Activities",
    unit="count",
    direction="higher",
    area="activities",
    definition=(
        "Number of activities (inbound and outbound), with the calls, emails and "
        "meetings among them. Break it down by type, hour (0-23) or weekday."
    ),
    formula="count(activities)",
    spec=Count(
        relation="activities",
        anchor="at",
        extras=(
            _of_type("call", "calls"),
            _of_type("email", "emails"),
            _of_type("meeting", "meetings"),
        ),
    ),
    references=(DESIGN,),
)

CONNECT_RATE = KPI(
    name="connect_rate",
    label="Connect rate",
    unit="ratio",
    direction="higher",
    area="activities",
    definition=(
        "Of the outbound calls with a recorded outcome, the share whose outcome is "
        "'connected'. Carries a Wilson 95% interval."
    ),
    formula="count(outcome = 'connected') ÷ count(outbound calls with an outcome)",
    spec=Proportion(
        relation="activities",
        anchor="at",
        success=lambda t: t.outcome == "connected",
        where=lambda t: (t.type == "call") & (t.direction == "outbound") & t.outcome.notnull(),
    ),
    numerator="calls connected",
    denominator="outbound calls with an outcome",
    references=(DESIGN,),
)

KPIS = (ACTIVITIES, CONNECT_RATE)
