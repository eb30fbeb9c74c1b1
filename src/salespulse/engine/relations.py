"""The relations KPIs are computed over (see `kpis.model.RELATIONS`): contract tables
as they stood at the as-of date, and tables derived from several of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from salespulse.engine.builder_context import BuilderContext
from salespulse.engine.stage_names import stage_status
from salespulse.kpis.relations import PRODUCT_DIMENSIONS
from salespulse.model.settings import WEEKDAYS
from salespulse.sql import functions as fn


def sales(ctx: BuilderContext) -> Any:
    """Sale lines up to the as-of date, with an amount on every priced line and, when the
    query needs them, the category and subcategory of the line's product."""
    t = ctx.table("sales")
    t = t.filter(ctx.before_as_of(t.date))
    net = t.quantity * t.unit_price * (1 - fn.coalesce(t.discount, 0)) - fn.coalesce(
        t.discount_amount, 0
    )
    t = t.mutate(amount=fn.coalesce(t.amount, net))
    if any(d in PRODUCT_DIMENSIONS for d in ctx.query.dims) and ctx.has("products"):
        p = product_labels(ctx)
        t = t.left_join(p, t.product == p._p_product)
        t = t.mutate(
            category=fn.coalesce(t.category, t._p_category),
            subcategory=fn.coalesce(t.subcategory, t._p_subcategory),
        ).drop("_p_product", "_p_category", "_p_subcategory", "_p_name")
    return t


def product_labels(ctx: BuilderContext) -> Any:
    """One row per product of the products table: `_p_product`, `_p_name`, `_p_category`
    (named through the categories table when that has the code), `_p_subcategory`."""
    p = ctx.table("products")
    p = p.group_by(_p_product=p.product).aggregate(
        _p_name=p.name.max(), _p_category=p.category.max(), _p_subcategory=p.subcategory.max()
    )
    if ctx.has("categories"):
        c = ctx.table("categories")
        c = c.group_by(_c_code=c.category).aggregate(_c_name=c.name.max())
        p = p.left_join(c, p._p_category == c._c_code)
        p = p.mutate(_p_category=fn.coalesce(p._c_name, p._p_category)).drop("_c_code", "_c_name")
    return p


def deals(ctx: BuilderContext) -> Any:
    """Deals as they stood at the end of the as-of day: those created later are left
    out, and those closed later are open again (without a close date)."""
    t = ctx.table("deals")
    end_lit = ctx.as_of_end()
    if end_lit is None:
        return t
    t = t.filter(t.created_at.isnull() | (t.created_at < end_lit))
    reopened = t.status.isin(("won", "lost")) & (t.closed_at >= end_lit)
    return t.mutate(
        status=fn.ifelse(reopened, "open", t.status),
        closed_at=fn.ifelse(reopened, fn.null("timestamp"), t.closed_at),
    )


def activities(ctx: BuilderContext) -> Any:
    t = ctx.table("activities")
    t = t.filter(ctx.before_as_of(t.at))
    t = t.mutate(
        direction=fn.coalesce(t.direction.lower().strip(), "outbound"),
        type=t.type.lower().strip(),
        outcome=t.outcome.lower().strip(),
    )
    dims = ctx.query.dims
    if "hour" in dims:
        t = t.mutate(hour=t.at.hour())
    if "weekday" in dims:
        index = t.at.day_of_week.index()
        t = t.mutate(weekday=fn.cases(*[(index == i, name) for i, name in enumerate(WEEKDAYS)]))
    return t


def leads(ctx: BuilderContext) -> Any:
    """Leads, each with its touches (outbound activities on it, up to the as-of date)
    and the first touch at or after its arrival (`first_response_at`): one join of the
    leads with their touches, one aggregation."""
    lead = ctx.table("leads")
    lead = lead.filter(ctx.before_as_of(lead.created_at)).select(
        "lead_id", "created_at", "rep", "source", inbound=fn.coalesce(lead.inbound, True)
    )
    act = activities(ctx)
    touch = act.filter((act.direction == "outbound") & act.lead_id.notnull())
    touch = touch.select(_t_lead=touch.lead_id, _t_at=touch.at)
    j = lead.left_join(touch, lead.lead_id == touch._t_lead)
    answer = fn.ifelse(j._t_at >= j.created_at, j._t_at, fn.null("timestamp"))
    return j.group_by(["lead_id", "created_at", "rep", "source", "inbound"]).aggregate(
        touches=j._t_at.count(), first_response_at=answer.min()
    )


DEAL_DIMS = ("rep", "product", "customer", "source")


def stage_entries(ctx: BuilderContext) -> Any:
    """Each stage entry (up to the as-of date) with the deal's next entry after it, the
    won/lost/open status of both stages, and the deal's rep, product, customer, source
    when the query needs them."""
    s = ctx.table("deal_stages")
    s = s.filter(ctx.before_as_of(s.entered_at))
    w = fn.window(group_by=s.deal_id, order_by=[s.entered_at, s.stage])
    s = s.mutate(next_entered_at=s.entered_at.lead().over(w), next_stage=s.stage.lead().over(w))
    names = ctx.distinct("deal_stages", "stage")
    s = s.mutate(
        stage_status=stage_status(s.stage, ctx.settings, names),
        next_status=stage_status(s.next_stage, ctx.settings, names),
    )
    wanted = [d for d in DEAL_DIMS if d in ctx.query.dims] or (
        ["rep"] if any(d in ("team", "manager", "region") for d in ctx.query.dims) else []
    )
    if wanted:
        d = deals(ctx)
        d = d.select(_d_id=d.deal_id, **{d_: d[d_] for d_ in wanted})
        s = s.left_join(d, s.deal_id == d._d_id).drop("_d_id")
    return s


def _builders() -> dict[str, Callable[[BuilderContext], Any]]:
    from salespulse.engine import pipeline, quota, sale_lines

    return {
        "sales": sales,
        "customer_sales": sale_lines.customer_sales,
        "costed_sales": sale_lines.costed_sales,
        "deals": deals,
        "open_deals": pipeline.open_deals,
        "weighted_deals": pipeline.weighted_deals,
        "leads": leads,
        "activities": activities,
        "stage_entries": stage_entries,
        "quota_rows": quota.quota_rows,
        "rep_attainment": quota.rep_attainment,
        "coverage_rows": quota.coverage_rows,
    }


class _Lazy(dict[str, Callable[[BuilderContext], Any]]):
    def __missing__(self, key: str) -> Callable[[BuilderContext], Any]:
        builders = _builders()
        self.update(builders)
        return builders[key]


BUILDERS: dict[str, Callable[[BuilderContext], Any]] = _Lazy()
