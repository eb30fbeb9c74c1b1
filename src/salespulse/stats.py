"""Small statistics shared by the KPI engine, the reports and the coaching insights: the
Wilson score interval for a proportion, interpolated quantiles, the smallest sample we
trust, and whether a count changed beyond Poisson noise.

The engine computes the same interval inside its SQL (`engine.arithmetic.wilson`); tests
check that both agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: z for a two-sided 95% interval.
Z95 = 1.959963984540054
#: Below this many observations a rate is flagged as a small sample.
SMALL_SAMPLE = 10


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval (low, high) for `successes` out of `n`; None when n is 0.

    Unlike the normal approximation it stays inside [0, 1] and behaves for 0 or n
    successes, which is what small sales samples need.
    """
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n, got {successes} of {n}")
    p = successes / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def quantile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile with linear interpolation between closest ranks (the SQL
    `percentile_cont`); None for no values."""
    if not 0 <= q <= 1:
        raise ValueError("q must be between 0 and 1")
    xs = sorted(values)
    if not xs:
        return None
    pos = (len(xs) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def median(values: Sequence[float]) -> float | None:
    return quantile(values, 0.5)


def is_small(n: float | None) -> bool:
    """True when a rate rests on too few observations to compare reliably."""
    return n is None or n < SMALL_SAMPLE


def gap_is_noise(
    successes_a: float, n_a: float, successes_b: float, n_b: float, z: float = Z95
) -> bool:
    """True when two proportions' Wilson intervals overlap: the gap between them is not
    larger than noise (tenet 7: a rep is only called below the team when it is)."""
    a = wilson(successes_a, n_a, z)
    b = wilson(successes_b, n_b, z)
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def count_change_p(now: int, before: int, share_now: float = 0.5) -> float | None:
    """Two-sided p-value that a count changed between two stretches of time beyond
    Poisson noise: the conditional binomial test. Given `now + before` events, were
    `now` of them in the recent stretch more (or fewer) than its `share_now` of the time
    (0.5 for two stretches of equal length) would give? The exact test, with the two
    tails of every outcome no likelier than the one seen (as `scipy.stats.binomtest`,
    without its import time: the binomial tails come from `scipy.special`). None when
    there are no events or `share_now` is not strictly between 0 and 1."""
    if now < 0 or before < 0:
        raise ValueError(f"counts cannot be negative, got {now} and {before}")
    n, p = now + before, share_now
    if n == 0 or not 0 < p < 1:
        return None
    from scipy.special import bdtr, bdtrc  # P(X <= x), P(X > x) for X ~ Binomial(n, p)

    def pmf(x: int) -> float:
        log = math.lgamma(n + 1) - math.lgamma(x + 1) - math.lgamma(n - x + 1)
        return math.exp(log + x * math.log(p) + (n - x) * math.log1p(-p))

    def at_most(x: int) -> float:
        return 0.0 if x < 0 else 1.0 if x >= n else float(bdtr(x, n, p))

    def above(x: int) -> float:
        return 1.0 if x < 0 else 0.0 if x >= n else float(bdtrc(x, n, p))

    seen = pmf(now) * (1 + 1e-7)
    mode = p * n
    if now == mode:
        return 1.0
    if now < mode:  # the upper tail: from the first count above the mode as unlikely
        lo, hi = math.ceil(mode), n + 1
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if pmf(mid) <= seen else (mid + 1, hi)
        return min(1.0, at_most(now) + above(lo - 1))
    lo, hi = -1, math.floor(mode)  # the lower tail: up to the last count below as unlikely
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if pmf(mid) <= seen else (lo, mid - 1)
    return min(1.0, at_most(lo) + above(now - 1))
