"""The one-on-ones: `/one-on-ones`, the reps the user may see with their last meeting and
open action items; `/one-on-ones/{rep:path}`, what to talk about — the packet's agenda, wins,
KPIs against the team, flags and what changed since the last one-on-one (`web.packet`) —
and every past meeting's notes, ratings and action items, read anew from the app database.
A manager (or an admin) records a meeting (`POST /one-on-ones/{rep:path}`: date, notes,
confidence, workload and action items) and changes a recorded meeting's notes and ratings
(`POST /one-on-ones/{rep:path}/meetings/{meeting_id}`, with the version the page showed:
a meeting changed meanwhile is refused naming who changed it); the rep or the manager
marks an action done (`POST /one-on-ones/{rep:path}/actions/done`). Another rep's page is
refused (403), as is a rep's change of their own meeting."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Form, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from salespulse.errors import UserError
from salespulse.web import forms, numbers
from salespulse.web.coaching_access import coaches, rep_named, require_coach, require_sight, roster
from salespulse.web.forms import FormPage
from salespulse.web.packet import Packet, packet
from salespulse.web.pages import AppDatabase, CurrentUser, Pages, ServedWorkspace
from salespulse.web.served import Served
from salespulse.web.users import User, can_see

pages = Pages()
Rep = Annotated[str, Path(max_length=200, description="The rep's id.")]
Text = Annotated[str | None, Form(max_length=2000)]


class ActionItem(BaseModel):
    id: int
    text: str
    owner: str
    due: date | None
    done_at: datetime | None
    done_by: str | None


class Meeting(BaseModel):
    id: int
    date: date
    notes: str
    confidence: int | None
    workload: int | None
    actions: list[ActionItem]
    created_by: str
    version: int
    updated_at: datetime | None
    updated_by: str | None


class OneOnOnePage(FormPage):
    rep: str
    name: str
    team: str | None
    packet: Packet | None = None
    meetings: list[Meeting] = Field(default_factory=list)
    can_record: bool = False
    today: date | None = None


class RepMeetings(BaseModel):
    rep: str
    name: str
    team: str | None
    last: date | None
    open_actions: int


class OneOnOnesPage(FormPage):
    reps: list[RepMeetings] = Field(default_factory=list)


def meeting(m: object) -> Meeting:
    raw = m.as_dict()  # type: ignore[attr-defined]
    return Meeting(**{k: raw[k] for k in Meeting.model_fields})


@pages.page("/one-on-ones", "one_on_ones.html", OneOnOnesPage, live=True)
def one_on_ones_page(where: ServedWorkspace, app: AppDatabase, user: CurrentUser) -> OneOnOnesPage:
    """The reps you may see, with their last one-on-one and open action items."""
    page = OneOnOnesPage(
        title="One-on-ones", currency=where.currency, data_end=numbers.data_end(where)
    )
    met = app.one_on_ones()
    for m in roster(where).values():
        if not can_see(user, m.rep, m.team):
            continue
        theirs = [x for x in met if x.rep == m.rep]
        open_actions = sum(1 for x in theirs for a in x.actions if a.done_at is None)
        last = theirs[0].date if theirs else None
        page.reps.append(
            RepMeetings(rep=m.rep, name=m.name, team=m.team, last=last, open_actions=open_actions)
        )
    return page


def one_on_one_page_for(where: Served, app: Any, user: User, rep: str) -> OneOnOnePage:
    who = rep_named(where, rep)
    require_sight(user, where, who.rep)
    from salespulse.workspace_app_checks import today

    page = OneOnOnePage(
        title=f"One-on-ones: {who.name}", currency=where.currency, data_end=numbers.data_end(where),
        rep=who.rep, name=who.name, team=who.team, can_record=coaches(user, where, who.rep),
        today=today(where.ws.settings),
    )  # fmt: skip
    page.meetings = [meeting(m) for m in app.one_on_ones(who.rep)]
    try:
        page.packet = packet(where, app, who.rep)
    except UserError as exc:
        page.notes.append(f"No packet: {exc.message}")
    return page


@pages.page("/one-on-ones/{rep:path}", "one_on_one.html", OneOnOnePage, live=True)
def one_on_one_page(
    where: ServedWorkspace, app: AppDatabase, user: CurrentUser, rep: Rep
) -> OneOnOnePage:
    """A rep's one-on-ones: the packet, past meetings' notes and action items."""
    return one_on_one_page_for(where, app, user, rep)


# before the form of `/one-on-ones/{rep:path}`, whose path would take this one in
@pages.form("/one-on-ones/{rep:path}/actions/done")
async def meeting_action_done(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    rep: Rep,
    csrf: Text = None,
    action: Text = None,
) -> Response:
    """The rep marks their own action items done, as their manager may."""
    forms.checked(request, csrf)
    who = rep_named(where, rep).rep
    require_sight(user, where, who)

    def change() -> str:
        found = forms.record_id(action, "action")
        theirs = {a.id for m in app.one_on_ones(who) for a in m.actions}
        if found not in theirs:
            raise UserError(
                f"{who} has no action item {found}.",
                fix="Use the button beside it.",
                option="action",
            )
        app.action_done(found, by=forms.by(user))
        return f"/one-on-ones/{who}#actions"

    return await forms.saved_or_shown(
        request,
        change,
        lambda: one_on_one_page_for(where, app, user, who),
        "one_on_one.html",
        "actions",
        {},
    )


@pages.form("/one-on-ones/{rep:path}/meetings/{meeting_id}")
async def change_one_on_one(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    rep: Rep,
    meeting_id: Annotated[int, Path(ge=1, le=10**12, description="The one-on-one's id.")],
    csrf: Text = None,
    version: Text = None,
    notes: Annotated[str | None, Form(max_length=100_000)] = None,
    confidence: Text = None,
    workload: Text = None,
) -> Response:
    """A manager of the rep (or an admin) changes a recorded meeting's notes and ratings
    (an empty rating clears it), against the version the page showed."""
    forms.checked(request, csrf)
    who = rep_named(where, rep).rep
    require_coach(user, where, who)
    entered = {"notes": notes, "confidence": confidence, "workload": workload}
    theirs = {m.id: m for m in await run_in_threadpool(app.one_on_ones, who)}

    def change() -> str:
        expected = forms.version(version)
        found = theirs.get(meeting_id)
        if found is None:
            raise UserError(
                f"{who} has no one-on-one {meeting_id}.",
                fix="Use the form under the meeting on its rep's page.",
                option="version",
            )
        given = {"notes": notes or "", "confidence": confidence, "workload": workload}
        was = {"notes": found.notes, "confidence": found.confidence, "workload": found.workload}
        changes = {k: v for k, v in given.items() if str(v or "") != str(was[k] or "")}
        if changes:
            app.update_one_on_one(meeting_id, changes, by=forms.by(user), expect_version=expected)
        return f"/one-on-ones/{who}#meeting-{meeting_id}"

    return await forms.saved_or_shown(
        request,
        change,
        lambda: one_on_one_page_for(where, app, user, who),
        "one_on_one.html",
        f"meeting-{meeting_id}" if meeting_id in theirs else "actions",  # where it shows
        entered,
    )


@pages.form("/one-on-ones/{rep:path}")
async def record_one_on_one(
    request: Request,
    where: ServedWorkspace,
    app: AppDatabase,
    user: CurrentUser,
    rep: Rep,
    csrf: Text = None,
    day: Annotated[str | None, Form(alias="date", max_length=40)] = None,
    notes: Annotated[str | None, Form(max_length=100_000)] = None,
    confidence: Text = None,
    workload: Text = None,
    action_text: Annotated[list[str], Form()] = [],  # noqa: B006
    action_owner: Annotated[list[str], Form()] = [],  # noqa: B006
    action_due: Annotated[list[str], Form()] = [],  # noqa: B006
) -> Response:
    forms.checked(request, csrf)
    who = rep_named(where, rep).rep
    require_coach(user, where, who)
    entered = {"date": day, "notes": notes, "confidence": confidence, "workload": workload}
    for i, text in enumerate(action_text[:3]):
        entered[f"action_text_{i}"] = text
        entered[f"action_owner_{i}"] = action_owner[i] if i < len(action_owner) else ""
        entered[f"action_due_{i}"] = action_due[i] if i < len(action_due) else ""

    def change() -> str:
        actions = [
            {"text": text, "owner": (owner or "").strip() or who, "due": due or None}
            for text, owner, due in zip(action_text, action_owner, action_due, strict=False)
            if text.strip()
        ]
        if not (notes or "").strip() and not actions and not confidence and not workload:
            raise UserError(
                "The one-on-one is empty.",
                fix="Write the notes, a rating or an action item.",
                option="notes",
            )
        found = app.add_one_on_one(
            who,
            day or None,
            notes or "",
            confidence or None,
            workload or None,
            actions,
            by=forms.by(user),
        )
        return f"/one-on-ones/{who}#meeting-{found.id}"

    return await forms.saved_or_shown(
        request,
        change,
        lambda: one_on_one_page_for(where, app, user, who),
        "one_on_one.html",
        "record",
        entered,
    )
