"""The p-values behind the coaching's "significant": Poisson tails and quantiles, Welch's
and Student's t-tests, the Mann-Whitney U test and the chi-square test of a contingency
table, each giving the same number as its `scipy.stats` counterpart.

Why not `scipy.stats` itself: importing it takes about 0.4 s here, a large part of a
coaching command's first run, for a handful of p-values. These functions use only `math`
and `scipy.special` (imported inside them, when a p-value is wanted), and follow scipy's
defaults and arithmetic step by step; `tests/engine/test_significance.py` checks them
against `scipy.stats` on random inputs. The binomial test is `salespulse.stats.count_change_p`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def poisson_at_most(k: int, mu: float) -> float:
    """P(X <= k) for X ~ Poisson(mu): `scipy.stats.poisson.cdf(k, mu)`."""
    from scipy.special import pdtr

    _check_mean(mu)
    return 0.0 if k < 0 else float(pdtr(k, mu))


def poisson_at_least(k: int, mu: float) -> float:
    """P(X >= k) for X ~ Poisson(mu): `scipy.stats.poisson.sf(k - 1, mu)`."""
    from scipy.special import pdtrc

    _check_mean(mu)
    return 1.0 if k <= 0 else float(pdtrc(k - 1, mu))


def poisson_quantile(q: float, mu: float) -> int:
    """The smallest count k with P(X <= k) >= q for X ~ Poisson(mu), 0 < q < 1, mu > 0:
    `scipy.stats.poisson.ppf(q, mu)`, by scipy's own steps (the inverse of the continuous
    cdf, rounded up, then one count lower if that is already enough)."""
    from scipy.special import pdtr, pdtrik

    if not 0 < q < 1 or not mu > 0:
        raise ValueError(f"a Poisson quantile needs 0 < q < 1 and mu > 0, got q={q}, mu={mu}")
    k = math.ceil(float(pdtrik(q, mu)))
    below = max(k - 1, 0)
    return below if float(pdtr(below, mu)) >= q else k


def welch_t_test_p(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Two-sided p of Welch's t-test (unequal variances): `scipy.stats.ttest_ind(xs, ys,
    equal_var=False).pvalue`. nan when undefined: fewer than 2 values on a side, or no
    spread at all and equal means (no spread and different means: 0)."""
    if len(xs) < 2 or len(ys) < 2:
        return math.nan
    (m1, v1, n1), (m2, v2, n2) = _moments(xs), _moments(ys)
    vn1, vn2 = v1 / n1, v2 / n2
    total = vn1 + vn2
    df = _ratio(total * total, vn1 * vn1 / (n1 - 1) + vn2 * vn2 / (n2 - 1))
    # scipy: without any spread df is 0 / 0, and any df will do (t is ±inf or nan)
    return _t_p(m1 - m2, math.sqrt(total), 1.0 if df != df else df)


def student_t_test_p(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Two-sided p of Student's t-test (pooled variance): `scipy.stats.ttest_ind(xs, ys)
    .pvalue`. nan when undefined (fewer than 3 values in all, or no spread and equal
    means)."""
    if not xs or not ys or len(xs) + len(ys) < 3:
        return math.nan
    (m1, v1, n1), (m2, v2, n2) = _moments(xs), _moments(ys)
    df = n1 + n2 - 2.0
    v1, v2 = (0.0 if n1 == 1 else v1), (0.0 if n2 == 1 else v2)
    pooled = ((n1 - 1) * v1 + (n2 - 1) * v2) / df
    return _t_p(m1 - m2, math.sqrt(pooled * (1.0 / n1 + 1.0 / n2)), df)


def mann_whitney_p(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Two-sided p of the Mann-Whitney U test: `scipy.stats.mannwhitneyu(xs, ys)
    .pvalue` with its defaults. Exact when there are no ties and one side has 8 values or
    fewer; otherwise the normal approximation with the tie and continuity corrections."""
    from scipy.special import ndtr

    n1, n2 = len(xs), len(ys)
    if n1 == 0 or n2 == 0:
        raise ValueError("the Mann-Whitney test needs values on both sides")
    if any(v != v for v in (*xs, *ys)):
        raise ValueError("the Mann-Whitney test cannot rank a missing value (nan)")
    ranks, ties = _average_ranks([*xs, *ys])
    u1 = sum(ranks[:n1]) - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    if (n1 <= 8 or n2 <= 8) and not any(t > 1 for t in ties):
        return min(1.0, 2 * _u_at_most(n1 * n2 - int(u), n1, n2))
    n = n1 + n2
    tie_term = sum(t**3 - t for t in ties)
    s = math.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))))
    z = _ratio(u - n1 * n2 / 2 - 0.5, s)
    return min(1.0, max(0.0, 2 * float(ndtr(-z))))


def chi_square_p(table: Sequence[Sequence[float]]) -> float:
    """p of the chi-square test of independence of a table of counts (rows × columns):
    `scipy.stats.chi2_contingency(table).pvalue`, with Yates' correction when there is
    one degree of freedom. A row or column without any count is refused, as scipy does
    (nan for a table of zeros, as scipy gives)."""
    from scipy.special import chdtrc

    rows = [[float(v) for v in row] for row in table]
    if not rows or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
        raise ValueError(f"a contingency table needs equal rows of counts, got {table!r}")
    if any(v < 0 for r in rows for v in r):
        raise ValueError(f"counts cannot be negative, got {table!r}")
    row_sums = [_numpy_sum(r) for r in rows]
    col_sums = [sum(col) for col in zip(*rows, strict=True)]
    total = _numpy_sum([v for r in rows for v in r])
    if total == 0:  # scipy's expected counts are then 0 / 0
        return math.nan
    expected = [[rs * cs / total for cs in col_sums] for rs in row_sums]
    if any(e == 0 for r in expected for e in r):
        raise ValueError(f"a row or column of the table has no counts: {table!r}")
    dof = (len(rows) - 1) * (len(rows[0]) - 1)
    if dof == 0:
        return 1.0
    terms = []
    for obs_row, exp_row in zip(rows, expected, strict=True):
        for o, e in zip(obs_row, exp_row, strict=True):
            if dof == 1:  # Yates: move each count half a unit towards its expectation
                o += math.copysign(min(0.5, abs(e - o)), e - o) if e != o else 0.0
            terms.append((o - e) * (o - e) / e)
    return float(chdtrc(dof, _numpy_sum(terms)))


def _check_mean(mu: float) -> None:
    if not mu >= 0:
        raise ValueError(f"a Poisson mean must be 0 or more, got {mu}")


def _t_p(diff: float, se: float, df: float) -> float:
    """2 · P(T > |diff / se|) for T ~ t(df), with IEEE division: nan for 0/0."""
    from scipy.special import stdtr

    t = _ratio(diff, se)
    return math.nan if t != t else float(2 * stdtr(df, -abs(t)))


def _ratio(a: float, b: float) -> float:
    """a / b, dividing by zero as numpy does (±inf, or nan for 0 / 0)."""
    if b == 0:
        return math.nan if a == 0 or a != a else math.copysign(math.inf, a)
    return a / b


def _moments(values: Sequence[float]) -> tuple[float, float, int]:
    """Mean, variance with n - 1 (nan for one value) and size, as scipy computes them."""
    xs = [float(v) for v in values]
    n = len(xs)
    mean = _numpy_sum(xs) / n
    square = _numpy_sum([(x - mean) * (x - mean) for x in xs]) / n
    return mean, (square * (n / (n - 1)) if n > 1 else math.nan), n


def _numpy_sum(xs: Sequence[float]) -> float:
    """The sum in numpy's order (pairwise, in blocks of 8), so that means and variances
    round exactly as scipy's do: a sample without spread keeps a variance of exactly 0."""
    n = len(xs)
    if n < 8:
        total = 0.0
        for x in xs:
            total += x
        return total
    if n > 128:
        half = n // 2
        half -= half % 8
        return _numpy_sum(xs[:half]) + _numpy_sum(xs[half:])
    r = list(xs[:8])
    end = n - n % 8
    for i in range(8, end, 8):
        for j in range(8):
            r[j] += xs[i + j]
    total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    for x in xs[end:]:
        total += x
    return total


def _average_ranks(values: Sequence[float]) -> tuple[list[float], list[int]]:
    """Ranks from 1, tied values sharing their average rank; and the size of each run of
    equal values."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    ties = []
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and values[order[end]] == values[order[start]]:
            end += 1
        for i in order[start:end]:
            ranks[i] = (start + 1 + end) / 2
        ties.append(end - start)
        start = end
    return ranks, ties


def _u_at_most(k: int, n1: int, n2: int) -> float:
    """P(U <= k) for the U statistic of samples of n1 and n2 values without ties: the
    number of the C(n1 + n2, n1) orderings with U = 0..k are the first coefficients of
    the Gaussian binomial coefficient, the product over i of (1 - q^(n2+i)) / (1 - q^i)."""
    small, large = min(n1, n2), max(n1, n2)
    ways = [1] + [0] * k
    for i in range(1, small + 1):
        for u in range(k, large + i - 1, -1):
            ways[u] -= ways[u - large - i]
        for u in range(i, k + 1):
            ways[u] += ways[u - i]
    return sum(ways) / math.comb(n1 + n2, n1)
