"""The owner's own seasonality within a goal's period, from the goal's KPI by day over the
owner's past periods of the same length (one query on the one query path).

- **Usual share by now**: in each past period, the KPI by the same point (the same share
  of its selling days gone, `reports.period_shape.cutoff`) over the period's whole; the
  share is Σ by-then ÷ Σ whole over the past periods with a positive whole — a ratio of
  sums, never a mean of shares (`period_shape.usual_share`; at least `MIN_SHAPE` such
  periods, else there is no usual share).
- **Week weights**: each week of the period (clipped to it) covers a slice of its
  selling days (`position`: the share of the period's selling days before the week, to
  the share up to its last day — a week of weekend days covers none); its weight is the
  part of the past periods' whole that fell in the same slice of theirs (a day's value at
  the share of selling days before it, so a weekend sale counts with the next selling
  day): Σ slice ÷ Σ whole (a month-end push gives the last week more). Weights below 0
  (returns) count as 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.model.periods import Window
from salespulse.model.settings import Settings
from salespulse.reports.goal_spec import GoalSpec
from salespulse.reports.period_shape import (
    MIN_SHAPE,
    SHAPE_PERIODS,
    Past,
    cutoff,
    selling_days,
    usual_share,
)


def shape_count(window: Window) -> int:
    """How many past periods a period's shape is read from: twelve weeks or months,
    eight quarters, four years (a range of days by its length)."""
    if window.grain in SHAPE_PERIODS:
        return SHAPE_PERIODS[window.grain]
    return 12 if window.days <= 31 else 8 if window.days <= 92 else 4


def past_periods(window: Window, count: int) -> list[Window]:
    """The `count` periods before `window` (of its grain, else of its length), most
    recent first."""
    out = [window.previous()]
    while len(out) < count:
        out.append(out[-1].previous())
    return out


@dataclass(frozen=True)
class History:
    """The goal's KPI by day for its owner over the past periods and the current one (up
    to the as-of date)."""

    window: Window
    past: tuple[Window, ...]  # most recent first
    daily: dict[date, float]

    def total(self, start: date, end: date) -> float:
        return sum(v for d, v in self.daily.items() if start <= d <= end)

    @property
    def shaped(self) -> list[Window]:
        """The past periods with a positive whole (those a shape is read from)."""
        return [p for p in self.past if self.total(p.start, p.end) > 0]

    def usual_share(self, as_of: date, settings: Settings) -> float | None:
        """The share of a period usually in by `as_of`'s point of the current period
        (None with fewer than MIN_SHAPE past periods with a positive whole)."""
        days = selling_days(self.window, settings)
        if not days:
            return None
        last = min(as_of, self.window.end)
        gone = len(selling_days(self.window, settings, last)) / len(days)
        is_selling = last in days
        past = [
            Past(
                self.total(p.start, cutoff(p, gone, is_selling, settings)),
                self.total(p.start, p.end),
            )
            for p in self.past
        ]
        return usual_share(past)

    def week_weights(self, weeks: list[Window], settings: Settings) -> list[float] | None:
        """Each week's share of the period from the past periods (None with too little
        history: fewer than MIN_SHAPE past periods with a positive whole)."""
        shaped = self.shaped
        if len(shaped) < MIN_SHAPE:
            return None
        whole = sum(self.total(p.start, p.end) for p in shaped)
        bounds = [position(self.window, k.end, settings) for k in weeks]
        slices = [0.0] * len(weeks)
        for p in shaped:
            for d, v in self.daily.items():
                if p.start <= d <= p.end:
                    at = position(p, d - timedelta(days=1), settings)
                    slices[next((i for i, b in enumerate(bounds) if at < b), -1)] += v
        weights = [max(s / whole, 0.0) for s in slices]
        return weights if sum(weights) > 0 else None


def position(period: Window, day: date, settings: Settings) -> float:
    """How far into `period` the end of `day` is: the share of its selling days up to
    `day` (of its days, when it has no selling day)."""
    days = selling_days(period, settings)
    if not days:
        return max(min((day - period.start).days + 1, period.days), 0) / period.days
    return sum(d <= day for d in days) / len(days)


def history(engine: Engine, spec: GoalSpec, window: Window, as_of: date) -> History:
    """The goal's KPI by day over its owner's past periods and its own, to `as_of`."""
    past = past_periods(window, shape_count(window))
    first = past[-1].start
    last = max(min(window.end, as_of), first)
    query = make_query(
        spec.measure, period="day", start=first, end=last, where=spec.filters(), as_of=last
    )
    daily = {}
    for r in engine.result(query).records():
        if r["value"] is not None and r["value"] == r["value"]:
            daily[r["period"]] = float(r["value"])
    return History(window, tuple(past), daily)


def weeks_of(window: Window, settings: Settings) -> list[Window]:
    """The weeks of `window` (the workspace's week start), the first and last clipped to
    it."""
    out = []
    day = window.start
    while day <= window.end:
        week = Window.period(day, "week", settings)
        start, end = max(week.start, window.start), min(week.end, window.end)
        whole = (start, end) == (week.start, week.end)
        out.append(week if whole else Window.days_between(start, end))
        day = end + timedelta(days=1)
    return out
