"""The bridge page `/bridge`: why revenue changed between two periods
(`Workspace.bridge`): the change split exactly into volume, mix, price, new and lost,
drawn as a waterfall, with the items that moved it most. Without periods given, the
latest complete month against the one before."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from salespulse.model.json_values import json_ready
from salespulse.reports.bridge_chart import chart, floor, steps, summary
from salespulse.web import numbers
from salespulse.web.pages import CurrentUser, Page, Pages, ServedWorkspace
from salespulse.web.users import require_role

pages = Pages()
#: Items listed under the waterfall.
ITEMS = 25


class Step(BaseModel):
    label: str
    start: float
    end: float
    total: bool


class BridgeItem(BaseModel):
    item: str | None
    name: str | None
    status: str
    revenue_base: float
    revenue_current: float
    change: float
    volume: float
    mix: float
    price: float
    new: float
    lost: float


class BridgePage(Page):
    by: str
    base: str | None = None
    current: str | None = None
    revenue_base: float | None = None
    revenue_current: float | None = None
    change: float | None = None
    parts: dict[str, float] = Field(default_factory=dict)
    summary: str = ""
    steps: list[Step] = Field(default_factory=list)
    floor: float = 0.0
    items: list[BridgeItem] = Field(default_factory=list)


def bridge_charts(page: BridgePage) -> dict[str, dict[str, Any]]:
    if not page.steps:
        return {}
    rows = [s.model_dump() for s in page.steps]
    return {"waterfall": chart(rows, page.summary, page.floor)}


@pages.page("/bridge", "bridge.html", BridgePage, bridge_charts)
def bridge_page(
    where: ServedWorkspace,
    user: CurrentUser,
    base: Annotated[
        str | None, Query(description="The base period: 2025, 2025-Q3, 2025-03.", max_length=40)
    ] = None,
    current: Annotated[
        str | None, Query(description="The current period, after the base.", max_length=40)
    ] = None,
    by: Annotated[Literal["product", "category", "subcategory"], Query()] = "product",
) -> BridgePage:
    """Why revenue changed: volume, mix, price, new and lost, adding up to the change."""
    require_role(user, "manager")

    def build() -> BridgePage:
        ws = where.ws
        end = numbers.data_end(where)
        page = BridgePage(
            title="Revenue bridge", currency=ws.settings.currency, data_end=end, by=by
        )
        if "sales" not in numbers.present(where) or end is None:
            page.needs.append(numbers.need("sales"))
            return page
        found = ws.bridge(base, current, by=by)  # neither: the latest complete month
        data = json_ready(found.to_dict())
        page.title = f"Revenue bridge: {found.base.label} to {found.current.label}"
        page.base, page.current = found.base.label, found.current.label
        page.revenue_base, page.revenue_current = data["revenue_base"], data["revenue_current"]
        page.change, page.parts = data["change"], found.parts()
        page.summary = summary(found, ws.settings.currency)
        bars = steps(found)
        page.steps = [Step(label=s.label, start=s.start, end=s.end, total=s.total) for s in bars]
        page.floor = floor(bars)
        page.items = [
            BridgeItem(**{**i, "item": None if i["item"] is None else str(i["item"])})
            for i in ({k: r.get(k) for k in BridgeItem.model_fields} for r in data["items"][:ITEMS])
        ]
        page.notes = list(found.notes)
        return page

    return where.page(("bridge", base, current, by, user.scope), build, kept=BridgePage)
