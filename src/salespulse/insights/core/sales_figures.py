"""A rep's sales lines over a window, from the KPI engine: revenue, customers who bought,
orders, lines sold, and units and revenue per product — the figures a sales-lines
diagnosis compares — with the amounts of the lines sold and the lines of each order, for
the noise tests.

Revenue a month factors exactly into

    customers a month × orders per customer × lines per order × average line value

(customers = `active_customers`; orders and revenue = the numerator and denominator of
`avg_order_value`; lines = the lines sold, the `n` of `orders`). Without a customer
column the first two fold into orders a month. A group's figures are the sums of its
reps' (ratios of sums): a customer two reps sold to counts for each of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse.errors import UserError
from salespulse.insights.core.evidence import Evidence, Rep
from salespulse.insights.core.funnel import deal_owners, exposure_months
from salespulse.insights.core.windows import Window


@dataclass
class SalesFigures:
    """One rep (or a pooled group) over one window of sales lines."""

    rep: str
    months: float
    revenue: float = 0.0
    customers: int | None = None  # None: the sales lines have no customer column
    orders: int = 0
    lines: int = 0
    #: per product: (units, revenue, lines sold)
    products: dict[Any, tuple[float, float, int]] = field(default_factory=dict)
    amounts: list[float] = field(default_factory=list)
    #: the number of lines sold on each order (for the noise test on lines per order)
    order_lines: list[int] = field(default_factory=list)

    @property
    def revenue_per_month(self) -> float:
        return self.revenue / self.months if self.months > 0 else 0.0

    @property
    def customers_per_month(self) -> float | None:
        if self.customers is None or self.months <= 0:
            return None
        return self.customers / self.months

    @property
    def orders_per_month(self) -> float:
        return self.orders / self.months if self.months > 0 else 0.0

    @property
    def orders_per_customer(self) -> float | None:
        return self.orders / self.customers if self.customers else None

    @property
    def lines_per_order(self) -> float | None:
        return self.lines / self.orders if self.orders else None

    @property
    def line_value(self) -> float | None:
        return self.revenue / self.lines if self.lines else None

    @property
    def order_value(self) -> float | None:
        return self.revenue / self.orders if self.orders else None


def sells_by_rep(ev: Evidence) -> bool:
    """True when there are sales lines and some of them name their rep."""

    def compute() -> bool:
        if not ev.has("sales"):
            return False

        def build(ctx: Any) -> Any:
            t = ctx.relation("sales")
            return t.filter(t.rep.notnull()).select("rep").limit(1)

        return bool(ev.rows("sells_by_rep", build))

    return ev.memo(("sells_by_rep",), compute)


def require_sellers(ev: Evidence, needed_for: str) -> None:
    """Refuse, with the way forward, coaching that has nobody to coach: no deals, and sales
    lines that name no rep (coaching is per rep; the reports read such lines by team,
    region or category instead)."""
    if ev.has("deals") or not ev.has("sales") or sells_by_rep(ev):
        return
    raise UserError(
        f"{needed_for} is per rep, and the sale lines name no rep (there are no deals either).",
        fix="Import the sale lines again with their salesperson column mapped onto rep, "
        "replacing the ones stored (docs/importing.md), or import deals. Without reps, the "
        "scorecard, products, bridge, consistency and forecast read the lines by team, region "
        "or category.",
    )


def first_sales(ev: Evidence) -> dict[str, date]:
    """The first day of the month of each rep's first sale line (stands in for the hire
    date when the roster has none: a rep who started selling mid-window is compared per
    month selling)."""

    def compute() -> dict[str, date]:
        from salespulse.model.calendar import day_of

        def build(ctx: Any) -> Any:
            t = ctx.relation("sales")
            return t.group_by(t.rep).aggregate(first=t.date.min())

        out = {}
        for row in ev.rows("first_sales", build):
            rep, day = row["rep"], day_of(row["first"])
            if isinstance(rep, str) and day is not None:
                out[rep] = day.replace(day=1)
        return out

    return ev.memo(("first_sales",), compute)


def sells_elsewhere(ev: Evidence, view: str) -> set[str]:
    """The reps one view of selling leaves out ("deals" or "sales"): those who appear only
    in the other's table. A rep whom sale lines name but no deal does is not diagnosed on
    deals, nor a peer there (and the other way round); a rep on neither (the roster only)
    sold nothing, and is diagnosed on both."""
    owners = deal_owners(ev)
    sold = set(first_sales(ev)) if ev.has("sales") else set()
    return sold - owners if view == "deals" else owners - sold


def selling_months(ev: Evidence, rep: Rep, window: Window) -> float:
    """Months of the window the rep was employed, and selling when no hire date is known."""
    if rep.hire_date is not None:
        return exposure_months(rep, window)
    first = first_sales(ev).get(rep.rep)
    return exposure_months(Rep(rep.rep, rep.name, hire_date=first), window)


def _int(value: Any) -> int:
    return int(value) if value is not None else 0


def collect_sales(
    ev: Evidence, window: Window, reps: Iterable[Rep], as_of: date
) -> dict[str, SalesFigures]:
    """Figures for each rep over `window` (the sales table is required)."""
    ev.require("sales", "A diagnosis on sales lines")
    start, end = window.start, window.end
    out = {r.rep: SalesFigures(r.rep, selling_months(ev, r, window)) for r in reps}
    kw: dict[str, Any] = {"as_of": as_of}
    for rep, row in ev.by_rep("avg_order_value", start, end, **kw).items():
        if rep in out:
            out[rep].revenue = float(row["numerator"] or 0.0)
            out[rep].orders = _int(row["denominator"])
    for rep, row in ev.by_rep("orders", start, end, **kw).items():
        if rep in out:
            out[rep].lines = _int(row["n"])
    customers = ev.by_rep("active_customers", start, end, **kw)
    if any(_int(row["n"]) for row in customers.values()):  # else: no line names a customer
        for rep, f in out.items():
            f.customers = _int(customers.get(rep, {}).get("value"))
    units = ev.kpi("units", by=("product", "rep"), start=start, end=end, as_of=as_of)
    revenue = ev.kpi("revenue", by=("product", "rep"), start=start, end=end, as_of=as_of)
    keys = zip(revenue["product"], revenue["rep"], strict=True)
    money = dict(zip(keys, revenue["value"], strict=True))
    rows = zip(units["product"], units["rep"], units["value"], units["n"], strict=True)
    for p, r, q, n in rows:
        if r in out and q == q and q is not None:
            v = money.get((p, r))
            out[r].products[p] = (float(q), float(v) if v == v and v is not None else 0.0, _int(n))
    _amounts(ev, window, out, as_of)
    return out


def _amounts(ev: Evidence, window: Window, out: dict[str, SalesFigures], as_of: date) -> None:
    """The amounts of the lines sold (quantity > 0, with an amount) in the window, and
    the lines of each order among them (a line without an order number is an order):
    the sale lines as every sales KPI sees them (the engine's `sales` relation: the
    amount worked out where absent, the labels from the products table)."""

    def build(ctx: Any) -> Any:
        t = ctx.relation("sales")
        lines = t.filter(ctx.in_range(t.date) & (t.quantity > 0) & t.amount.notnull())
        return lines.select(lines.rep, lines.amount, lines.order_id)

    rows = ev.rows("sold_amounts", build, start=window.start, end=window.end, as_of=as_of)
    per_order: dict[tuple[str, Any], int] = {}
    for row in rows:
        rep, amount, order = row["rep"], row["amount"], row["order_id"]
        f = out.get(rep)
        if f is not None and amount == amount and amount is not None:
            f.amounts.append(float(amount))
            if isinstance(order, str) and order:
                per_order[(rep, order)] = per_order.get((rep, order), 0) + 1
            else:
                f.order_lines.append(1)
    for (rep, _), n in per_order.items():
        out[rep].order_lines.append(n)


def pooled_sales(group: Iterable[SalesFigures], label: str = "peers") -> SalesFigures:
    """The figures of a group as one: every count and amount summed (ratios of sums)."""
    members = list(group)
    out = SalesFigures(label, sum(f.months for f in members))
    out.revenue = sum(f.revenue for f in members)
    out.orders = sum(f.orders for f in members)
    out.lines = sum(f.lines for f in members)
    customers = [f.customers for f in members]
    out.customers = None if any(c is None for c in customers) else sum(c or 0 for c in customers)
    for f in members:
        for p, (q, v, n) in f.products.items():
            q0, v0, n0 = out.products.get(p, (0.0, 0.0, 0))
            out.products[p] = (q0 + q, v0 + v, n0 + n)
    out.amounts = [a for f in members for a in f.amounts]
    out.order_lines = [n for f in members for n in f.order_lines]
    return out
