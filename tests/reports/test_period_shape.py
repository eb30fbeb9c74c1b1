"""The projection arithmetic (reports/period_shape.py), worked out by hand."""

from __future__ import annotations

import statistics
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salespulse.model.periods import Window
from salespulse.model.settings import Settings
from salespulse.reports.period_shape import Past, cutoff, errors, land, selling_days, usual_share

PAST = [Past(40, 100), Past(30, 100), Past(50, 100), Past(40, 80), Past(40, 120)]


def test_projection_by_hand() -> None:
    """Half the selling days gone (10 of 20), 50 in so far; five past periods, most
    recent first, each (by then, whole): (40, 100), (30, 100), (50, 100), (40, 80),
    (40, 120); the usual period from the two most recent.

    - run rate: 50 × 20 / 10 = 100;
    - usual share s = (40+30+50+40+40) / (100+100+100+80+120) = 200 / 500 = 0.4;
      usual period H = (100 + 100) / 2 = 100;
    - the period's total R = 50 + (1 − 0.4) × 100 = 110; projected = 50 + 0.6 × 110 = 116.
    Errors, each period projected without itself (whole ÷ projected):
    - (40, 100): s = 160/400 = 0.4, H = 100: 40 + 0.6 × (40 + 60) = 100 → 1.0;
    - (30, 100): s = 170/400 = 0.425: 30 + 0.575 × (30 + 57.5) = 80.3125 → 1.245136;
    - (50, 100): s = 150/400 = 0.375: 50 + 0.625 × (50 + 62.5) = 120.3125 → 0.831169;
    - (40, 80): s = 160/420, H = 100: 103.0839 → 80 / 103.0839 = 0.776067;
    - (40, 120): s = 160/380, H = 100: 96.6759 → 120 / 96.6759 = 1.241261.
    Sorted 0.776067 0.831169 1.0 1.241261 1.245136: the 10th percentile 0.776067 + 0.4 ×
    0.055102 = 0.798108, the 90th 1.241261 + 0.6 × 0.003875 = 1.243586: the interval is
    116 × those = 92.58 to 144.26. Quota 120: 120 / 116 = 1.034483 against errors of mean
    1.018727 and standard deviation 0.220905: z = 0.071325, a chance of 1 − Φ(z) =
    0.47157."""
    x = land(50, 10, 20, PAST, level=2)
    assert x.run_rate == pytest.approx(100)
    assert x.share == pytest.approx(0.4)
    assert x.projected == pytest.approx(116)
    assert sorted(x.ratios) == pytest.approx(
        [0.776067, 0.831169, 1.0, 1.241261, 1.245136], abs=1e-6
    )
    assert x.low == pytest.approx(92.5805, abs=1e-3)
    assert x.high == pytest.approx(144.2560, abs=1e-3)
    assert x.chance(120) == pytest.approx(0.47157, abs=1e-4)
    assert x.chance(40) == 1.0  # already reached
    assert x.chance(None) is None


def test_too_little_history() -> None:
    x = land(50, 10, 20, PAST[:2], level=2)
    assert x.projected is None and x.run_rate == 100 and x.low is None
    x = land(50, 10, 20, PAST[:4], level=2)  # a projection, but only 4 errors: no interval
    assert x.projected is not None and x.low is None and x.chance(120) is None
    assert land(0, 0, 20, PAST, 2).run_rate is None  # no selling day gone yet


def test_cutoff_at_the_same_share_of_selling_days() -> None:
    """June 2025 has 21 selling days (Mon-Fri). 10/21 of them gone: in May 2025 (22 selling
    days) that is 10/21 × 22 = 10.48 → the 10th, Wednesday 14 May. As of a Saturday the
    weekend after counts too: the day before the 11th selling day (Thursday 15 May)."""
    settings = Settings()
    june = Window.period(date(2025, 6, 13), "month", settings)
    may = june.previous()
    assert len(selling_days(june, settings)) == 21
    assert len(selling_days(june, settings, date(2025, 6, 13))) == 10
    assert cutoff(may, 10 / 21, True, settings) == date(2025, 5, 14)
    assert cutoff(may, 10 / 21, False, settings) == date(2025, 5, 14)
    assert cutoff(may, 0.0, True, settings) == date(2025, 4, 30)
    assert cutoff(may, 0.0, False, settings) == date(2025, 4, 30)  # the day before the 1st


pasts = st.lists(
    st.tuples(st.floats(0, 1e6), st.floats(0, 1e6)).map(
        lambda p: Past(min(p), max(p))  # by then ≤ whole: no returns
    ),
    max_size=14,
)


@given(st.floats(0, 1e6), st.integers(0, 23), pasts, st.integers(1, 6))
def test_never_below_what_is_in(actual: float, gone: int, past: list[Past], level: int) -> None:
    """With no returns, every figure is at least the actual so far, the interval is in
    order, and the chance falls as the target rises."""
    x = land(actual, gone, 23, past, level)
    for value in (x.run_rate, x.projected, x.low, x.high):
        assert value is None or value >= actual * (1 - 1e-12)
    if x.low is not None and x.high is not None:
        assert x.low <= x.high
    chances = [x.chance(t) for t in (actual + 1, actual * 2 + 10, actual * 5 + 100)]
    present = [c for c in chances if c is not None]
    assert all(0 <= c <= 1 for c in present)
    assert present == sorted(present, reverse=True)


@given(pasts, st.randoms())
def test_usual_share_ignores_the_order_of_periods(past: list[Past], rnd: object) -> None:
    shuffled = list(past)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a, b = usual_share(past), usual_share(shuffled)
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert a == pytest.approx(b)


def test_errors_are_left_one_out() -> None:
    assert errors(PAST[:3], 2) == []  # without one, only two periods remain
    assert len(errors(PAST, 2)) == 5
    assert statistics.fmean(errors(PAST, 2)) == pytest.approx(1.018727, abs=1e-6)
