"""The parts of a rep's page: the page model, a KPI's series, the consistency band and
when the rep reaches out (activities by weekday and hour)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from salespulse import kpis
from salespulse.errors import UserError
from salespulse.model import calendar
from salespulse.model.json_values import json_ready
from salespulse.reports.consistency_chart import band_records
from salespulse.web.insight_models import Diagnosis, Win
from salespulse.web.models import Landing, Point
from salespulse.web.pages import Page
from salespulse.workspace import Workspace

#: The KPIs drawn month by month on a rep's page (those the data has).
KPIS = [
    "revenue",
    "orders",
    "avg_order_value",
    "quota_attainment",
    "bookings",
    "win_rate",
    "activities",
    "speed_to_lead_minutes",
]


class Series(BaseModel):
    kpi: str
    label: str
    unit: str
    points: list[Point]

    @classmethod
    def of(cls, name: str, points: list[dict[str, Any]]) -> Series:
        kpi = kpis.get(name)
        return cls(kpi=name, label=kpi.label, unit=kpi.unit, points=[Point(**p) for p in points])


class Consistency(BaseModel):
    """`Workspace.consistency` for the rep: the months against their expected band."""

    measure: str
    window: str
    months: int
    cv: float | None
    mean: float | None
    bad_months: int
    great_months: int
    last_month: str | None
    series: list[dict[str, Any]]


class RiskyDeal(BaseModel):
    deal_id: str
    customer: str | None
    amount: float | None
    stage: str | None
    expected_close: date | None
    days_in_stage: float | None
    usual_days: float | None
    last_touch: date | None
    reasons: list[str]


class RepPage(Page):
    rep: str
    name: str | None
    team: str | None
    kpis: list[Series] = Field(default_factory=list)
    diagnosis: list[Diagnosis] = Field(default_factory=list)
    wins: list[Win] = Field(default_factory=list)
    consistency: Consistency | None = None
    projection: Landing | None = None
    deals_at_risk: list[RiskyDeal] = Field(default_factory=list)
    #: activities by weekday and hour over the last three months
    outreach: list[dict[str, Any]] = Field(default_factory=list)


def consistency(ws: Workspace, rep: str) -> Consistency | None:
    try:
        report = ws.consistency(value=rep, months=12)
    except UserError:
        return None
    if not report.members:
        return None
    m: dict[str, Any] = json_ready(report.members[0].as_dict())
    return Consistency(
        measure=m["measure"],
        window=m["window"]["label"],
        months=m["months"],
        cv=m["cv"],
        mean=m["mean"],
        bad_months=m["bad_months"],
        great_months=m["great_months"],
        last_month=m["last_month"],
        series=band_records(report.members[0]),
    )


def outreach(ws: Workspace, rep: str, end: date) -> list[dict[str, Any]]:
    start = calendar.add_months(end, -3)
    try:
        found = ws.result(
            "activities", by=["weekday", "hour"], start=start, end=end, where={"rep": rep}
        )
    except UserError:
        return []
    return [
        {"weekday": r["weekday"], "hour": r["hour"], "value": r["value"]}
        for r in found.records()
        if r["weekday"] is not None and r["hour"] is not None
    ]
