"""Numbers in words a sales manager reads: money with the currency, shares as
percentages, response times in minutes or hours, changes as "up 12%"."""

from __future__ import annotations

import math

from salespulse.kpis.display import SYMBOLS


def money(value: float | None, currency: str = "USD") -> str:
    """12,400 → "$12.4k"; 1,250,000 → "$1.25M"; small amounts in full."""
    if value is None or value != value:
        return "—"
    symbol = SYMBOLS.get(currency.upper(), "")
    suffix = "" if symbol else f" {currency.upper()}"
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1_000_000:
        body = f"{v / 1_000_000:.2f}M"
    elif v >= 10_000:
        body = f"{v / 1000:.0f}k"
    elif v >= 1000:
        body = f"{v / 1000:.1f}k"
    else:
        body = f"{v:,.0f}"
    return f"{sign}{symbol}{body}{suffix}"


def pct(value: float | None, digits: int = 0) -> str:
    if value is None or value != value:
        return "—"
    return f"{value * 100:.{digits}f}%"


def change(ratio: float | None) -> str:
    """rep ÷ reference as "38% below" / "12% above" / "in line"."""
    if ratio is None or ratio != ratio:
        return "not comparable"
    diff = ratio - 1
    if abs(diff) < 0.005:
        return "in line"
    if math.isinf(diff):
        return "far above"
    return f"{abs(diff) * 100:.0f}% {'below' if diff < 0 else 'above'}"


def updown(ratio: float | None) -> str:
    """now ÷ before as "down 57%" / "up 12%" / "flat"."""
    if ratio is None or ratio != ratio:
        return "not comparable"
    diff = ratio - 1
    if abs(diff) < 0.005:
        return "flat"
    return f"{'down' if diff < 0 else 'up'} {abs(diff) * 100:.0f}%"


def minutes(value: float | None) -> str:
    if value is None or value != value:
        return "—"
    if value < 90:
        return f"{value:.0f} min"
    if value < 48 * 60:
        return f"{value / 60:.1f} h"
    return f"{value / 1440:.1f} days"


def number(value: float | None, digits: int = 1) -> str:
    if value is None or value != value:
        return "—"
    if float(value).is_integer() or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def join(items: list[str]) -> str:
    """["a", "b", "c"] → "a, b and c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def value(unit: str, v: float | None, currency: str = "USD") -> str:
    """A KPI value by its unit: ratio → %, money, count, days, minutes."""
    if v is None or v != v:
        return "—"
    if unit == "ratio":
        return pct(v)
    if unit == "money":
        return money(v, currency)
    if unit == "minutes":
        return minutes(v)
    if unit == "days":
        return f"{v:.0f} days"
    return number(v)


def delta(unit: str, now: float | None, before: float | None) -> str:
    """The change from `before` to `now`: points for ratios, a percentage otherwise."""
    if now is None or before is None or now != now or before != before:
        return "—"
    if unit == "ratio":
        points = (now - before) * 100
        return "0 pts" if abs(points) < 0.5 else f"{points:+.0f} pts"
    if before == 0:
        return "new" if now else "0%"
    return f"{(now / before - 1) * 100:+.0f}%"
