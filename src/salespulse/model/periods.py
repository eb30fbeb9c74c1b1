"""One window of time: a period of a grain (a week, a month, a fiscal quarter or year, a
day) or a range of days a person named, with the label a manager reads.

`Window.latest_complete(grain, end_of_data, settings)` is the last period that is over
by the end of the data (a CRM export from last week is read as of last week);
`.previous()` is the one before; `Window.from_label("2025-Q3", settings)` reads a label
back; `iso_week("2026-W45")` is an ISO 8601 week's Monday and Sunday. Pure Python over
`model/calendar.py` (week start and fiscal year from the settings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from salespulse.errors import UserError
from salespulse.model import calendar
from salespulse.model.calendar import Grain, add_months
from salespulse.model.settings import Settings

#: Grains a window can have ("all" is every row, not a window of time).
WINDOW_GRAINS: tuple[Grain, ...] = ("day", "week", "month", "quarter", "year")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUMBER = {name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
_WEEK = re.compile(r"^week of (\d{4}-\d{2}-\d{2})$", re.IGNORECASE)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
_MONTHS = re.compile(r"^(?:([A-Za-z]{3})(?: (\d{4}))?–)?([A-Za-z]{3}) (\d{4})$")
#: An ISO 8601 week: `2026-W45` (also `2026W45`, `2026-w45`).
ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    return add_months(day.replace(day=1), 1) - timedelta(days=1)


def iso_week(label: str) -> tuple[date, date]:
    """The Monday and the Sunday of an ISO 8601 week label (`2026-W45`: 2026-11-02 and
    2026-11-08). ISO weeks start on Monday whatever the settings' week start; week 1 is the
    week holding the year's first Thursday."""
    found = ISO_WEEK.match(label.strip())
    if found and len(found[2]) == 2:  # a label is written in full; periods also take W5
        try:
            monday = date.fromisocalendar(int(found[1]), int(found[2]), 1)
        except ValueError:
            pass
        else:
            return monday, monday + timedelta(days=6)
    raise UserError(
        f"{label!r} is not an ISO week.",
        fix="Write it as YEAR-Wnn, e.g. 2026-W45 (week 01 to 52, or 53 in a long year).",
        option="week",
    )


def iso_week_label(day: date) -> str:
    """The ISO 8601 week holding `day`: 2026-11-04 → "2026-W45"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def describe(start: date, end: date) -> str:
    """ "May 2025", "Mar–May 2025", "2025-03-03..2025-03-09"."""
    if start.day == 1 and end == month_end(end):
        last = f"{MONTH_NAMES[end.month - 1]} {end.year}"
        if (start.year, start.month) == (end.year, end.month):
            return last
        first = MONTH_NAMES[start.month - 1] + (f" {start.year}" if start.year != end.year else "")
        return f"{first}–{last}"
    return f"{start.isoformat()}..{end.isoformat()}"


@dataclass(frozen=True)
class Window:
    """Days `start`..`end` (both inclusive), with a label a manager reads. `grain` is the
    period's grain, or None for a range of days a person named; `data_end` is the end of
    the data a latest complete window was found from."""

    start: date
    end: date
    label: str
    grain: Grain | None = None
    data_end: date | None = field(default=None, compare=False)
    settings: Settings | None = field(default=None, compare=False, repr=False)

    # -- making windows -----------------------------------------------------------------
    @classmethod
    def period(cls, day: date, grain: Grain, settings: Settings) -> Window:
        """The whole period of `grain` that contains `day`."""
        if grain not in WINDOW_GRAINS:
            raise ValueError(f"a window's grain is one of {', '.join(WINDOW_GRAINS)}")
        start = calendar.period_start(day, grain, settings)
        end = calendar.next_period_start(start, grain) - timedelta(days=1)
        if grain == "day":
            label = start.isoformat()
        elif grain == "week":
            label = f"week of {start.isoformat()}"
        elif grain == "quarter":
            label = calendar.period_label(start, end, settings)
        else:
            label = describe(start, end)
        return cls(start, end, label, grain, settings=settings)

    @classmethod
    def days_between(cls, start: date, end: date) -> Window:
        """The days a person named, `start`..`end`."""
        return cls(start, end, describe(start, end))

    @classmethod
    def latest_complete(cls, grain: Grain, end_of_data: date, settings: Settings) -> Window:
        """The last period of `grain` that ends on or before `end_of_data`."""
        current = cls.period(end_of_data, grain, settings)
        if current.end > end_of_data:
            current = cls.period(current.start - timedelta(days=1), grain, settings)
        return cls(current.start, current.end, current.label, grain, end_of_data, settings)

    @classmethod
    def from_label(cls, label: str, settings: Settings) -> Window:
        """The window a label names: a quota-style label (`2025-03`, `2025-Q1`, `2025`,
        `FY2025`), an ISO week (`2025-W24`: Monday to Sunday), or one a window shows
        (`May 2025`, `week of 2025-06-09`, `Mar–May 2025`, `2025-03-03..2025-03-09`,
        `2025-03-03`)."""
        window = cls._read(label.strip(), settings)
        if window is None:
            raise UserError(
                f"{label!r} is not a period.",
                fix="Use a label like 2025-03, 2025-Q1, 2025, 2025-W24, May 2025 or week of "
                "2025-06-09.",
                option="period",
            )
        return window

    @classmethod
    def _read(cls, text: str, settings: Settings) -> Window | None:
        parsed = calendar.parse_period(text, settings)
        if parsed is not None:
            first, _, normal = parsed
            grain: Grain = "quarter" if "Q" in normal else "month" if "-" in normal else "year"
            return cls.period(first, grain, settings)
        try:
            if _DAY.match(text):
                return cls.period(date.fromisoformat(text), "day", settings)
            week = _WEEK.match(text)
            if week:
                return cls._aligned(date.fromisoformat(week[1]), "week", settings)
            iso = ISO_WEEK.match(text)
            if iso:
                return cls.iso_week(int(iso[1]), int(iso[2]), settings)
            days = _RANGE.match(text)
            if days:
                first, last = date.fromisoformat(days[1]), date.fromisoformat(days[2])
                return cls.days_between(first, last) if first <= last else None
        except ValueError:
            return None
        months = _MONTHS.match(text)
        if months is None or months[3].lower() not in _MONTH_NUMBER:
            return None
        last = month_end(date(int(months[4]), _MONTH_NUMBER[months[3].lower()], 1))
        if months[1] is None:
            return cls.period(last, "month", settings)
        if months[1].lower() not in _MONTH_NUMBER:
            return None
        year = int(months[2]) if months[2] else last.year
        first = date(year, _MONTH_NUMBER[months[1].lower()], 1)
        if (months[2] is None and first > last) or months[2] == months[4]:
            return None  # the label never writes the year twice, nor an end before the start
        year_window = cls._aligned(first, "year", settings)
        if year_window is not None and year_window.end == last:
            return year_window
        return cls.days_between(first, last) if first <= last else None

    @classmethod
    def iso_week(cls, year: int, week: int, settings: Settings) -> Window | None:
        """ISO week `week` of `year` (`2026-W45`), Monday to Sunday; None if there is no
        such week. It is a week of the workspace's calendar when weeks start on Monday."""
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            return None
        grain: Grain | None = "week" if settings.week_start_index == 0 else None
        end = monday + timedelta(days=6)
        return cls(monday, end, f"{year}-W{week:02d}", grain, settings=settings)

    @classmethod
    def _aligned(cls, first: date, grain: Grain, settings: Settings) -> Window | None:
        window = cls.period(first, grain, settings)
        return window if window.start == first else None

    # -- reading a window ----------------------------------------------------------------
    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> float:
        """Length in months: whole calendar months count 1 each, anything else by days."""
        if self._whole_months:
            return float(
                (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            )
        return self.days / (365.25 / 12)

    @property
    def _whole_months(self) -> bool:
        return self.start.day == 1 and self.end == month_end(self.end)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self, count: int = 1) -> Window:
        """The period before (a period's window), or the `count` windows of the same
        length just before this one, as one window."""
        if self.grain is not None and count == 1:
            return Window.period(self.start - timedelta(days=1), self.grain, self._settings)
        end = self.start - timedelta(days=1)
        if self._whole_months:
            start = add_months(self.start, -int(self.months) * count)
        else:
            start = self.start - timedelta(days=self.days * count)
        return Window.days_between(start, end)

    def next(self) -> Window:
        """The period after (a period's window), or the window of the same length after."""
        if self.grain is not None:
            return Window.period(self.end + timedelta(days=1), self.grain, self._settings)
        start = self.end + timedelta(days=1)
        if self._whole_months:
            return Window.days_between(start, month_end(add_months(start, int(self.months) - 1)))
        return Window.days_between(start, self.end + timedelta(days=self.days))

    @property
    def previous_start(self) -> date:
        """The first day of the previous window (what a scorecard compares with)."""
        return self.previous().start

    @property
    def _settings(self) -> Settings:
        return self.settings if self.settings is not None else _default_settings()

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label}


def label_of(text: str, settings: Settings) -> str:
    """The label to keep for a period a person named (refused like `Window.from_label`
    when it names none): a quota-style label or an ISO week written the one way
    (`2026-3` is `2026-03`, `fy2026` is `2026`, `2026w5` is `2026-W05`), any other label
    as given."""
    window = Window.from_label(text, settings)
    parsed = calendar.parse_period(text, settings)
    if parsed is not None:
        return parsed[2]
    if ISO_WEEK.match(text.strip()):
        return window.label
    return text.strip()


def _default_settings() -> Settings:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Settings()
    return _DEFAULT


_DEFAULT: Settings | None = None
