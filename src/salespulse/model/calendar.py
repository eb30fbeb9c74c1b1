"""Periods: day, week, month, quarter, year and all, with the workspace's week start and
fiscal year. This is the Python reference; the engine builds the same periods as Ibis
expressions (and tests check that both agree)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, Literal

from salespulse.model.settings import Settings

Grain = Literal["day", "week", "month", "quarter", "year", "all"]
GRAINS: tuple[Grain, ...] = ("day", "week", "month", "quarter", "year", "all")
#: The first day of the "all" period: every row falls into it.
ALL_START = date(1900, 1, 1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month (negative: before)."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def fiscal_year_start(day: date, settings: Settings) -> date:
    """First day of the fiscal year containing `day`."""
    start_month = settings.fiscal_year_start_month
    year = day.year if day.month >= start_month else day.year - 1
    return date(year, start_month, 1)


def period_start(day: date, grain: Grain, settings: Settings) -> date:
    """First day of the period of `grain` that contains `day`."""
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=(day.weekday() - settings.week_start_index) % 7)
    if grain == "month":
        return day.replace(day=1)
    if grain == "quarter":
        fy = fiscal_year_start(day, settings)
        months = (day.year - fy.year) * 12 + day.month - fy.month
        return add_months(fy, months - months % 3)
    if grain == "year":
        return fiscal_year_start(day, settings)
    if grain == "all":
        return ALL_START
    raise ValueError(grain)


def next_period_start(start: date, grain: Grain) -> date:
    """First day of the period after the one starting on `start`."""
    if grain == "day":
        return start + timedelta(days=1)
    if grain == "week":
        return start + timedelta(days=7)
    if grain == "month":
        return add_months(start, 1)
    if grain == "quarter":
        return add_months(start, 3)
    if grain == "year":
        return add_months(start, 12)
    return date(9999, 12, 31)


def fiscal_year_name(fy_start: date, settings: Settings) -> int:
    if settings.fiscal_year_start_month == 1 or settings.fiscal_year_named_by == "start":
        return fy_start.year
    return fy_start.year + 1


def _fiscal_year_first_day(name: int, settings: Settings) -> date:
    year = name
    if settings.fiscal_year_start_month != 1 and settings.fiscal_year_named_by == "end":
        year -= 1
    return date(year, settings.fiscal_year_start_month, 1)


_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_MONTH_M = re.compile(r"^(\d{4})[-/ ]?M(\d{1,2})$", re.IGNORECASE)
_QUARTER = re.compile(r"^(?:FY)?(\d{4})[-/ ]?Q([1-4])$", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"^Q([1-4])[-/ ](?:FY)?(\d{4})$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:FY)?(\d{4})$", re.IGNORECASE)


def parse_period(label: str, settings: Settings) -> tuple[date, date, str] | None:
    """A quota period label as (first day, last day, normalised label), or None.

    `2025-03` is a calendar month; `2025-Q1` a fiscal quarter; `2025` a fiscal year.
    """
    text = label.strip()
    match = _MONTH.match(text) or _MONTH_M.match(text)
    if match:
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            return None
        start = date(year, month, 1)
        return start, next_period_start(start, "month") - timedelta(days=1), f"{year}-{month:02d}"
    match = _QUARTER.match(text)
    quarter_first = _QUARTER_FIRST.match(text)
    if match or quarter_first:
        if match:
            name, quarter = int(match[1]), int(match[2])
        else:
            assert quarter_first is not None
            name, quarter = int(quarter_first[2]), int(quarter_first[1])
        start = add_months(_fiscal_year_first_day(name, settings), 3 * (quarter - 1))
        return start, add_months(start, 3) - timedelta(days=1), f"{name}-Q{quarter}"
    match = _YEAR.match(text)
    if match:
        start = _fiscal_year_first_day(int(match[1]), settings)
        return start, add_months(start, 12) - timedelta(days=1), str(int(match[1]))
    return None


def period_label(start: date, end: date, settings: Settings) -> str:
    """The label `parse_period` would read back for an explicit start and end, when the
    range is a whole month, fiscal quarter or fiscal year; else `start..end`."""
    days = (end - start).days + 1
    if start.day == 1:
        if end == next_period_start(start, "month") - timedelta(days=1):
            return f"{start.year}-{start.month:02d}"
        fy = fiscal_year_start(start, settings)
        name = fiscal_year_name(fy, settings)
        if start == fy and end == add_months(fy, 12) - timedelta(days=1):
            return str(name)
        months = (start.year - fy.year) * 12 + start.month - fy.month
        if months % 3 == 0 and end == add_months(start, 3) - timedelta(days=1):
            return f"{name}-Q{months // 3 + 1}"
    return f"{start.isoformat()}..{end.isoformat()}" if days > 0 else start.isoformat()


def day_of(value: Any) -> date | None:
    """A value read back from a backend as a date (None for None, NaN and NaT)."""
    if value is None or value != value:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()  # type: ignore[no-any-return]
    return date.fromisoformat(str(value)[:10])
