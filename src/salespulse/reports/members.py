"""Who a report is about: the dimensions a sales report can follow, a rep's name and
team from the reps table, and the refusal of a member the sales do not know."""

from __future__ import annotations

import re
from typing import Any

from salespulse import kpis
from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.engine.sources import normalize
from salespulse.errors import UserError

#: Shown when a report is about everyone.
WHOLE_BUSINESS = "the whole business"


def reading_order(member: object) -> tuple[tuple[int, int, str], ...]:
    """A sort key that reads numbers as numbers: territory "2" before "10", "R9" before
    "R10"; text as text."""
    parts = re.split(r"([0-9]+)", str(member))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def member_label(by: str | None, member: object) -> str:
    """How a report names a member: the whole business without `by`, "(no rep)" for the
    lines without one."""
    if by is None:
        return WHOLE_BUSINESS
    return f"(no {by})" if member is None else str(member)


def sales_dimension(by: Any, allowed: tuple[str, ...] | None = None) -> str | None:
    """`by` when the sales can be followed by it (None: the whole business)."""
    if by is None:
        return None
    choices = allowed or tuple(kpis.get("revenue").dimensions)
    if not isinstance(by, str) or by not in choices:
        raise UserError(
            f"There is no dimension {by!r} to follow here.",
            fix="Use `by` " + ", ".join(choices) + " (or leave it out for the whole business).",
            option="by",
        )
    return by


def rep_details(engine: Engine, team: str | None = None) -> dict[str, tuple[Any, Any]]:
    """rep → (name, team) from the reps table (empty without one); only `team`'s reps
    when given. A missing name or team is None."""

    def build() -> Any:
        raw = engine.source.raw("reps")
        if raw is None:
            return None
        return normalize(raw, "reps", engine.settings, engine.source.label).select(
            "rep", "name", "team"
        )

    rows = engine.read("rep_details", ("reps",), build)  # compiled once, no Ibis after

    def known(value: Any) -> Any:
        return None if value is None or value != value else value

    return {
        str(r["rep"]): (known(r["name"]), known(r["team"]))
        for r in rows
        if team is None or r["team"] == team
    }


def unknown_member(engine: Engine, by: str, value: str, measure: str) -> UserError:
    """The error for a `value` of `by` with no sales at all, naming a few that have."""
    rows = engine.result(make_query(measure, by=[by])).records()
    known = sorted(str(r[by]) for r in rows if r[by] is not None)
    if str(value) in known:
        return UserError(
            f"{by} {value!r} has no sales in the months asked for.",
            fix="Use `as_of` a date when it was selling, or a longer `months`.",
            option="value",
        )
    shown = ", ".join(known[:8]) + (f" (and {len(known) - 8} more)" if len(known) > 8 else "")
    return UserError(
        f"There is no {by} {value!r} in the sales.",
        fix=f"Use one of: {shown}." if known else "Import sales first.",
        option="value",
    )


def owner_kind(engine: Engine, owner: str) -> str:
    """Whether a goal's `owner` is a rep id, a team name (from the reps table) or "all"
    (everyone); a `UserError` naming a few of each when it is neither."""
    if owner == "all":
        return "all"
    reps = rep_details(engine)
    if owner in reps:
        return "rep"
    teams = sorted({str(team) for _, team in reps.values() if team is not None})
    if owner in teams:
        return "team"
    shown = ", ".join(sorted(reps)[:5]) + (" …" if len(reps) > 5 else "")
    raise UserError(
        f"There is no rep or team {owner!r} in the reps table.",
        fix=(
            f"Use a rep ({shown}), a team ({', '.join(teams)}) or all."
            if reps
            else "Import the reps table (salespulse import reps FILE), or use all."
        ),
        option="owner",
    )
