"""The leaderboard `/leaderboard`: percent-to-goal (quota attainment over the period) and
improvement (attainment against the rep's own average of the three periods before) —
skill, not territory: no raw revenue board (`insights.signals.leaderboards`, the boards
`coach flags` prints)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query

from salespulse import charts
from salespulse.insights.core.evidence import evidence
from salespulse.insights.core.windows import resolve
from salespulse.insights.signals.leaderboards import leaderboards
from salespulse.web import insight_models as im
from salespulse.web import numbers
from salespulse.web.insight_models import Board
from salespulse.web.pages import CurrentUser, Page, Pages, ServedWorkspace
from salespulse.web.users import can_see

pages = Pages()


class LeaderboardPage(Page):
    period: str
    team: str | None
    boards: list[Board]


def board_charts(page: LeaderboardPage) -> dict[str, dict[str, Any]]:
    out = {}
    for b in page.boards:
        if not b.entries:
            continue
        rows = [{"rep": e.rep_name or e.rep, "value": e.value} for e in b.entries]
        ratio = b.unit == "ratio"
        out[f"board-{b.name}"] = charts.bars(
            rows,
            "rep",
            "value",
            f"{b.title}, {b.window}",
            value_format=".0%" if ratio else "+.0%",
            reference=1.0 if ratio else 0.0,
        )
    return out


@pages.page("/leaderboard", "leaderboard.html", LeaderboardPage, board_charts)
def leaderboard_page(
    where: ServedWorkspace,
    user: CurrentUser,
    period: Annotated[
        Literal["month", "quarter"], Query(description="The latest complete month or quarter.")
    ] = "month",
    team: Annotated[str | None, Query(description="Only this team's reps.")] = None,
) -> LeaderboardPage:
    """Percent to goal and most improved, rep by rep."""

    numbers.check_team(where, team)

    def build() -> LeaderboardPage:
        ws = where.ws
        tables = numbers.present(where)
        page = LeaderboardPage(
            title="Leaderboard",
            currency=ws.settings.currency,
            data_end=numbers.data_end(where),
            period=period,
            team=team,
            boards=[],
        )
        if "quotas" not in tables:
            page.needs.append(numbers.need("quotas", "percent-to-goal and improvement"))
            return page
        if page.data_end is None:
            return page
        with evidence(ws) as ev:
            day = ev.as_of(None)
            reps = {r.rep for r in ev.roster.values() if team is None or r.team == team}
            found = leaderboards(ev, resolve(ev.settings, day, period), day, reps)
        for b in found:
            shown = im.board(b)
            shown.entries = [e for e in shown.entries if can_see(user, e.rep, e.team)]
            page.boards.append(shown)
        return page

    return where.page(("leaderboard", period, team, user.scope), build, kept=LeaderboardPage)
