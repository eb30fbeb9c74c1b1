"""Which stretch of time an insight looks at: the latest complete month by default, a
trailing quarter for a diagnosis, or the dates a manager names.

The end of the data (the last day with a sale, a deal, a lead or an activity) stands in
for "today" unless an as-of date is given: a CRM export from last week is read as of
last week. A period is complete when the as-of day is its last day or later.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from salespulse.errors import UserError
from salespulse.model.calendar import Grain, add_months
from salespulse.model.periods import Window, describe, month_end
from salespulse.model.settings import WEEKDAYS, Settings

__all__ = [
    "NAMED_GRAINS",
    "Window",
    "business_days",
    "describe",
    "latest_complete",
    "period_window",
    "resolve",
    "to_date",
    "trailing_months",
]

#: Grains a manager can ask for by name ("the latest complete month").
NAMED_GRAINS = ("week", "month", "quarter", "year")


def period_window(day: date, grain: str, settings: Settings) -> Window:
    """The whole period of `grain` containing `day`."""
    return Window.period(day, cast(Grain, grain), settings)


def latest_complete(as_of: date, grain: str, settings: Settings) -> Window:
    """The last period of `grain` that ended on or before `as_of`."""
    return Window.latest_complete(cast(Grain, grain), as_of, settings)


def trailing_months(as_of: date, months: int) -> Window:
    """The `months` complete calendar months ending on or before `as_of`."""
    end = month_end(as_of)
    if end > as_of:
        end = as_of.replace(day=1) - timedelta(days=1)
    return Window.days_between(add_months(end.replace(day=1), -(months - 1)), end)


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
    first, last = to_date(start, "start"), to_date(end, "end")
    if first or last:
        if period:
            raise UserError("Give either `period` or `start`/`end`, not both.", option="period")
        last = last or as_of
        if first is None:
            raise UserError("`end` needs `start`.", fix="Add `start` DATE.", option="start")
        if first > last:
            raise UserError(f"`start` {first} is after `end` {last}.", option="start")
        return Window.days_between(first, last)
    if period:
        text = period.strip().lower()
        if text in NAMED_GRAINS:
            return latest_complete(as_of, text, settings)
        try:
            return Window.from_label(period, settings)
        except UserError:
            raise UserError(
                f"`period` {period!r} is neither a grain nor a period.",
                fix="Use month, quarter, year or week, or a label like 2025-03, 2025-Q1, 2025.",
                option="period",
            ) from None
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
