"""What was sold: revenue, units and how steady monthly revenue is (orders and customers
are in `orders`, prices, discounts and margins in `pricing`)."""

from __future__ import annotations

from salespulse.kpis.model import KPI, Dispersion, Sum

DESIGN = "DESIGN.md, KPI definitions"

REVENUE = KPI(
    name="revenue",
    label="Revenue",
    unit="money",
    direction="higher",
    area="sales",
    definition=(
        "Sum of sale-line amounts (net of discount). A line without an amount counts "
        "quantity × unit price × (1 − discount) − discount amount; a line with neither "
        "adds nothing (n counts the lines that have one). "
        "Returns (negative lines) are kept and reduce the total."
    ),
    formula="Σ sales.amount",
    spec=Sum(relation="sales", anchor="date", measure=lambda t: t.amount),
    references=(DESIGN,),
)

UNITS = KPI(
    name="units",
    label="Units sold",
    unit="units",
    direction="higher",
    area="sales",
    definition="Sum of quantities sold; returns (negative quantities) reduce the total.",
    formula="Σ sales.quantity",
    spec=Sum(relation="sales", anchor="date", measure=lambda t: t.quantity),
    references=(DESIGN,),
)

CONSISTENCY = KPI(
    name="consistency",
    label="Revenue consistency (CV)",
    unit="number",
    direction="lower",
    area="sales",
    definition=(
        "Coefficient of variation of monthly revenue: the sample standard deviation of "
        "the monthly revenue totals divided by their mean, over the months of each period "
        "that fall inside the window (the query's start and end dates, else the first to "
        "the last month with sales; capped at the as-of date). Months without sales count "
        "as 0. Lower is steadier. Empty with fewer than two months or a mean of 0 or less."
    ),
    formula="stdev(monthly Σ amount) ÷ mean(monthly Σ amount)",
    spec=Dispersion(relation="sales", anchor="date", measure=lambda t: t.amount),
    grains=("quarter", "year", "all"),
    anchor_text="sales.date, by month",
    numerator="sample standard deviation of the monthly revenue",
    denominator="mean monthly revenue",
    references=(DESIGN,),
)

UNITS_CONSISTENCY = KPI(
    name="units_consistency",
    label="Units consistency (CV)",
    unit="number",
    direction="lower",
    area="sales",
    definition=(
        "Coefficient of variation of monthly units sold, computed like consistency (same "
        "window, empty months count as 0); for sales without prices. Lower is steadier."
    ),
    formula="stdev(monthly Σ quantity) ÷ mean(monthly Σ quantity)",
    spec=Dispersion(relation="sales", anchor="date", measure=lambda t: t.quantity),
    grains=("quarter", "year", "all"),
    anchor_text="sales.date, by month",
    numerator="sample standard deviation of the monthly units",
    denominator="mean monthly units",
    references=(DESIGN,),
)

KPIS = (REVENUE, UNITS, CONSISTENCY, UNITS_CONSISTENCY)
