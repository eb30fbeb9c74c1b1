"""The expected band of a monthly series (reports/monthly_band.py), worked out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salespulse.reports.monthly_band import (
    BAD,
    GREAT,
    IN_BAND,
    SEASONAL_BASIS,
    TRAILING_BASIS,
    bands,
    spread,
)

HAND = [100, 100, 100, 121, 81, 100, 144, 64, 100, 100, 400, 16]


def test_trailing_median_band_by_hand() -> None:
    """Months 0-2 have fewer than 3 months before them: no band. From month 3 on the
    trailing median of the (up to 6) months before is 100 every time — e.g. month 7:
    median(100, 100, 121, 81, 100, 144) = (100 + 100) / 2 = 100; month 11:
    median(100, 144, 64, 100, 100, 400) = 100.

    Residuals √(y / 100) − 1 of months 3..11: 0.1, −0.1, 0, 0.2, −0.2, 0, 0, 1.0, −0.6.
    Their median m = 0; the absolute deviations sorted 0 0 0 .1 .1 .2 .2 .6 1.0 have the
    median 0.1, so s = 1.4826 × 0.1 = 0.14826 and 1.96 s = 0.290590.
    Band: 100 × (1 − 0.290590)² = 50.33 to 100 × (1 + 0.290590)² = 166.56, expected 100.
    So 144 and 64 are in the band, 400 is a great month and 16 a bad one."""
    got = bands(HAND)
    assert [b.verdict for b in got[:3]] == [None, None, None]
    assert all(b.basis == TRAILING_BASIS for b in got[3:])
    for b in got[3:]:
        assert b.expected == pytest.approx(100)
        assert b.low == pytest.approx(50.3263, abs=1e-3)
        assert b.high == pytest.approx(166.5608, abs=1e-3)
    verdicts = [b.verdict for b in got[3:]]
    assert verdicts == [IN_BAND] * 7 + [GREAT, BAD]


def test_spread_falls_back_to_the_mean_absolute_deviation() -> None:
    """Residuals 0, 0, 0, 0, 0, 0.35: the median absolute deviation is 0, so the spread
    is 1.2533 × mean(|r − 0|) = 1.2533 × 0.35 / 6 = 0.073109."""
    fit = spread([0, 0, 0, 0, 0, 0.35])
    assert fit is not None and fit.m == 0 and fit.s == pytest.approx(0.073109, abs=1e-6)
    assert spread([0.1] * 5) is None  # fewer than 6 residuals: no spread


SEASON = [60, 80, 100, 120, 140, 160, 160, 140, 120, 100, 80, 60]


def test_last_year_basis_when_it_fits_better() -> None:
    """Two years of the same seasonal months, the last one cut from 60 to 30.

    From month 15 on the last-year basis exists: y[t-12] × (y[t-3] + y[t-2] + y[t-1]) ÷
    (y[t-15] + y[t-14] + y[t-13]); with no growth the ratio is 1, e.g. month 15: 120 ×
    240 / 240 = 120 — exactly the month, residual 0. Months 15..22 have residual 0, month
    23 √(30/60) − 1 = −0.292893. m = 0; the median absolute deviation is 0, so s = 1.2533
    × 0.292893 / 9 = 0.040787. The trailing median misses the season (its spread on the
    same months is far wider), so last year is the basis. Month 23: expected 60, band 60
    × (1 ∓ 1.96 × 0.040787)² = 50.79 to 69.98: 30 is a bad month."""
    values = SEASON + SEASON
    values[23] = 30
    got = bands(values)
    assert [b.basis for b in got[15:]] == [SEASONAL_BASIS] * 9
    assert [b.verdict for b in got[15:23]] == [IN_BAND] * 8
    assert got[15].expected == pytest.approx(120)
    last = got[23]
    assert last.expected == pytest.approx(60) and last.verdict == BAD
    assert last.low == pytest.approx(50.79, abs=0.01) and last.high == pytest.approx(
        69.98, abs=0.01
    )
    assert got[14].basis == TRAILING_BASIS


def test_whole_units_are_not_called_on_counting_noise() -> None:
    """3 units a month, then 6. Residuals 0 (×6) and √2 − 1 = 0.414: s = 1.2533 × 0.414
    / 7 = 0.0742, so the series' own band tops out at 3 × (1 + 1.96 × 0.0742)² = 3.94
    and 6 would be a great month. But 6 is within the Poisson 95% interval around 3 (its
    97.5th percentile is 7: P(X ≤ 6) = 0.966): as units it stays in the band."""
    values = [3.0] * 9 + [6.0]
    assert bands(values)[-1].verdict == GREAT
    counted = bands(values, counts=True)[-1]
    assert counted.verdict == IN_BAND and counted.high == 7


def test_no_band_before_the_first_sale_nor_on_nothing() -> None:
    got = bands([0, 0, 0, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50])
    assert all(b.verdict is None for b in got[:6])  # 3 idle months, then 3 to start from
    assert all(b.verdict == IN_BAND for b in got[6:])
    assert all(b.verdict is None for b in bands([0.0] * 12))


# Months are money: zero or at least a thousandth. A subnormal float (5e-324) halved
# rounds to zero, which no sales series holds and which changes which months count.
month = st.one_of(st.just(0.0), st.floats(1e-3, 1e6, allow_nan=False))
series = st.lists(month, min_size=0, max_size=40)


@given(series, st.floats(0.01, 1000))
def test_band_scales_with_the_series(values: list[float], factor: float) -> None:
    """Multiplying every month by c > 0 multiplies expected and band by c and keeps
    every verdict (away from the band's edges)."""
    one, scaled = bands(values), bands([v * factor for v in values])
    for a, b, v in zip(one, scaled, values, strict=True):
        assert a.basis == b.basis
        if a.expected is None:
            assert b.expected is None
            continue
        assert b.expected == pytest.approx(a.expected * factor, rel=1e-6, abs=1e-6)
        assert a.low is not None and a.high is not None
        edge = min(abs(v - a.low), abs(v - a.high))
        if edge > 1e-6 * max(1.0, abs(v)):
            assert a.verdict == b.verdict


@given(series)
def test_band_contains_its_expectation(values: list[float]) -> None:
    for b in bands(values):
        if b.expected is not None:
            assert b.low is not None and b.high is not None
            assert 0 <= b.low <= b.expected <= b.high
            assert b.verdict in (BAD, GREAT, IN_BAND)
