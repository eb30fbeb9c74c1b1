"""Arithmetic on Ibis expressions that the KPI kinds, the pipeline KPIs and the
over-time KPIs share: aggregate to the requested keys, divide only after aggregating
(empty on a zero denominator), clamp, and the Wilson interval in SQL."""

from __future__ import annotations

from typing import Any

from salespulse.sql import functions as fn
from salespulse.stats import Z95


def aggregate(t: Any, keys: list[str], **aggs: Any) -> Any:
    return t.group_by(keys).aggregate(**aggs) if keys else t.aggregate(**aggs)


def divide(numerator: Any, denominator: Any) -> Any:
    """numerator ÷ denominator as a float, empty (never 0, ∞ or NaN) when it is 0."""
    return numerator.cast("float64") / denominator.cast("float64").nullif(0)


def at_least(value: Any, floor: float) -> Any:
    """max(value, floor), but empty when value is (SQL GREATEST skips NULLs)."""
    return fn.cases((value < floor, floor), else_=value)


def at_most(value: Any, ceiling: float) -> Any:
    return fn.cases((value > ceiling, ceiling), else_=value)


def wilson(successes: Any, n: Any, z: float = Z95) -> tuple[Any, Any]:
    """The Wilson score interval as expressions (`stats.wilson`, rearranged):
    (s + z²/2 ± z·√(s(n − s)/n + z²/4)) ÷ (n + z²); empty when n is 0."""
    s = successes.cast("float64")
    nn = n.cast("float64").nullif(0)
    z2 = z * z
    half = z * (s * (nn - s) / nn + z2 / 4).sqrt()
    low = (s + z2 / 2 - half) / (nn + z2)
    high = (s + z2 / 2 + half) / (nn + z2)
    return at_least(low, 0.0), at_most(high, 1.0)
