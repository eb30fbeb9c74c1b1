"""Periods as Ibis expressions: the same periods as `model/calendar.py` (week start and
fiscal year from the settings), built from truncations every backend has."""

from __future__ import annotations

from typing import Any

from salespulse.model.calendar import Grain
from salespulse.model.settings import Settings
from salespulse.sql import functions as fn

_STEP = {
    "day": {"days": 1},
    "week": {"days": 7},
    "month": {"months": 1},
    "quarter": {"months": 3},
    "year": {"months": 12},
}


def as_date(value: Any) -> Any:
    """A date expression for a date or timestamp column."""
    return value.date() if value.type().is_timestamp() else value


def period_start(value: Any, grain: Grain, settings: Settings) -> Any:
    """First day of the period of `grain` containing `value` (a date expression).

    Weeks: truncating to an ISO (Monday) week after shifting by the week start and
    shifting back. Fiscal quarters and years: the same with the fiscal start month.
    """
    day = as_date(value)
    if grain == "day":
        out = day
    elif grain == "week":
        shift = settings.week_start_index
        if shift == 0:
            out = day.truncate("W")
        else:
            out = (day - fn.interval(days=shift)).truncate("W") + fn.interval(days=shift)
    elif grain == "month":
        out = day.truncate("M")
    elif grain in ("quarter", "year"):
        unit = "Q" if grain == "quarter" else "Y"
        shift = settings.fiscal_year_start_month - 1
        month = day.truncate("M")
        if shift == 0:
            out = month.truncate(unit)
        else:
            out = (month - fn.interval(months=shift)).truncate(unit) + fn.interval(months=shift)
    else:
        raise ValueError(f"no period start for grain {grain!r}")
    return out.cast("date")


def next_start(start: Any, grain: Grain) -> Any:
    """First day of the following period, for a period start expression."""
    return (start + fn.interval(**_STEP[grain])).cast("date")


def month_index(day: Any) -> Any:
    """Months since year 0: consecutive months differ by one."""
    return day.year() * 12 + day.month() - 1
