"""Builders for the generic KPI kinds: sum, count, proportion, ratio and duration.

Each takes the rows of the KPI's relation, places them (filters, period, dimensions),
aggregates them to the requested grain and divides only after aggregating.
"""

from __future__ import annotations

from typing import Any

import ibis

from salespulse.engine.context import Context
from salespulse.kpis.expressions import count_where
from salespulse.kpis.model import Count, Duration, Proportion, Ratio, Spec, Sum
from salespulse.stats import Z95


def rows(ctx: Context, spec: Spec) -> tuple[Any, list[str]]:
    """The relation's rows that count for the KPI, placed by the query."""
    t = ctx.relation(spec.relation)
    where = getattr(spec, "where", None)
    if where is not None:
        t = t.filter(where(t))
    return ctx.place(t, spec.anchor)


def aggregate(t: Any, keys: list[str], **aggs: Any) -> Any:
    return t.group_by(keys).aggregate(**aggs) if keys else t.aggregate(**aggs)


def extras(spec: Spec, t: Any) -> dict[str, Any]:
    return {e.name: e.agg(t) for e in spec.extras}


def divide(numerator: Any, denominator: Any) -> Any:
    """numerator ÷ denominator as a float, empty (never 0, ∞ or NaN) when it is 0."""
    return numerator.cast("float64") / denominator.cast("float64").nullif(0)


def at_least(value: Any, floor: float) -> Any:
    """max(value, floor), but empty when value is (SQL GREATEST skips NULLs)."""
    return ibis.cases((value < floor, floor), else_=value)


def at_most(value: Any, ceiling: float) -> Any:
    return ibis.cases((value > ceiling, ceiling), else_=value)


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


def build_sum(ctx: Context, spec: Sum) -> Any:
    t, keys = rows(ctx, spec)
    m = spec.measure(t)
    return aggregate(t, keys, value=m.sum(), n=m.count(), **extras(spec, t))


def build_count(ctx: Context, spec: Count) -> Any:
    t, keys = rows(ctx, spec)
    return aggregate(t, keys, value=t.count(), n=t.count(), **extras(spec, t))


def build_proportion(ctx: Context, spec: Proportion) -> Any:
    t, keys = rows(ctx, spec)
    agg = aggregate(
        t,
        keys,
        numerator=count_where(t, spec.success(t)),
        denominator=t.count(),
        **extras(spec, t),
    )
    low, high = wilson(agg.numerator, agg.denominator)
    return agg.mutate(
        value=divide(agg.numerator, agg.denominator), n=agg.denominator, ci_low=low, ci_high=high
    )


def build_ratio(ctx: Context, spec: Ratio) -> Any:
    t, keys = rows(ctx, spec)
    agg = aggregate(
        t,
        keys,
        numerator=spec.numerator(t),
        denominator=spec.denominator(t),
        n=spec.n(t),
        **extras(spec, t),
    )
    return agg.mutate(value=divide(agg.numerator, agg.denominator))


def build_duration(ctx: Context, spec: Duration) -> Any:
    t, keys = rows(ctx, spec)
    d = spec.duration(t)
    return aggregate(
        t,
        keys,
        value=d.median(),
        n=d.count(),
        mean=d.mean(),
        p90=d.quantile(0.9),
        **extras(spec, t),
    )
