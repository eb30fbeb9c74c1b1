"""Builders for the generic KPI kinds: sum, count, distinct, largest, proportion, ratio
and duration.

Each takes the rows of the KPI's relation, places them (filters, period, dimensions),
aggregates them to the requested grain and divides only after aggregating.
"""

from __future__ import annotations

from typing import Any

from salespulse.engine.arithmetic import aggregate, divide, wilson
from salespulse.engine.context import Context
from salespulse.kpis.expressions import count_distinct, count_where
from salespulse.kpis.model import Count, Distinct, Duration, Largest, Proportion, Ratio, Spec, Sum


def rows(ctx: Context, spec: Spec) -> tuple[Any, list[str]]:
    """The relation's rows that count for the KPI, placed by the query."""
    t = ctx.relation(spec.relation)
    where = getattr(spec, "where", None)
    if where is not None:
        t = t.filter(where(t))
    return ctx.place(t, spec.anchor)


def extras(spec: Spec, t: Any) -> dict[str, Any]:
    return {e.name: e.agg(t) for e in spec.extras}


def build_sum(ctx: Context, spec: Sum) -> Any:
    t, keys = rows(ctx, spec)
    m = spec.measure(t)
    return aggregate(t, keys, value=m.sum(), n=m.count(), **extras(spec, t))


def build_count(ctx: Context, spec: Count) -> Any:
    t, keys = rows(ctx, spec)
    return aggregate(t, keys, value=t.count(), n=t.count(), **extras(spec, t))


def build_distinct(ctx: Context, spec: Distinct) -> Any:
    t, keys = rows(ctx, spec)
    k = spec.key(t)
    return aggregate(
        t,
        keys,
        value=count_distinct(t, k, each_missing=spec.each_missing),
        n=t.count() if spec.each_missing else k.count(),
        **extras(spec, t),
    )


def build_largest(ctx: Context, spec: Largest) -> Any:
    """Each key's total (an order's lines summed) within the keys of the query, then the
    largest of them and how many keys there were."""
    t, keys = rows(ctx, spec)
    t = t.mutate(_sp_key=spec.key(t), _sp_measure=spec.measure(t))
    t = t.filter(t._sp_key.notnull())
    each = t.group_by([*keys, "_sp_key"]).aggregate(_sp_total=t._sp_measure.sum())
    return aggregate(each, keys, value=each._sp_total.max(), n=each._sp_key.count())


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
