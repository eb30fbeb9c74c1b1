"""The team page `/`: KPI cards for the latest complete period (change on the one before,
a sparkline of the last twelve months), the scorecard as the data has it
(`Workspace.scorecard`), the trend of the main measure and where the period in progress
will land (`Workspace.projection`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query

from salespulse import charts, kpis
from salespulse.errors import MissingTable, UserError
from salespulse.web import models, numbers
from salespulse.web.models import Card, Landing, Point, Scorecard
from salespulse.web.pages import CurrentUser, Page, Pages, ServedWorkspace
from salespulse.web.users import can_see

pages = Pages()

#: The cards, in order; those the workspace cannot compute are left out.
CARDS = [
    "quota_attainment",
    "revenue",
    "orders",
    "avg_order_value",
    "active_customers",
    "bookings",
    "win_rate",
    "avg_deal_size",
    "sales_cycle_days",
]


class TeamPage(Page):
    period: str
    team: str | None
    cards: list[Card]
    scorecard: Scorecard | None
    projection: Landing | None


def team_charts(page: TeamPage) -> dict[str, dict[str, Any]]:
    out = {}
    for card in page.cards:
        points = [p.model_dump(mode="json") for p in card.series if p.value is not None]
        out[f"spark-{card.kpi}"] = charts.sparkline(
            points, "period", "value", f"{card.label}, month by month"
        )
    lead = next((c for c in page.cards if c.kpi in ("revenue", "bookings")), None)
    if lead is not None:
        points = [p.model_dump(mode="json") for p in lead.series if p.value is not None]
        out["trend"] = charts.trend(
            points, "period", "value", f"{lead.label} month by month", y_title=lead.label
        )
    return out


def _cards(ws: Any, tables: set[str], end: Any, where: dict[str, Any]) -> list[Card]:
    names = numbers.computable(CARDS, tables)
    found = numbers.monthly(ws, names, end, 13, where)
    cards = []
    for name in names:
        series = [Point(**p) for p in found.get(name, [])]
        if not series or all(p.value is None for p in series):
            continue
        now = series[-1].value
        before = series[-2].value if len(series) > 1 else None
        kpi = kpis.get(name)
        cards.append(
            Card(
                kpi=name,
                label=kpi.label,
                unit=kpi.unit,
                value=now,
                previous=before,
                change=None if now is None or before is None else now - before,
                series=series[-12:],
            )
        )
    return cards


@pages.page("/", "team.html", TeamPage, team_charts)
def team_page(
    where: ServedWorkspace,
    user: CurrentUser,
    period: Annotated[
        Literal["week", "month", "quarter", "year"],
        Query(description="The period scored: the latest complete one."),
    ] = "month",
    team: Annotated[str | None, Query(description="Only this team's reps.")] = None,
) -> TeamPage:
    """The team: KPI cards, the scorecard, the trend and where the period will land."""

    if team is None and user.role == "manager" and len(user.teams) == 1:
        team = user.teams[0]  # a manager's team page is their team's
    numbers.check_team(where, team)

    def build() -> TeamPage:
        ws = where.ws
        tables = numbers.present(where)
        end = numbers.data_end(where)
        page = TeamPage(
            title=f"Team {team}" if team else "Team",
            currency=ws.settings.currency,
            data_end=end,
            period=period,
            team=team,
            cards=[],
            scorecard=None,
            projection=None,
        )
        if end is None:
            page.needs = [numbers.need("sales"), numbers.need("deals")]
            return page
        month = numbers.latest(ws, "month", end)
        if can_see(user, None, team):
            page.cards = _cards(ws, tables, month.end, {"team": team} if team else {})
        card = models.scorecard(ws.scorecard(period, team))
        card.rows = [r for r in card.rows if can_see(user, r.member, r.team)]
        page.scorecard = card
        page.notes = card.notes
        if "sales" in tables and can_see(user, None, team):
            try:
                ahead = ws.projection("month", "team" if team else None, team)
                page.projection = models.landing(ahead.members[0]) if ahead.members else None
            except MissingTable as exc:
                page.needs.append(numbers.missing(exc))
            except UserError as exc:  # too little history to project from
                page.notes.append(f"No projection: {exc.message}")
        for table in ("sales", "deals", "quotas"):
            if table not in tables:
                page.needs.append(numbers.need(table))
        return page

    return where.page(("team", period, team, user.scope), build, kept=TeamPage)
