"""KPIs measured over the calendar inside a window: how steady monthly revenue is
(dispersion) and how many leads are worked per business day (daily rate). Empty months
and days count as 0, so both need the window: --from/--to, else the first and last day
with rows, capped at the as-of date."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from salespulse.engine import periods
from salespulse.engine.arithmetic import aggregate, at_least, divide
from salespulse.engine.context import Context
from salespulse.engine.kinds import rows
from salespulse.kpis.model import DailyRate, Dispersion
from salespulse.model.calendar import day_of
from salespulse.model.settings import WEEKDAYS
from salespulse.sql import functions as fn


def window(ctx: Context, t: Any, anchor: str) -> tuple[date, date] | None:
    """First and last day of the window for the placed rows `t` (None: no rows)."""
    q = ctx.query
    start, end = q.start, q.end
    if start is None or end is None:
        day = periods.as_date(t[anchor])
        found = ctx.execute(t.aggregate(lo=day.min(), hi=day.max()))
        lo, hi = day_of(found["lo"].iloc[0]), day_of(found["hi"].iloc[0])
        if lo is None or hi is None:
            return None
        start, end = start or lo, end or hi
    if q.as_of is not None and end > q.as_of:
        end = q.as_of
    return start, end


def _months(first: date, last: date) -> int:
    return (last.year * 12 + last.month) - (first.year * 12 + first.month) + 1


def build_dispersion(ctx: Context, spec: Dispersion) -> Any:
    t, keys = rows(ctx, spec)
    win = window(ctx, t, spec.anchor)
    t = t.mutate(_month=periods.period_start(t[spec.anchor], "month", ctx.settings))
    t = t.mutate(_x=spec.measure(t))
    monthly = t.group_by([*keys, "_month"]).aggregate(_s=t._x.sum())
    agg = aggregate(monthly, keys, _s1=monthly._s.sum(), _s2=(monthly._s * monthly._s).sum())
    if win is None:
        months: Any = fn.literal(0)
    elif ctx.query.period == "all":
        months = fn.literal(_months(*win))
    else:
        lo = fn.greatest(periods.month_index(agg.period), periods.month_index(fn.literal(win[0])))
        hi = fn.least(
            periods.month_index(periods.next_start(agg.period, ctx.query.period)) - 1,
            periods.month_index(fn.literal(win[1])),
        )
        months = hi - lo + 1
    agg = agg.mutate(n=months)
    mean = divide(agg._s1, agg.n)
    variance = (agg._s2 - agg.n * mean * mean) / (agg.n - 1).cast("float64").nullif(0)
    stdev = fn.ifelse(agg.n >= 2, at_least(variance, 0.0).sqrt(), fn.null("float64"))
    agg = agg.mutate(numerator=stdev, denominator=mean)
    value = fn.ifelse(agg.denominator > 0, agg.numerator / agg.denominator, fn.null("float64"))
    return agg.mutate(value=value).drop("_s1", "_s2")


def business_days(first: date, last: date, weekdays: list[int]) -> int:
    days = (last - first).days + 1
    return sum(1 for i in range(max(days, 0)) if (first + timedelta(days=i)).weekday() in weekdays)


def _business_days_expr(first: Any, last: Any, weekdays: list[int]) -> Any:
    """Business days from `first` to `last` (date expressions), by weekday arithmetic."""
    span = last.delta(first, unit="day")
    dow = first.day_of_week.index()
    total: Any = fn.literal(0)
    for w in weekdays:
        offset = (dow * -1 + (w + 7)) % 7
        total = total + ((span - offset) / 7).floor() + 1
    return total


def build_daily_rate(ctx: Context, spec: DailyRate) -> Any:
    t, keys = rows(ctx, spec)
    win = window(ctx, t, spec.anchor)
    weekdays = sorted(WEEKDAYS.index(d) for d in ctx.settings.business_days)
    t = t.mutate(_day=periods.as_date(t[spec.anchor]), _v=spec.distinct(t))
    t = t.filter(t._day.day_of_week.index().isin(weekdays) & t._v.notnull())
    pairs = t.select(*keys, "_day", "_v").distinct()
    agg = aggregate(pairs, keys, numerator=pairs.count())
    if win is None:
        days: Any = fn.literal(0)
    elif ctx.query.period == "all":
        days = fn.literal(business_days(win[0], win[1], weekdays))
    else:
        first = fn.greatest(agg.period, fn.literal(win[0]))
        last = fn.least(
            (periods.next_start(agg.period, ctx.query.period) - fn.interval(days=1)).cast("date"),
            fn.literal(win[1]),
        )
        days = _business_days_expr(first, last, weekdays)
    agg = agg.mutate(denominator=days)
    return agg.mutate(value=divide(agg.numerator, agg.denominator), n=agg.denominator)
