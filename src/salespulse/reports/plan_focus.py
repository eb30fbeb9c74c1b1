"""Progress on a development plan's focus KPI (issue 10 §6): where the rep stood when
the plan was made (the baseline), where they stand now, and how much of the way to the
target that is.

- **current** (and the **baseline**, at the day the plan is made) — the KPI for the rep
  over the `TRAILING_DAYS` (90) days ending on that day, read as of it: long enough for a
  rate to rest on more than a handful of deals or leads, short enough to show a change of
  habit within a quarter. For a sum (revenue, activities) it is the 90 days' total.
- **progress** = (current − baseline) ÷ (target − baseline): 0 at the baseline, 1 at the
  target, above 1 beyond it, below 0 when the KPI moved away from it. It works the same
  way for a KPI where lower is better (speed to lead 30 → 10 minutes: at 20, progress
  0.5). None when the target is the baseline or a value is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.model.periods import Window
from salespulse.reports.goal_progress import as_of_day

TRAILING_DAYS = 90


@dataclass(frozen=True)
class FocusProgress:
    """One focus KPI of a plan, measured."""

    rep: str
    kpi: str
    baseline: float | None
    current: float | None
    target: float
    by: date | None
    window: Window  # the trailing days `current` is measured over
    n: int | None  # what `current` rests on (deals decided, leads, ...)

    @property
    def progress(self) -> float | None:
        if self.baseline is None or self.current is None or self.target == self.baseline:
            return None
        return (self.current - self.baseline) / (self.target - self.baseline)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "kpi": self.kpi,
            "baseline": self.baseline,
            "current": self.current,
            "target": self.target,
            "by": self.by.isoformat() if self.by else None,
            "progress": self.progress,
            "start": self.window.start.isoformat(),
            "end": self.window.end.isoformat(),
            "n": self.n,
        }


def trailing(day: date) -> Window:
    """The `TRAILING_DAYS` days ending on `day`."""
    return Window.days_between(day - timedelta(days=TRAILING_DAYS - 1), day)


def _measure(engine: Engine, rep: str, kpi: str, day: date) -> tuple[float | None, int | None]:
    w = trailing(day)
    query = make_query(kpi, start=w.start, end=w.end, where={"rep": rep}, as_of=day)
    rows = engine.result(query).records()
    if not rows:
        return (0.0, 0) if query.kpi.kind in ("sum", "count") else (None, 0)
    value, n = rows[0]["value"], rows[0]["n"]
    value = None if value is None or value != value else float(value)
    return value, None if n is None else int(n)


def baseline(engine: Engine, rep: str, kpi: str, as_of: date | None = None) -> float | None:
    """The focus KPI when a plan is made: over the 90 days to `as_of` (default: the end
    of the data)."""
    return _measure(engine, rep, kpi, as_of_day(engine, as_of))[0]


def plan_focus_progress(
    engine: Engine,
    rep: str,
    kpi: str,
    baseline: float | None,
    target: float,
    by_date: date | None,
    as_of: date | None = None,
) -> FocusProgress:
    """The focus KPI now (the 90 days to `as_of`, default the end of the data) against
    the plan's baseline and target."""
    day = as_of_day(engine, as_of)
    current, n = _measure(engine, rep, kpi, day)
    return FocusProgress(rep, kpi, baseline, current, float(target), by_date, trailing(day), n)
