"""Development plans in the app database: one living plan per rep, with focus areas (a
KPI from a baseline to a target by a date, and the skill behind it) and actions (with
due dates, open or done). A plan is versioned like a goal; its history keeps the whole
plan, focus areas and actions included, before and after each change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salespulse.appdb import history, tables
from salespulse.appdb.connection import AppDB, now
from salespulse.appdb.records import Focus as FocusRecord
from salespulse.appdb.records import Plan, PlanAction, from_row
from salespulse.appdb.versioned import edit
from salespulse.errors import UserError

Values = Mapping[str, Any]


def _record(session: Session, row: tables.Plan) -> Plan:
    focus = session.scalars(select(tables.PlanFocus).filter_by(plan_id=row.id).order_by("id"))
    actions = session.scalars(select(tables.PlanAction).filter_by(plan_id=row.id).order_by("id"))
    return from_row(
        Plan,
        row,
        focus=tuple(from_row(FocusRecord, f) for f in focus),
        actions=tuple(from_row(PlanAction, a) for a in actions),
    )


def _snapshot(session: Session, row: tables.Plan) -> dict[str, Any]:
    """The plan with its focus areas and actions, as history keeps it."""
    out = history.snapshot(row)
    out["focus"] = [
        history.snapshot(f)
        for f in session.scalars(select(tables.PlanFocus).filter_by(plan_id=row.id).order_by("id"))
    ]
    out["actions"] = [
        history.snapshot(a)
        for a in session.scalars(select(tables.PlanAction).filter_by(plan_id=row.id).order_by("id"))
    ]
    return out


def _add_parts(
    session: Session, plan_id: int, focus: Sequence[Values], actions: Sequence[Values]
) -> None:
    session.add_all(tables.PlanFocus(plan_id=plan_id, **f) for f in focus)
    session.add_all(tables.PlanAction(plan_id=plan_id, status="open", **a) for a in actions)
    session.flush()


def add_plan(
    db: AppDB, rep: str, focus: Sequence[Values], actions: Sequence[Values], by: str
) -> Plan:
    """A rep's development plan, with its first focus areas and actions."""
    with db.write() as session:
        if session.scalars(select(tables.Plan.id).filter_by(rep=rep)).first() is not None:
            raise UserError(
                f"{rep} already has a development plan.",
                fix=f"Change it: salespulse plans update {rep} (see salespulse plans show {rep}).",
            )
        stamp = now()
        row = tables.Plan(rep=rep, created_at=stamp, created_by=by, updated_at=stamp, updated_by=by)
        session.add(row)
        session.flush()
        _add_parts(session, row.id, focus, actions)
        history.record(session, "plan", row.id, "add", by, stamp, None, _snapshot(session, row), 1)
        return _record(session, row)


def _row(session: Session, rep: str) -> tables.Plan:
    row = session.scalars(select(tables.Plan).filter_by(rep=rep)).first()
    if row is None:
        raise UserError(
            f"{rep} has no development plan yet.",
            fix=f'Make one: salespulse plans add {rep} --focus "KPI; TARGET; BY_DATE; SKILL".',
        )
    return row


def plan(db: AppDB, rep: str) -> Plan:
    with db.read() as session:
        return _record(session, _row(session, rep))


def plans(db: AppDB) -> list[Plan]:
    with db.read() as session:
        rows = session.scalars(select(tables.Plan).order_by(tables.Plan.rep))
        return [_record(session, row) for row in rows]


def update_plan(
    db: AppDB,
    rep: str,
    by: str,
    *,
    add_focus: Sequence[Values] = (),
    add_actions: Sequence[Values] = (),
    done_actions: Sequence[int] = (),
    expect_version: int | None = None,
    change_actions: Mapping[int, Values] | None = None,
    drop_actions: Sequence[int] = (),
    change_focus: Mapping[int, Values] | None = None,
    drop_focus: Sequence[int] = (),
) -> Plan:
    """Add focus areas and actions to a rep's plan, mark actions done, change an
    action's values (text, due) or a focus area's (target, by_date, skill), remove
    actions or focus areas — as one change (see `appdb.versioned`)."""
    with db.read() as session:
        plan_id = _row(session, rep).id

    def part(session: Session, model: Any, part_id: int, what: str) -> Any:
        found = session.get(model, part_id)
        if found is None or found.plan_id != plan_id:
            raise UserError(
                f"{rep}'s plan has no {what} {part_id}.",
                fix=f"Its {what}s and their numbers: salespulse plans show {rep}.",
            )
        return found

    def apply(session: Session, row: Any) -> str:
        for action_id in done_actions:
            action = part(session, tables.PlanAction, action_id, "action")
            if action.status == "done":
                raise UserError(f"Action {action_id} of {rep}'s plan is already done.")
            action.status, action.done_at = "done", now()
        for model, changes, what in (
            (tables.PlanAction, change_actions or {}, "action"),
            (tables.PlanFocus, change_focus or {}, "focus area"),
        ):
            for part_id, values in changes.items():
                found = part(session, model, part_id, what)
                for name, value in values.items():
                    setattr(found, name, value)
        for model, ids, what in (
            (tables.PlanAction, drop_actions, "action"),
            (tables.PlanFocus, drop_focus, "focus area"),
        ):
            for part_id in ids:
                session.delete(part(session, model, part_id, what))
        _add_parts(session, plan_id, add_focus, add_actions)
        others = add_focus or add_actions or change_actions or change_focus
        return "done" if done_actions and not (others or drop_actions or drop_focus) else "update"

    edit(
        db,
        tables.Plan,
        plan_id,
        entity="plan",
        what=f"{rep}'s plan",
        show=f"salespulse plans show {rep}",
        by=by,
        expect_version=expect_version,
        apply=apply,
        snapshot=_snapshot,
    )
    return plan(db, rep)


def plan_history(db: AppDB, rep: str) -> list[Any]:
    with db.read() as session:
        return history.changes(session, ("plan", [_row(session, rep).id]))
