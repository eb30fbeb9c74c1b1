"""The history of every change: one `history` row per change, written in the change's
own transaction (so a change and its history land together or not at all), with the
thing as it was before and as it is after, as JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from salespulse.appdb import tables
from salespulse.appdb.records import Change, from_row


def snapshot(row: Any, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """A stored row's columns as JSON values (dates and times as ISO text)."""
    out: dict[str, Any] = {}
    for column in row.__table__.columns:
        if column.key in leave_out:
            continue
        value = getattr(row, column.key)
        out[column.key] = value.isoformat() if isinstance(value, date | datetime) else value
    return out


def record(
    session: Session,
    entity: str,
    entity_id: int,
    action: str,
    by: str,
    at: datetime,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    version: int | None = None,
) -> None:
    """Add the history row of one change to `session` (committed with the change)."""
    session.add(
        tables.History(
            entity=entity,
            entity_id=entity_id,
            version=version,
            changed_at=at,
            changed_by=by,
            action=action,
            before=before,
            after=after,
        )
    )


def changes(session: Session, *about: tuple[str, list[int]]) -> list[Change]:
    """The history of the things `about` names (entity, ids), oldest first."""
    wanted = [
        (tables.History.entity == entity) & tables.History.entity_id.in_(ids)
        for entity, ids in about
        if ids
    ]
    if not wanted:
        return []
    rows = session.scalars(select(tables.History).where(or_(*wanted)).order_by(tables.History.id))
    return [from_row(Change, row) for row in rows]


def last_change(session: Session, entity: str, entity_id: int) -> Change | None:
    """The newest history row of one thing."""
    row = session.scalars(
        select(tables.History)
        .where(tables.History.entity == entity, tables.History.entity_id == entity_id)
        .order_by(tables.History.id.desc())
        .limit(1)
    ).first()
    return None if row is None else from_row(Change, row)
