"""The Wilson interval and quantiles against values worked out by hand, and the SQL
version of the interval against the Python one."""

from __future__ import annotations

import math

import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salespulse import stats
from salespulse.engine.arithmetic import wilson as wilson_expr


def test_wilson_zero_successes_upper_bound_is_z2_over_n_plus_z2() -> None:
    low, high = stats.wilson(0, 10) or (None, None)
    z2 = stats.Z95**2
    assert low == 0
    assert high == pytest.approx(z2 / (10 + z2))  # 3.8415 / 13.8415 = 0.27753
    assert high == pytest.approx(0.27753, abs=1e-5)


def test_wilson_all_successes_mirrors_none() -> None:
    low, high = stats.wilson(10, 10) or (None, None)
    assert high == pytest.approx(1) and low == pytest.approx(1 - 0.27753, abs=1e-5)


def test_wilson_half_is_symmetric_around_one_half() -> None:
    # 5 of 10: centre (0.5 + z²/20) / (1 + z²/10) = 0.5; half-width
    # z·√(0.025 + z²/400) / (1 + z²/10) = 1.96 · √0.0346 / 1.38415 = 0.26336.
    low, high = stats.wilson(5, 10) or (None, None)
    assert low == pytest.approx(0.5 - 0.26336, abs=1e-4)
    assert high == pytest.approx(0.5 + 0.26336, abs=1e-4)


def test_wilson_no_trials_is_none_and_bad_counts_refused() -> None:
    assert stats.wilson(0, 0) is None
    with pytest.raises(ValueError):
        stats.wilson(3, 2)


def test_quantiles_interpolate_between_closest_ranks() -> None:
    assert stats.median([3, 1, 2]) == 2
    assert stats.median([1, 2, 3, 4]) == 2.5
    assert stats.quantile([0, 10], 0.9) == 9
    assert stats.quantile([], 0.5) is None


def test_gap_is_noise_only_when_intervals_overlap() -> None:
    assert stats.gap_is_noise(5, 10, 6, 10)
    assert not stats.gap_is_noise(10, 100, 90, 100)
    assert stats.is_small(9) and not stats.is_small(10)


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), min_size=1, max_size=20))
def test_sql_wilson_equals_python_wilson(pairs: list[tuple[int, int]]) -> None:
    rows = [(min(a, b), max(a, b)) for a, b in pairs]
    t = ibis.memtable({"s": [r[0] for r in rows], "n": [r[1] for r in rows]})
    low, high = wilson_expr(t.s, t.n)
    got = ibis.duckdb.connect().execute(t.select(low=low, high=high))
    for (s, n), lo, hi in zip(rows, got["low"], got["high"], strict=True):
        want = stats.wilson(s, n)
        if want is None:
            assert math.isnan(lo) and math.isnan(hi)
        else:
            assert lo == pytest.approx(want[0], abs=1e-12)
            assert hi == pytest.approx(want[1], abs=1e-12)
