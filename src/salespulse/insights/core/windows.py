"""Which stretch of time an insight looks at: the latest complete month by default, a
trailing quarter for a diagnosis, or the dates a manager names.

The end of the data (the last day with a sale, a deal, a lead or an activity) stands in
for "today" unless an as-of date is given: a CRM export from last week is read as of
last week. A period is complete when the as-of day is its last day or later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from salespulse.errors import UserError
from salespulse.model import calendar
from salespulse.model.settings import WEEKDAYS, Settings

#: Grains a manager can ask for by name ("the latest complete month").
NAMED_GRAINS = ("week", "month", "quarter", "year")
_MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Window:
    """Days `start`..`end` (both inclusive), with a label a manager reads."""

    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> float:
        """Length in months: whole calendar months count 1 each, anything else by days."""
        first = self.start
        if first.day == 1 and self.end == _month_end(self.end):
            return float((self.end.year - first.year) * 12 + self.end.month - first.month + 1)
        return self.days / (365.25 / 12)

    def previous(self, count: int = 1) -> Window:
        """The `count` windows of the same length just before this one, as one window."""
        if self.start.day == 1 and self.end == _month_end(self.end):
            n = int(self.months)
            start = _add_months(self.start, -n * count)
            end = self.start - timedelta(days=1)
        else:
            end = self.start - timedelta(days=1)
            start = self.start - timedelta(days=self.days * count)
        return Window(start, end, describe(start, end))

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label}


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_end(day: date) -> date:
    return _add_months(day.replace(day=1), 1) - timedelta(days=1)


def describe(start: date, end: date) -> str:
    """ "May 2025", "Mar–May 2025", "2025-03-03..2025-03-09"."""
    if start.day == 1 and end == _month_end(end):
        last = f"{_MONTH_NAMES[end.month - 1]} {end.year}"
        if (start.year, start.month) == (end.year, end.month):
            return last
        first = _MONTH_NAMES[start.month - 1] + (f" {start.year}" if start.year != end.year else "")
        return f"{first}–{last}"
    return f"{start.isoformat()}..{end.isoformat()}"


def period_window(day: date, grain: str, settings: Settings) -> Window:
    """The whole period of `grain` containing `day`."""
    g: calendar.Grain = grain  # type: ignore[assignment]
    start = calendar.period_start(day, g, settings)
    end = calendar.next_period_start(start, g) - timedelta(days=1)
    label = describe(start, end)
    if grain == "quarter":
        label = calendar.period_label(start, end, settings)
    if grain == "week":
        label = f"week of {start.isoformat()}"
    return Window(start, end, label)


def latest_complete(as_of: date, grain: str, settings: Settings) -> Window:
    """The last period of `grain` that ended on or before `as_of`."""
    current = period_window(as_of, grain, settings)
    if current.end <= as_of:
        return current
    return period_window(current.start - timedelta(days=1), grain, settings)


def trailing_months(as_of: date, months: int) -> Window:
    """The `months` complete calendar months ending on or before `as_of`."""
    end = _month_end(as_of)
    if end > as_of:
        end = as_of.replace(day=1) - timedelta(days=1)
    start = _add_months(end.replace(day=1), -(months - 1))
    return Window(start, end, describe(start, end))


def to_date(value: Any, what: str) -> date | None:
    from salespulse.engine.query import to_date as parse

    return parse(value, what)


def resolve(
    settings: Settings,
    as_of: date,
    period: str | None = None,
    start: Any = None,
    end: Any = None,
    default_months: int = 1,
) -> Window:
    """The window an insight looks at.

    `start`/`end` name the days; else `period` is a grain (the latest complete week,
    month, quarter or year) or a label (`2025-03`, `2025-Q1`, `2025`); else the
    `default_months` complete months ending on or before `as_of`.
    """
    first, last = to_date(start, "--from"), to_date(end, "--to")
    if first or last:
        if period:
            raise UserError("Give either --period or --from/--to, not both.")
        last = last or as_of
        if first is None:
            raise UserError("--to needs --from.", fix="Add --from DATE.")
        if first > last:
            raise UserError(f"--from {first} is after --to {last}.")
        return Window(first, last, describe(first, last))
    if period:
        text = period.strip().lower()
        if text in NAMED_GRAINS:
            return latest_complete(as_of, text, settings)
        parsed = calendar.parse_period(period, settings)
        if parsed is None:
            raise UserError(
                f"--period {period!r} is neither a grain nor a period.",
                fix="Use month, quarter, year or week, or a label like 2025-03, 2025-Q1, 2025.",
            )
        first, last, label = parsed
        return Window(first, last, describe(first, last) if "Q" not in label else label)
    return trailing_months(as_of, default_months)


def business_days(first: date, last: date, settings: Settings) -> int:
    """Business days (by the settings) from `first` to `last`, both inclusive."""
    wanted = {WEEKDAYS.index(d) for d in settings.business_days}
    count = 0
    day = first
    while day <= last:
        count += day.weekday() in wanted
        day += timedelta(days=1)
    return count
