"""Who a scorecard scores: reps when there are any (the reps table, or the rep named on
sale lines and deals), else the grouping the sale lines have — team, region, channel or
category — else products; and what to import to see more."""

from __future__ import annotations

from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.errors import UserError
from salespulse.kpis.relations import RELATIONS
from salespulse.model.periods import Window

#: What a scorecard of sale lines without reps is by: the first with two members or more.
GROUPINGS = ("team", "region", "channel", "category")
#: Every grouping a scorecard can be asked for (`by`): the dimensions of sale lines.
BY_CHOICES = RELATIONS["sales"].dims


def has(engine: Engine, *tables: str) -> bool:
    return any(engine.source.has(t) for t in tables)


def _members(engine: Engine, by: str, w: Window) -> int:
    """How many named members sale lines of window `w` have by `by`."""
    if by == "team" and not has(engine, "reps"):
        return 0  # teams come from the reps table
    query = make_query("units", by=[by], start=w.start, end=w.end)
    return sum(1 for r in engine.result(query).records() if r[by] is not None)


def choose(engine: Engine, w: Window, by: str | None) -> tuple[str, str | None]:
    """What the scorecard is by, and the sentence saying why when it was chosen."""
    if by is not None:
        if by not in BY_CHOICES:
            raise UserError(
                f"A scorecard cannot be by {by!r}.",
                fix="Use `by` " + ", ".join(BY_CHOICES) + ".",
                option="by",
            )
        return by, None
    if has(engine, "reps", "deals", "activities", "leads", "quotas"):
        return "rep", None
    if not has(engine, "sales"):
        return "rep", None
    if _members(engine, "rep", w):
        return "rep", None
    for grouping in GROUPINGS:
        if _members(engine, grouping, w) >= 2:
            return grouping, (
                f"The sale lines name no rep, so the scorecard is by {grouping}; import "
                "reps (or a rep column on the lines) to score each seller."
            )
    return "product", (
        "The sale lines name no rep, region, channel or category, so the scorecard is by "
        "product; import reps (or a rep column), or products with categories, to group them."
    )


UNLOCKS = {
    "quotas": "quotas (attainment, coverage)",
    "deals": "deals (bookings, win rate, deal size, cycle)",
    "activities": "activities (activities, speed to lead)",
    "leads": "leads (speed to lead)",
    "reps": "reps (teams and the team median)",
    "deal_stages": "deal_stages",
    "sales": "sales (revenue, units, orders, customers)",
}


def unlock(missing: set[str]) -> str:
    return "Import " + "; ".join(UNLOCKS.get(t, t) for t in sorted(missing)) + " to see more."
