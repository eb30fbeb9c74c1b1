"""The open pipeline at the as-of date: open deals with their win probability, and the
sales velocity builder."""

from __future__ import annotations

from typing import Any

from salespulse.engine.arithmetic import aggregate, divide
from salespulse.engine.builder_context import BuilderContext
from salespulse.engine.stage_names import stage_key
from salespulse.kpis.cycle import cycle_days
from salespulse.kpis.expressions import count_where
from salespulse.kpis.model import Velocity
from salespulse.model.settings import stage_key as python_stage_key
from salespulse.sql import functions as fn


def _stage_history(ctx: BuilderContext, deals: Any) -> Any | None:
    """Per stage (by key): of the deals that entered it and closed by the as-of date,
    the share won. None without a deal_stages table."""
    if not ctx.has("deal_stages"):
        return None
    s = ctx.table("deal_stages")
    s = s.filter(ctx.before_as_of(s.entered_at))
    s = s.select(s.deal_id, _hk=stage_key(s.stage, ctx.distinct("deal_stages", "stage")))
    s = s.distinct()
    closed = deals.filter(deals.status.isin(("won", "lost")))
    closed = closed.select(_cd=closed.deal_id, _won=closed.status == "won")
    j = s.join(closed, s.deal_id == closed._cd)
    return j.group_by(j._hk).aggregate(_hrate=divide(count_where(j, j._won), j.count()))


def open_deals(ctx: BuilderContext) -> Any:
    """Deals open at the as-of date."""
    deals = ctx.relation("deals")
    return deals.filter(deals.status == "open")


def weighted_deals(ctx: BuilderContext) -> Any:
    """Deals open at the as-of date with `probability`: the deal's own, else the
    settings' for its stage, else its stage's history, else the overall win rate."""
    deals = ctx.relation("deals")
    t = ctx.relation("open_deals")
    if ctx.execute(t.filter(t.probability.isnull()).count()) == 0:
        return t  # every open deal has its own probability: nothing to look up
    history = _stage_history(ctx, deals)
    if history is not None:
        names = ctx.distinct("deals", "stage")
        t = t.left_join(history, stage_key(t.stage, names) == history._hk).drop("_hk")
    closed = deals.filter(deals.status.isin(("won", "lost")))
    overall = closed.aggregate(
        _orate=divide(count_where(closed, closed.status == "won"), closed.count())
    )
    t = t.cross_join(overall)
    chain = [t.probability]
    configured = {python_stage_key(k): v for k, v in ctx.settings.stage_probability.items()}
    if configured:
        key = stage_key(t.stage)
        chain.append(
            fn.cases(*[(key == k, fn.literal(float(v))) for k, v in sorted(configured.items())])
        )
    if history is not None:
        chain.append(t._hrate)
    chain.append(t._orate)
    t = t.mutate(probability=fn.coalesce(*chain))
    return t.drop(*[c for c in ("_hrate", "_orate") if c in t.columns])


def build_velocity(ctx: BuilderContext, spec: Velocity) -> Any:
    """open deals × win rate × average deal size ÷ median sales cycle, per group: one
    pass over the deals as they stood at the as-of date."""
    deals, keys = ctx.place(ctx.relation("deals"), None)
    won = deals.status == "won"
    agg = aggregate(
        deals,
        keys,
        open_deals=count_where(deals, deals.status == "open"),
        n=count_where(deals, deals.status.isin(("won", "lost"))),
        _won=count_where(deals, won),
        _won_amount=deals.amount.sum(where=won),
        _won_with_amount=deals.amount.count(where=won),
        sales_cycle_days=fn.ifelse(won, cycle_days(deals), fn.null("float64")).median(),
    )
    agg = agg.mutate(
        win_rate=divide(agg._won, agg.n),
        avg_deal_size=divide(agg._won_amount, agg._won_with_amount),
    )
    agg = agg.mutate(numerator=agg.open_deals * agg.win_rate * agg.avg_deal_size)
    return agg.mutate(
        value=divide(agg.numerator, agg.sales_cycle_days), denominator=agg.sales_cycle_days
    ).drop("_won", "_won_amount", "_won_with_amount")
