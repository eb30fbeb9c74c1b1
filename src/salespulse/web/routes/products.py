"""The products page `/products`: what sold in a period, best first (`Workspace.products`):
each item's share and the cumulative share down the list (the Pareto chart), the change on
the previous period and a year earlier, the movers beyond noise, new and lost items."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from salespulse.model.json_values import json_ready
from salespulse.reports import products_text as words
from salespulse.reports.products_chart import pareto
from salespulse.web import numbers
from salespulse.web.pages import CurrentUser, Page, Pages, ServedWorkspace
from salespulse.web.users import require_role

pages = Pages()


class Item(BaseModel):
    rank: int | None = None
    item: str | None
    name: str | None = None
    revenue: float | None
    units: float | None
    share: float | None
    cumulative_share: float | None
    previous: float | None
    change: float | None
    year_ago: float | None
    change_year: float | None
    items: int | None = None  # "all others": how many items it folds


class Movers(BaseModel):
    heading: str
    lines: list[str]


class ProductsPage(Page):
    by: str
    period: str | None = None
    measure: str | None = None
    summary: list[str] = Field(default_factory=list)
    pareto: str | None = None
    items: list[Item] = Field(default_factory=list)
    others: Item | None = None
    movers: list[Movers] = Field(default_factory=list)


def products_charts(page: ProductsPage) -> dict[str, dict[str, Any]]:
    if not page.items or page.measure is None:
        return {}
    rows = [i.model_dump() for i in page.items]
    spec = pareto(rows, "item", page.measure, page.pareto or "Pareto")
    return {} if spec is None else {"pareto": spec}


def _item(record: dict[str, Any], by: str) -> Item:
    raw = json_ready(record)
    raw["item"] = None if raw.get(by) is None else str(raw.get(by))
    return Item(**{k: raw.get(k) for k in Item.model_fields})


@pages.page("/products", "products.html", ProductsPage, products_charts)
def products_page(
    where: ServedWorkspace,
    user: CurrentUser,
    period: Annotated[
        str,
        Query(
            description="week, month, quarter or year (the latest complete one), or a label: "
            "2025, 2025-Q3, 2025-03.",
            max_length=40,
        ),
    ] = "month",
    by: Annotated[Literal["product", "category", "subcategory"], Query()] = "product",
    top: Annotated[int, Query(ge=1, le=500, description="Items shown; the rest folded.")] = 20,
) -> ProductsPage:
    """Products (or categories) ranked by revenue: shares, Pareto, changes, movers."""
    require_role(user, "manager")

    def build() -> ProductsPage:
        ws = where.ws
        page = ProductsPage(
            title="Products", currency=ws.settings.currency, data_end=numbers.data_end(where), by=by
        )
        if "sales" not in numbers.present(where):
            page.needs.append(numbers.need("sales"))
            return page
        report = ws.products(by=by, period=period, top=top)
        currency = ws.settings.currency
        page.title = words.title(report)
        page.period = report.window.label
        page.measure = report.measure
        page.summary = list(words.summary(report, currency))
        page.pareto = report.pareto
        page.items = [_item(r, by) for r in report.records]
        page.others = _item(report.others, by) if report.others else None
        page.movers = [Movers(heading=h, lines=list(x)) for h, x in words.movers(report, currency)]
        page.notes = list(report.notes)
        return page

    return where.page(("products", period, by, top, user.scope), build, kept=ProductsPage)
