"""The prospecting page `/prospecting`: speed to lead, lead work rate, touches per lead,
leads worked per day, activities and connect rate per rep over the latest complete month,
and when the team reaches out (activities by weekday and hour, the last three months)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import Field

from salespulse import charts
from salespulse.errors import UserError
from salespulse.model import calendar
from salespulse.web import numbers
from salespulse.web.models import RepValues
from salespulse.web.pages import CurrentUser, Page, Pages, ServedWorkspace
from salespulse.web.rep_table import by_rep

pages = Pages()
KPIS = [
    "speed_to_lead_minutes",
    "lead_work_rate",
    "touches_per_lead",
    "leads_worked_per_day",
    "activities",
    "connect_rate",
]


class ProspectingPage(Page):
    period: str | None = None
    kpis: list[str] = Field(default_factory=list)
    reps: list[RepValues] = Field(default_factory=list)
    #: the team's activities by weekday and hour over the last three months
    outreach: list[dict[str, Any]] = Field(default_factory=list)


def prospecting_charts(page: ProspectingPage) -> dict[str, dict[str, Any]]:
    out = {}
    if page.outreach:
        out["outreach"] = charts.heatmap(
            page.outreach, "The team's activities by weekday and hour", value_title="activities"
        )
    rows = [
        {"rep": r.name or r.rep, "value": r.values.get("speed_to_lead_minutes")}
        for r in page.reps
        if r.values.get("speed_to_lead_minutes") is not None
    ]
    if rows:
        out["speed"] = charts.bars(rows, "rep", "value", "Median minutes to the first touch")
    return out


@pages.page("/prospecting", "prospecting.html", ProspectingPage, prospecting_charts)
def prospecting_page(
    where: ServedWorkspace,
    user: CurrentUser,
    period: Annotated[Literal["week", "month", "quarter"], Query()] = "month",
) -> ProspectingPage:
    """Speed to lead, lead work, touches, leads a day, activities and connects, by rep."""

    def build() -> ProspectingPage:
        ws = where.ws
        end = numbers.data_end(where)
        page = ProspectingPage(title="Prospecting", currency=ws.settings.currency, data_end=end)
        tables = numbers.present(where)
        if "activities" not in tables or end is None:
            page.needs.append(numbers.need("activities"))
            if "leads" not in tables:
                page.needs.append(numbers.need("leads"))
            return page
        w = numbers.latest(ws, period, end)
        page.period = w.label
        page.kpis, page.reps, page.needs, page.notes = by_rep(
            ws, KPIS, user, start=w.start, end=w.end
        )
        try:
            found = ws.result(
                "activities",
                by=["weekday", "hour"],
                start=calendar.add_months(end, -3),
                end=end,
            )
            page.outreach = [
                {"weekday": r["weekday"], "hour": r["hour"], "value": r["value"]}
                for r in found.records()
                if r["weekday"] is not None and r["hour"] is not None
            ]
        except UserError as exc:
            page.notes.append(exc.message)
        return page

    return where.page(("prospecting", period, user.scope), build, kept=ProspectingPage)
