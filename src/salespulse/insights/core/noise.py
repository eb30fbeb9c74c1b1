"""Is a difference larger than noise? The tests behind every "significant" in the
coaching, each with how much more data would settle an open question.

- rates of won deals, worked leads, fast answers: the rep's Wilson 95% interval must
  exclude the benchmark (`salespulse.stats.wilson`); fewer than 10 decided deals is never
  enough (tenet 7);
- counts over time (deals decided, activities): an exact Poisson test of the rep's count
  against the count the benchmark rate would give over the same months, and a
  conditional binomial test for a change against the rep's own earlier months;
- deal sizes: Welch's t-test on the logarithm of the won amounts (deal sizes are roughly
  log-normal), five won deals at least, with the number of won deals that would make the
  observed difference significant at 80% power;
- durations (sales cycle): the Mann-Whitney U test on the deals' cycles (five at least).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from salespulse import significance
from salespulse.model.wording import plural
from salespulse.stats import SMALL_SAMPLE, count_change_p, wilson

ALPHA = 0.05
#: z for 95% two-sided plus z for 80% power: the usual sample-size multiplier.
Z_POWER = 1.959963984540054 + 0.8416212335729143
_PLURALS = {"months", "deals", "leads"}
#: Fewer won deals than this never settle a difference in deal size or cycle.
MIN_AMOUNTS = 5
#: Beyond this much more data, say "more data would hardly decide it".
MAX_MORE = 10_000


@dataclass(frozen=True)
class Verdict:
    """The outcome of a noise test: `significant`, the test in words, and when it is not
    significant, how much more data would decide it (None: no amount would, or n/a)."""

    significant: bool
    test: str
    p_value: float | None = None
    more_needed: int | None = None
    more_unit: str = ""
    #: False when the sample is below the floor for any verdict ("not enough data").
    enough: bool = True

    @property
    def more_text(self) -> str | None:
        if self.significant or self.more_needed is None:
            return None
        unit = _singular(self.more_unit) if self.more_needed == 1 else self.more_unit
        return f"about {self.more_needed:,} more {unit}"


def _singular(unit: str) -> str:
    """The singular of a plural unit: "decided deal" for "decided deals"."""
    return " ".join(w[:-1] if w in _PLURALS else w for w in unit.split())


def _counted(n: int, unit: str) -> str:
    """`n` and `unit` (a plural such as "decided deals"), in the singular for one."""
    return plural(n, _singular(unit), unit)


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def proportion(successes: int, n: int, benchmark: float | None, unit: str) -> Verdict:
    """Does the rep's Wilson interval for successes/n exclude the benchmark rate?"""
    if benchmark is None:
        return Verdict(False, "no benchmark to compare with")
    if n < SMALL_SAMPLE:
        more = extra_for_proportion(successes, n, benchmark)
        return Verdict(
            False,
            f"only {_counted(n, unit)}: fewer than {SMALL_SAMPLE} is never enough to call it",
            more_needed=more,
            more_unit=unit,
            enough=False,
        )
    ci = wilson(successes, n)
    assert ci is not None
    low, high = ci
    significant = benchmark < low or benchmark > high
    word = "excludes" if significant else "includes"
    test = f"Wilson 95% interval {_pct(low)}–{_pct(high)} {word} {_pct(benchmark)}"
    more = None if significant else extra_for_proportion(successes, n, benchmark)
    return Verdict(significant, test, more_needed=more, more_unit=unit)


def extra_for_proportion(successes: int, n: int, benchmark: float) -> int | None:
    """How many more trials at the observed rate would make the Wilson interval exclude
    the benchmark (at least enough to reach the small-sample floor); None if none would."""
    rate = successes / n if n else None
    if rate is None or abs(rate - benchmark) < 1e-9:
        return None
    total = max(n + 1, SMALL_SAMPLE)
    while total - n <= MAX_MORE:
        ci = wilson(rate * total, total)
        assert ci is not None
        if benchmark < ci[0] or benchmark > ci[1]:
            return total - n
        total = max(total + 1, int(total * 1.05))
    return None


def poisson_count(count: int, expected: float, months: float, unit: str) -> Verdict:
    """Exact two-sided Poisson test of `count` against `expected` over `months`."""
    if expected <= 0:
        return Verdict(False, "the benchmark is zero")
    low = significance.poisson_at_most(count, expected)
    high = significance.poisson_at_least(count, expected)
    p = min(1.0, 2 * min(low, high))
    significant = p < ALPHA
    test = f"Poisson test of {count} against {expected:.1f} expected: p = {p:.3g}"
    more = None
    if not significant and count != round(expected) and months > 0:
        z = abs(count - expected) / math.sqrt(expected)
        if z > 0:
            needed = months * (1.96 / z) ** 2
            extra = math.ceil(needed - months)
            more = extra if 0 < extra <= MAX_MORE else None
    return Verdict(significant, test, p, more, unit)


def rate_change(
    count_now: int, months_now: float, count_before: int, months_before: float
) -> Verdict:
    """Did a count's monthly rate change between two stretches? Conditional binomial test:
    given all the events, is the share that fell in the recent stretch its share of time?"""
    total = count_now + count_before
    if total == 0 or months_now <= 0 or months_before <= 0:
        return Verdict(False, "nothing to compare")
    share = months_now / (months_now + months_before)
    p = count_change_p(count_now, count_before, share)
    assert p is not None  # there are events, and the share is strictly between 0 and 1
    return Verdict(
        p < ALPHA, f"rate test of {count_now} against {count_before} earlier: p = {p:.3g}", p
    )


def log_means(rep_values: Sequence[float], peer_values: Sequence[float], unit: str) -> Verdict:
    """Welch's t-test on log amounts; with how many more rep values would decide it."""
    xs = [math.log(v) for v in rep_values if v > 0]
    ys = [math.log(v) for v in peer_values if v > 0]
    if len(xs) < MIN_AMOUNTS or len(ys) < MIN_AMOUNTS:
        more = MIN_AMOUNTS - len(xs) if len(xs) < MIN_AMOUNTS else None
        return Verdict(
            False, f"only {_counted(len(xs), unit)}", more_needed=more, more_unit=unit, enough=False
        )
    if _pooled_sd(xs, ys) == 0:  # every amount alike on both sides: no noise to test
        same = abs(sum(xs) / len(xs) - sum(ys) / len(ys)) < 1e-12
        return Verdict(not same, f"all {len(xs) + len(ys)} amounts are alike on each side")
    p = significance.welch_t_test_p(xs, ys)
    if p != p:  # Welch's test is undefined: fall back to Student's
        p = significance.student_t_test_p(xs, ys)
    significant = p < ALPHA
    test = f"Welch t-test on log amounts ({len(xs)} against {len(ys)}): p = {p:.3g}"
    more = None
    if not significant:
        delta = abs(sum(xs) / len(xs) - sum(ys) / len(ys))
        sd = _pooled_sd(xs, ys)
        if delta > 0 and sd > 0:
            needed = math.ceil((Z_POWER * sd / delta) ** 2)
            extra = needed - len(xs)
            more = extra if 0 < extra <= MAX_MORE else None
    return Verdict(significant, test, p, more, unit)


def shifted(rep_values: Sequence[float], peer_values: Sequence[float], unit: str) -> Verdict:
    """Mann-Whitney U test: are the rep's values shifted against the peers'?"""
    if len(rep_values) < MIN_AMOUNTS or len(peer_values) < MIN_AMOUNTS:
        more = max(0, MIN_AMOUNTS - len(rep_values)) or None
        return Verdict(
            False,
            f"only {_counted(len(rep_values), unit)}",
            more_needed=more,
            more_unit=unit,
            enough=False,
        )
    p = significance.mann_whitney_p(rep_values, peer_values)
    return Verdict(
        p < ALPHA,
        f"Mann-Whitney test ({len(rep_values)} against {len(peer_values)}): p = {p:.3g}",
        p,
    )


def _pooled_sd(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The within-group standard deviation of two samples (each of 2 or more)."""

    def ss(values: Sequence[float]) -> float:
        mean = sum(values) / len(values)
        return sum((v - mean) ** 2 for v in values)

    return math.sqrt((ss(xs) + ss(ys)) / (len(xs) + len(ys) - 2))
