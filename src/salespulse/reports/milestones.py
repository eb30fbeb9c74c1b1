"""A goal broken into weekly milestones — the reverse funnel, week by week.

- **Weeks**: the period's weeks by the workspace's week start, the first and last
  clipped to the period.
- **Weekly targets** (a sum goal): the target shared by the weeks' weights
  (`goal_pace.History.week_weights`: the owner's own shape over their past periods of the
  same length) where at least `MIN_SHAPE` of them have any, else by the weeks' selling
  days (calendar days when the period has none), then rounded to the cent by the largest
  remainder (`reports.allocation`): the weekly targets add up to the goal's exactly.
- A **ratio** goal's weeks each aim at the target rate itself, with no drivers: a rate
  has no volume to break into leads and deals. A **level** goal's weeks (active
  customers, the largest order) carry no target: their weeks do not add up to the period.
- **actual**: the goal's KPI in that week (one query by week; to the as-of date).
- **status**: upcoming (not begun by the as-of date), in progress (begun, not over), then
  hit or missed (the actual reached the week's target or not: ≥, or ≤ where lower is
  better); a ratio week with nothing measured is "no data", a level week "done".
- **drivers**: `milestone_drivers` — what the week's target needs, from the owner's rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.model.periods import Window
from salespulse.reports.allocation import allocate
from salespulse.reports.goal_pace import history, weeks_of
from salespulse.reports.goal_progress import as_of_day
from salespulse.reports.goal_spec import GoalSpec
from salespulse.reports.goal_status import reached
from salespulse.reports.milestone_drivers import Driver, drivers, rates
from salespulse.reports.period_shape import selling_days

MILESTONE_STATUSES = ("upcoming", "in progress", "hit", "missed", "no data", "done")


@dataclass(frozen=True)
class Milestone:
    """One week of a goal (see the module's docstring). `weighting` says how the weekly
    targets were shared; `basis` whose rates the drivers use, or why there are none."""

    start: date
    end: date
    label: str
    target: float | None
    actual: float | None
    status: str
    drivers: tuple[Driver, ...]
    weighting: str
    basis: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "label": self.label,
            "target": self.target,
            "actual": self.actual,
            "status": self.status,
            "drivers": [d.as_dict() for d in self.drivers],
            "weighting": self.weighting,
            "basis": self.basis,
        }


def weekly_targets(
    engine: Engine, spec: GoalSpec, window: Window, weeks: list[Window], as_of: date
) -> tuple[list[float], str]:
    """The weekly targets of a sum goal (adding up to its target) and how they were
    weighted."""
    weights = history(engine, spec, window, as_of).week_weights(weeks, engine.settings)
    how = "the owner's own shape over their past periods"
    if weights is None:
        weights = [float(len(selling_days(w, engine.settings))) for w in weeks]
        how = "selling days (too little history for the owner's own shape)"
        if sum(weights) == 0:
            weights, how = [float(w.days) for w in weeks], "days"
    return allocate(spec.target, weights), how


def _weekly_actuals(
    engine: Engine, spec: GoalSpec, window: Window, as_of: date
) -> dict[date, float | None]:
    end = min(window.end, as_of)
    if end < window.start:
        return {}
    query = make_query(
        spec.measure, period="week", start=window.start, end=end, where=spec.filters(), as_of=as_of
    )
    out: dict[date, float | None] = {}
    for r in engine.result(query).records():
        value = r["value"]
        out[r["period"]] = None if value is None or value != value else float(value)
    return out


def _status(spec: GoalSpec, week: Window, as_of: date, target: float | None, actual: Any) -> str:
    if as_of < week.start:
        return "upcoming"
    if as_of < week.end:
        return "in progress"
    if target is None:
        return "done"
    if actual is None:
        if spec.pace == "ratio":
            return "no data"
        actual = 0.0
    return "hit" if reached(actual, target, spec.measure.direction) else "missed"


def milestones(engine: Engine, spec: GoalSpec, as_of: date | None = None) -> list[Milestone]:
    """The goal's weekly milestones as of `as_of` (default: the end of the data)."""
    window = spec.window(engine.settings)
    day = as_of_day(engine, as_of)
    weeks = weeks_of(window, engine.settings)
    targets: list[float | None]
    if spec.pace == "sum":
        shared, weighting = weekly_targets(engine, spec, window, weeks, day)
        targets = list(shared)
        found = rates(engine, spec, window)
        basis = found.basis if found else f"no driver chain for {spec.measure.label}"
    elif spec.pace == "ratio":
        targets, weighting = [spec.target] * len(weeks), "a rate: every week aims at the target"
        found, basis = None, "a rate has no volume to break down into deals or leads"
    else:
        targets, weighting = [None] * len(weeks), "its weeks do not add up to the period"
        found, basis = None, "its weeks do not add up to the period: no weekly drivers"
    actuals = _weekly_actuals(engine, spec, window, as_of or day)
    out = []
    for week, target in zip(weeks, targets, strict=True):
        actual = actuals.get(Window.period(week.start, "week", engine.settings).start)
        if actual is None and spec.pace == "sum" and day >= week.start:
            actual = 0.0
        needs = drivers(spec, found, target) if found and target else ()
        status = _status(spec, week, day, target, actual)
        out.append(
            Milestone(
                week.start, week.end, week.label, target, actual, status, needs, weighting, basis
            )
        )
    return out
