"""The KPI pages: `/kpis` (the registry) and `/kpis/{name}` — a KPI's definition and
formula, a breakdown regrouped by `by` and `period` over `from`..`to`, and the SQL that
computed it (`Workspace.explain`). The JSON twin's `rows` are exactly what `salespulse
kpi NAME --by ... --period ... --from ... --to ... --format json` writes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import HTTPException, Path, Query
from pydantic import BaseModel, Field

from salespulse import charts, kpis
from salespulse.errors import MissingTable, UserError
from salespulse.model.calendar import GRAINS
from salespulse.model.json_values import json_ready
from salespulse.web import numbers
from salespulse.web.pages import CurrentUser, Page, Pages, ServedWorkspace
from salespulse.web.users import require_role

pages = Pages()
Grain = Literal["day", "week", "month", "quarter", "year", "all"]
assert set(GRAINS) == set(Grain.__args__)  # type: ignore[attr-defined]


class KpiEntry(BaseModel):
    name: str
    label: str
    area: str
    unit: str
    direction: str
    grains: list[str]
    tables: list[str]
    dimensions: list[str]
    definition: str


class KpiList(Page):
    kpis: list[KpiEntry]


class KpiPage(Page):
    kpi: KpiEntry
    formula: str
    numerator: str | None
    denominator: str | None
    by: list[str]
    period: str
    start: str | None
    end: str | None
    columns: list[str] = Field(default_factory=list)
    #: the rows `salespulse kpi NAME --format json` writes for the same options
    rows: list[dict[str, Any]] = Field(default_factory=list)
    sql: str = ""


def entry(k: Any) -> KpiEntry:
    return KpiEntry(
        name=k.name,
        label=k.label,
        area=k.area,
        unit=k.unit,
        direction=k.direction,
        grains=list(k.grains),
        tables=list(k.tables),
        dimensions=list(k.dimensions),
        definition=k.definition,
    )


@pages.page("/kpis", "kpis.html", KpiList)
def kpi_list(where: ServedWorkspace, user: CurrentUser) -> KpiList:
    """Every KPI of the registry."""
    require_role(user, "manager")
    return KpiList(
        title="KPIs", currency=where.currency, kpis=[entry(k) for k in kpis.REGISTRY.values()]
    )


def kpi_charts(page: KpiPage) -> dict[str, dict[str, Any]]:
    if not page.rows:
        return {}
    keys = [c for c in page.columns if c in page.kpi.dimensions]
    key = keys[0] if keys else None
    fmt = ".0%" if page.kpi.unit == "ratio" else ",.0f"
    if page.period != "all":
        members = {str(r.get(key)) for r in page.rows} if key else set()
        if len(members) <= 12:
            return {
                "breakdown": charts.trend(
                    page.rows, "period", "value", page.kpi.label, color=key, y_format=fmt
                )
            }
        return {}
    if key:
        rows = [{"member": str(r.get(key)), "value": r["value"]} for r in page.rows][:40]
        return {"breakdown": charts.bars(rows, "member", "value", page.kpi.label, value_format=fmt)}
    return {}


@pages.page("/kpis/{name}", "kpi.html", KpiPage, kpi_charts)
def kpi_page(
    where: ServedWorkspace,
    user: CurrentUser,
    name: Annotated[str, Path(description="The KPI's name, e.g. win_rate.", max_length=60)],
    by: Annotated[list[str], Query(description="Dimensions to break down by (repeatable).")] = [],  # noqa: B006
    period: Annotated[Grain, Query()] = "all",
    start: Annotated[
        str | None, Query(alias="from", description="First day.", max_length=30)
    ] = None,
    end: Annotated[str | None, Query(alias="to", description="Last day.", max_length=30)] = None,
) -> KpiPage:
    """A KPI's definition, its breakdown and its SQL."""
    require_role(user, "manager")
    try:
        k = kpis.get(name)
    except UserError as exc:
        raise HTTPException(404, f"{exc.message} {exc.fix}".strip()) from None
    params: dict[str, Any] = {"by": list(by), "period": period, "start": start, "end": end}

    def build() -> KpiPage:
        ws = where.ws
        page = KpiPage(
            title=k.label,
            currency=ws.settings.currency,
            kpi=entry(k),
            formula=k.formula,
            numerator=k.numerator or None,
            denominator=k.denominator or None,
            by=list(by),
            period=period,
            start=start,
            end=end,
        )
        try:
            result = ws.result(name, **params)
        except MissingTable as exc:
            page.needs.append(numbers.missing(exc))
            return page
        page.columns = list(result.columns)
        page.rows = json_ready([{c: r.get(c) for c in page.columns} for r in result.records()])
        page.sql = ws.explain(name, **params)
        return page

    return where.page(("kpi", name, tuple(by), period, start, end, user.scope), build, kept=KpiPage)
