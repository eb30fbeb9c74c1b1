"""Price, discount and margin on the sale lines: what a unit sold for, how much was taken
off the list price, and how much of the revenue is gross profit. Each is a ratio of sums
over the lines that carry what it needs; the others are left out of both sides."""

from __future__ import annotations

from typing import Any

from salespulse.kpis.model import KPI, Ratio

DESIGN = "DESIGN.md, KPI definitions"


def list_value(t: Any) -> Any:
    """A line's value at list price: quantity × unit price; without a unit price, its
    amount plus the amount off, divided by (1 − its rate) — the amount's own formula
    turned round. Empty when neither is known."""
    from salespulse.sql import functions as fn

    rate_kept = (1 - fn.coalesce(t.discount, 0)).nullif(0)
    grossed_up = (t.amount + fn.coalesce(t.discount_amount, 0)) / rate_kept
    return fn.coalesce(t.quantity * t.unit_price, grossed_up)


def _discounted(t: Any) -> Any:
    """Lines that record a discount (a rate or an amount off, 0 included) and whose list
    value and amount are known."""
    recorded = t.discount.notnull() | t.discount_amount.notnull()
    return recorded & list_value(t).notnull() & t.amount.notnull()


AVG_SELLING_PRICE = KPI(
    name="avg_selling_price",
    label="Average selling price",
    short_label="Avg price",
    unit="money",
    direction="higher",
    area="sales",
    definition=(
        "Revenue divided by units sold, over the lines with an amount: what a unit sold for "
        "on average, net of discounts. Returns count on both sides (they take back their "
        "revenue and their units). Lines without an amount (no price) are left out of both. "
        "Empty when those units add up to 0; n counts the lines."
    ),
    formula="Σ sales.amount ÷ Σ sales.quantity, over lines with an amount",
    spec=Ratio(
        relation="sales",
        anchor="date",
        numerator=lambda t: t.amount.sum(),
        denominator=lambda t: t.quantity.sum(),
        n=lambda t: t.count(),
        where=lambda t: t.amount.notnull(),
    ),
    numerator="revenue",
    denominator="units sold",
    references=(DESIGN,),
)

DISCOUNT_RATE = KPI(
    name="discount_rate",
    label="Discount rate",
    short_label="Discount",
    unit="ratio",
    direction="lower",
    area="sales",
    definition=(
        "Money taken off the list price, as a share of the value at list price, over the "
        "lines that record a discount (a rate or an amount off, 0 included); lines without "
        "discount information are left out of both sides (n counts the lines that count). "
        "A line's value at list price is quantity × unit price; without a unit price, its "
        "amount plus the amount off, divided by (1 − its rate). The money taken off is that "
        "value minus the line's amount, so revenue is list value less money off. Returns "
        "count on both sides."
    ),
    formula="Σ (quantity × unit_price − amount) ÷ Σ quantity × unit_price, lines with a discount",
    spec=Ratio(
        relation="sales",
        anchor="date",
        numerator=lambda t: (list_value(t) - t.amount).sum(),
        denominator=lambda t: list_value(t).sum(),
        n=lambda t: t.count(),
        where=_discounted,
    ),
    numerator="money taken off (value at list price − amount)",
    denominator="value at list price",
    references=(DESIGN,),
)

GROSS_MARGIN = KPI(
    name="gross_margin",
    label="Gross margin",
    short_label="Margin",
    unit="ratio",
    direction="higher",
    area="sales",
    definition=(
        "Gross profit as a share of revenue, over the lines whose profit is known: amount − "
        "cost where the line has a cost, else the line's profit, else its margin × amount, "
        "else amount − quantity × its product's cost per unit (the products table). Lines "
        "without any of these, or without an amount, are left out of both sides (n counts "
        "the lines that count). Returns count on both sides."
    ),
    formula="Σ (sales.amount − sales.cost) ÷ Σ sales.amount, over lines with a cost",
    spec=Ratio(
        relation="costed_sales",
        anchor="date",
        numerator=lambda t: t.profit.sum(),
        denominator=lambda t: t.amount.sum(),
        n=lambda t: t.count(),
        where=lambda t: t.profit.notnull() & t.amount.notnull(),
    ),
    also_needs="optionally `products` (the cost per unit of lines without their own)",
    numerator="gross profit",
    denominator="revenue of those lines",
    references=(DESIGN,),
)

KPIS = (AVG_SELLING_PRICE, DISCOUNT_RATE, GROSS_MARGIN)
