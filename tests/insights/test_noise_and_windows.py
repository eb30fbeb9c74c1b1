"""The noise tests and the windows, on values worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from salespulse.errors import UserError
from salespulse.insights.core import noise
from salespulse.insights.core.windows import Window, latest_complete, resolve, trailing_months
from salespulse.model.settings import Settings
from salespulse.stats import wilson


def test_proportion_needs_ten_trials_and_says_how_many_more() -> None:
    # 0 of 3 against 33%: never called, whatever the interval says.
    v = noise.proportion(0, 3, 1 / 3, "decided deals")
    assert not v.significant and not v.enough
    # At a rate of 0, Wilson's upper bound is z²/(n + z²): below 1/3 from n = 8, but the
    # floor is 10 decided deals, so 7 more.
    assert v.more_needed == 7 and v.more_text == "about 7 more decided deals"
    v = noise.proportion(5, 51, 0.33, "decided deals")
    low, high = wilson(5, 51)  # type: ignore[misc]
    assert v.significant and high < 0.33
    assert v.test == f"Wilson 95% interval {low * 100:.0f}%–{high * 100:.0f}% excludes 33%"


def test_more_decided_deals_would_decide_it() -> None:
    v = noise.proportion(15, 50, 0.40, "decided deals")  # 30% of 50 against 40%
    assert not v.significant and v.more_needed is not None
    n = 50 + v.more_needed
    assert wilson(0.3 * n, n)[1] < 0.40  # type: ignore[index]
    assert wilson(0.3 * (n - 2), n - 2)[1] >= 0.40  # type: ignore[index]  # close to the least


def test_poisson_count() -> None:
    assert noise.poisson_count(13, 53.6, 3, "months").significant
    v = noise.poisson_count(45, 50.0, 3, "months of data at this pace")
    assert not v.significant and v.more_needed is not None
    # z = 5/√50 = 0.707; 3 × (1.96/0.707)² = 23.05 months in all: 21 more.
    assert v.more_needed == 21
    assert noise.poisson_count(1, 1.0, 3, "months").more_needed is None


def test_rate_change_and_log_means() -> None:
    assert noise.rate_change(171, 3, 874, 6).significant  # 57 a month against 146
    assert not noise.rate_change(30, 3, 60, 6).significant  # the same rate
    small = [3000.0, 3500.0, 2800.0, 4000.0, 3100.0]
    big = [9000.0, 12000.0, 11000.0, 13000.0, 10000.0, 9500.0]
    assert noise.log_means(small, big, "won deals").significant
    two = noise.log_means([3000.0, 3100.0], big, "won deals")
    assert not two.significant and not two.enough and two.more_needed == 3
    alike = noise.log_means([10000.0] * 4, [10000.0] * 6, "won deals")
    assert not alike.significant


def test_windows() -> None:
    s = Settings()
    assert trailing_months(date(2025, 6, 15), 3) == Window(
        date(2025, 3, 1), date(2025, 5, 31), "Mar–May 2025"
    )
    assert trailing_months(date(2025, 6, 30), 1).label == "Jun 2025"  # a complete month
    assert latest_complete(date(2025, 6, 15), "week", s).start == date(2025, 6, 9)  # a Sunday
    assert latest_complete(date(2025, 6, 13), "week", s).start == date(2025, 6, 2)
    assert latest_complete(date(2025, 6, 15), "quarter", s).label == "2025-Q1"
    assert resolve(s, date(2025, 6, 15), "2024-Q4").label == "2024-Q4"
    assert resolve(s, date(2025, 6, 15), None, "2025-01-01", "2025-01-31").label == "Jan 2025"
    assert Window(date(2025, 3, 1), date(2025, 5, 31), "").previous().label == "Dec 2024–Feb 2025"
    with pytest.raises(UserError, match="neither a grain nor a period"):
        resolve(s, date(2025, 6, 15), "soon")
    with pytest.raises(UserError, match="either `period` or `start`"):
        resolve(s, date(2025, 6, 15), "month", "2025-01-01")
