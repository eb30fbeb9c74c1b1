"""Expected answers on the golden dataset, each worked out by hand in README.md (the
section named like the case). Values are written as the arithmetic the README does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Case:
    id: str
    kpi: str
    rows: list[Row] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    #: A substring of the expected `UserError` message, for cases that must refuse.
    error: str | None = None


def C(
    id: str, kpi: str, rows: list[Row], settings: dict[str, Any] | None = None, **params: Any
) -> Case:
    return Case(f"{kpi}:{id}", kpi, rows, params, settings or {})


def E(id: str, kpi: str, error: str, **params: Any) -> Case:
    return Case(f"{kpi}:{id}", kpi, [], params, {}, error)


def m(month: str, **row: Any) -> Row:
    """A row of a monthly result: `m("2025-02", value=...)`."""
    return {"period": f"{month}-01", **row}


NONE = None  # an empty cell

CASES: list[Case] = [
    # -- revenue ------------------------------------------------------------------------
    C("all", "revenue", [{"value": 4000, "n": 10, "numerator": NONE}]),
    C(
        "month",
        "revenue",
        [
            m("2025-01", value=600 + 250 + 300 + 200, n=4),
            m("2025-02", value=900 - 50 + 600, n=3),
            m("2025-03", value=300, n=1),
            m("2025-04", value=600 + 300, n=2),
        ],
        period="month",
    ),
    C(
        "week",
        "revenue",
        [
            {"period": "2024-12-30", "value": 600, "n": 1},
            {"period": "2025-01-13", "value": 250, "n": 1},
            {"period": "2025-01-20", "value": 300, "n": 1},
            {"period": "2025-01-27", "value": 200, "n": 1},
            {"period": "2025-02-03", "value": 900, "n": 1},
            {"period": "2025-02-10", "value": -50 + 600, "n": 2},
            {"period": "2025-03-03", "value": NONE, "n": 0},
            {"period": "2025-03-31", "value": 300 + 600, "n": 2},
            {"period": "2025-04-14", "value": 300, "n": 1},
        ],
        period="week",
    ),
    C(
        "region",
        "revenue",
        [
            {"region": "Coast", "value": 200, "n": 1},
            {"region": "North", "value": 600 + 250 + 900 - 50 + 300, "n": 5},
            {"region": "South", "value": 300 + 600 + 600 + 300, "n": 4},
        ],
        by=["region"],
    ),
    C(
        "team-quarter",
        "revenue",
        [
            {"team": "East", "period": "2025-01-01", "value": 2000 + 900, "n": 7},
            {"team": "East", "period": "2025-04-01", "value": 600, "n": 1},
            {"team": "West", "period": "2025-01-01", "value": 200, "n": 1},
            {"team": "West", "period": "2025-04-01", "value": 300, "n": 1},
        ],
        by=["team"],
        period="quarter",
    ),
    C(
        "fiscal-quarter",
        "revenue",
        [
            {"period": "2024-11-01", "value": 1350, "n": 4},
            {"period": "2025-02-01", "value": 1450 + 300 + 900, "n": 6},
        ],
        settings={"fiscal_year_start_month": 2},
        period="quarter",
    ),
    C(
        "sunday-week",
        "revenue",
        [{"period": "2025-03-30", "value": 900, "n": 2}],
        settings={"week_start": "sunday"},
        period="week",
        start="2025-03-29",
        end="2025-04-05",
    ),
    C("range", "revenue", [{"value": 1450 + 300, "n": 4}], start="2025-02-01", end="2025-03-31"),
    C("as-of", "revenue", [{"value": 1350 + 1450 + 300, "n": 8}], as_of="2025-03-31"),
    # -- units --------------------------------------------------------------------------
    C("all", "units", [{"value": 35, "n": 11}]),
    C(
        "month",
        "units",
        [
            m("2025-01", value=2 + 5 + 1 + 4, n=4),
            m("2025-02", value=3 - 1 + 2, n=3),
            m("2025-03", value=10 + 1, n=2),
            m("2025-04", value=2 + 6, n=2),
        ],
        period="month",
    ),
    C(
        "product",
        "units",
        [
            {"product": "Basic", "value": 5 + 4 - 1 + 10 + 6, "n": 5},
            {"product": "Pro", "value": 2 + 1 + 3 + 2 + 1 + 2, "n": 6},
        ],
        by=["product"],
    ),
    # -- orders -------------------------------------------------------------------------
    C("all", "orders", [{"value": 7 + 2, "n": 10}]),
    C(
        "month",
        "orders",
        [
            m("2025-01", value=2 + 1, n=4),
            m("2025-02", value=2, n=2),
            m("2025-03", value=1 + 1, n=2),
            m("2025-04", value=2, n=2),
        ],
        period="month",
    ),
    C(
        "week",
        "orders",
        [
            {"period": "2024-12-30", "value": 1, "n": 1},
            {"period": "2025-01-13", "value": 1, "n": 1},
            {"period": "2025-01-20", "value": 1, "n": 1},
            {"period": "2025-01-27", "value": 1, "n": 1},
            {"period": "2025-02-03", "value": 1, "n": 1},
            {"period": "2025-02-10", "value": 1, "n": 1},
            {"period": "2025-03-03", "value": 1, "n": 1},
            {"period": "2025-03-31", "value": 2, "n": 2},
            {"period": "2025-04-14", "value": 1, "n": 1},
        ],
        period="week",
    ),
    C(
        "rep",
        "orders",
        [
            {"rep": "ann", "value": 3, "n": 4},
            {"rep": "bob", "value": 3, "n": 3},
            {"rep": "cid", "value": 2, "n": 2},
            {"rep": "dee", "value": 1, "n": 1},
        ],
        by=["rep"],
    ),
    C("returns-only", "orders", [{"value": 0, "n": 0}], where={"customer": "Fizz"}),
    # -- largest order -------------------------------------------------------------------
    C("all", "largest_order", [{"value": 900, "n": 7}]),
    C(
        "rep",
        "largest_order",
        [
            {"rep": "ann", "value": 900, "n": 3},
            {"rep": "bob", "value": 600, "n": 3},
            {"rep": "dee", "value": 300, "n": 1},
        ],
        by=["rep"],
    ),
    C(
        "month",
        "largest_order",
        [
            m("2025-01", value=850, n=2),
            m("2025-02", value=900, n=2),
            m("2025-03", value=300, n=1),
            m("2025-04", value=600, n=2),
        ],
        period="month",
    ),
    C("returns-only", "largest_order", [{"value": None, "n": 0}], where={"customer": "Fizz"}),
    # -- average order value -------------------------------------------------------------
    C("all", "avg_order_value", [{"value": 4000 / 8, "numerator": 4000, "denominator": 8, "n": 8}]),
    C(
        "month",
        "avg_order_value",
        [
            m("2025-01", value=1350 / 3, numerator=1350, denominator=3, n=3),
            m("2025-02", value=1450 / 2, numerator=1450, denominator=2, n=2),
            m("2025-03", value=300 / 1, numerator=300, denominator=1, n=1),
            m("2025-04", value=900 / 2, numerator=900, denominator=2, n=2),
        ],
        period="month",
    ),
    C(
        "team",
        "avg_order_value",
        [
            {"team": "East", "value": 3500 / 6, "numerator": 3500, "denominator": 6, "n": 6},
            {"team": "West", "value": 500 / 2, "numerator": 500, "denominator": 2, "n": 2},
        ],
        by=["team"],
    ),
    C(
        "returns-only",
        "avg_order_value",
        [{"value": NONE, "numerator": -50, "denominator": 0, "n": 0}],
        where={"customer": "Fizz"},
    ),
    # -- customers ----------------------------------------------------------------------
    C("all", "active_customers", [{"value": 5, "n": 9}]),
    C(
        "month",
        "active_customers",
        [
            m("2025-01", value=3, n=4),
            m("2025-02", value=2, n=2),
            m("2025-03", value=1, n=1),
            m("2025-04", value=2, n=2),
        ],
        period="month",
    ),
    C(
        "week",
        "active_customers",
        [
            {"period": "2024-12-30", "value": 1, "n": 1},
            {"period": "2025-01-13", "value": 1, "n": 1},
            {"period": "2025-01-20", "value": 1, "n": 1},
            {"period": "2025-01-27", "value": 1, "n": 1},
            {"period": "2025-02-03", "value": 1, "n": 1},
            {"period": "2025-02-10", "value": 1, "n": 1},
            {"period": "2025-03-03", "value": 0, "n": 0},
            {"period": "2025-03-31", "value": 2, "n": 2},
            {"period": "2025-04-14", "value": 1, "n": 1},
        ],
        period="week",
    ),
    C(
        "team",
        "active_customers",
        [{"team": "East", "value": 3, "n": 4 + 3}, {"team": "West", "value": 2, "n": 2}],
        by=["team"],
    ),
    C("all", "new_customers", [{"value": 5, "n": 5}]),
    C(
        "month",
        "new_customers",
        [
            m("2025-01", value=3, n=3),
            m("2025-02", value=0, n=0),
            m("2025-03", value=1, n=1),
            m("2025-04", value=1, n=1),
        ],
        period="month",
    ),
    C("first-sale-before-window", "new_customers", [{"value": 2, "n": 2}], start="2025-02-01"),
    C(
        "as-of",
        "new_customers",
        [m("2025-01", value=3, n=3), m("2025-02", value=0, n=0)],
        period="month",
        as_of="2025-03-15",
    ),
    C(
        "rep-quarter",
        "new_customers",
        [
            {"rep": "ann", "period": "2025-01-01", "value": 2, "n": 2},
            {"rep": "bob", "period": "2025-01-01", "value": 1, "n": 1},
            {"rep": "bob", "period": "2025-04-01", "value": 0, "n": 0},
            {"rep": "cid", "period": "2025-01-01", "value": 1, "n": 1},
            {"rep": "dee", "period": "2025-04-01", "value": 1, "n": 1},
        ],
        by=["rep"],
        period="quarter",
    ),
    # -- average selling price ----------------------------------------------------------
    C(
        "all",
        "avg_selling_price",
        [{"value": 4000 / 25, "numerator": 4000, "denominator": 35 - 10, "n": 10}],
    ),
    C(
        "month",
        "avg_selling_price",
        [
            m("2025-01", value=1350 / 12, numerator=1350, denominator=12, n=4),
            m("2025-02", value=1450 / 4, numerator=1450, denominator=4, n=3),
            m("2025-03", value=300 / 1, numerator=300, denominator=1, n=1),
            m("2025-04", value=900 / 8, numerator=900, denominator=8, n=2),
        ],
        period="month",
    ),
    C(
        "product",
        "avg_selling_price",
        [
            {"product": "Basic", "value": 700 / 14, "numerator": 700, "denominator": 14, "n": 4},
            {"product": "Pro", "value": 3300 / 11, "numerator": 3300, "denominator": 11, "n": 6},
        ],
        by=["product"],
    ),
    # -- discount rate ------------------------------------------------------------------
    C(
        "all",
        "discount_rate",
        [{"value": 500 / 3150, "numerator": 500, "denominator": 3150, "n": 6}],
    ),
    C(
        "month",
        "discount_rate",
        [
            m("2025-01", value=50 / 950, numerator=50, denominator=950, n=2),
            m("2025-02", value=300 / 1150, numerator=300, denominator=1150, n=2),
            m("2025-04", value=150 / 1050, numerator=150, denominator=1050, n=2),
        ],
        period="month",
    ),
    C(
        "rep",
        "discount_rate",
        [
            {"rep": "ann", "value": 300 / 1750, "numerator": 300, "denominator": 1750, "n": 3},
            {"rep": "bob", "value": 200 / 1100, "numerator": 200, "denominator": 1100, "n": 2},
            {"rep": "dee", "value": 0, "numerator": 0, "denominator": 300, "n": 1},
        ],
        by=["rep"],
    ),
    # -- gross margin -------------------------------------------------------------------
    C(
        "all",
        "gross_margin",
        [{"value": 1270 / 3400, "numerator": 1270, "denominator": 3400, "n": 9}],
    ),
    C(
        "month",
        "gross_margin",
        [
            m("2025-01", value=480 / 1350, numerator=480, denominator=1350, n=4),
            m("2025-02", value=550 / 1450, numerator=550, denominator=1450, n=3),
            m("2025-03", value=120 / 300, numerator=120, denominator=300, n=1),
            m("2025-04", value=120 / 300, numerator=120, denominator=300, n=1),
        ],
        period="month",
    ),
    C(
        "product",
        "gross_margin",
        [
            {"product": "Basic", "value": 280 / 700, "numerator": 280, "denominator": 700, "n": 4},
            {"product": "Pro", "value": 990 / 2700, "numerator": 990, "denominator": 2700, "n": 5},
        ],
        by=["product"],
    ),
    # -- consistency --------------------------------------------------------------------
    C(
        "all",
        "consistency",
        [{"value": 275000**0.5 / 1000, "numerator": 275000**0.5, "denominator": 1000, "n": 4}],
    ),
    C(
        "rep",
        "consistency",
        [
            {"rep": "ann", "value": (535000 / 3) ** 0.5 / 500, "denominator": 500, "n": 4},
            {"rep": "bob", "value": 82500**0.5 / 375, "denominator": 375, "n": 4},
            {"rep": "cid", "value": 100 / 50, "denominator": 50, "n": 4},
            {"rep": "dee", "value": 150 / 75, "denominator": 75, "n": 4},
        ],
        by=["rep"],
    ),
    C(
        "quarter",
        "consistency",
        [
            {"period": "2025-01-01", "value": (811666.6666666666 / 2) ** 0.5 / (3100 / 3), "n": 3},
            {"period": "2025-04-01", "value": NONE, "numerator": NONE, "denominator": 900, "n": 1},
        ],
        period="quarter",
    ),
    C(
        "all",
        "units_consistency",
        [
            {
                "value": (38.75 / 3) ** 0.5 / 8.75,
                "numerator": (38.75 / 3) ** 0.5,
                "denominator": 8.75,
                "n": 4,
            }
        ],
    ),
    C(
        "quarter",
        "units_consistency",
        [
            {"period": "2025-01-01", "value": 19**0.5 / 9, "denominator": 9, "n": 3},
            {"period": "2025-04-01", "value": NONE, "denominator": 8, "n": 1},
        ],
        period="quarter",
    ),
    # -- bookings -----------------------------------------------------------------------
    C("all", "bookings", [{"value": 8100, "n": 5}]),
    C(
        "month",
        "bookings",
        [
            m("2025-01", value=1000, n=1),
            m("2025-02", value=2000 + 600, n=2),
            m("2025-04", value=1500 + 3000, n=2),
        ],
        period="month",
    ),
    C(
        "quarter",
        "bookings",
        [
            {"period": "2025-01-01", "value": 3600, "n": 3},
            {"period": "2025-04-01", "value": 4500, "n": 2},
        ],
        period="quarter",
    ),
    C(
        "rep",
        "bookings",
        [
            {"rep": "ann", "value": 6000, "n": 3},
            {"rep": "bob", "value": 1500, "n": 1},
            {"rep": "cid", "value": 600, "n": 1},
        ],
        by="rep",
    ),
    C("as-of", "bookings", [{"value": 3600, "n": 3}], as_of="2025-03-31"),
    # -- deals won / lost ---------------------------------------------------------------
    C("all", "deals_won", [{"value": 5, "n": 5}]),
    C(
        "week",
        "deals_won",
        [
            {"period": p, "value": 1, "n": 1}
            for p in ("2025-01-20", "2025-02-03", "2025-02-10", "2025-03-31", "2025-04-07")
        ],
        period="week",
    ),
    C("all", "deals_lost", [{"value": 3, "n": 3}]),
    C("month", "deals_lost", [m("2025-02", value=1), m("2025-03", value=2)], period="month"),
    # -- win rate -----------------------------------------------------------------------
    C("all", "win_rate", [{"value": 5 / 8, "numerator": 5, "denominator": 8, "n": 8}]),
    C(
        "month",
        "win_rate",
        [
            m("2025-01", value=1.0, numerator=1, denominator=1),
            m("2025-02", value=2 / 3, numerator=2, denominator=3),
            m("2025-03", value=0.0, numerator=0, denominator=2),
            m("2025-04", value=1.0, numerator=2, denominator=2),
        ],
        period="month",
    ),
    C(
        "week",
        "win_rate",
        [
            {"period": "2025-01-20", "numerator": 1, "denominator": 1},
            {"period": "2025-02-03", "numerator": 1, "denominator": 2},
            {"period": "2025-02-10", "numerator": 1, "denominator": 1},
            {"period": "2025-03-10", "numerator": 0, "denominator": 1},
            {"period": "2025-03-31", "numerator": 1, "denominator": 2},
            {"period": "2025-04-07", "numerator": 1, "denominator": 1},
        ],
        period="week",
    ),
    C(
        "quarter",
        "win_rate",
        [
            {"period": "2025-01-01", "value": 3 / 6, "numerator": 3, "denominator": 6},
            {"period": "2025-04-01", "value": 1.0, "numerator": 2, "denominator": 2},
        ],
        period="quarter",
    ),
    C(
        "rep",
        "win_rate",
        [
            {"rep": "ann", "value": 3 / 4, "numerator": 3, "denominator": 4},
            {"rep": "bob", "value": 1 / 2, "numerator": 1, "denominator": 2},
            {"rep": "cid", "value": 1 / 2, "numerator": 1, "denominator": 2},
        ],
        by="rep",
    ),
    C(
        "team",
        "win_rate",
        [
            {"team": "East", "value": 4 / 6, "numerator": 4, "denominator": 6},
            {"team": "West", "value": 1 / 2, "numerator": 1, "denominator": 2},
        ],
        by="team",
    ),
    C(
        "no-closed-deals",
        "win_rate",
        [
            {
                "value": NONE,
                "numerator": 0,
                "denominator": 0,
                "n": 0,
                "ci_low": NONE,
                "ci_high": NONE,
            }
        ],
        where={"rep": "dee"},
    ),
    C(
        "as-of",
        "win_rate",
        [{"value": 3 / 6, "numerator": 3, "denominator": 6}],
        as_of="2025-03-31",
    ),
    C(
        "fiscal-year",
        "win_rate",
        [
            {"period": "2024-04-01", "value": 3 / 6, "numerator": 3, "denominator": 6},
            {"period": "2025-04-01", "value": 1.0, "numerator": 2, "denominator": 2},
        ],
        settings={"fiscal_year_start_month": 4},
        period="year",
    ),
    # -- win rate by value --------------------------------------------------------------
    C(
        "all",
        "win_rate_value",
        [{"value": 8100 / 10100, "numerator": 8100, "denominator": 10100, "n": 8}],
    ),
    C(
        "rep",
        "win_rate_value",
        [
            {"rep": "ann", "value": 6000 / 6500, "n": 4},
            {"rep": "bob", "value": 1500 / 2300, "n": 2},
            {"rep": "cid", "value": 600 / 1300, "n": 2},
        ],
        by="rep",
    ),
    C(
        "month",
        "win_rate_value",
        [
            m("2025-01", value=1.0),
            m("2025-02", value=2600 / 3100),
            m("2025-03", value=0.0, numerator=0, denominator=1500),
            m("2025-04", value=1.0),
        ],
        period="month",
    ),
    # -- close rate ---------------------------------------------------------------------
    C("all", "close_rate", [{"value": 5 / 12, "numerator": 5, "denominator": 12, "n": 12}]),
    C(
        "month",
        "close_rate",
        [
            m("2025-01", numerator=1, denominator=3),
            m("2025-02", numerator=3, denominator=4),
            m("2025-03", numerator=1, denominator=4),
            m("2025-04", numerator=0, denominator=1),
        ],
        period="month",
    ),
    C(
        "quarter",
        "close_rate",
        [
            {"period": "2025-01-01", "numerator": 5, "denominator": 11},
            {"period": "2025-04-01", "numerator": 0, "denominator": 1},
        ],
        period="quarter",
    ),
    C("as-of", "close_rate", [{"numerator": 3, "denominator": 11}], as_of="2025-03-31"),
    # -- average deal size --------------------------------------------------------------
    C("all", "avg_deal_size", [{"value": 1620, "numerator": 8100, "denominator": 5, "n": 5}]),
    C(
        "month",
        "avg_deal_size",
        [m("2025-01", value=1000), m("2025-02", value=1300), m("2025-04", value=2250)],
        period="month",
    ),
    C(
        "rep",
        "avg_deal_size",
        [
            {"rep": "ann", "value": 2000},
            {"rep": "bob", "value": 1500},
            {"rep": "cid", "value": 600},
        ],
        by="rep",
    ),
    # -- cycles -------------------------------------------------------------------------
    C(
        "all",
        "sales_cycle_days",
        [{"value": 14, "mean": 76.25 / 5, "p90": 21 + 0.6 * 20, "n": 5, "numerator": NONE}],
    ),
    C(
        "month",
        "sales_cycle_days",
        [
            m("2025-01", value=14, n=1, p90=14),
            m("2025-02", value=0.125, mean=0.125, p90=0.225, n=2),
            m("2025-04", value=31, mean=31, p90=39, n=2),
        ],
        period="month",
    ),
    C(
        "rep",
        "sales_cycle_days",
        [
            {"rep": "ann", "value": 14, "mean": 35.25 / 3, "p90": 19.6, "n": 3},
            {"rep": "bob", "value": 41, "n": 1},
            {"rep": "cid", "value": 0, "mean": 0, "n": 1},
        ],
        by="rep",
    ),
    C("all", "loss_cycle_days", [{"value": 30, "mean": 140 / 3, "p90": 70, "n": 3}]),
    C(
        "quarter",
        "loss_cycle_days",
        [{"period": "2025-01-01", "value": 30, "n": 3}],
        period="quarter",
    ),
    # -- quotas -------------------------------------------------------------------------
    C(
        "all",
        "quota_attainment",
        [{"value": 3100 / 4300, "numerator": 3100, "denominator": 4300, "n": 9}],
    ),
    C(
        "month",
        "quota_attainment",
        [
            m("2025-01", value=1350 / 1300, numerator=1350, denominator=1300, n=3),
            m("2025-02", value=1450 / 2100, numerator=1450, denominator=2100, n=3),
            m("2025-03", value=300 / 900, numerator=300, denominator=900, n=3),
        ],
        period="month",
    ),
    C(
        "quarter",
        "quota_attainment",
        [{"period": "2025-01-01", "value": 3100 / 4300, "n": 9}],
        period="quarter",
    ),
    C(
        "rep",
        "quota_attainment",
        [
            {"rep": "ann", "value": 2000 / 2300, "n": 3},
            {"rep": "bob", "value": 900 / 1300, "n": 3},
            {"rep": "cid", "value": 200 / 700, "n": 3},
        ],
        by="rep",
    ),
    C(
        "team",
        "quota_attainment",
        [
            {"team": "East", "value": 2900 / 3600, "numerator": 2900, "denominator": 3600, "n": 6},
            {"team": "West", "value": 200 / 700, "n": 3},
        ],
        by="team",
    ),
    C(
        "bookings",
        "quota_attainment",
        [{"rep": "ann", "value": 3000 / 5000}, {"rep": "bob", "value": 1500 / 4000}],
        by="rep",
        where={"metric": "bookings"},
    ),
    E(
        "bookings-by-month",
        "quota_attainment",
        "longer than a month",
        period="month",
        where={"metric": "bookings"},
    ),
    C(
        "team-units",
        "quota_attainment",
        [{"team": "East", "value": 13 / 20, "numerator": 13, "denominator": 20, "n": 1}],
        by="team",
        where={"metric": "units"},
    ),
    E("team-units-by-rep", "quota_attainment", "set per team", by="rep", where={"metric": "units"}),
    C(
        "as-of",
        "quota_attainment",
        [{"value": 2800 / 3400, "numerator": 2800, "denominator": 3400, "n": 6}],
        as_of="2025-02-15",
    ),
    C(
        "month",
        "reps_at_quota",
        [
            m("2025-01", value=1.0, numerator=3, denominator=3),
            m("2025-02", value=0.0, numerator=0, denominator=3),
            m("2025-03", value=0.0, numerator=0, denominator=3),
        ],
        period="month",
    ),
    C(
        "quarter",
        "reps_at_quota",
        [{"period": "2025-01-01", "numerator": 0, "denominator": 3}],
        period="quarter",
    ),
    C(
        "team-month",
        "reps_at_quota",
        [
            {"team": "East", "period": "2025-01-01", "numerator": 2, "denominator": 2},
            {"team": "East", "period": "2025-02-01", "numerator": 0, "denominator": 2},
            {"team": "East", "period": "2025-03-01", "numerator": 0, "denominator": 2},
            {"team": "West", "period": "2025-01-01", "numerator": 1, "denominator": 1},
            {"team": "West", "period": "2025-02-01", "numerator": 0, "denominator": 1},
            {"team": "West", "period": "2025-03-01", "numerator": 0, "denominator": 1},
        ],
        by="team",
        period="month",
    ),
    C(
        "bookings",
        "reps_at_quota",
        [{"numerator": 0, "denominator": 2}],
        where={"metric": "bookings"},
    ),
    C("all", "months_at_quota", [{"value": 3 / 9, "numerator": 3, "denominator": 9}]),
    C(
        "rep",
        "months_at_quota",
        [{"rep": r, "numerator": 1, "denominator": 3} for r in ("ann", "bob", "cid")],
        by="rep",
    ),
    C(
        "month",
        "months_at_quota",
        [
            m("2025-01", numerator=3, denominator=3),
            m("2025-02", numerator=0, denominator=3),
            m("2025-03", numerator=0, denominator=3),
        ],
        period="month",
    ),
    C(
        "quarterly-quotas",
        "months_at_quota",
        [{"value": NONE, "n": 0}],
        where={"metric": "bookings"},
    ),
    # -- pipeline -----------------------------------------------------------------------
    C("all", "pipeline_open", [{"value": 4000 + 2500 + 1200, "n": 3, "without_amount": 1}]),
    C(
        "rep",
        "pipeline_open",
        [
            {"rep": "bob", "value": 4000, "n": 1, "without_amount": 0},
            {"rep": "cid", "value": NONE, "n": 0, "without_amount": 1},
            {"rep": "dee", "value": 2500 + 1200, "n": 2, "without_amount": 0},
        ],
        by="rep",
    ),
    C(
        "as-of",
        "pipeline_open",
        [{"value": 3000 + 1500 + 4000 + 2500, "n": 4, "without_amount": 1}],
        as_of="2025-03-31",
    ),
    E("by-month", "pipeline_open", "cannot be computed by month", period="month"),
    C(
        "all",
        "pipeline_weighted",
        [{"value": 4000 * 0.5 + 2500 * 0.5 + 1200 * 5 / 8, "n": 3, "without_amount": 1}],
    ),
    C(
        "rep",
        "pipeline_weighted",
        [
            {"rep": "bob", "value": 2000},
            {"rep": "cid", "value": NONE, "n": 0},
            {"rep": "dee", "value": 1250 + 750, "n": 2},
        ],
        by="rep",
    ),
    C(
        "stage-setting",
        "pipeline_weighted",
        [{"value": 2000 + 2500 * 0.2 + 750}],
        settings={"stage_probability": {"QUALIFY": 0.2}},
    ),
    C(
        "revenue",
        "pipeline_coverage",
        [{"value": 0.0, "numerator": 0, "denominator": 4300 - 3100, "n": 0}],
    ),
    C(
        "bookings",
        "pipeline_coverage",
        [
            {
                "value": 4000 / 4500,
                "numerator": 4000,
                "denominator": 4500,
                "n": 1,
                "target": 9000,
                "actual": 4500,
            }
        ],
        where={"metric": "bookings"},
    ),
    C(
        "bookings-rep",
        "pipeline_coverage",
        [
            {"rep": "ann", "value": 0.0, "numerator": 0, "denominator": 2000, "n": 0},
            {"rep": "bob", "value": 4000 / 2500, "numerator": 4000, "denominator": 2500, "n": 1},
        ],
        by="rep",
        where={"metric": "bookings"},
    ),
    C(
        "bookings-rep-as-of",
        "pipeline_coverage",
        [
            {"rep": "ann", "value": 3000 / 5000, "n": 1, "actual": 0},
            {"rep": "bob", "value": 5500 / 4000, "n": 2, "actual": 0},
        ],
        by="rep",
        where={"metric": "bookings"},
        as_of="2025-03-31",
    ),
    C(
        "bookings-quarter",
        "pipeline_coverage",
        [{"period": "2025-04-01", "value": 4000 / 4500}],
        period="quarter",
        where={"metric": "bookings"},
    ),
    C(
        "all",
        "sales_velocity",
        [
            {
                "value": 4 * 0.625 * 1620 / 14,
                "numerator": 4050,
                "denominator": 14,
                "n": 8,
                "open_deals": 4,
                "win_rate": 0.625,
                "avg_deal_size": 1620,
                "sales_cycle_days": 14,
            }
        ],
    ),
    C(
        "rep",
        "sales_velocity",
        [
            {"rep": "ann", "value": 0.0, "open_deals": 0, "n": 4, "win_rate": 0.75},
            {"rep": "bob", "value": 1 * 0.5 * 1500 / 41, "open_deals": 1, "n": 2},
            {"rep": "cid", "value": NONE, "numerator": 300, "denominator": 0, "open_deals": 1},
            {"rep": "dee", "value": NONE, "open_deals": 2, "n": 0, "win_rate": NONE},
        ],
        by="rep",
    ),
    C(
        "as-of",
        "sales_velocity",
        [
            {
                "value": 5 * 0.5 * 1200 / 0.25,
                "open_deals": 5,
                "win_rate": 0.5,
                "avg_deal_size": 1200,
                "sales_cycle_days": 0.25,
            }
        ],
        as_of="2025-03-31",
    ),
    # -- leads --------------------------------------------------------------------------
    C("all", "lead_work_rate", [{"value": 6 / 7, "numerator": 6, "denominator": 7}]),
    C(
        "month",
        "lead_work_rate",
        [m("2025-03", numerator=5, denominator=6), m("2025-04", numerator=1, denominator=1)],
        period="month",
    ),
    C(
        "rep",
        "lead_work_rate",
        [
            {"rep": "ann", "numerator": 2, "denominator": 2},
            {"rep": "bob", "numerator": 2, "denominator": 3},
            {"rep": "cid", "numerator": 2, "denominator": 2},
        ],
        by="rep",
    ),
    C(
        "all",
        "speed_to_lead_minutes",
        [
            {
                "value": (30 + 1260) / 2,
                "mean": 5554 / 4,
                "p90": 1260 + 0.7 * 3000,
                "n": 4,
                "within_5_min": 1 / 6,
                "within_60_min": 2 / 6,
                "untouched": 2,
            }
        ],
    ),
    C(
        "month",
        "speed_to_lead_minutes",
        [
            m("2025-03", value=645, n=4, within_5_min=1 / 5, within_60_min=2 / 5, untouched=1),
            m("2025-04", value=NONE, n=0, within_5_min=0.0, within_60_min=0.0, untouched=1),
        ],
        period="month",
    ),
    C(
        "rep",
        "speed_to_lead_minutes",
        [
            {
                "rep": "ann",
                "value": 632,
                "p90": 4 + 0.9 * 1256,
                "n": 2,
                "within_5_min": 0.5,
                "untouched": 0,
            },
            {"rep": "bob", "value": 4260, "n": 1, "within_60_min": 0.0, "untouched": 1},
            {
                "rep": "cid",
                "value": 30,
                "n": 1,
                "within_5_min": 0.0,
                "within_60_min": 0.5,
                "untouched": 1,
            },
        ],
        by="rep",
    ),
    C("all", "touches_per_lead", [{"value": 8 / 6, "numerator": 8, "denominator": 6, "n": 6}]),
    C(
        "month",
        "touches_per_lead",
        [m("2025-03", value=7 / 5), m("2025-04", value=1.0)],
        period="month",
    ),
    C(
        "rep",
        "touches_per_lead",
        [
            {"rep": "ann", "value": 3 / 2},
            {"rep": "bob", "value": 1.0},
            {"rep": "cid", "value": 3 / 2},
        ],
        by="rep",
    ),
    C(
        "all",
        "leads_worked_per_day",
        [{"value": 6 / 22, "numerator": 6, "denominator": 22, "n": 22}],
    ),
    C(
        "month",
        "leads_worked_per_day",
        [
            m("2025-03", value=4 / 21, numerator=4, denominator=21),
            m("2025-04", value=2.0, numerator=2, denominator=1),
        ],
        period="month",
    ),
    C(
        "week",
        "leads_worked_per_day",
        [
            {"period": "2025-03-03", "value": 3 / 5, "denominator": 5},
            {"period": "2025-03-31", "value": 3 / 2, "denominator": 2},
        ],
        period="week",
    ),
    C(
        "rep",
        "leads_worked_per_day",
        [
            {"rep": "ann", "numerator": 2, "denominator": 22},
            {"rep": "bob", "numerator": 1, "denominator": 22},
            {"rep": "cid", "numerator": 3, "denominator": 22},
        ],
        by="rep",
    ),
    C(
        "range",
        "leads_worked_per_day",
        [{"numerator": 4, "denominator": 21}],
        start="2025-03-01",
        end="2025-03-31",
    ),
    # -- activities ---------------------------------------------------------------------
    C("all", "activities", [{"value": 11, "n": 11, "calls": 8, "emails": 2, "meetings": 1}]),
    C(
        "month",
        "activities",
        [
            m("2025-03", value=7, calls=5, emails=2, meetings=0),
            m("2025-04", value=4, calls=3, emails=0, meetings=1),
        ],
        period="month",
    ),
    C(
        "week",
        "activities",
        [{"period": "2025-03-03", "value": 6}, {"period": "2025-03-31", "value": 5}],
        period="week",
    ),
    C(
        "type",
        "activities",
        [
            {"type": "call", "value": 8},
            {"type": "email", "value": 2},
            {"type": "meeting", "value": 1},
        ],
        by="type",
    ),
    C(
        "weekday",
        "activities",
        [
            {"weekday": "monday", "value": 3},
            {"weekday": "saturday", "value": 1},
            {"weekday": "tuesday", "value": 5},
            {"weekday": "wednesday", "value": 2},
        ],
        by="weekday",
    ),
    C(
        "hour",
        "activities",
        [
            {"hour": h, "value": v}
            for h, v in ((7, 1), (9, 3), (10, 3), (11, 1), (14, 1), (15, 1), (16, 1))
        ],
        by="hour",
    ),
    C("where-type", "activities", [{"value": 8}], where={"type": "call"}),
    C("all", "connect_rate", [{"value": 4 / 6, "numerator": 4, "denominator": 6}]),
    C(
        "rep",
        "connect_rate",
        [
            {"rep": "ann", "numerator": 1, "denominator": 2},
            {"rep": "bob", "numerator": 1, "denominator": 1},
            {"rep": "cid", "numerator": 1, "denominator": 2},
            {"rep": "dee", "numerator": 1, "denominator": 1},
        ],
        by="rep",
    ),
    C(
        "month",
        "connect_rate",
        [m("2025-03", numerator=3, denominator=4), m("2025-04", numerator=1, denominator=2)],
        period="month",
    ),
    C(
        "week",
        "connect_rate",
        [
            {"period": "2025-03-03", "numerator": 2, "denominator": 3},
            {"period": "2025-03-31", "numerator": 2, "denominator": 3},
        ],
        period="week",
    ),
    # -- stages -------------------------------------------------------------------------
    C("all", "stage_conversion", [{"value": 7 / 11, "numerator": 7, "denominator": 11}]),
    C(
        "stage",
        "stage_conversion",
        [
            {"stage": "Proposal", "numerator": 3, "denominator": 5},
            {"stage": "Qualify", "numerator": 4, "denominator": 6},
        ],
        by="stage",
    ),
    C(
        "month",
        "stage_conversion",
        [
            m("2025-01", numerator=3, denominator=4),
            m("2025-02", numerator=2, denominator=3),
            m("2025-03", numerator=2, denominator=4),
        ],
        period="month",
    ),
    C(
        "rep",
        "stage_conversion",
        [
            {"rep": "ann", "numerator": 3, "denominator": 4},
            {"rep": "bob", "numerator": 4, "denominator": 6},
            {"rep": "dee", "numerator": 0, "denominator": 1},
        ],
        by="rep",
    ),
    C("as-of", "stage_conversion", [{"numerator": 4, "denominator": 6}], as_of="2025-02-15"),
    C(
        "all",
        "time_in_stage",
        [{"value": 14, "mean": 179.25 / 9, "p90": 31 + 0.2 * 18, "n": 9, "still_in_stage": 2}],
    ),
    C(
        "stage",
        "time_in_stage",
        [
            {
                "stage": "Proposal",
                "value": 19,
                "mean": 87.25 / 4,
                "p90": 28 + 0.7 * 21,
                "n": 4,
                "still_in_stage": 1,
            },
            {
                "stage": "Qualify",
                "value": 14,
                "mean": 92 / 5,
                "p90": 30.6,
                "n": 5,
                "still_in_stage": 1,
            },
        ],
        by="stage",
    ),
    C(
        "month",
        "time_in_stage",
        [
            m("2025-01", value=20, mean=75 / 4, p90=30.7, n=4, still_in_stage=0),
            m("2025-02", value=13, mean=62.25 / 3, p90=13 + 0.8 * 36, n=3, still_in_stage=0),
            m("2025-03", value=21, mean=21, p90=14 + 0.9 * 14, n=2, still_in_stage=2),
        ],
        period="month",
    ),
]
