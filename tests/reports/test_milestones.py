"""Weekly milestones on the hand case (tests/reports/goal_case.py), worked out by hand,
and the invariants: weekly targets add up to the goal exactly, whatever the target."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salespulse.reports.allocation import allocate
from tests.insights.builders import workspace
from tests.reports.goal_case import AS_OF, tables


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return workspace(tmp_path_factory.mktemp("goals") / "ws", tables())


def test_milestones_by_hand(ws: Any) -> None:
    """ann's bookings goal of 12,000 for June 2025, as of Wednesday 11 June.

    June's weeks (from Monday, clipped): Sun 1 | 2–8 | 9–15 | 16–22 | 23–29 | Mon 30; its
    21 selling days end the weeks at 0, 5, 10, 15, 20 and 21 of 21 (positions 0, .238,
    .476, .714, .952, 1). In each past month a day's value sits at the share of selling
    days before it: the 1st selling day at 0 (week 2–8), the 7th at 6/N (N = 20..23:
    .26–.30, week 9–15), the 13th at 12/N (.52–.60, week 16–22), the 18th at 17/N
    (.74–.85, week 23–29). So of 12 × 10,000 the weeks had 12 × 1,000, 2,000, 3,000,
    4,000: weights 0, .1, .2, .3, .4, 0 → targets 0, 1,200, 2,400, 3,600, 4,800, 0.

    Rates over Dec 2024–May 2025 (ann's own: 48 closed deals ≥ 10): average deal size
    6 × 10,000 ÷ 24 won = 2,500; win rate 24 ÷ 48 = 0.5; deals per lead 48 created ÷ 96
    leads = 0.5; touches per lead 2. Week 9–15 (2,400): deals to win 2,400 ÷ 2,500 =
    0.96; to decide 0.96 ÷ 0.5 = 1.92; leads 1.92 ÷ 0.5 = 3.84; activities 3.84 × 2 =
    7.68.

    Actuals: Sun 1 nothing (target 0: hit); 2–8 won 1,500 ≥ 1,200: hit; 9–15 2,000 so
    far, in progress; the rest upcoming."""
    spec = ws.goal_spec("ann", "bookings", 12000, "2025-06")
    got = ws.milestones(spec, as_of=AS_OF)
    assert [(m.start.day, m.end.day) for m in got] == [(1, 1), (2, 8), (9, 15), (16, 22),
                                                       (23, 29), (30, 30)]  # fmt: skip
    assert [m.target for m in got] == [0, 1200, 2400, 3600, 4800, 0]
    assert [m.actual for m in got] == [0, 1500, 2000, None, None, None]
    assert [m.status for m in got] == ["hit", "hit", "in progress", "upcoming", "upcoming",
                                       "upcoming"]  # fmt: skip
    week = got[2]
    assert [d.name for d in week.drivers] == ["deals to win", "deals to decide",
                                              "leads to work", "activities"]  # fmt: skip
    assert [d.value for d in week.drivers] == pytest.approx([0.96, 1.92, 3.84, 7.68])
    assert week.drivers[0].formula == "$2,400 ÷ average deal size $2,500"
    assert week.basis == "ann's own rates over Dec 2024–May 2025"
    assert got[0].drivers == ()  # a week with nothing to do needs nothing
    assert week.weighting.startswith("the owner's own shape")


def test_thin_history_takes_the_team_rates_and_days(ws: Any) -> None:
    """bob (East) closed 3 deals in Dec 2024–May 2025 (< 10): the team's rates stand in.
    East pooled: won 24 + 1 = 25 of 48 + 3 = 51 closed (win rate 25/51); average deal
    size (60,000 + 2,500) ÷ 25 = 2,500; deals per lead 51 ÷ 96; touches per lead 2.

    One past month with bookings (< 3): bob's 5,000 is shared by selling days, 0, 5, 5,
    5, 5, 1 of 21: 1,190.476… each and 238.095…; in cents 119047.6 × 4 and 23809.5 →
    floors 476,188 + 23,809 = 499,997, the 3 cents left go to the largest fractions
    (.619 for weeks 2–8, 9–15, 16–22 before 23–29 by order; .524 after): 1,190.48 ×
    3, 1,190.47, 238.09 — 5,000.00 exactly.

    Week 2–8: deals to win 1,190.48 ÷ 2,500 = 0.476192; to decide ÷ 25/51 = 0.971432;
    leads ÷ 51/96 = 1.828578; activities × 2 = 3.657156."""
    got = ws.milestones(ws.goal_spec("bob", "bookings", 5000, "2025-06"), as_of=AS_OF)
    assert [m.target for m in got] == [0, 1190.48, 1190.48, 1190.48, 1190.47, 238.09]
    assert got[1].basis == ("team rates: East (bob has 3 closed deals in Dec 2024–May 2025)")
    assert got[1].weighting.startswith("selling days")
    wins = 1190.48 / 2500
    expected = [wins, wins * 51 / 25, wins * 51 / 25 * 96 / 51, wins * 51 / 25 * 96 / 51 * 2]
    assert [d.value for d in got[1].drivers] == pytest.approx(expected)


def test_a_ratio_goal_aims_at_the_rate_every_week(ws: Any) -> None:
    """ann's win rate goal of 60% in June: every week aims at 0.6, without drivers. Week
    2–8: 1 won of 2 decided = 0.5 < 0.6, missed; 9–15: 1 of 1 so far, in progress; Sunday
    1 June decided nothing: no data."""
    got = ws.milestones(ws.goal_spec("ann", "win_rate", 0.6, "2025-06"), as_of=AS_OF)
    assert {m.target for m in got} == {0.6}
    assert [m.status for m in got[:3]] == ["no data", "missed", "in progress"]
    assert got[1].actual == 0.5 and got[2].actual == 1.0
    assert all(m.drivers == () for m in got)
    assert "no volume" in got[0].basis


@settings(max_examples=60)
@given(
    cents=st.integers(0, 10**11),
    weights=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=60),
)
def test_parts_add_up_to_the_total_exactly(cents: int, weights: list[float]) -> None:
    """Whatever the weights, the parts of a total in cents add up to it to the cent,
    each within a cent of its exact share."""
    if sum(weights) <= 0:
        weights = [*weights, 1.0]
    total = cents / 100
    parts = allocate(total, weights)
    assert sum(Decimal(str(p)) for p in parts) == Decimal(str(total))
    mass = sum(Fraction(w) for w in weights)  # exact shares, even of subnormal weights
    for part, w in zip(parts, weights, strict=True):
        share = Fraction(cents, 100) * Fraction(w) / mass
        assert abs(Fraction(part) - share) <= Fraction(1, 100) + Fraction(total) / 10**6


@settings(max_examples=15)
@given(target=st.integers(0, 10**9).map(lambda c: c / 100))
def test_weekly_targets_add_up_to_the_goal(ws: Any, target: float) -> None:
    """The milestones of any target (seasonal weights for ann, selling days for bob)
    add up to it exactly."""
    for owner in ("ann", "bob"):
        got = ws.milestones(ws.goal_spec(owner, "bookings", target, "2025-06"), as_of=AS_OF)
        assert sum(Decimal(str(m.target)) for m in got) == Decimal(str(target))
