"""Relations derived from the sale lines (see `kpis.relations`): each line with its
customer's first sale (new customers), and each line with its profit (gross margin).
Both start from the `sales` relation, so they see the lines as they stood at the as-of
date, with the amounts and product labels every sales KPI sees."""

from __future__ import annotations

from typing import Any

from salespulse.engine.builder_context import BuilderContext
from salespulse.sql import functions as fn


def customer_sales(ctx: BuilderContext) -> Any:
    """Sale lines with a customer, each with `first_sale`: the day of its customer's
    earliest line with a positive quantity, over every stored line up to the as-of date
    (not only the query's dates: a customer who bought before the window is not new)."""
    t = ctx.relation("sales")
    t = t.filter(t.customer.notnull())
    sold = t.filter(t.quantity > 0)
    first = sold.group_by(_f_customer=sold.customer).aggregate(first_sale=sold.date.min())
    return t.left_join(first, t.customer == first._f_customer).drop("_f_customer")


def costed_sales(ctx: BuilderContext) -> Any:
    """Sale lines with `profit`: amount − cost where the line has a cost, else its own
    profit, else margin × amount, else amount − quantity × its product's cost per unit
    (the products table); empty where none of these is known."""
    t = ctx.relation("sales")
    if ctx.has("products"):
        p = ctx.table("products")
        p = p.group_by(_c_product=p.product).aggregate(_c_cost=p.cost.max())
        t = t.left_join(p, t.product == p._c_product).drop("_c_product")
    else:
        t = t.mutate(_c_cost=fn.null("float64"))
    profit = fn.coalesce(
        t.amount - t.cost, t.profit, t.margin * t.amount, t.amount - t.quantity * t._c_cost
    )
    return t.mutate(profit=profit).drop("_c_cost")
