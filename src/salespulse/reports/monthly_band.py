"""The expected band of a monthly series: for each month, what the member's own past said
to expect, and how far from it a month can land before it is more than the usual ups
and downs. Pure Python over a list of monthly totals (oldest first, no gaps).

For month t (0-based, from the member's first month with a sale):

- **trailing median** basis: the median of the up to 6 months before t (at least 3);
- **last year** basis: the same month a year earlier, scaled by the recent growth,
  y[t-12] × (y[t-1] + y[t-2] + y[t-3]) ÷ (y[t-13] + y[t-14] + y[t-15]) — when those 15
  months exist, their sums are above 0, and it fits the member's past at least as well
  as the trailing median (its spread, below, is no wider over the same months);
- the **residual** of a month is √(y ÷ basis) − 1: on the square-root scale the ups and
  downs of sales are about the same size at any level (a count's variance grows with its
  mean), so a band there is as likely to be left upwards as downwards. Per basis, m is
  the median residual (the usual lag of the basis, e.g. behind a steadily growing rep)
  and s the robust spread, 1.4826 × the median absolute deviation of the residuals from
  m (1.2533 × the mean absolute deviation when that is 0), from at least 6 residuals;
- expected = basis × (1 + m)², and the band basis × (1 + m ± 1.96 s)² (the lower edge
  0 when 1 + m − 1.96 s < 0): a 95% band for normal residuals. For whole units the band
  is widened to at least the Poisson 95% interval around the expected count, so a month
  is never called on counting noise alone;
- a month below the band is a **bad month**, above it a **great month**; about one month
  in twenty lands outside a 95% band by chance — beyond noise at the usual 5% — so the
  words mark a month worth a question.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

TRAILING = 6
MIN_TRAILING = 3
SEASON = 12
GROWTH_MONTHS = 3
MIN_RESIDUALS = 6
#: Months of sales a band needs: MIN_TRAILING to set the first expectation, then
#: MIN_RESIDUALS to measure the spread.
MIN_MONTHS = MIN_TRAILING + MIN_RESIDUALS
#: The band's level, in percent (a month outside it is beyond noise at 5%).
BAND_PERCENT = 95
Z_BAND = 1.959963984540054
MAD_TO_SIGMA = 1.4826
MEAN_ABS_TO_SIGMA = 1.2533
TRAILING_BASIS = "trailing median"
SEASONAL_BASIS = "last year"
BAD, GREAT, IN_BAND = "bad month", "great month", "in the band"


@dataclass(frozen=True)
class Fit:
    """A basis's usual residual (m) and its spread (s), from `n` months."""

    m: float
    s: float
    n: int


@dataclass(frozen=True)
class Band:
    expected: float | None = None
    low: float | None = None
    high: float | None = None
    basis: str | None = None
    verdict: str | None = None


def trailing(values: Sequence[float], t: int, first: int) -> float | None:
    prior = values[max(first, t - TRAILING) : t]
    return statistics.median(prior) if len(prior) >= MIN_TRAILING else None


def seasonal(values: Sequence[float], t: int, first: int) -> float | None:
    if t - SEASON - GROWTH_MONTHS < first:
        return None
    recent = sum(values[t - GROWTH_MONTHS : t])
    year_ago = sum(values[t - SEASON - GROWTH_MONTHS : t - SEASON])
    if recent <= 0 or year_ago <= 0 or values[t - SEASON] < 0:
        return None
    return values[t - SEASON] * recent / year_ago


def spread(residuals: Sequence[float]) -> Fit | None:
    if len(residuals) < MIN_RESIDUALS:
        return None
    m = statistics.median(residuals)
    deviations = [abs(r - m) for r in residuals]
    s = MAD_TO_SIGMA * statistics.median(deviations)
    if s == 0:
        s = MEAN_ABS_TO_SIGMA * statistics.fmean(deviations)
    return Fit(m, s, len(residuals))


def residual(value: float, base: float) -> float:
    """√(value ÷ base) − 1 (a month with nothing, or net returns, is −1)."""
    return math.sqrt(max(value, 0.0) / base) - 1


def _residuals(values: Sequence[float], bases: dict[int, float]) -> dict[int, float]:
    return {t: residual(values[t], b) for t, b in bases.items() if b > 0}


def bands(values: Sequence[float], counts: bool = False) -> list[Band]:
    """Each month's expected value, band, basis and verdict (an empty `Band` before the
    first sale and while the history is too short)."""
    n = len(values)
    first = next((t for t, v in enumerate(values) if v != 0), n)
    by_trailing = {t: b for t in range(first, n) if (b := trailing(values, t, first)) is not None}
    by_season = {t: b for t in range(first, n) if (b := seasonal(values, t, first)) is not None}
    r_trailing, r_season = _residuals(values, by_trailing), _residuals(values, by_season)
    fit_trailing, fit_season = spread(list(r_trailing.values())), spread(list(r_season.values()))
    if fit_season is not None:
        same = spread([r_trailing[t] for t in r_season if t in r_trailing])
        if same is not None and fit_season.s > same.s:
            fit_season = None  # last year explains this member's months no better
    out = []
    for t in range(n):
        if fit_season is not None and t in by_season:
            base, fit, basis = by_season[t], fit_season, SEASONAL_BASIS
        elif fit_trailing is not None and t in by_trailing:
            base, fit, basis = by_trailing[t], fit_trailing, TRAILING_BASIS
        else:
            out.append(Band())
            continue
        if base <= 0:  # nothing sold in the months it rests on: no scale to judge by
            out.append(Band(basis=basis))
            continue
        out.append(_band(values[t], base, fit, basis, counts))
    return out


def _band(value: float, base: float, fit: Fit, basis: str, counts: bool) -> Band:
    expected = base * (1 + fit.m) ** 2
    low = base * max(1 + fit.m - Z_BAND * fit.s, 0.0) ** 2
    high = base * (1 + fit.m + Z_BAND * fit.s) ** 2
    if counts and expected > 0:
        from salespulse.significance import poisson_quantile

        low = min(low, float(poisson_quantile(0.025, expected)))
        high = max(high, float(poisson_quantile(0.975, expected)))
    verdict = BAD if value < low else GREAT if value > high else IN_BAND
    return Band(expected, low, high, basis, verdict)


def is_counts(values: Sequence[float]) -> bool:
    """Whole numbers throughout (units of a product sold by the piece)."""
    return all(float(v).is_integer() for v in values)
