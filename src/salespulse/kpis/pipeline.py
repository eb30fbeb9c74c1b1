"""The open pipeline at the as-of date: its value, weighted value, coverage of the
remaining quota, and sales velocity."""

from __future__ import annotations

from typing import Any

from salespulse.kpis.expressions import count_where
from salespulse.kpis.model import KPI, Extra, Ratio, Sum, Velocity

DESIGN = "DESIGN.md, KPI definitions"
OPEN = (
    " A deal is open at the as-of date (default: the end of the data) when it was "
    "created by then and not won or lost by then."
)


def _without_amount(t: Any) -> Any:
    return count_where(t, t.amount.isnull())


WITHOUT_AMOUNT = Extra(
    "without_amount", "open deals with no amount (not in the sum)", _without_amount
)


def _remaining(t: Any) -> Any:
    from salespulse.sql import functions as fn

    return fn.greatest(t.target.sum() - t.actual.sum(), 0)


PIPELINE_OPEN = KPI(
    name="pipeline_open",
    label="Open pipeline",
    unit="money",
    direction="higher",
    area="pipeline",
    definition="Sum of the amounts of the deals open at the as-of date." + OPEN,
    formula="Σ amount of open deals",
    spec=Sum(
        relation="open_deals",
        anchor=None,
        measure=lambda t: t.amount,
        extras=(WITHOUT_AMOUNT,),
    ),
    grains=("all",),
    references=(DESIGN,),
)

PIPELINE_WEIGHTED = KPI(
    name="pipeline_weighted",
    label="Weighted pipeline",
    unit="money",
    direction="higher",
    area="pipeline",
    definition=(
        "Sum over open deals of amount × win probability. The probability is the deal's "
        "own; else the one the settings give its stage; else the historical win rate of "
        "its stage (deals that entered the stage and closed by the as-of date, from the "
        "deal_stages table); else the overall historical win rate. At an earlier as-of "
        "date, a deal's stage and own probability are still its current ones." + OPEN
    ),
    formula="Σ amount × probability of open deals",
    spec=Sum(
        relation="weighted_deals",
        anchor=None,
        measure=lambda t: t.amount * t.probability,
        extras=(WITHOUT_AMOUNT,),
    ),
    grains=("all",),
    references=(DESIGN,),
)

PIPELINE_COVERAGE = KPI(
    name="pipeline_coverage",
    label="Pipeline coverage",
    short_label="Coverage",
    unit="number",
    direction="higher",
    area="pipeline",
    definition=(
        "Open pipeline expected to close in the quota period (open deals at the as-of "
        "date whose expected close falls in it) divided by the quota still to reach "
        "(Σ target − Σ actual to the as-of date). Empty when the quota is already met. "
        "Uses revenue or bookings quotas (choose with a filter on metric: metric=revenue "
        "or metric=bookings). Quota periods "
        "after the as-of date are kept: coverage looks ahead. Deals without an expected "
        "close date are not counted."
    ),
    formula="Σ amount(open, expected_close in period) ÷ (Σ target − Σ actual to date)",
    spec=Ratio(
        relation="coverage_rows",
        anchor="period_start",
        numerator=lambda t: t.pipeline.sum(),
        denominator=_remaining,
        n=lambda t: t.open_deals.sum(),
        extras=(
            Extra("target", "Σ target", lambda t: t.target.sum()),
            Extra("actual", "Σ actual to the as-of date", lambda t: t.actual.sum()),
        ),
    ),
    grains=("month", "quarter", "year", "all"),
    anchor_text="the quota period (quotas.period_start); pipeline at the as-of date",
    also_needs="sales for revenue quotas",
    looks_ahead=True,
    numerator="open pipeline expected to close in the period",
    denominator="remaining quota",
    references=(DESIGN,),
)

SALES_VELOCITY = KPI(
    name="sales_velocity",
    label="Sales velocity (per day)",
    unit="money_per_day",
    direction="higher",
    area="pipeline",
    definition=(
        "Money the pipeline is expected to turn into per day: open deals × win rate × "
        "average deal size ÷ median sales cycle in days. The open deals are those at the "
        "as-of date; the win rate, deal size and cycle come from all deals closed by then." + OPEN
    ),
    formula="open deals × win_rate × avg_deal_size ÷ sales_cycle_days",
    spec=Velocity(),
    grains=("all",),
    numerator="open deals × win rate × average deal size",
    denominator="median sales cycle (days)",
    references=(DESIGN,),
)

KPIS = (PIPELINE_OPEN, PIPELINE_WEIGHTED, PIPELINE_COVERAGE, SALES_VELOCITY)
