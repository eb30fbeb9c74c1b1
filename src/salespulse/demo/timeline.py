"""The demo's calendar: the 24-month window, business time, and sampling of timestamps.

Times inside the generator are *business seconds* ("b"): business day number × 36,000 +
seconds since 08:00, over the business days (Monday–Friday, without 1 January, 25 and 26
December) from the first lead-in month on. Anything computed in business seconds lands in
business hours (08:00–18:00) and keeps its order; `b_to_s` turns it into epoch seconds of
naive local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

Arr = npt.NDArray[Any]

#: Business seconds per business day (08:00–18:00).
SPD = 36_000
#: Opening time, seconds after midnight.
OPEN_S = 8 * 3600
DAY_S = 86_400
#: Months of history: the window ends on as_of (its month is partial).
HISTORY_MONTHS = 24
#: Months before the window in which deals that close early in the window were opened.
LEAD_IN_MONTHS = 3
#: Months after as_of in which open deals are planned to close.
FUTURE_MONTHS = 9
HOLIDAYS = ((1, 1), (12, 25), (12, 26))
#: Relative activity by hour, 08:00 … 17:00 (a lunch dip, a late-morning and afternoon peak).
HOUR_WEIGHTS = np.array([0.55, 1.0, 1.2, 1.1, 0.6, 0.75, 1.1, 1.1, 0.9, 0.5])
#: Relative activity by weekday, Monday … Friday.
WEEKDAY_WEIGHTS = np.array([1.0, 1.1, 1.1, 1.05, 0.75])


@dataclass(frozen=True)
class Timeline:
    as_of: date
    #: Month of each month index (datetime64[M]): lead-in, history, future.
    months: Arr
    #: Business second at which each month index starts (one more entry: the end).
    month_b: Arr
    #: Business days as day numbers since 1970-01-01.
    bday: Arr
    #: The last business second on or before the end of as_of.
    limit_b: int
    #: 23:59:59 on as_of, in epoch seconds.
    limit_s: int
    #: Cumulative weight of business days for sampling close dates (month ends weigh more).
    close_cw: Arr
    #: Per business day, the chance a sampled day is kept (weekday preference).
    day_accept: Arr

    @staticmethod
    def build(as_of: date) -> Timeline:
        last = np.datetime64(as_of, "M")
        first = last - (HISTORY_MONTHS + LEAD_IN_MONTHS - 1)
        months = np.arange(first, last + FUTURE_MONTHS + 1, dtype="datetime64[M]")
        bounds = np.append(months, months[-1] + 1).astype("datetime64[D]")
        days = np.arange(bounds[0], bounds[-1] + 40, dtype="datetime64[D]")
        years = range(int(str(bounds[0])[:4]), int(str(bounds[-1])[:4]) + 2)
        holidays = [np.datetime64(date(y, m, d)) for y in years for m, d in HOLIDAYS]
        bday = days[np.is_busday(days, holidays=holidays)].astype(np.int64)
        month_b = np.searchsorted(bday, bounds.astype(np.int64)) * SPD
        as_of_day = int(np.datetime64(as_of, "D").astype(np.int64))
        limit_b = int((np.searchsorted(bday, as_of_day, side="right")) * SPD - 1)
        # Close dates: the last five business days of a month weigh more, of a quarter more.
        month_of_day = np.searchsorted(month_b // SPD, np.arange(bday.size), side="right") - 1
        next_start = (month_b // SPD)[np.minimum(month_of_day + 1, months.size)]
        left = next_start - np.arange(bday.size)
        month_no = months.astype(np.int64)[np.minimum(month_of_day, months.size - 1)] % 12 + 1
        weight = np.where(left <= 5, np.where(month_no % 3 == 0, 2.6, 1.8), 1.0)
        close_cw = np.concatenate([[0.0], np.cumsum(weight)])
        weekday = (bday + 3) % 7
        accept = WEEKDAY_WEIGHTS[np.minimum(weekday, 4)] / WEEKDAY_WEIGHTS.max()
        return Timeline(
            as_of=as_of,
            months=months,
            month_b=month_b.astype(np.int64),
            bday=bday,
            limit_b=limit_b,
            limit_s=(as_of_day + 1) * DAY_S - 1,
            close_cw=close_cw,
            day_accept=accept,
        )

    # -- months -------------------------------------------------------------------------
    @property
    def n_months(self) -> int:
        return int(self.months.size)

    @property
    def first_hist(self) -> int:
        """Month index of the first month of the window."""
        return LEAD_IN_MONTHS

    @property
    def as_of_month(self) -> int:
        """Month index of the month containing as_of (the last, partial month)."""
        return LEAD_IN_MONTHS + HISTORY_MONTHS - 1

    @property
    def start(self) -> date:
        """First day of the window."""
        return date.fromisoformat(str(self.months[self.first_hist].astype("datetime64[D]")))

    def month_of_b(self, b: Arr) -> Arr:
        return np.searchsorted(self.month_b, b, side="right") - 1

    # -- conversions --------------------------------------------------------------------
    def b_to_s(self, b: Arr) -> Arr:
        """Business seconds → epoch seconds (naive local time)."""
        b = np.asarray(b, dtype=np.int64)
        return np.asarray(self.bday[b // SPD] * DAY_S + OPEN_S + b % SPD, dtype=np.int64)

    def b_to_day(self, b: Arr) -> Arr:
        return self.bday[np.asarray(b, dtype=np.int64) // SPD]

    def s_to_b(self, s: Arr) -> Arr:
        """Epoch seconds → the same moment if in business hours, else the next opening."""
        s = np.asarray(s, dtype=np.int64)
        day, sec = s // DAY_S, s % DAY_S - OPEN_S
        idx = np.searchsorted(self.bday, day)
        is_bday = self.bday[np.minimum(idx, self.bday.size - 1)] == day
        within = is_bday & (sec >= 0) & (sec < SPD)
        after_close = is_bday & (sec >= SPD)
        return np.where(within, idx * SPD + sec, np.where(after_close, idx + 1, idx) * SPD)

    def day_to_b(self, day: Arr) -> Arr:
        """First business second on or after calendar day numbers."""
        return np.searchsorted(self.bday, np.asarray(day, dtype=np.int64)) * SPD

    # -- sampling -----------------------------------------------------------------------
    def _seconds(self, rng: np.random.Generator, n: int) -> Arr:
        """Seconds after opening, following the hour-of-day profile."""
        cw = np.cumsum(HOUR_WEIGHTS) / HOUR_WEIGHTS.sum()
        hour = np.minimum(np.searchsorted(cw, rng.random(n)), HOUR_WEIGHTS.size - 1)
        return hour * 3600 + rng.integers(0, 3600, n)

    def sample_in(self, rng: np.random.Generator, lo: Arr, hi: Arr) -> Arr:
        """One business moment in each [lo, hi], with weekday and hour-of-day patterns."""
        lo = np.asarray(lo, dtype=np.int64)
        hi = np.maximum(np.asarray(hi, dtype=np.int64), lo)
        n = lo.size
        d_lo, span = lo // SPD, hi // SPD - lo // SPD + 1
        day = d_lo + (rng.random(n) * span).astype(np.int64)
        for _ in range(3):
            redo = np.flatnonzero(rng.random(n) > self.day_accept[day])
            if redo.size == 0:
                break
            day[redo] = d_lo[redo] + (rng.random(redo.size) * span[redo]).astype(np.int64)
        b = np.clip(day * SPD + self._seconds(rng, n), lo, hi)
        short = hi - lo < SPD // 2
        uniform = lo + (rng.random(n) * (hi - lo)).astype(np.int64)
        return np.asarray(np.where(short, uniform, b), dtype=np.int64)

    def sample_month(self, rng: np.random.Generator, month: Arr, month_end_push: bool) -> Arr:
        """One business moment in each month index; month and quarter ends weigh more when
        `month_end_push`."""
        d_lo = self.month_b[month] // SPD
        d_hi = self.month_b[month + 1] // SPD
        if month_end_push:
            cw = self.close_cw
            target = cw[d_lo] + rng.random(month.size) * (cw[d_hi] - cw[d_lo])
            day = np.clip(np.searchsorted(cw, target, side="right") - 1, d_lo, d_hi - 1)
            return np.asarray(day * SPD + self._seconds(rng, month.size), dtype=np.int64)
        return self.sample_in(rng, d_lo * SPD, d_hi * SPD - 1)

    def off_hours(self, rng: np.random.Generator, before_b: Arr) -> Arr:
        """Epoch seconds of an evening, night or weekend moment shortly before `before_b`."""
        s = self.b_to_s(before_b)
        opening = self.b_to_s((np.asarray(before_b) // SPD) * SPD)
        gap = rng.uniform(1.0, 14.5, np.size(before_b)) * 3600
        return np.minimum(s, opening) - gap.astype(np.int64)
