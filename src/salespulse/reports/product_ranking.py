"""Ranking the items sold: best first by revenue (or units), each with its share of the
total and the cumulative share down the list; the Pareto count (how few items make 80%);
and the items below the `top` folded into one "all others" row."""

from __future__ import annotations

from typing import Any

from salespulse.model.wording import plural
from salespulse.reports.product_sales import Sold

#: The share of the total the Pareto sentence counts items up to.
PARETO = 0.8
#: How an item is named, one and many.
NOUNS = {
    "product": ("product", "products"),
    "category": ("category", "categories"),
    "subcategory": ("subcategory", "subcategories"),
}
#: The name of the row that holds the items below the top.
OTHERS = "all others"


def ranked(now: Sold, before: Sold, year_ago: Sold, by: str, measure: str) -> list[dict[str, Any]]:
    """One record per item sold in `now`, best first (ties in key order; items without a
    price last): share and cumulative share of the total `measure`, and the change on the
    previous period and on a year earlier (empty where that period had no sales)."""
    keys = sorted(now.units, key=lambda k: _rank_key(now.value(k, measure), k))
    values = [now.value(k, measure) for k in keys]
    total = sum(v for v in values if v is not None)
    running = 0.0
    records = []
    for rank, (key, value) in enumerate(zip(keys, values, strict=True), 1):
        share = cumulative = None
        if value is not None and total > 0:
            running += value
            share, cumulative = value / total, running / total
        previous, last_year = before.value(key, measure), year_ago.value(key, measure)
        records.append(
            {
                "rank": rank,
                by: key,
                "name": now.names.get(key) if by == "product" else key,
                "revenue": now.revenue.get(key),
                "units": now.units[key],
                "share": share,
                "cumulative_share": cumulative,
                "previous": previous,
                "change": _minus(value, previous),
                "year_ago": last_year,
                "change_year": _minus(value, last_year),
            }
        )
    return records


def pareto_count(records: list[dict[str, Any]]) -> int | None:
    """How many items, best first, make `PARETO` (80%) of the total; None without a
    positive total."""
    for record in records:
        cumulative = record["cumulative_share"]
        if cumulative is not None and cumulative >= PARETO - 1e-12:
            return int(record["rank"])
    return None


def pareto_line(count: int | None, items: int, by: str, measure: str) -> str | None:
    """ "37 of 1,850 products make 80% of revenue"."""
    if count is None:
        return None
    one, many = NOUNS[by]
    verb = "makes" if count == 1 else "make"
    what = "revenue" if measure == "revenue" else "units sold"
    return f"{count:,} of {plural(items, one, many)} {verb} {PARETO:.0%} of {what}"


def fold(
    records: list[dict[str, Any]], top: int | None
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The `top` records and one "all others" record summing the rest (None if none)."""
    if top is None or len(records) <= top:
        return records, None
    rest = records[top:]
    others: dict[str, Any] = {"items": len(rest), "name": OTHERS}
    for figure in ("revenue", "units", "share", "previous", "change", "year_ago", "change_year"):
        present = [r[figure] for r in rest if r[figure] is not None]
        others[figure] = sum(present) if present else None
    shares = [r["cumulative_share"] for r in rest if r["cumulative_share"] is not None]
    others["cumulative_share"] = shares[-1] if shares else None
    return records[:top], others


def _rank_key(value: float | None, key: Any) -> tuple[bool, float, bool, str]:
    return value is None, -(value or 0.0), key is None, str(key)


def _minus(value: float | None, before: float | None) -> float | None:
    return None if value is None or before is None else value - before
