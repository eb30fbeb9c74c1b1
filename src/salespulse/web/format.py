"""The Jinja2 filters that show numbers to people: a KPI's value by its unit (from the
registry), money, shares, changes. JSON twins carry the raw numbers; only HTML goes
through here. Every filter returns plain text (the template escapes it)."""

from __future__ import annotations

from typing import Any

from salespulse import kpis
from salespulse.insights.core import phrases
from salespulse.kpis.display import fmt_unit, is_empty, money_short


def unit_of(name: str) -> str:
    """A KPI's unit; a projection (`projected_revenue`) has the unit of what it projects."""
    return kpis.get(name.removeprefix("projected_")).unit


def kpi_value(value: Any, name: str, currency: str) -> str:
    """`value` of KPI `name`, as the CLI shows it (45.2%, $81,234, 12.5 d)."""
    return fmt_unit(value, unit_of(name), currency)  # type: ignore[arg-type]


def unit_value(value: Any, unit: str, currency: str) -> str:
    """`value` in `unit` (money, ratio, count, days, minutes), as the CLI shows it: for a
    number that is not a registry KPI (the packet's deals decided)."""
    return fmt_unit(value, unit, currency)  # type: ignore[arg-type]


def kpi_short(value: Any, name: str, currency: str) -> str:
    """`value` of KPI `name` in a narrow cell: money as $81.2k."""
    if not is_empty(value) and unit_of(name) == "money":
        return money_short(float(value), currency)
    return kpi_value(value, name, currency)


def kpi_change(now: Any, before: Any, name: str) -> str:
    """The change from `before` to `now`: points for ratios, a percentage otherwise."""
    if is_empty(now) or is_empty(before):
        return "—"
    return phrases.delta(unit_of(name), float(now), float(before))


def trend_class(change: Any, name: str) -> str:
    """ "up"/"down" for a change that is good/bad by the KPI's direction, else ""."""
    if is_empty(change) or not change:
        return ""
    direction = kpis.get(name.removeprefix("projected_")).direction
    if direction not in ("higher", "lower"):
        return ""
    good = (change > 0) == (direction == "higher")
    return "good" if good else "bad"


def money(value: Any, currency: str) -> str:
    return "—" if is_empty(value) else phrases.money(float(value), currency)


def signed_money(value: Any, currency: str) -> str:
    if is_empty(value):
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + money_short(abs(float(value)), currency)


def pct(value: Any, digits: int = 0) -> str:
    return "—" if is_empty(value) else phrases.pct(float(value), digits)


def number(value: Any, digits: int = 1) -> str:
    return "—" if is_empty(value) else phrases.number(float(value), digits)


def words(value: Any) -> str:
    """A code (`below_peers`, `deal_size`) as words."""
    return str(value).replace("_", " ")


def label(name: str) -> str:
    """A KPI's label from the registry."""
    return kpis.get(name.removeprefix("projected_")).label


def short(name: str) -> str:
    if name.startswith("projected_"):
        return "Projected " + kpis.get(name.removeprefix("projected_")).short.lower()
    return kpis.get(name).short


FILTERS = {
    "kpi_value": kpi_value,
    "kpi_short": kpi_short,
    "unit_value": unit_value,
    "kpi_change": kpi_change,
    "trend_class": trend_class,
    "money": money,
    "signed_money": signed_money,
    "pct": pct,
    "number": number,
    "words": words,
    "label": label,
    "short": short,
}
