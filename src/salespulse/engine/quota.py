"""Quotas and their actuals: the relations behind quota attainment, reps at quota,
months at quota and pipeline coverage.

A quota's actual is its metric's own KPI (revenue, units, bookings, deals_won,
activities) for the quota's owner over the quota's period: the metric's rows are summed
per owner and day first, then joined to the quotas by owner and date range, then summed
per quota.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salespulse.engine import periods
from salespulse.engine.builder_context import BuilderContext
from salespulse.errors import QuotaDoesNotFit, UserError
from salespulse.kpis.expressions import count_where
from salespulse.model import calendar
from salespulse.model.contract import QUOTA_METRICS
from salespulse.sql import functions as fn

MONEY_METRICS = ("revenue", "bookings")
_KEY = ("rep", "team", "period_start", "period_end", "metric")


@dataclass(frozen=True)
class Plan:
    metric: str
    level: str  # "rep" or "team"


def _quotas(ctx: BuilderContext) -> Any:
    q = ctx.table("quotas")
    q = q.filter(q.period_start.notnull() & q.period_end.notnull())
    q = q.mutate(metric=fn.coalesce(q.metric.lower().strip(), "revenue"))
    # One row per key: a key given twice adds up (the workspace refuses duplicates).
    return q.group_by(list(_KEY)).aggregate(target=q.target.sum())


def _choose_metric(ctx: BuilderContext, present: set[str], allowed: tuple[str, ...]) -> str:
    chosen = ctx.query.filter_values("metric")
    if chosen:
        if len(chosen) > 1:
            raise UserError(f"{ctx.kpi_name} takes one quota metric at a time.")
        if chosen[0] not in allowed:
            raise UserError(
                f"{ctx.kpi_name} cannot use {chosen[0]!r} quotas.",
                fix="Use `where` metric=" + " or metric=".join(allowed) + ".",
                option="where",
            )
        return chosen[0]
    usable = sorted(present & set(allowed))
    if not usable:
        return "revenue" if "revenue" in allowed else allowed[0]
    if "revenue" in usable:
        return "revenue"
    if len(usable) == 1:
        return usable[0]
    raise QuotaDoesNotFit(
        f"The quotas are set on several metrics ({', '.join(usable)}).",
        fix="Choose one with `where` metric=" + " or `where` metric=".join(usable) + ".",
        option="where",
    )


def plan(ctx: BuilderContext, q: Any, allowed: tuple[str, ...] = QUOTA_METRICS) -> Plan:
    """Which metric and level (rep or team) the quotas are read at, refusing a grain
    finer than the quota periods (a quarterly quota cannot be split into months)."""
    summary = ctx.execute(
        q.group_by(q.metric, q.period_start, q.period_end).aggregate(
            reps=count_where(q, q.rep.notnull())
        )
    )
    metric = _choose_metric(ctx, set(summary["metric"]), allowed)
    rows = summary[summary["metric"] == metric]
    level = "rep" if (rows["reps"] > 0).any() or rows.empty else "team"
    grain = ctx.query.period
    if grain != "all":
        for start, end in zip(rows["period_start"], rows["period_end"], strict=True):
            first, last = _as_date(start), _as_date(end)
            nxt = calendar.next_period_start(
                calendar.period_start(first, grain, ctx.settings), grain
            )
            if last >= nxt:
                raise QuotaDoesNotFit(
                    f"There are {metric} quotas from {first} to {last}, longer than a {grain}.",
                    fix="Use a `period` at least as long as the quota periods.",
                    option="period",
                )
    if level == "team":
        bad = [d for d in ctx.query.dims if d != "team"]
        if bad:
            raise QuotaDoesNotFit(
                f"The {metric} quotas here are set per team, so {ctx.kpi_name} cannot be "
                f"broken down or filtered by {bad[0]}.",
                fix="Use `by` team, or import quotas per rep.",
                option="by",
            )
    return Plan(metric, level)


def _as_date(value: Any) -> Any:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _owner(ctx: BuilderContext, t: Any, level: str) -> Any:
    """`t` with `_o`, the quota owner its rows count for (the rep, or the rep's team)."""
    if level == "rep":
        return t.mutate(_o=t.rep)
    t = ctx.with_dims(t, ("team",)) if "team" not in t.columns else t
    return t.mutate(_o=t.team)


def _join_daily(q: Any, daily: Any, **sums: Any) -> Any:
    """Each quota row with `sums` over the daily rows of its owner within its period."""
    j = q.left_join(
        daily, (q._o == daily._do) & (daily._day >= q.period_start) & (daily._day <= q.period_end)
    )
    cols = [c for c in q.columns]
    return j.group_by(cols).aggregate(
        **{name: fn.coalesce(j[col].sum(), 0) for name, col in sums.items()}
    )


def _rows(ctx: BuilderContext, allowed: tuple[str, ...]) -> tuple[Any, Plan]:
    from salespulse import kpis
    from salespulse.kpis.model import Count, Sum

    q = _quotas(ctx)
    p = plan(ctx, q, allowed)
    q = q.filter((q.metric == p.metric) & (q.rep.notnull() if p.level == "rep" else q.rep.isnull()))
    q = q.filter(ctx.in_range(q.period_start))
    q = _owner(ctx, q.drop("team") if p.level == "rep" else q, p.level).drop("metric")

    spec = kpis.get(p.metric).spec
    assert isinstance(spec, Sum | Count) and spec.anchor is not None
    src = ctx.relation(spec.relation)
    if spec.where is not None:
        src = src.filter(spec.where(src))
    anchor = src[spec.anchor]
    value = spec.measure(src) if isinstance(spec, Sum) else fn.literal(1)
    src = _owner(ctx, src.filter(anchor.notnull()), p.level)
    src = src.mutate(_day=periods.as_date(anchor), _v=value)
    daily = src.group_by(_do=src._o, _day=src._day).aggregate(_m=src._v.sum())
    rows = _join_daily(q, daily, actual="_m")
    end_of_month = (rows.period_start + fn.interval(months=1) - fn.interval(days=1)).cast("date")
    rows = rows.mutate(is_month=(rows.period_start.day() == 1) & (rows.period_end == end_of_month))
    return rows, p


def quota_rows(ctx: BuilderContext) -> Any:
    return _rows(ctx, QUOTA_METRICS)[0].drop("_o")


def rep_attainment(ctx: BuilderContext) -> Any:
    """Per rep and requested period: Σ target and Σ actual of the rep's quotas there."""
    rows, p = _rows(ctx, QUOTA_METRICS)
    if p.level != "rep":
        raise QuotaDoesNotFit(
            f"{ctx.kpi_name} needs quotas per rep; the {p.metric} quotas here are per team.",
            fix="Use quota_attainment `by` team, or import quotas per rep.",
            option="by",
        )
    keys: dict[str, Any] = {"rep": rows.rep}
    if ctx.query.period != "all":
        keys["_p"] = ctx.period(rows.period_start)
    agg = rows.group_by(**keys).aggregate(
        period_start=rows.period_start.min(), target=rows.target.sum(), actual=rows.actual.sum()
    )
    return agg.drop("_p") if "_p" in keys else agg


def coverage_rows(ctx: BuilderContext) -> Any:
    """Money quotas with their actual to date and the open pipeline (amount, deals)
    expected to close within their period."""
    rows, p = _rows(ctx, MONEY_METRICS)
    deals = ctx.relation("open_deals")
    deals = _owner(ctx, deals.filter(deals.expected_close.notnull()), p.level)
    daily = deals.group_by(_do=deals._o, _day=deals.expected_close).aggregate(
        _amt=deals.amount.sum(), _cnt=deals.count()
    )
    return _join_daily(rows, daily, pipeline="_amt", open_deals="_cnt").drop("_o")
