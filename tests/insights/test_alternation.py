"""The permutation test behind "big and small months alternate" (`alternation_p`) equals
the plain test it stands for — shuffle the months 2,000 times, seeded by their number,
and count the orders that swing as much — whatever the months."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from salespulse.insights.core.history import alternation_p


def by_shuffling(values: list[float], rounds: int = 2000) -> float | None:
    if len(values) < 4:
        return None

    def masd(xs: list[float]) -> float:
        return sum(abs(b - a) for a, b in itertools.pairwise(xs)) / (len(xs) - 1)

    observed = masd(values)
    rng = random.Random(len(values))
    shuffled = list(values)
    hits = 0
    for _ in range(rounds):
        rng.shuffle(shuffled)
        hits += masd(shuffled) >= observed - 1e-12
    return (hits + 1) / (rounds + 1)


MONTH = st.one_of(st.floats(0, 5, allow_nan=False), st.sampled_from([0.0, 0.5, 1.0]))


@settings(max_examples=40, deadline=None)
@given(st.lists(MONTH, max_size=14))
def test_equals_the_plain_shuffle(values: list[float]) -> None:
    assert alternation_p(values) == by_shuffling(values)


def test_a_perfect_alternation_is_rare_and_a_ramp_is_not() -> None:
    """1, 0, 1, 0, … swings by the most any order can: few orders match it (p small);
    0, 1, 2, … swings by the least: every order swings at least as much (p = 1)."""
    alternating = [float(i % 2) for i in range(12)]
    p = alternation_p(alternating)
    assert p is not None and p < 0.01
    assert alternation_p([float(i) for i in range(12)]) == 1.0
