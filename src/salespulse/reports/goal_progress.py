"""A goal's progress, computed live on the one query path: the actual (exactly what
`salespulse kpi NAME --where rep=OWNER --from START --to END` gives), achieved, where
the pace should be (expected), where the period will land (projection) and the status.

- **actual** — the goal's KPI for its owner (`rep=` a rep, `team=` a team — a rep's team
  from the reps table, as `salespulse kpi --where team=...` reads it — or no filter for
  everyone) and its `where`, from the period's first day to its last (to the as-of date
  when one is given, read as of that date).
- **achieved** — actual ÷ target (None when the target is 0).
- **elapsed** — the share of the period's days gone by the as-of date (inclusive).
- **expected** — for a sum (see `goal_spec`): the target × the owner's usual share of a
  period by this point (`goal_pace.History.usual_share`: their past periods of the same
  length); without that history, the target × elapsed (linear by days). A level KPI
  (active customers) is linear by days. A ratio does not accumulate: expected = target.
- **projection** — for revenue or units of a rep, a team or everyone over a month,
  quarter or year (without `where`), the seasonal forecast of `reports.projection` when
  it has the history; else for a sum the run rate, actual ÷ elapsed; for a ratio the
  actual itself; none for a level KPI. A period that is over lands at its actual.
- **status** — `reports.goal_status`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.data_end import data_end
from salespulse.engine.query import make_query
from salespulse.errors import UserError
from salespulse.model.periods import Window
from salespulse.reports.goal_pace import history
from salespulse.reports.goal_spec import GoalSpec, PaceKind
from salespulse.reports.goal_status import status_of
from salespulse.reports.period_shape import MIN_SHAPE
from salespulse.reports.projection import PROJECTION_PERIODS, projection_by


@dataclass(frozen=True)
class GoalProgress:
    """A goal's numbers as of a day (see the module's docstring)."""

    spec: GoalSpec
    window: Window
    as_of: date
    actual: float | None
    expected: float | None
    projection: float | None
    status: str
    elapsed: float
    pace: PaceKind
    unit: str
    expected_basis: str
    projection_basis: str

    @property
    def target(self) -> float:
        return self.spec.target

    @property
    def achieved(self) -> float | None:
        if self.actual is None or self.spec.target == 0:
            return None
        return self.actual / self.spec.target

    @property
    def start(self) -> date:
        return self.window.start

    @property
    def end(self) -> date:
        return self.window.end

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.spec.as_dict(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "actual": self.actual,
            "achieved": self.achieved,
            "expected": self.expected,
            "projection": self.projection,
            "status": self.status,
            "elapsed": self.elapsed,
            "pace": self.pace,
            "unit": self.unit,
            "expected_basis": self.expected_basis,
            "projection_basis": self.projection_basis,
        }


def as_of_day(engine: Engine, as_of: date | None) -> date:
    """`as_of`, else the end of the data (a refusal when there is no data)."""
    day = as_of or data_end(engine)
    if day is None:
        raise UserError(
            "The workspace holds no data yet, so there is no progress to measure.",
            fix="Import a table first (salespulse import TABLE FILE), or try: salespulse demo",
        )
    return day


def actual_value(engine: Engine, spec: GoalSpec, window: Window, as_of: date | None) -> Any:
    """The goal's KPI over its period (to `as_of` when given): `salespulse kpi`'s number."""
    end = window.end if as_of is None else min(window.end, as_of)
    if end < window.start:
        return None
    query = make_query(spec.measure, start=window.start, end=end, where=spec.filters(), as_of=as_of)
    rows = engine.result(query).records()
    value = rows[0]["value"] if rows else None
    return None if value is None or value != value else float(value)


def goal_progress(engine: Engine, spec: GoalSpec, as_of: date | None = None) -> GoalProgress:
    """The goal's progress as of `as_of` (default: the end of the data)."""
    window = spec.window(engine.settings)
    day = as_of_day(engine, as_of)
    value = actual_value(engine, spec, window, as_of)
    pace = spec.pace
    started, over = day >= window.start, day >= window.end
    gone = 0 if not started else min((day - window.start).days + 1, window.days)
    elapsed = gone / window.days
    actual = value if value is not None or pace == "ratio" else 0.0
    target = spec.target
    if pace == "ratio":
        expected, basis = target, "a rate does not accumulate: the target itself"
        projection, how = actual, "a rate lands where it is: the actual"
    elif not started or over:
        expected = 0.0 if not started else target
        basis = "the period has not begun" if not started else "the period is over"
        projection, how = (actual, "the period is over") if over else (None, basis)
    else:
        expected, basis = _expected(engine, spec, window, day, elapsed)
        projection, how = _projection(engine, spec, window, day, actual or 0.0, elapsed)
    status = status_of(
        pace, spec.measure.direction, actual, target, expected, projection, started, over
    )
    return GoalProgress(
        spec,
        window,
        day,
        actual,
        expected,
        projection,
        status,
        elapsed,
        pace,
        spec.measure.unit,
        basis,
        how,
    )


def _expected(
    engine: Engine, spec: GoalSpec, window: Window, day: date, elapsed: float
) -> tuple[float, str]:
    linear = spec.target * elapsed, f"linear: {elapsed:.0%} of the period's days gone"
    if spec.pace != "sum":
        return linear
    past = history(engine, spec, window, day)
    share = past.usual_share(day, engine.settings)
    if share is None:
        return linear[0], linear[
            1
        ] + f" (fewer than {MIN_SHAPE} of the {len(past.past)} past periods "
        "have any)"
    return spec.target * share, (
        f"seasonal: by this point {share:.0%} of a period is usually in (the owner's "
        f"{len(past.shaped)} past periods)"
    )


def _projection(
    engine: Engine, spec: GoalSpec, window: Window, day: date, actual: float, elapsed: float
) -> tuple[float | None, str]:
    if spec.pace != "sum":
        return None, "its weeks do not add up to the period: no run rate"
    forecast = _forecast(engine, spec, window, day)
    if forecast is not None:
        return forecast, "the seasonal forecast (salespulse forecast)"
    if elapsed <= 0:
        return None, "nothing of the period has gone yet"
    return actual / elapsed, "run rate: the actual ÷ the share of the period gone"


def _forecast(engine: Engine, spec: GoalSpec, window: Window, day: date) -> float | None:
    """The projection report's seasonal landing, where it applies (else None)."""
    if spec.kpi not in ("revenue", "units") or spec.where or window.grain not in PROJECTION_PERIODS:
        return None
    by = None if spec.owner_kind == "all" else spec.owner_kind
    report = projection_by(engine, by, window.grain, day, spec.filters())
    if report.measure != spec.kpi or (report.period.start, report.period.end) != (
        window.start,
        window.end,
    ):
        return None
    for member in report.members:
        if by is None or str(member.member) == spec.owner:
            return member.landing.projected
    return None
