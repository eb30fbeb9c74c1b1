"""Who is named a mover: the noise rule on hand-made periods (no database needed), and
the conditional binomial test it rests on (`stats.count_change_p`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salespulse import stats
from salespulse.model.periods import Window
from salespulse.model.settings import Settings
from salespulse.reports.product_movers import movers
from salespulse.reports.product_sales import Sold

MARCH = Window.period(date(2025, 3, 1), "month", Settings())
FEBRUARY = MARCH.previous()


def sold(window: Window, items: dict[str, tuple[float, float, int]]) -> Sold:
    """items: key -> (revenue, units, lines)."""
    return Sold(
        window,
        {k: v[0] for k, v in items.items()},
        {k: v[1] for k, v in items.items()},
        {k: v[2] for k, v in items.items()},
        {},
    )


def test_count_change_p_against_hand_values() -> None:
    # 10 events, all in the second of two equal stretches: 2 × 0.5^10 = 2/1024.
    assert stats.count_change_p(10, 0) == pytest.approx(2 / 1024)
    # 8 of 10: P(X ≥ 8) = (45 + 10 + 1) / 1024, doubled (symmetric) = 112/1024.
    assert stats.count_change_p(8, 2) == pytest.approx(112 / 1024)
    assert stats.count_change_p(5, 5) == pytest.approx(1.0)
    # 3 of 3 when the recent stretch is a quarter of the time: only X = 3 is as unlikely
    # as what was seen, P = 0.25^3 = 1/64.
    assert stats.count_change_p(3, 0, 0.25) == pytest.approx(1 / 64)
    assert stats.count_change_p(0, 0) is None and stats.count_change_p(1, 1, 1.0) is None
    with pytest.raises(ValueError):
        stats.count_change_p(-1, 3)


def test_only_changes_beyond_noise_in_units_and_lines_are_named() -> None:
    """March has 31 days and February 28, so the recent share of the time is 31/59.
    - G: 10 → 40 units on 10 → 40 lines: 40 of 50 where 26.3 are expected (z ≈ 3.9):
      a rise beyond noise.
    - H: 100 → 200 units but on 2 → 4 lines (bulk orders): the lines test (4 of 6,
      p ≈ 0.7) says noise: not named.
    - I: revenue up (300 → 400) while units fell 30 → 10: a price rise, not named.
    - J: 40 → 10 units and lines: a fall beyond noise.
    - S: 20 → 21: noise. K is new (0 → 5), L is lost (5 → 0). U did not change."""
    before = sold(
        FEBRUARY,
        {
            "G": (100, 10, 10),
            "H": (1000, 100, 2),
            "I": (300, 30, 30),
            "J": (400, 40, 40),
            "S": (200, 20, 20),
            "L": (50, 5, 5),
            "U": (70, 7, 7),
        },
    )
    now = sold(
        MARCH,
        {
            "G": (400, 40, 40),
            "H": (2000, 200, 4),
            "I": (400, 10, 10),
            "J": (100, 10, 10),
            "S": (210, 21, 21),
            "K": (50, 5, 5),
            "U": (70, 7, 7),
        },
    )
    m = movers(now, before, "revenue", MARCH.days)
    assert [(x.key, x.change) for x in m.rises] == [("G", 300)]
    assert [(x.key, x.change) for x in m.falls] == [("J", -300)]
    assert m.rises[0].p_lines == pytest.approx(stats.count_change_p(40, 10, 31 / 59))
    assert m.rises[0].p_lines < 0.001
    assert m.not_named == 3  # H, I, S
    assert [x.key for x in m.new] == ["K"] and [x.key for x in m.lost] == ["L"]


def test_nothing_is_compared_without_a_previous_period() -> None:
    empty: dict[str, Any] = {}
    m = movers(sold(MARCH, {"G": (1, 1, 1)}), sold(FEBRUARY, empty), "revenue", MARCH.days)
    assert not m.compared and m.new == [] and m.lost == [] and m.rises == []


@pytest.mark.parametrize(
    ("label", "year_ago"),
    [
        ("2025-03", "Mar 2024"),
        ("2025-Q3", "2024-Q3"),
        ("2025", "Jan–Dec 2024"),
        # 52 weeks back: the Monday 2024-06-10, the same weekday as 2025-06-09.
        ("week of 2025-06-09", "week of 2024-06-10"),
        ("Mar–May 2025", "Mar–May 2024"),
        ("2025-03-03..2025-03-09", "2024-03-04..2024-03-10"),
    ],
)
def test_the_same_period_a_year_earlier(label: str, year_ago: str) -> None:
    from salespulse.reports.product_sales import year_earlier

    settings = Settings()
    assert year_earlier(Window.from_label(label, settings), settings).label == year_ago


@given(
    st.integers(min_value=0, max_value=3000),
    st.integers(min_value=0, max_value=3000),
    st.floats(min_value=0.01, max_value=0.99),
)
def test_count_change_p_is_scipys_binomial_test(now: int, before: int, share: float) -> None:
    """The same p-value as `scipy.stats.binomtest` (the reference), for any counts."""
    from scipy.stats import binomtest

    got = stats.count_change_p(now, before, share)
    if now + before == 0:
        assert got is None
    else:
        assert got == pytest.approx(binomtest(now, now + before, share).pvalue, rel=1e-6, abs=1e-12)
