"""Names beside keys: a KPI broken down by product shows each product's name
(`product_name`, right after `product`) when the products table or the sale lines name
them."""

from __future__ import annotations

from typing import Any

from salespulse.engine.context import Context
from salespulse.sql import functions as fn


def with_product_names(ctx: Context, out: Any) -> Any:
    """`out` (a shaped result) with `product_name` after `product` when names are known."""
    keys = list(ctx.query.keys)
    if "product" not in ctx.query.by:
        return out
    names = _names(ctx)
    if names is None:
        return out
    joined = out.left_join(names, out["product"] == names._n_product).drop("_n_product")
    cols = list(out.columns)
    cols.insert(cols.index("product") + 1, "product_name")
    return joined.select(*cols).order_by(keys)


def _names(ctx: Context) -> Any | None:
    """product → name: the products table's, else the sale lines' own (None when neither
    names any product)."""
    parts = []
    if ctx.has("products"):
        p = ctx.table("products")
        parts.append(p.select(_n_product=p.product, _n_name=p.name, _n_rank=fn.literal(0)))
    if ctx.has("sales"):
        s = ctx.table("sales")
        parts.append(s.select(_n_product=s.product, _n_name=s.product_name, _n_rank=fn.literal(1)))
    if not parts:
        return None
    u = parts[0] if len(parts) == 1 else parts[0].union(parts[1])
    u = u.filter(u._n_name.notnull() & u._n_product.notnull())
    if not int(ctx.execute(u.limit(1).count())):
        return None
    first = u._n_rank.min()
    best = u.group_by("_n_product").aggregate(_n_first=first)
    u = u.inner_join(best, [u._n_product == best._n_product, u._n_rank == best._n_first])
    return u.group_by("_n_product").aggregate(product_name=u._n_name.max())
