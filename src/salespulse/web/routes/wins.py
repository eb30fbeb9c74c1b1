"""The wins page `/wins`: the feed of wins worth celebrating for the latest complete week,
month or quarter (`coach wins`): quota and milestones, personal bests, biggest deals and
orders, streaks, the most improved, the fastest response, fast ramp-ups."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query
from pydantic import Field

from salespulse import insights
from salespulse.web import insight_models as im
from salespulse.web import numbers
from salespulse.web.insight_models import Win
from salespulse.web.pages import CurrentUser, Page, Pages, ServedWorkspace
from salespulse.web.users import can_see

pages = Pages()


class WinsPage(Page):
    period: str | None = None
    wins: list[Win] = Field(default_factory=list)


@pages.page("/wins", "wins.html", WinsPage)
def wins_page(
    where: ServedWorkspace,
    user: CurrentUser,
    period: Annotated[Literal["week", "month", "quarter"], Query()] = "month",
) -> WinsPage:
    """Wins worth celebrating, rep by rep."""

    def build() -> WinsPage:
        ws = where.ws
        page = WinsPage(
            title="Wins", currency=ws.settings.currency, data_end=numbers.data_end(where)
        )
        if page.data_end is None:
            page.needs += [numbers.need("sales"), numbers.need("deals")]
            return page
        report = insights.wins(ws, period=period)
        page.period = report.window.label
        page.title = f"Wins — {report.window.label}"
        page.wins = [im.win(w) for w in report.wins if can_see(user, w.rep, w.team)]
        return page

    return where.page(("wins", period, user.scope), build, kept=WinsPage)
