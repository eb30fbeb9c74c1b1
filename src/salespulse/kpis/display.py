"""Showing KPI values to people: ratios as percentages, money with the currency,
durations with their unit. Machine-readable output never goes through here."""

from __future__ import annotations

import math
from typing import Any

from salespulse.kpis.model import KPI, Unit

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CNY": "¥"}
#: Extra columns holding a share, shown as a percentage whatever the KPI's unit.
SHARE_COLUMNS = {"ci_low", "ci_high", "win_rate", "within_5_min", "within_60_min"}
#: Columns that hold counts, whatever the KPI (written as integers).
COUNT_COLUMNS = {
    "n",
    "open_deals",
    "without_amount",
    "untouched",
    "still_in_stage",
    "calls",
    "emails",
    "meetings",
}
MONEY_COLUMNS = {"avg_deal_size"}
DAY_COLUMNS = {"sales_cycle_days"}


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isinf(value))
    except (TypeError, ValueError):  # pandas NA compares to NA
        return True


def money(value: float, currency: str, cents: bool | None = None) -> str:
    """$1,234 or $12.50: cents below $1,000 unless `cents` says."""
    symbol = SYMBOLS.get(currency.upper())
    sign = "-" if value < 0 else ""
    digits = (0 if abs(value) >= 1000 else 2) if cents is None else (2 if cents else 0)
    body = f"{abs(value):,.{digits}f}"
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency.upper()}"


def money_short(value: float, currency: str, cents: bool | None = None) -> str:
    """Money in a narrow cell: $950, $81.0k, $1.25M."""
    size = abs(value)
    if size < 10_000:
        return money(value, currency, cents)
    symbol = SYMBOLS.get(currency.upper())
    sign = "-" if value < 0 else ""
    body = f"{size / 1e6:.2f}M" if size >= 1e6 else f"{size / 1e3:.1f}k"
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency.upper()}"


def number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}" if abs(value) < 1000 else f"{value:,.0f}"


def fmt_unit(value: Any, unit: Unit, currency: str) -> str:
    if is_empty(value):
        return "—"
    v = float(value)
    if unit == "ratio":
        return f"{v * 100:.1f}%"
    if unit == "money":
        return money(v, currency)
    if unit == "money_per_day":
        return money(v, currency) + "/day"
    if unit == "days":
        return f"{v:,.1f} d"
    if unit == "minutes":
        return f"{v:,.1f} min"
    return number(v)


def fmt_column(kpi: KPI, column: str, value: Any, currency: str) -> str:
    """`value` of `column` in a result of `kpi`, for a person."""
    if is_empty(value):
        return "—"
    if column in SHARE_COLUMNS:
        return fmt_unit(value, "ratio", currency)
    if column in COUNT_COLUMNS:
        return f"{int(value):,}"
    if column in MONEY_COLUMNS:
        return fmt_unit(value, "money", currency)
    if column in DAY_COLUMNS:
        return fmt_unit(value, "days", currency)
    if column in ("value", "mean", "p90"):
        return fmt_unit(value, kpi.unit, currency)
    if column in ("target", "actual") and kpi.name == "pipeline_coverage":
        return fmt_unit(value, "money", currency)
    return number(float(value))
