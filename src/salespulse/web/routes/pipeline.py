"""The pipeline page `/pipeline`: open and weighted pipeline per rep at the end of the
data, coverage of next month's remaining quota, stage conversion and time in stage over
the last six months, and the deals slipping (past their expected close, or idle longer
than 90% of deals stay in their stage)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from salespulse import charts
from salespulse.errors import UserError
from salespulse.insights.core.evidence import evidence
from salespulse.insights.signals.deals_at_risk import deals_at_risk_by_rep
from salespulse.model import calendar
from salespulse.web import numbers
from salespulse.web.models import RepValues
from salespulse.web.pages import CurrentUser, Page, Pages, ServedWorkspace
from salespulse.web.rep_parts import RiskyDeal
from salespulse.web.rep_table import by_rep
from salespulse.web.users import can_see

pages = Pages()
SLIPPING = 20


class StageRow(BaseModel):
    stage: str
    conversion: float | None
    entered: int | None
    median_days: float | None


class SlippingDeal(RiskyDeal):
    rep: str
    rep_name: str | None


class PipelinePage(Page):
    kpis: list[str] = Field(default_factory=list)
    reps: list[RepValues] = Field(default_factory=list)
    stages: list[StageRow] = Field(default_factory=list)
    slipping: list[SlippingDeal] = Field(default_factory=list)


def pipeline_charts(page: PipelinePage) -> dict[str, dict[str, Any]]:
    out = {}
    rows = [
        {"rep": r.name or r.rep, "value": r.values.get("pipeline_open")}
        for r in page.reps
        if r.values.get("pipeline_open") is not None
    ]
    if rows:
        out["open"] = charts.bars(rows, "rep", "value", "Open pipeline per rep")
    stages = [{"stage": s.stage, "value": s.conversion} for s in page.stages if s.conversion]
    if stages:
        out["stages"] = charts.bars(
            stages, "stage", "value", "Stage conversion", value_format=".0%", sort=False
        )
    return out


@pages.page("/pipeline", "pipeline.html", PipelinePage, pipeline_charts)
def pipeline_page(where: ServedWorkspace, user: CurrentUser) -> PipelinePage:
    """Open and weighted pipeline, coverage, stage conversion and slipping deals."""

    def build() -> PipelinePage:
        ws = where.ws
        end = numbers.data_end(where)
        page = PipelinePage(title="Pipeline", currency=ws.settings.currency, data_end=end)
        if "deals" not in numbers.present(where) or end is None:
            page.needs.append(numbers.need("deals", "the pipeline, coverage and slipping deals"))
            return page
        names, page.reps, page.needs, page.notes = by_rep(
            ws, ["pipeline_open", "pipeline_weighted", "sales_velocity"], user, as_of=end
        )
        ahead = numbers.latest(ws, "month", end).next()
        more, cover, needs, notes = by_rep(
            ws,
            ["pipeline_coverage"],
            user,
            period="month",
            start=ahead.start,
            end=ahead.end,
            as_of=end,
        )
        page.kpis = names + more
        seen = {r.rep: r for r in page.reps}
        for r in cover:
            seen.setdefault(r.rep, r).values.update(r.values)
        page.reps = list(seen.values())
        page.needs += needs
        page.notes += notes
        if more:
            page.notes.append(
                f"Coverage: the pipeline open on {end} against what is left of the "
                f"{ahead.label} quota."
            )
        page.stages = _stages(ws, end)
        page.slipping = _slipping(ws, user)
        return page

    return where.page(("pipeline", user.scope), build, kept=PipelinePage)


def _stages(ws: Any, end: Any) -> list[StageRow]:
    start = calendar.add_months(end.replace(day=1), -6)
    try:
        found = ws.results(["stage_conversion", "time_in_stage"], by="stage", start=start, end=end)
    except UserError:
        return []
    days = {r["stage"]: r["value"] for r in found["time_in_stage"].records()}
    return [
        StageRow(
            stage=str(r["stage"]),
            conversion=r["value"],
            entered=r["n"],
            median_days=days.get(r["stage"]),
        )
        for r in found["stage_conversion"].records()
        if r["stage"] is not None
    ]


def _slipping(ws: Any, user: Any) -> list[SlippingDeal]:
    out = []
    with evidence(ws) as ev:
        day = ev.as_of(None)
        seen = {r.rep: r for r in ev.roster.values() if can_see(user, r.rep, r.team)}
        # every visible rep's deals in three reads (one rep at a time took 14 s at scale 10)
        for rep, deals in deals_at_risk_by_rep(ev, sorted(seen), day).items():
            for d in deals:
                out.append(SlippingDeal(**d.as_dict(), rep=rep, rep_name=seen[rep].name))
    out.sort(key=lambda d: -(d.amount or 0))
    return out[:SLIPPING]
