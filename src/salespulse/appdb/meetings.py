"""One-on-ones (a meeting's Markdown notes, the rep's confidence and workload from 1 to
5, and the action items agreed; versioned like a goal: its notes and ratings can be
changed, with history) and weekly check-ins (the rep's own self-assessment:
confidence, wins, blockers; one per rep and week — a second one for the same week
changes it, with history)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salespulse.appdb import history, tables
from salespulse.appdb.connection import AppDB, now
from salespulse.appdb.records import ActionItem, CheckIn, OneOnOne, from_row
from salespulse.appdb.versioned import edit
from salespulse.errors import UserError


def _meeting(session: Session, row: tables.OneOnOne) -> OneOnOne:
    items = session.scalars(
        select(tables.ActionItem).filter_by(one_on_one_id=row.id).order_by("id")
    )
    return from_row(OneOnOne, row, actions=tuple(from_row(ActionItem, i) for i in items))


def _snapshot(session: Session, row: tables.OneOnOne) -> dict[str, Any]:
    out = history.snapshot(row)
    out["actions"] = [
        history.snapshot(i)
        for i in session.scalars(
            select(tables.ActionItem).filter_by(one_on_one_id=row.id).order_by("id")
        )
    ]
    return out


def add_one_on_one(
    db: AppDB,
    rep: str,
    day: date,
    notes: str,
    confidence: int | None,
    workload: int | None,
    actions: Sequence[Mapping[str, Any]],
    by: str,
) -> OneOnOne:
    """A one-on-one with `rep` and its action items (each: text, owner, due)."""
    with db.write() as session:
        stamp = now()
        row = tables.OneOnOne(
            rep=rep,
            date=day,
            notes=notes,
            confidence=confidence,
            workload=workload,
            created_at=stamp,
            created_by=by,
        )
        session.add(row)
        session.flush()
        session.add_all(tables.ActionItem(one_on_one_id=row.id, **a) for a in actions)
        session.flush()
        history.record(
            session, "one_on_one", row.id, "add", by, stamp, None, _snapshot(session, row)
        )
        return _meeting(session, row)


#: What a change to a one-on-one may set (the rep, date and action items stay).
CHANGEABLE = ("notes", "confidence", "workload")


def update_one_on_one(
    db: AppDB,
    meeting_id: int,
    changes: Mapping[str, Any],
    by: str,
    expect_version: int | None = None,
) -> OneOnOne:
    """Change a one-on-one's notes or ratings (those `changes` gives; a rating None
    clears it), as one change with history; refused when not at `expect_version` (if
    given), naming who changed it (see `appdb.versioned`)."""
    unknown = sorted(set(changes) - set(CHANGEABLE))
    if unknown:
        raise UserError(
            f"A one-on-one's {', '.join(unknown)} cannot be changed.",
            fix=f"Change its {', '.join(CHANGEABLE)}; record another meeting for the rest.",
        )

    def apply(session: Session, row: Any) -> str:
        for name, value in changes.items():
            setattr(row, name, value)
        return "update"

    edit(
        db,
        tables.OneOnOne,
        meeting_id,
        entity="one_on_one",
        what=f"One-on-one {meeting_id}",
        show="salespulse one-on-ones list REP",
        by=by,
        expect_version=expect_version,
        apply=apply,
        snapshot=_snapshot,
    )
    with db.read() as session:
        row = session.get(tables.OneOnOne, meeting_id)
        assert row is not None  # edit refused a missing one
        return _meeting(session, row)


def one_on_one(db: AppDB, meeting_id: int) -> OneOnOne:
    with db.read() as session:
        row = session.get(tables.OneOnOne, meeting_id)
        if row is None:
            raise UserError(
                f"There is no one-on-one {meeting_id}.",
                fix="A rep's one-on-ones and their numbers: salespulse one-on-ones list REP.",
            )
        return _meeting(session, row)


def one_on_ones(db: AppDB, rep: str | None = None) -> list[OneOnOne]:
    """`rep`'s one-on-ones (everyone's without one), the latest first."""
    query = select(tables.OneOnOne).order_by(tables.OneOnOne.date.desc(), tables.OneOnOne.id.desc())
    if rep is not None:
        query = query.where(tables.OneOnOne.rep == rep)
    with db.read() as session:
        return [_meeting(session, row) for row in session.scalars(query)]


def action_done(db: AppDB, action_id: int, by: str) -> ActionItem:
    with db.write() as session:
        row = session.get(tables.ActionItem, action_id)
        if row is None:
            raise UserError(
                f"There is no action item {action_id}.",
                fix="A rep's action items: salespulse one-on-ones list REP.",
            )
        if row.done_at is not None:
            raise UserError(
                f"Action item {action_id} was already done on {row.done_at:%Y-%m-%d} by "
                f"{row.done_by}."
            )
        before = history.snapshot(row)
        stamp = now()
        row.done_at, row.done_by = stamp, by
        session.flush()
        history.record(
            session, "action_item", action_id, "done", by, stamp, before, history.snapshot(row)
        )
        return from_row(ActionItem, row)


def check_in(
    db: AppDB,
    rep: str,
    week: str,
    week_start: date,
    values: Mapping[str, Any],
    by: str,
) -> tuple[CheckIn, bool]:
    """`rep`'s check-in for a week (values: confidence, wins, blockers); a second one for
    the same week changes the given values of the first. (check-in, whether it is new)."""
    from sqlalchemy.exc import IntegrityError

    try:
        return _check_in(db, rep, week, week_start, values, by)
    except IntegrityError:  # another process added this week's check-in first: change it
        return _check_in(db, rep, week, week_start, values, by)


def _check_in(
    db: AppDB, rep: str, week: str, week_start: date, values: Mapping[str, Any], by: str
) -> tuple[CheckIn, bool]:
    with db.write() as session:
        stamp = now()
        row = session.scalars(
            select(tables.CheckIn).filter_by(rep=rep, week_start=week_start)
        ).first()
        if row is None:
            row = tables.CheckIn(
                rep=rep,
                week=week,
                week_start=week_start,
                **values,
                created_at=stamp,
                created_by=by,
                updated_at=stamp,
                updated_by=by,
            )
            session.add(row)
            session.flush()
            after = history.snapshot(row)
            history.record(session, "check_in", row.id, "add", by, stamp, None, after)
            return from_row(CheckIn, row), True
        before = history.snapshot(row)
        for name, value in values.items():
            if value is not None:
                setattr(row, name, value)
        row.updated_at, row.updated_by = stamp, by
        session.flush()
        history.record(
            session, "check_in", row.id, "update", by, stamp, before, history.snapshot(row)
        )
        return from_row(CheckIn, row), False


def check_ins(db: AppDB, rep: str | None = None) -> list[CheckIn]:
    """`rep`'s check-ins (everyone's without one), the latest week first."""
    query = select(tables.CheckIn).order_by(tables.CheckIn.week_start.desc(), tables.CheckIn.rep)
    if rep is not None:
        query = query.where(tables.CheckIn.rep == rep)
    with db.read() as session:
        return [from_row(CheckIn, row) for row in session.scalars(query)]


def changes_of(db: AppDB, entity: str, ids: list[int]) -> list[Any]:
    """The history of one-on-ones, action items or check-ins."""
    with db.read() as session:
        return history.changes(session, (entity, ids))
