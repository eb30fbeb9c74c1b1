"""Goals and their operational steps in the app database. A goal is a KPI target for a
rep, a team or the whole business over a period, optionally narrowed (`where`); a team
goal's split across its reps is stored as child goals. The values come checked from the
Workspace API (`salespulse.workspace_app`); here they are stored, versioned and given a
history row with every change."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salespulse.appdb import history, tables
from salespulse.appdb.connection import AppDB, now
from salespulse.appdb.records import Change, Goal, Step, from_row
from salespulse.appdb.versioned import VersionConflict, edit
from salespulse.errors import UserError

#: What `update_goal` may change.
CHANGEABLE = ("target", "period", "what", "why")
OWNER_KINDS = ("rep", "team", "all")
SPLITS = ("quota", "equal", "manual")


def _show(goal_id: int) -> str:
    return f"salespulse goals show {goal_id}"


def add_goal(
    db: AppDB, by: str, children: Mapping[str, float] | None = None, **values: Any
) -> Goal:
    """Store a new goal (owner, owner_kind, kpi, target, period, where, what, why,
    split, parent_id) at version 1, with its history row — and, for a team goal split
    across its reps, its `children` ({rep: target}) in the same transaction."""
    with db.write() as session:
        goal = _add(session, by, values)
        for rep, target in (children or {}).items():
            same = {k: values[k] for k in ("kpi", "period", "where")}
            child = {**same, "owner": rep, "owner_kind": "rep", "target": target}
            _add(
                session,
                by,
                {**child, "parent_id": goal.id, "what": None, "why": None, "split": None},
            )
        return goal


def _add(session: Session, by: str, values: Mapping[str, Any]) -> Goal:
    stamp = now()
    row = tables.Goal(
        **values, state="open", created_at=stamp, created_by=by, updated_at=stamp, updated_by=by
    )
    session.add(row)
    session.flush()
    history.record(session, "goal", row.id, "add", by, stamp, None, history.snapshot(row), 1)
    return from_row(Goal, row)


def add_children(
    db: AppDB,
    parent_id: int,
    targets: Mapping[str, float],
    by: str,
    expect_version: int | None = None,
    how: str | None = None,
) -> list[Goal]:
    """Store a team goal's split: one child goal per rep with its target (same KPI,
    period and filters), all in one transaction; refused (`VersionConflict`) when the
    team goal is not at `expect_version` (if given). With `how` (quota, equal, manual)
    the team goal keeps how it was split: a new version, with its history row."""
    with db.write() as session:
        parent = _row(session, parent_id)
        if expect_version is not None and parent.version != expect_version:
            last = history.last_change(session, "goal", parent_id)
            raise VersionConflict(
                f"Goal {parent_id}",
                expect_version,
                parent.version,
                last.changed_by if last else None,
                last.changed_at if last else None,
                _show(parent_id),
            )
        if parent.state != "open":
            raise UserError(f"Goal {parent_id} is closed; it cannot be split.")
        if parent.owner_kind == "rep":
            raise UserError(
                f"Goal {parent_id} is a rep's goal ({parent.owner}); only a team's or the "
                "whole business's goal is split across reps."
            )
        taken = set(session.scalars(select(tables.Goal.owner).filter_by(parent_id=parent_id)))
        again = sorted(taken & set(targets))
        if again:
            raise UserError(
                f"Goal {parent_id} already has a child goal for {', '.join(again)}.",
                fix=f"Change that goal instead (salespulse goals show {parent_id} lists them).",
            )
        same = {"kpi": parent.kpi, "period": parent.period, "where": parent.where}
        shares = [
            _add(
                session,
                by,
                {
                    **same,
                    "owner": rep,
                    "owner_kind": "rep",
                    "target": target,
                    "parent_id": parent_id,
                    "what": None,
                    "why": None,
                    "split": None,
                },
            )
            for rep, target in targets.items()
        ]
        if how is not None:
            before, stamp = history.snapshot(parent), now()
            parent.split, parent.updated_at, parent.updated_by = how, stamp, by
            session.flush()
            after = history.snapshot(parent)
            history.record(
                session, "goal", parent_id, "split", by, stamp, before, after, parent.version
            )
        return shares


def _row(session: Session, goal_id: int) -> tables.Goal:
    row = session.get(tables.Goal, goal_id)
    if row is None:
        raise UserError(f"There is no goal {goal_id}.", fix="List them: salespulse goals list.")
    return row


def goal(db: AppDB, goal_id: int) -> Goal:
    with db.read() as session:
        return from_row(Goal, _row(session, goal_id))


def goals(
    db: AppDB, owner: str | None = None, state: str | None = None, parent_id: int | None = None
) -> list[Goal]:
    """The goals, oldest first: all, or only `owner`'s, those in `state`, or the
    children of `parent_id`."""
    query = select(tables.Goal).order_by(tables.Goal.id)
    if owner is not None:
        query = query.where(tables.Goal.owner == owner)
    if state is not None:
        query = query.where(tables.Goal.state == state)
    if parent_id is not None:
        query = query.where(tables.Goal.parent_id == parent_id)
    with db.read() as session:
        return [from_row(Goal, row) for row in session.scalars(query)]


def update_goal(
    db: AppDB,
    goal_id: int,
    changes: Mapping[str, Any],
    by: str,
    expect_version: int | None = None,
    action: str = "update",
) -> Goal:
    """Change the `CHANGEABLE` values of a goal (see `appdb.versioned`: never losing
    another process's change; refused when not at `expect_version`)."""
    unknown = sorted(set(changes) - set(CHANGEABLE) - ({"state"} if action == "close" else set()))
    if unknown:
        raise UserError(
            f"A goal's {', '.join(unknown)} cannot be changed.",
            fix="Change its " + ", ".join(CHANGEABLE) + ".",
        )

    def apply(session: Session, row: Any) -> str:
        if row.state != "open":
            raise UserError(
                f"Goal {goal_id} was closed on {row.closed_at:%Y-%m-%d}; it cannot be changed.",
                fix="Add a new goal instead.",
            )
        if "period" in changes and row.parent_id is not None:
            raise UserError(
                f"Goal {goal_id} is a rep's share of team goal {row.parent_id}: its period is "
                "the team goal's.",
                fix=f"Change the period of goal {row.parent_id}; its shares follow.",
                option="period",
            )
        if "period" in changes:  # before the goal's own change: one flush, one version
            _follow(session, goal_id, changes["period"], by)
        for name, value in changes.items():
            setattr(row, name, value)
        if action == "close":
            row.closed_at = now()
        return action

    goal(db, goal_id)  # an unknown id is named as `goals show` names it
    edit(
        db,
        tables.Goal,
        goal_id,
        entity="goal",
        what=f"Goal {goal_id}",
        show=_show(goal_id),
        by=by,
        expect_version=expect_version,
        apply=apply,
        snapshot=lambda session, row: history.snapshot(row),
    )
    return goal(db, goal_id)


def _follow(session: Session, parent_id: int, period: str, by: str) -> None:
    """A team goal's open shares take its new period (one roll-up, one period), each
    with its history row."""
    stamp = now()
    shares = session.scalars(select(tables.Goal).filter_by(parent_id=parent_id, state="open"))
    for child in list(shares):
        if child.period == period:
            continue
        before = history.snapshot(child)
        child.period, child.updated_at, child.updated_by = period, stamp, by
        session.flush()
        history.record(
            session, "goal", child.id, "update", by, stamp, before, history.snapshot(child),
            child.version,
        )  # fmt: skip


def close_goal(db: AppDB, goal_id: int, by: str, expect_version: int | None = None) -> Goal:
    return update_goal(db, goal_id, {"state": "closed"}, by, expect_version, action="close")


def add_step(db: AppDB, goal_id: int, text: str, owner: str, due: date | None, by: str) -> Step:
    """An operational step towards a goal ("shadow two calls of a senior rep")."""
    with db.write() as session:
        _row(session, goal_id)
        stamp = now()
        row = tables.GoalStep(
            goal_id=goal_id, text=text, owner=owner, due=due, created_at=stamp, created_by=by
        )
        session.add(row)
        session.flush()
        history.record(session, "goal_step", row.id, "add", by, stamp, None, history.snapshot(row))
        return from_row(Step, row)


def step_done(db: AppDB, step_id: int, by: str) -> Step:
    with db.write() as session:
        row = session.get(tables.GoalStep, step_id)
        if row is None:
            raise UserError(
                f"There is no step {step_id}.", fix="A goal's steps: salespulse goals show ID."
            )
        if row.done_at is not None:
            raise UserError(
                f"Step {step_id} was already done on {row.done_at:%Y-%m-%d} by {row.done_by}."
            )
        before = history.snapshot(row)
        stamp = now()
        row.done_at, row.done_by = stamp, by
        session.flush()
        history.record(
            session, "goal_step", step_id, "done", by, stamp, before, history.snapshot(row)
        )
        return from_row(Step, row)


def steps(db: AppDB, goal_id: int) -> list[Step]:
    with db.read() as session:
        rows = session.scalars(select(tables.GoalStep).filter_by(goal_id=goal_id).order_by("id"))
        return [from_row(Step, row) for row in rows]


def goal_history(db: AppDB, goal_id: int) -> list[Change]:
    """Every change to a goal and to its steps, oldest first."""
    with db.read() as session:
        _row(session, goal_id)
        step_ids = list(session.scalars(select(tables.GoalStep.id).filter_by(goal_id=goal_id)))
        return history.changes(session, ("goal", [goal_id]), ("goal_step", step_ids))
