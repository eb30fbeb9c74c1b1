"""The coaching page `/coaching`: who is struggling, to watch or thriving, with the
evidence (`coach flags`), stretch goals for those consistently at quota and from each
rep's own trend (`coach stretch`), and peer-coaching pairs with their reasons (`coach
pairs`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from salespulse import insights
from salespulse.errors import UserError
from salespulse.insights.core.evidence import evidence
from salespulse.model.json_values import json_ready
from salespulse.web import insight_models as im
from salespulse.web import numbers
from salespulse.web.insight_models import Flag
from salespulse.web.pages import CurrentUser, Page, Pages, ServedWorkspace
from salespulse.web.users import can_see

pages = Pages()


class StretchGoal(BaseModel):
    view: str  # deals (from quota) or sales (from the rep's own trend)
    rep: str
    rep_name: str
    team: str | None
    period: str
    reasoning: str
    tiers: list[dict[str, Any]]


class PeerPair(BaseModel):
    mentor: str
    mentor_name: str
    mentee: str
    mentee_name: str
    driver: str
    reason: str


class CoachingPage(Page):
    period: str | None = None
    flags: list[Flag] = Field(default_factory=list)
    stretch: list[StretchGoal] = Field(default_factory=list)
    pairs: list[PeerPair] = Field(default_factory=list)
    unpaired: list[dict[str, str]] = Field(default_factory=list)


@pages.page("/coaching", "coaching.html", CoachingPage)
def coaching_page(
    where: ServedWorkspace,
    user: CurrentUser,
    period: Annotated[Literal["month", "quarter"], Query()] = "month",
) -> CoachingPage:
    """Struggling and thriving reps with evidence, stretch goals and peer pairs."""

    def build() -> CoachingPage:
        ws = where.ws
        page = CoachingPage(
            title="Coaching", currency=ws.settings.currency, data_end=numbers.data_end(where)
        )
        if page.data_end is None:
            page.needs += [numbers.need("sales"), numbers.need("deals")]
            return page
        with evidence(ws) as ev:
            try:
                report = insights.flags(ev, period=period)
                page.period = report.period.label
                page.flags = [im.flag(f) for f in report.flags]
            except UserError as exc:
                page.notes.append(f"Flags: {exc.message}")
            try:
                found, trend = insights.stretch_goals(ev)
                goals: list[Any] = [*found, *trend]
                for s in goals:
                    raw = json_ready(s.as_dict())
                    page.stretch.append(
                        StretchGoal(**{k: raw[k] for k in StretchGoal.model_fields})
                    )
            except UserError as exc:
                page.notes.append(f"Stretch goals: {exc.message}")
            try:
                paired = insights.pairs(ev)
                page.pairs = [PeerPair(**json_ready(p.as_dict())) for p in paired.pairs]
                page.unpaired = [dict(u) for u in paired.unpaired]
            except UserError as exc:
                page.notes.append(f"Peer pairs: {exc.message}")
        return page

    # Built once for everyone (the flags, stretch goals and pairs look at the whole team),
    # then cut down to what this user may see.
    whole = where.page(("coaching", period), build, kept=CoachingPage)
    return whole.model_copy(
        update={
            "flags": [f for f in whole.flags if can_see(user, f.rep, f.team)],
            "stretch": [s for s in whole.stretch if can_see(user, s.rep, s.team)],
            "pairs": [p for p in whole.pairs if can_see(user, p.mentee) or can_see(user, p.mentor)],
        }
    )
