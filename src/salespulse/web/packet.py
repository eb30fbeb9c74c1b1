"""The one-on-one page's packet (`/one-on-ones/{rep}` and its JSON twin): what the packet
of `salespulse coach one-on-one REP` says — the agenda (its "since last time" questions
first after the wins), wins, KPIs against the team and flags — and, from the app
database, what changed since the last one-on-one: its action items done or open (and
overdue), each open goal's progress and how far it moved since that meeting, the
development plan's focus KPIs, the check-ins since and the ratings' trend
(`workspace_app_packet.packet_inputs`, `insights.packet.coaching_tables`). The data's
part is kept per data version; the records, which change without the data, are read
anew on every request."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from salespulse import insights
from salespulse.insights.packet import coaching_tables
from salespulse.model.json_values import json_ready
from salespulse.web import insight_models as im
from salespulse.web import numbers
from salespulse.web.served import Served


class AgendaItem(BaseModel):
    topic: str
    question: str


class KpiLine(BaseModel):
    kpi: str
    label: str
    unit: str
    better: str
    rep: float | None
    previous: float | None
    team: float | None


class LastAction(BaseModel):
    """An action item of the last one-on-one: done, open, or open and overdue."""

    text: str
    owner: str
    due: date | None
    state: str


class GoalSince(BaseModel):
    goal_id: int | None
    kpi: str
    period: str
    what: str
    target: float
    actual: float | None
    achieved: float | None
    status: str
    week_target: float | None
    week_actual: float | None
    #: the actual as of the last one-on-one, and how far it moved since
    actual_then: float | None
    since_then: float | None


class FocusLine(BaseModel):
    kpi: str
    skill: str | None
    baseline: float | None
    current: float | None
    target: float
    by: date | None
    progress: float | None
    note: str | None = None


class CheckInLine(BaseModel):
    week: date
    confidence: int | None
    wins: str | None
    blockers: str | None
    #: for a week ending on or after the last one-on-one
    since_last: bool


class SinceLastTime(BaseModel):
    """What changed since the last one-on-one, from the app database."""

    last_meeting: date | None
    summary: str
    actions: list[LastAction] = Field(default_factory=list)
    goals: list[GoalSince] = Field(default_factory=list)
    focus: list[FocusLine] = Field(default_factory=list)
    check_ins: list[CheckInLine] = Field(default_factory=list)
    ratings: list[str] = Field(default_factory=list)
    #: open goals the data cannot measure (left out; their page says why)
    unmeasured: list[int] = Field(default_factory=list)


class Packet(BaseModel):
    """What the one-on-one packet says about the latest complete month."""

    period: str
    agenda: list[AgendaItem]
    wins: list[im.Win]
    kpis: list[KpiLine]
    flags: list[im.Flag]
    since: SinceLastTime | None = None


def since_last_time(found: Any, unmeasured: list[int]) -> SinceLastTime:
    """The packet's sections from the app database (`found.coaching`), as data."""
    records = found.coaching
    last = records.last_meeting
    since = {id(c) for c in records.check_ins_since()}
    grid = coaching_tables.actions_grid(found)  # state: done, open, or open, overdue
    return SinceLastTime(
        last_meeting=last.date if last else None,
        summary=coaching_tables.last_meeting_line(found),
        actions=[
            LastAction(text=a.text, owner=a.owner, due=a.due, state=row[3])
            for a, row in zip(last.actions if last else (), grid.rows, strict=True)
        ],
        goals=[GoalSince(**json_ready(g.as_dict())) for g in records.goals],
        focus=[FocusLine(**json_ready(f.as_dict())) for f in records.focus],
        check_ins=[
            CheckInLine(**json_ready(c.as_dict()), since_last=id(c) in since)
            for c in records.check_ins
        ],
        ratings=coaching_tables.ratings_lines(found),
        unmeasured=unmeasured,
    )


def packet(where: Served, app: Any, rep: str) -> Packet | None:
    """The packet for `rep` (None: no data), with what changed since the last one-on-one:
    the data's part kept in memory per data version, the rep's records read anew and
    added (`insights.Packet.with_coaching`, as `salespulse coach one-on-one` does)."""
    if numbers.data_end(where) is None:
        return None
    from salespulse.workspace_app_packet import packet_inputs

    coaching, unmeasured = packet_inputs(app, rep)
    found = where.page(("packet", rep), lambda: insights.one_on_one(where.ws, rep))
    found = found.with_coaching(coaching)
    return Packet(
        period=found.period.label,
        agenda=[AgendaItem(**a.as_dict()) for a in found.agenda],
        wins=[im.win(w) for w in found.wins],
        kpis=[KpiLine(**json_ready(k.as_dict())) for k in found.kpis],
        flags=[im.flag(f) for f in found.flags],
        since=since_last_time(found, unmeasured),
    )
