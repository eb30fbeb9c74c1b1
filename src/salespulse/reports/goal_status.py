"""A goal's status from its numbers (pure Python).

- **upcoming** — the period has not begun by the as-of date.
- **met** / **missed** — the period is over: the actual reached the target or not
  (reached: ≥ for a KPI where higher is better, ≤ where lower is). A sum (revenue,
  deals won) is **met** as soon as it reaches the target, before the period ends; a sum
  where lower is better (deals lost) is **missed** as soon as it passes it.
- In progress, the actual is read against the pace (`score`: actual ÷ reference where
  higher is better, reference ÷ actual where lower is):
  - **at risk** — the projection is below `AT_RISK` (90%) of the target;
  - **behind** — else, the actual is below `BEHIND` (95%) of the expected;
  - **ahead** — else, the actual is above `AHEAD` (105%) of the expected;
  - **on track** — in between.
  For a ratio the expected is the target and the projection the actual itself, so a
  win rate below 90% of its target is at risk, below 95% behind.
- **no data** — in progress with nothing measured yet (a rate with no deal decided).
"""

from __future__ import annotations

import math

from salespulse.kpis.model import Direction
from salespulse.reports.goal_spec import PaceKind

STATUSES = ("upcoming", "met", "missed", "at risk", "behind", "on track", "ahead", "no data")
AT_RISK = 0.90
BEHIND = 0.95
AHEAD = 1.05


def reached(actual: float, target: float, direction: Direction) -> bool:
    return actual <= target if direction == "lower" else actual >= target


def score(actual: float, reference: float, direction: Direction) -> float:
    """How good `actual` is against `reference`: 1 is level, above 1 better."""
    good, base = (reference, actual) if direction == "lower" else (actual, reference)
    if base == 0:
        return 1.0 if good == 0 else math.inf if good > 0 else -math.inf
    return good / base


def status_of(
    pace: PaceKind,
    direction: Direction,
    actual: float | None,
    target: float,
    expected: float | None,
    projection: float | None,
    started: bool,
    over: bool,
) -> str:
    """The status (see the module's docstring)."""
    if not started:
        return "upcoming"
    if actual is None:
        return "missed" if over else "no data"
    if over:
        return "met" if reached(actual, target, direction) else "missed"
    if pace != "ratio":
        if direction != "lower" and actual >= target:
            return "met"
        if direction == "lower" and actual > target:
            return "missed"
    if projection is not None and score(projection, target, direction) < AT_RISK:
        return "at risk"
    if expected is None:
        return "on track"
    pace_score = score(actual, expected, direction)
    if pace_score < BEHIND:
        return "behind"
    if pace_score > AHEAD:
        return "ahead"
    return "on track"
