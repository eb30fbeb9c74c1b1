"""Formatting for people: ratios as percentages, money with the currency."""

from __future__ import annotations

import math

from salespulse import kpis
from salespulse.kpis.display import fmt_column, fmt_unit, is_empty, money


def test_units_are_shown_the_way_a_sales_manager_reads_them() -> None:
    assert fmt_unit(0.625, "ratio", "USD") == "62.5%"
    assert fmt_unit(1620, "money", "USD") == "$1,620"
    assert fmt_unit(12.5, "money", "EUR") == "€12.50"
    assert money(-1500, "CHF") == "-1,500 CHF"
    assert fmt_unit(14.25, "days", "USD") == "14.2 d"
    assert fmt_unit(None, "ratio", "USD") == "—"
    assert fmt_unit(float("nan"), "money", "USD") == "—"


def test_columns_follow_their_meaning() -> None:
    win = kpis.get("win_rate")
    assert fmt_column(win, "ci_low", 0.3, "USD") == "30.0%"
    assert fmt_column(win, "n", 8, "USD") == "8"
    velocity = kpis.get("sales_velocity")
    assert fmt_column(velocity, "value", 289.2857, "USD") == "$289.29/day"
    assert fmt_column(velocity, "avg_deal_size", 1620, "USD") == "$1,620"


def test_empty_means_none_nan_or_infinite() -> None:
    import pandas as pd

    assert is_empty(None) and is_empty(math.nan) and is_empty(pd.NA) and is_empty(math.inf)
    assert not is_empty(0) and not is_empty("x")
