"""The stage history: how often deals move on from a stage, and how long they stay."""

from __future__ import annotations

from typing import Any

from salespulse.kpis.expressions import count_where, days_between
from salespulse.kpis.model import KPI, Duration, Extra, Proportion

DESIGN = "DESIGN.md, KPI definitions"
ENTRIES = (
    " Entries into a won or lost stage (by the settings' stage mapping) are final and "
    "not counted. Break it down by stage."
)


def _open_stage(t: Any) -> Any:
    return t.stage_status == "open"


STAGE_CONVERSION = KPI(
    name="stage_conversion",
    label="Stage conversion",
    unit="ratio",
    direction="higher",
    area="stages",
    definition=(
        "Of the deals entering a stage in the period, the share that moved on: their next "
        "stage entry (by the as-of date) is a stage that is not a lost one. Deals still in "
        "the stage count as not moved on yet, so recent periods rise over time. Carries a "
        "Wilson 95% interval." + ENTRIES
    ),
    formula="count(entries followed by a non-lost stage) ÷ count(entries)",
    spec=Proportion(
        relation="stage_entries",
        anchor="entered_at",
        success=lambda t: t.next_status.notnull() & (t.next_status != "lost"),
        where=_open_stage,
    ),
    numerator="stage entries that moved on",
    denominator="stage entries",
    references=(DESIGN,),
)

TIME_IN_STAGE = KPI(
    name="time_in_stage",
    label="Time in stage (days)",
    unit="days",
    direction="lower",
    area="stages",
    definition=(
        "Median days from entering a stage to the deal's next stage entry, over the "
        "entries in the period that have a next one by the as-of date (n); mean and 90th "
        "percentile alongside, and the entries still in their stage counted apart." + ENTRIES
    ),
    formula="median(next entered_at − entered_at) in days",
    spec=Duration(
        relation="stage_entries",
        anchor="entered_at",
        duration=lambda t: days_between(t.entered_at, t.next_entered_at),
        where=_open_stage,
        extras=(
            Extra(
                "still_in_stage",
                "entries with no later stage entry yet",
                lambda t: count_where(t, t.next_entered_at.isnull()),
            ),
        ),
    ),
    references=(DESIGN,),
)

KPIS = (STAGE_CONVERSION, TIME_IN_STAGE)
