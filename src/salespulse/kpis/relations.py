"""The relations KPIs are computed over — canonical tables, or tables derived from
several — and the dimensions each can be broken down by. The engine builds each relation
(`engine/relations.py`, `engine/quota.py`, `engine/pipeline.py`); docs and query checks
read this declaration."""

from __future__ import annotations

from dataclasses import dataclass

#: Dimensions a query can break a KPI down by.
DIMENSIONS = (
    "rep",
    "team",
    "manager",
    "region",
    "product",
    "category",
    "subcategory",
    "customer",
    "country",
    "source",
    "channel",
    "stage",
    "type",
    "hour",
    "weekday",
)
#: Dimensions that come from the reps table when a relation has a rep but not them.
REP_DIMENSIONS = ("team", "manager", "region")
#: Dimensions of sale lines that come from the products table where a line has none
#: (a category code is named through the categories table).
PRODUCT_DIMENSIONS = ("category", "subcategory")


@dataclass(frozen=True)
class Relation:
    """A table the KPIs are computed over: a canonical table or one derived from several."""

    name: str
    tables: tuple[str, ...]
    dims: tuple[str, ...]
    meaning: str


_SALES_DIMS = (
    "rep",
    "team",
    "manager",
    "region",
    "product",
    *PRODUCT_DIMENSIONS,
    "customer",
    "country",
    "channel",
)
_DEAL_DIMS = ("rep", "team", "manager", "region", "product", "customer", "source")
_QUOTA_DIMS = ("rep", "team", "manager", "region")

RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        Relation(
            "sales",
            ("sales",),
            _SALES_DIMS,
            "sale lines; amount is quantity × unit_price × (1 − discount) − "
            "discount_amount where absent; region is the line's own, else the rep's; "
            "category and subcategory the line's own, else its product's (products table, "
            "a category code named by the categories table)",
        ),
        Relation(
            "customer_sales",
            ("sales",),
            _SALES_DIMS,
            "sale lines with a customer, each with the day of that customer's first sale "
            "(its earliest line with a positive quantity among all stored sales up to the "
            "as-of date, whatever the query's dates)",
        ),
        Relation(
            "costed_sales",
            ("sales",),
            _SALES_DIMS,
            "sale lines with their profit: amount − cost where the line has a cost, else "
            "its profit, else margin × amount, else amount − quantity × its product's "
            "cost per unit (products table)",
        ),
        Relation("deals", ("deals",), _DEAL_DIMS, "deals, one row each"),
        Relation(
            "open_deals",
            ("deals",),
            _DEAL_DIMS,
            "deals open at the as-of date (created by then, not closed by then)",
        ),
        Relation(
            "weighted_deals",
            ("deals",),
            _DEAL_DIMS,
            "deals open at the as-of date, each with its win probability",
        ),
        Relation(
            "leads",
            ("leads", "activities"),
            ("rep", "team", "manager", "region", "source"),
            "leads, each with its outbound activities (touches) and the first one",
        ),
        Relation(
            "activities",
            ("activities",),
            ("rep", "team", "manager", "region", "type", "hour", "weekday"),
            "activities; direction defaults to outbound",
        ),
        Relation(
            "stage_entries",
            ("deal_stages",),
            ("stage", *_DEAL_DIMS),
            "each time a deal entered a stage, with the entry that followed it",
        ),
        Relation(
            "quota_rows",
            ("quotas",),
            _QUOTA_DIMS,
            "quotas of one metric, each with the actual of that metric over its period",
        ),
        Relation(
            "rep_attainment",
            ("quotas",),
            _QUOTA_DIMS,
            "per rep and requested period: the rep's summed quota targets and actuals",
        ),
        Relation(
            "coverage_rows",
            ("quotas", "deals"),
            _QUOTA_DIMS,
            "money quotas with actual to date and the open pipeline expected to close in "
            "their period",
        ),
    )
}
