"""The products report: what sold in a period, ranked by revenue (by units where the
sales have no prices), each item with its share, its cumulative share (the Pareto line:
"37 of 1,850 products make 80% of revenue"), the change on the previous period and on
the same period a year earlier; under `top` the rest folded into "all others"; the
movers beyond noise and the new and lost items (`reports.product_movers`).

Every number is a `revenue` or `units` query for one window (`reports.product_sales`),
so `salespulse kpi revenue --by product --from ... --to ...` reproduces each of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.data_end import data_end
from salespulse.errors import UserError
from salespulse.model.calendar import Grain
from salespulse.model.periods import Window
from salespulse.model.wording import plural
from salespulse.reports.product_movers import Movers, movers
from salespulse.reports.product_ranking import NOUNS, fold, pareto_count, pareto_line, ranked
from salespulse.reports.product_sales import Sold, first_days, sold, window_of, year_earlier

#: The figures of each item, after its key and name.
FIGURES = (
    "revenue",
    "units",
    "share",
    "cumulative_share",
    "previous",
    "change",
    "year_ago",
    "change_year",
)


@dataclass
class ProductReport:
    """The items sold in `window`, ranked by `measure` ("revenue", or "units" without
    prices): `records` (the `top` first, or all), the rest in `others`, the totals, the
    Pareto sentence, the movers against `compared` (the previous period) and notes."""

    by: str
    window: Window
    compared: Window
    year_ago: Window
    measure: str
    records: list[dict[str, Any]]
    items: int
    revenue: float | None
    units: float
    others: dict[str, Any] | None = None
    pareto: str | None = None
    pareto_count: int | None = None
    movers: Movers = field(default_factory=Movers)
    notes: list[str] = field(default_factory=list)
    where: dict[str, Any] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return ["rank", self.by, "name", *FIGURES]


def products(
    engine: Engine,
    by: str = "product",
    period: Grain | Window = "month",
    top: int | None = None,
    where: dict[str, Any] | None = None,
    as_of: date | None = None,
) -> ProductReport:
    """The products report for `period` (a grain: its latest complete period)."""
    if not engine.source.has("sales"):
        raise UserError(
            "The workspace holds no sales lines yet.",
            fix="Import them (salespulse import sales FILE: date, product, quantity) or try: "
            "salespulse demo",
        )
    end = as_of or data_end(engine)
    if end is None:
        raise UserError("The sales table is empty.", fix="Import sales lines first.")
    w = window_of(period, end, engine.settings)
    filters = dict(where or {})
    now = sold(engine, by, w, filters, as_of)
    _check(now, by, w, end, filters)
    days_now = (min(w.end, end) - w.start).days + 1
    # A period not over is compared with the same first days of the others.
    so_far = days_now if w.end > end else None
    before = sold(engine, by, first_days(w.previous(), so_far), filters, as_of)
    year_ago = sold(
        engine, by, first_days(year_earlier(w, engine.settings), so_far), filters, as_of
    )
    measure = "revenue" if now.priced else "units"
    records = ranked(now, before, year_ago, by, measure)
    count = pareto_count(records)
    shown, others = fold(records, top)
    report = ProductReport(
        by=by,
        window=w,
        compared=before.window,
        year_ago=year_ago.window,
        measure=measure,
        records=shown,
        items=len(records),
        revenue=sum(v for v in now.revenue.values() if v is not None) if now.priced else None,
        units=sum(now.units.values()),
        others=others,
        pareto=pareto_line(count, len(records), by, measure),
        pareto_count=count,
        movers=movers(now, before, measure, days_now),
        where=filters,
    )
    report.notes = _notes(report, now, before, year_ago, end)
    return report


def top_count(top: Any) -> int | None:
    """`top` as a count of items (None: all of them), else a `UserError`."""
    if top is None:
        return None
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise UserError(
            f"`top` {top!r} is not a number of items.", fix="Use 1 or more.", option="top"
        )
    return top


def _check(now: Sold, by: str, w: Window, end: date, where: dict[str, Any]) -> None:
    if not now.any:
        scope = " with " + "; ".join(f"{k} {_listed(v)}" for k, v in where.items()) if where else ""
        raise UserError(
            f"Nothing was sold in {w.label}{scope}.",
            fix=f"Choose another `period` (the data ends on {end})"
            + (" or loosen `where`." if where else "."),
            option="period",
        )
    if by != "product" and all(k is None for k in now.units):
        raise UserError(
            f"No sale line in {w.label} has a {by}, nor does its product.",
            fix=f"Import the products with their {by} (salespulse import products FILE: "
            f"product, name, category, subcategory), or use `by` product.",
            option="by",
        )


def _days(count: int) -> str:
    return "day" if count == 1 else f"{count:,} days"


def _listed(value: Any) -> str:
    return str(value) if isinstance(value, str | int) else " or ".join(map(str, value))


def _notes(report: ProductReport, now: Sold, before: Sold, year_ago: Sold, end: date) -> list[str]:
    w = report.window
    notes = []
    if w.end > end:
        notes.append(
            f"{w.label} is not over: the data ends on {end}, so it is compared with the "
            f"first {_days((end - w.start).days + 1)} of the other periods."
        )
    if report.measure == "units":
        notes.append("The sales have no prices: items are ranked by units sold.")
    if report.pareto is None:
        notes.append(f"Returns outweigh sales in {w.label}: there are no shares to give.")
    unpriced = sum(1 for v in now.revenue.values() if v is None)
    if unpriced and report.measure == "revenue":
        sold_as = plural(unpriced, *NOUNS[report.by])
        notes.append(f"{sold_as} sold without a price: their revenue is unknown (ranked last).")
    for other, what in ((before, "the previous period"), (year_ago, "a year earlier")):
        if not other.any:
            notes.append(f"Nothing was sold in {other.window.label} ({what}) to compare with.")
    if None in now.units:
        notes.append(f"Some sales have no {report.by}: they are counted as one item, '(none)'.")
    return notes
