"""`salespulse.significance` against `scipy.stats`, the reference it replaces: the same
p-values (to 1e-9 relative) and the same Poisson quantiles (exactly) on random inputs and
on the edges (no count, tiny and huge means, ties, the switch between scipy's exact and
normal Mann-Whitney, samples without spread, Yates' 2×2, empty columns). And the point of
it all: the coaching computes its p-values without importing `scipy.stats`."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings
from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from salespulse import significance as sig
from salespulse.stats import count_change_p

means = st.floats(min_value=-9, max_value=7).map(lambda e: 10.0**e)
probabilities = st.floats(min_value=1e-12, max_value=1 - 1e-12)
# Values drawn from a small pool (ties, samples without spread) or from a wide range.
pooled = st.lists(st.sampled_from([0.0, 1.0, 2.5, 3.0, 1e4]), min_size=1, max_size=25)
spread = st.lists(
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), min_size=1, max_size=40
)
samples = st.one_of(pooled, spread)
FEW = settings(max_examples=150, deadline=None)


def assert_same(got: float, ref: float) -> None:
    """Equal to 1e-9 relative (below 1e-300, near the subnormals, as good as 0); nan where
    scipy gives nan."""
    if math.isnan(ref):
        assert math.isnan(got), (got, ref)
    else:
        assert math.isclose(got, ref, rel_tol=1e-9, abs_tol=1e-300), (got, ref)


def reference(test: Callable[..., object], *args: object, **kwargs: object) -> float:
    with warnings.catch_warnings():  # scipy warns about tiny or constant samples
        warnings.simplefilter("ignore")
        return float(test(*args, **kwargs).pvalue)  # type: ignore[attr-defined]


@FEW
@given(mu=means, offset=st.floats(-4, 4), k=st.integers(-3, 3))
def test_poisson_tails_are_scipys(mu: float, offset: float, k: int) -> None:
    count = max(-3, round(mu + offset * math.sqrt(mu)) + k)  # around the mean, and below 0
    assert_same(sig.poisson_at_most(count, mu), float(stats.poisson.cdf(count, mu)))
    assert_same(sig.poisson_at_least(count, mu), float(stats.poisson.sf(count - 1, mu)))


def test_poisson_tails_at_the_edges() -> None:
    assert sig.poisson_at_most(-1, 3.0) == 0.0 and sig.poisson_at_least(0, 3.0) == 1.0
    assert sig.poisson_at_most(0, 3.0) == pytest.approx(math.exp(-3))
    assert sig.poisson_at_least(1, 3.0) == pytest.approx(1 - math.exp(-3))
    for mu in (1e-300, 1e-9, 0.0, 1e9):
        for count in (0, 1, 2, 10**9):
            assert_same(sig.poisson_at_most(count, mu), float(stats.poisson.cdf(count, mu)))
            assert_same(sig.poisson_at_least(count, mu), float(stats.poisson.sf(count - 1, mu)))
    with pytest.raises(ValueError, match="Poisson mean"):
        sig.poisson_at_most(1, -0.5)


@settings(max_examples=300, deadline=None)
@given(q=probabilities, mu=means)
def test_poisson_quantile_is_scipys(q: float, mu: float) -> None:
    assert sig.poisson_quantile(q, mu) == stats.poisson.ppf(q, mu)


@pytest.mark.parametrize("mu", [1e-9, 0.02, 0.5, 1.0, 3.0, 7.5, 40.0, 1234.5, 1e7])
def test_poisson_quantile_of_the_bands_is_scipys(mu: float) -> None:
    for q in (0.025, 0.975, 0.5, math.exp(-mu), 1e-9):
        if 0 < q < 1:
            assert sig.poisson_quantile(q, mu) == stats.poisson.ppf(q, mu), (q, mu)
    with pytest.raises(ValueError, match="0 < q < 1 and mu > 0"):
        sig.poisson_quantile(1.0, mu)


@FEW
@given(xs=samples, ys=samples)
def test_t_tests_are_scipys(xs: list[float], ys: list[float]) -> None:
    welch = reference(stats.ttest_ind, xs, ys, equal_var=False)
    assert_same(sig.welch_t_test_p(xs, ys), welch)
    assert_same(sig.student_t_test_p(xs, ys), reference(stats.ttest_ind, xs, ys))


@pytest.mark.parametrize(
    ("xs", "ys"),
    [
        ([2.0] * 5, [2.0] * 7),  # no spread, equal means: undefined (nan)
        ([2.0] * 5, [3.0] * 7),  # no spread, different means: t is infinite, p 0
        ([0.1] * 9, [0.1] * 12),  # no spread with a mean numpy rounds
        ([2.0] * 5, [1.0, 2.0, 4.0]),  # one side without spread
        ([1.0], [1.0, 2.0, 4.0]),  # a single value: Welch undefined, Student defined
        ([1.0], [2.0]),
        ([], [1.0, 2.0]),
        ([1e-170, 2e-170], [3e-170, 5e-170]),  # variances that underflow
        ([5.0, 6.0, 7.0], [5.0 + 1e-12, 6.0 + 1e-12, 7.0 + 1e-12]),
    ],
)
def test_t_tests_where_scipy_gives_up_or_goes_infinite(xs: list[float], ys: list[float]) -> None:
    assert_same(sig.welch_t_test_p(xs, ys), reference(stats.ttest_ind, xs, ys, equal_var=False))
    assert_same(sig.student_t_test_p(xs, ys), reference(stats.ttest_ind, xs, ys))


def test_t_tests_without_spread_give_nan_or_zero() -> None:
    assert math.isnan(sig.welch_t_test_p([3.0] * 5, [3.0] * 5))
    assert math.isnan(sig.student_t_test_p([3.0] * 5, [3.0] * 5))
    assert sig.welch_t_test_p([3.0] * 5, [4.0] * 5) == 0.0


mwu_samples = st.one_of(
    st.lists(st.integers(0, 12).map(float), min_size=1, max_size=30),  # ties
    st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=30, unique=True),
)


@FEW
@given(xs=mwu_samples, ys=mwu_samples)
def test_mann_whitney_is_scipys(xs: list[float], ys: list[float]) -> None:
    ref = reference(stats.mannwhitneyu, xs, ys, alternative="two-sided")
    assert_same(sig.mann_whitney_p(xs, ys), ref)


@pytest.mark.parametrize(
    ("n1", "n2"), [(1, 1), (1, 9), (5, 5), (8, 8), (8, 9), (9, 8), (9, 9), (8, 400), (3, 2000)]
)
@pytest.mark.parametrize("shift", [0.0, 0.7, 3.0, 100.0])
def test_mann_whitney_around_the_switch_to_the_normal_approximation(
    n1: int, n2: int, shift: float
) -> None:
    """Without ties: exact while a side has 8 values or fewer, normal beyond."""
    xs = [i * 1.37 % 5 + shift for i in range(1, n1 + 1)]
    ys = [j * 0.91 % 5 + 0.001 * j for j in range(1, n2 + 1)]
    assert len(set(xs + ys)) == n1 + n2  # no ties
    method = "exact" if min(n1, n2) <= 8 else "asymptotic"
    ref = reference(stats.mannwhitneyu, xs, ys, alternative="two-sided", method=method)
    assert_same(sig.mann_whitney_p(xs, ys), ref)
    assert_same(sig.mann_whitney_p(xs, ys), reference(stats.mannwhitneyu, xs, ys))


def test_mann_whitney_with_ties_is_normal_and_all_tied_is_one() -> None:
    xs, ys = [1.0, 2.0, 2.0, 3.0, 5.0], [2.0, 4.0, 6.0, 7.0, 8.0]  # a tie: never exact
    ref = reference(stats.mannwhitneyu, xs, ys, method="asymptotic")
    assert_same(sig.mann_whitney_p(xs, ys), ref)
    assert sig.mann_whitney_p([4.0] * 6, [4.0] * 9) == 1.0
    assert sig.mann_whitney_p([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]) == pytest.approx(0.1)  # 2/20
    with pytest.raises(ValueError, match="values on both sides"):
        sig.mann_whitney_p([], [1.0])


tables = st.integers(2, 9).flatmap(
    lambda k: st.lists(st.lists(st.integers(0, 60), min_size=k, max_size=k), min_size=2, max_size=2)
)


@FEW
@given(table=tables)
def test_chi_square_is_scipys(table: list[list[int]]) -> None:
    try:
        ref: float | None = reference(stats.chi2_contingency, table)
    except ValueError:  # a row or column without counts
        ref = None
    if ref is None:
        with pytest.raises(ValueError, match="no counts"):
            sig.chi_square_p(table)
    else:
        assert_same(sig.chi_square_p(table), ref)


@pytest.mark.parametrize(
    "table",
    [
        [[12, 5], [7, 30]],  # 2×2: Yates
        [[0, 5], [7, 30]],  # a zero cell
        [[3, 3], [3, 3]],  # counts at their expectation
        [[10, 11], [10, 10]],  # within half a unit of it
        [[1, 0, 4, 9], [20, 1, 3, 8]],  # a column with one zero
        [[500, 20, 3, 1, 0, 7, 80, 2, 9], [450, 30, 1, 4, 2, 3, 60, 1, 12]],  # 2×9
        [[5, 6, 7]],  # one row: nothing to test (p 1)
    ],
)
def test_chi_square_tables(table: list[list[int]]) -> None:
    assert_same(sig.chi_square_p(table), float(stats.chi2_contingency(table).pvalue))


def test_chi_square_applies_yates_only_to_2x2() -> None:
    two = [[12, 5], [7, 30]]
    uncorrected = float(stats.chi2_contingency(two, correction=False).pvalue)
    assert sig.chi_square_p(two) > uncorrected * 1.5  # the correction is applied
    with pytest.raises(ValueError, match="no counts"):
        sig.chi_square_p([[4, 0, 6], [3, 0, 9]])  # an empty column: scipy refuses it too
    with pytest.raises(ValueError, match="negative"):
        sig.chi_square_p([[4, -1], [3, 2]])


def exact_binomial_p(now: int, n: int, share: Fraction) -> float:
    """The two-sided binomial test in exact rational arithmetic: the sum of every outcome
    no likelier than the one seen (with scipy's 1e-7 relative slack)."""
    pmf = [math.comb(n, k) * share**k * (1 - share) ** (n - k) for k in range(n + 1)]
    seen = pmf[now] * Fraction(10**7 + 1, 10**7)
    return float(min(Fraction(1), sum(x for x in pmf if x <= seen)))


@FEW
@given(
    now=st.integers(0, 300), before=st.integers(0, 300), m=st.integers(1, 12), b=st.integers(1, 24)
)
def test_the_rate_change_test_is_scipys_binomial_test(
    now: int, before: int, m: int, b: int
) -> None:
    """The noise's rate test (`count_change_p`, shared with the movers) to 1e-9 of the exact
    rational answer, and of `scipy.stats.binomtest` wherever scipy's own tails are exact
    enough to judge by: below about 1e-250 they lose digits (at 231 of 245 with a share of
    1/25, scipy says 1.09e-301 where the exact sum is 1.487e-301, and so do we)."""
    share = m / (m + b)
    got = count_change_p(now, before, share)
    if now + before == 0:
        assert got is None
        return
    assert got is not None
    assert_same(got, exact_binomial_p(now, now + before, Fraction(m, m + b)))
    scipys = float(stats.binomtest(now, now + before, share).pvalue)
    if scipys > 1e-250:
        assert_same(got, scipys)


def test_the_coaching_computes_its_p_values_without_scipy_stats() -> None:
    code = """
import sys
from salespulse import significance as sig
from salespulse.insights.core import noise
from salespulse.insights.signals import pace, sales_drivers, trends
from salespulse.reports import monthly_band

assert noise.poisson_count(3, 9.0, 3, "deals").p_value < 0.05
assert noise.rate_change(2, 3, 20, 3).p_value < 0.05
assert noise.log_means([1.0, 2, 3, 4, 5], [50.0, 60, 70, 80, 90], "deals").significant
assert noise.shifted([1.0, 2, 3, 4, 5], [50.0, 60, 70, 80, 90], "deals").significant
assert sig.poisson_at_least(9, 3.0) < 0.01
assert sig.chi_square_p([[30, 2], [5, 40]]) < 1e-6
band = monthly_band.bands([10.0, 12, 9, 11, 10, 13, 12, 9, 11, 10, 12, 11, 40], counts=True)[-1]
assert band.verdict == monthly_band.GREAT and band.expected, band
print(sorted(m for m in sys.modules if m.startswith("scipy.")))
print("scipy.stats" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "False", out.stdout
