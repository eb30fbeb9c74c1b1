"""Where a period will land, worked out from what is in so far (pure Python).

- **Selling days** are the settings' business days. With d of the period's D selling
  days gone, the **run rate** is actual × D ÷ d.
- **Usual share** s: in each of the owner's past periods, the revenue by the same point
  (the same share of its selling days gone, d ÷ D × its selling days, rounded half up)
  over the period's revenue; s = Σ by-then ÷ Σ whole, over the past periods with sales.
- **Usual period** H: the mean revenue of the most recent past periods (six months,
  four quarters or two years).
- **Seasonal projection**: the period's total is estimated twice — from this period's
  pace, actual ÷ s, and from the usual period, H — and the two are weighed by how much
  of a period is usually in by now: R = s × (actual ÷ s) + (1 − s) × H = actual + (1 − s)
  × H. The rest of the period brings its usual share of that: projected = actual +
  (1 − s) × R. Early in a period it leans on the usual period; late, on this one's pace.
- **80% interval**: each past period is projected the same way from its own by-then
  revenue, leaving it out of s and H; the ratios whole ÷ projected give the method's
  errors, and the interval is projected × their 10th and 90th percentiles (never below
  the actual). The **chance of reaching quota** is read from the same errors: the share
  of a normal curve with their mean and standard deviation above target ÷ projected (a
  smooth reading of "how often has the projection been this far short").
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import NormalDist

from salespulse.model.periods import Window
from salespulse.model.settings import WEEKDAYS, Settings
from salespulse.stats import quantile

#: Past periods whose within-period shape is read, and those that set the usual period.
SHAPE_PERIODS = {"month": 12, "quarter": 8, "year": 4}
LEVEL_PERIODS = {"month": 6, "quarter": 4, "year": 2}
#: Past periods with sales the seasonal projection needs, and errors the interval needs.
MIN_SHAPE = 3
MIN_ERRORS = 5
LOW_Q, HIGH_Q = 0.10, 0.90


@dataclass(frozen=True)
class Past:
    """A past period's revenue by the same point, and in the whole period."""

    by_then: float
    whole: float


def selling_days(window: Window, settings: Settings, last: date | None = None) -> list[date]:
    """The business days of `window` (up to `last`)."""
    wanted = {WEEKDAYS.index(d) for d in settings.business_days}
    end = window.end if last is None else min(last, window.end)
    days = [window.start + timedelta(days=i) for i in range((end - window.start).days + 1)]
    return [d for d in days if d.weekday() in wanted]


def cutoff(period: Window, gone: float, selling_day: bool, settings: Settings) -> date:
    """The last day of `period` by which `gone` (a share) of its selling days are over;
    when the as-of day is not a selling day, the days up to the next one count too."""
    days = selling_days(period, settings)
    k = math.floor(gone * len(days) + 0.5)
    if selling_day:
        return days[k - 1] if k > 0 else period.start - timedelta(days=1)
    return days[k] - timedelta(days=1) if k < len(days) else period.end


def usual_share(past: Sequence[Past]) -> float | None:
    shaped = [p for p in past if p.whole > 0]
    if len(shaped) < MIN_SHAPE:
        return None
    share = sum(p.by_then for p in shaped) / sum(p.whole for p in shaped)
    return min(max(share, 0.0), 1.0)


def seasonal(actual: float, past: Sequence[Past], level: int) -> float | None:
    """The seasonal projection from `past` (most recent first); None with too few."""
    share = usual_share(past)
    if share is None:
        return None
    usual = statistics.fmean(p.whole for p in past[:level])
    whole = actual + (1 - share) * usual
    return actual + (1 - share) * whole


def errors(past: Sequence[Past], level: int) -> list[float]:
    """whole ÷ projected of each past period, projected without it."""
    out = []
    for i, p in enumerate(past):
        others = [q for j, q in enumerate(past) if j != i]
        projected = seasonal(p.by_then, others, level)
        if projected is not None and projected > 0 and p.whole >= 0:
            out.append(p.whole / projected)
    return out


@dataclass(frozen=True)
class Landing:
    actual: float
    run_rate: float | None
    projected: float | None
    low: float | None
    high: float | None
    share: float | None
    ratios: tuple[float, ...]
    over: bool = False  # the period is over: it landed at the actual

    def chance(self, target: float | None) -> float | None:
        """How likely the period reaches `target`: the share of a normal curve with the
        past errors' mean and spread above the ratio target ÷ projected."""
        if target is None or target <= 0:
            return None
        if self.actual >= target:
            return 1.0
        if self.over:
            return 0.0
        if self.projected is None or len(self.ratios) < MIN_ERRORS:
            return None
        if self.projected <= 0:
            return 0.0
        need = target / self.projected
        mean, sd = statistics.fmean(self.ratios), statistics.stdev(self.ratios)
        if sd == 0:
            return 1.0 if mean >= need else 0.0
        return 1 - NormalDist(mean, sd).cdf(need)


def land(actual: float, gone: int, total: int, past: Sequence[Past], level: int) -> Landing:
    """Run rate and seasonal projection with `gone` of `total` selling days over."""
    run_rate = actual * total / gone if gone > 0 else None
    projected = seasonal(actual, past, level)
    ratios = tuple(errors(past, level)) if projected is not None else ()
    low = high = None
    if projected is not None and len(ratios) >= MIN_ERRORS:
        low = max(actual, projected * (quantile(ratios, LOW_Q) or 0.0))
        high = max(actual, projected * (quantile(ratios, HIGH_Q) or 0.0))
    return Landing(actual, run_rate, projected, low, high, usual_share(past), ratios)


def landed(actual: float) -> Landing:
    """A period that is over: every figure is the actual."""
    return Landing(actual, actual, actual, actual, actual, 1.0, (), over=True)
