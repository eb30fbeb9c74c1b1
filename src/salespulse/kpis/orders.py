"""Orders and customers on the sale lines: how many orders, what an order is worth, how
many customers bought and how many bought for the first time.

A sale here is a line with a positive quantity: a return (a negative quantity) takes its
revenue back but is neither an order nor a purchase by its customer."""

from __future__ import annotations

from typing import Any

from salespulse.kpis.expressions import count_distinct
from salespulse.kpis.model import KPI, Distinct, Largest, Ratio

DESIGN = "DESIGN.md, KPI definitions"


def sold(t: Any) -> Any:
    """A line that sold something (not a return)."""
    return t.quantity > 0


def orders_among(t: Any) -> Any:
    """The orders of the lines of `t` sold: distinct order numbers, and each line sold
    without one counts as an order of its own."""
    return count_distinct(t, t.order_id, among=sold(t), each_missing=True)


ORDERS = KPI(
    name="orders",
    label="Orders",
    unit="count",
    direction="higher",
    area="sales",
    definition=(
        "Number of distinct orders (order numbers) with at least one line sold (a positive "
        "quantity) in the period. A line without an order number counts as one order on "
        "its own. Returns (negative quantities) are not orders: they reduce revenue, not "
        "the order count. An order counts once in each period and group its lines fall in "
        "(by product, once for each product on it), and once in the total; n counts the "
        "lines sold."
    ),
    formula="count(distinct order_id) + count(lines without order_id), lines with quantity > 0",
    spec=Distinct(
        relation="sales", anchor="date", key=lambda t: t.order_id, where=sold, each_missing=True
    ),
    references=(DESIGN,),
)

AVG_ORDER_VALUE = KPI(
    name="avg_order_value",
    label="Average order value",
    short_label="Order value",
    unit="money",
    direction="higher",
    area="sales",
    definition=(
        "Revenue divided by orders, over the lines with an amount: their revenue (net of "
        "discounts and returns) over their orders, counted as for orders (a line without "
        "an order number is an order of its own; returns are not orders). Both sides are "
        "summed for the whole period and group, then divided, never averaged over orders "
        "or groups. Lines without an amount (no price) are left out of both. Empty without "
        "an order; n counts the orders."
    ),
    formula="Σ sales.amount ÷ orders, over lines with an amount",
    spec=Ratio(
        relation="sales",
        anchor="date",
        numerator=lambda t: t.amount.sum(),
        denominator=orders_among,
        n=orders_among,
        where=lambda t: t.amount.notnull(),
    ),
    numerator="revenue",
    denominator="orders",
    references=(DESIGN,),
)

LARGEST_ORDER = KPI(
    name="largest_order",
    label="Largest order",
    short_label="Top order",
    unit="money",
    direction="higher",
    area="sales",
    definition=(
        "The revenue of the largest single order in the period: the amounts of an order's "
        "lines sold (positive quantities) in the period, summed per order number, and the "
        "largest of those sums. Lines without an order number or an amount are left out; "
        "returns are not part of an order. n counts the orders."
    ),
    formula="max over order_id of Σ sales.amount, lines with quantity > 0",
    spec=Largest(
        relation="sales",
        anchor="date",
        key=lambda t: t.order_id,
        measure=lambda t: t.amount,
        where=lambda t: sold(t) & t.amount.notnull(),
    ),
    references=(DESIGN,),
)

ACTIVE_CUSTOMERS = KPI(
    name="active_customers",
    label="Active customers",
    short_label="Customers",
    unit="count",
    direction="higher",
    area="sales",
    definition=(
        "Number of distinct customers who bought in the period: with at least one line "
        "sold (a positive quantity); a customer whose only lines are returns is not "
        "counted. Lines without a customer are left out (n counts the lines that count). "
        "A customer counts once in each group it bought in (by rep, by product) and once in "
        "the total."
    ),
    formula="count(distinct customer), lines with quantity > 0",
    spec=Distinct(relation="sales", anchor="date", key=lambda t: t.customer, where=sold),
    references=(DESIGN,),
)


def _first_sale_customer(t: Any) -> Any:
    """The line's customer on the day of that customer's first sale, else empty."""
    from salespulse.sql import functions as fn

    return fn.ifelse(t.date == t.first_sale, t.customer, fn.null("string"))


NEW_CUSTOMERS = KPI(
    name="new_customers",
    label="New customers",
    unit="count",
    direction="higher",
    area="sales",
    definition=(
        "Number of customers whose first purchase ever falls in the period: the day of a "
        "customer's earliest line sold (a positive quantity), among all stored sales up to "
        "the as-of date and not only those between the query's start and end dates. A "
        "customer who bought before the start date is not new. Broken down by rep, product "
        "or region, a new customer counts where the lines of its first day were (for both "
        "reps, if two sold to it that day), and once in the total. Lines without a customer "
        "are left out; n counts the lines of those first days."
    ),
    formula="count(distinct customer whose min(date, lines with quantity > 0) is in the period)",
    spec=Distinct(relation="customer_sales", anchor="date", key=_first_sale_customer, where=sold),
    anchor_text="sales.date of the customer's first sale",
    references=(DESIGN,),
)

KPIS = (ORDERS, AVG_ORDER_VALUE, LARGEST_ORDER, ACTIVE_CUSTOMERS, NEW_CUSTOMERS)
