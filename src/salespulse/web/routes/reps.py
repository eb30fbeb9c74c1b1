"""A rep's page `/reps/{rep}`: their KPIs month by month, the diagnosis and the wins (the
functions `coach diagnose` and `coach wins` use), the consistency band, where the month
will land, deals at risk and when they reach out (hour × weekday) — each where the data
has it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import HTTPException, Path

from salespulse import charts, insights
from salespulse.errors import MissingTable, UserError
from salespulse.insights.core.evidence import evidence
from salespulse.insights.signals.deals_at_risk import deals_at_risk
from salespulse.reports.consistency_chart import chart as band_chart
from salespulse.web import insight_models as im
from salespulse.web import models, numbers
from salespulse.web.pages import CurrentUser, Pages, ServedWorkspace
from salespulse.web.rep_parts import KPIS, RepPage, RiskyDeal, Series, consistency, outreach
from salespulse.web.served import Served
from salespulse.web.users import require

pages = Pages()


def rep_charts(page: RepPage) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for s in page.kpis:
        points = [p.model_dump(mode="json") for p in s.points if p.value is not None]
        fmt = ".0%" if s.unit == "ratio" else ",.0f"
        out[f"kpi-{s.kpi}"] = charts.trend(
            points, "period", "value", f"{s.label} month by month", y_format=fmt, height=160
        )
    if page.consistency is not None and page.consistency.series:
        out["band"] = band_chart(page.consistency.series, page.consistency.measure)
    if page.outreach:
        out["outreach"] = charts.heatmap(
            page.outreach, "Activities by weekday and hour of day", value_title="activities"
        )
    return out


def _find(where: Served, rep: str) -> numbers.Member:
    """The rep `rep` names (their id, or a full name only one rep has), else 404."""
    if numbers.data_end(where) is None:
        raise HTTPException(404, "The workspace holds no data yet: no rep to show.")
    reps = numbers.facts(where).reps
    found = [r for r in reps if r.rep == rep] or [
        r for r in reps if r.name.lower() == rep.strip().lower()
    ]
    if len(found) == 1:
        return found[0]
    with evidence(where.ws) as ev:  # not one rep: the roster's own message
        try:
            ev.rep(rep)
        except UserError as exc:
            raise HTTPException(404, f"{exc.message} {exc.fix}") from None
    raise HTTPException(404, f"There is no rep {rep!r} in this workspace.")


@pages.page("/reps/{rep:path}", "rep.html", RepPage, rep_charts)
def rep_page(
    where: ServedWorkspace,
    user: CurrentUser,
    rep: Annotated[str, Path(description="The rep's id (or their full name).")],
) -> RepPage:
    """One rep: KPIs over time, diagnosis, wins, consistency, projection, deals at risk."""
    ws = where.ws
    who = _find(where, rep)
    require(user, who.rep, who.team)

    def build() -> RepPage:
        tables = numbers.present(where)
        page = RepPage(
            title=who.name if who.name and who.name != who.rep else f"Rep {who.rep}",
            currency=ws.settings.currency,
            data_end=numbers.data_end(where),
            rep=who.rep,
            name=who.name,
            team=who.team,
        )
        end = page.data_end
        assert end is not None
        found = numbers.monthly(ws, numbers.computable(KPIS, tables), end, 12, {"rep": who.rep})
        page.kpis = [Series.of(name, points) for name, points in found.items() if points]
        with evidence(ws) as ev:
            try:
                page.diagnosis = [im.diagnosis(d) for d in insights.diagnose(ev, rep=who.rep)]
            except UserError as exc:
                page.notes.append(f"No diagnosis: {exc.message}")
            page.wins = [im.win(w) for w in insights.wins(ev, rep=who.rep).wins]
            if "deals" in tables:
                day = ev.as_of(None)
                page.deals_at_risk = [
                    RiskyDeal(**d.as_dict()) for d in deals_at_risk(ev, who.rep, day)
                ]
        if "sales" in tables:
            page.consistency = consistency(ws, who.rep)
            try:
                ahead = ws.projection("month", None, who.rep)
                page.projection = models.landing(ahead.members[0]) if ahead.members else None
            except MissingTable as exc:
                page.needs.append(numbers.missing(exc))
            except UserError as exc:  # too little history to project from
                page.notes.append(f"No projection: {exc.message}")
        if "activities" in tables:
            page.outreach = outreach(ws, who.rep, end)
        for table in ("sales", "deals", "activities"):
            if table not in tables:
                page.needs.append(numbers.need(table))
        return page

    return where.page(("rep", who.rep, user.scope), build, kept=RepPage)
