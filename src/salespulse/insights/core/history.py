"""Each rep's months: revenue, quota target and actual — the series behind streaks,
personal bests, consistency and ramp-up."""

from __future__ import annotations

import functools
import itertools
import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from salespulse.errors import MissingTable, QuotaDoesNotFit
from salespulse.insights.core.evidence import Evidence, records
from salespulse.stats import median


@dataclass(frozen=True)
class Month:
    start: date
    revenue: float
    target: float | None = None
    actual: float | None = None

    @property
    def attainment(self) -> float | None:
        if self.target is None or self.target <= 0:
            return None
        return (self.actual or 0.0) / self.target


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def monthly(ev: Evidence, first: date, last: date, as_of: date) -> dict[str, list[Month]]:
    """Per rep, the months from `first` to `last` with revenue or a quota, in order."""

    def compute() -> dict[str, list[Month]]:
        revenue: dict[tuple[str, date], float] = {}
        quota: dict[tuple[str, date], tuple[float, float]] = {}
        if ev.has("sales"):
            df = ev.kpi("revenue", by=("rep",), period="month", start=first, end=last, as_of=as_of)
            for r in records(df):
                if r["rep"] is not None:
                    revenue[(str(r["rep"]), _day(r["period"]))] = float(r["value"] or 0.0)
        quota = quotas_by_month(ev, first, last, as_of)
        out: dict[str, list[Month]] = {}
        for rep, start in sorted(set(revenue) | set(quota), key=lambda k: (k[0], k[1])):
            target, actual = quota.get((rep, start), (None, None))
            out.setdefault(rep, []).append(
                Month(start, revenue.get((rep, start), 0.0), target, actual)
            )
        return out

    return ev.memo(("monthly", first, last, as_of), compute)


def quotas_by_month(
    ev: Evidence, first: date, last: date, as_of: date
) -> dict[tuple[str, date], tuple[float, float]]:
    """(rep, month) → (target, actual) of the monthly quotas; empty without rep quotas."""
    if not ev.has("quotas"):
        return {}
    try:
        df = ev.kpi(
            "quota_attainment", by=("rep",), period="month", start=first, end=last, as_of=as_of
        )
    except (QuotaDoesNotFit, MissingTable):
        return {}  # per team, longer than a month, several metrics, or no such table
    return {
        (str(r["rep"]), _day(r["period"])): (float(r["denominator"]), float(r["numerator"] or 0))
        for r in records(df)
        if r["rep"] is not None and r["denominator"]
    }


def quota_metric(ev: Evidence) -> str:
    """What the reps' quotas are set on (revenue, units, bookings, deals_won or
    activities; revenue where a quota names none): the KPI `quota_attainment` measures
    them by. The first in order if there are several (then `quota_attainment` refuses
    them and `quotas_by_month` is empty)."""

    def build(ctx: Any) -> Any:
        from salespulse.sql import functions as fn

        q = ctx.table("quotas")
        metric = fn.coalesce(q.metric.lower().strip(), "revenue").name("metric")
        return q.filter(q.rep.notnull()).select(metric).distinct()

    found = ev.rows("quota_metrics", build, kpi="quota_attainment")
    names = sorted(str(r["metric"]) for r in found)
    return names[0] if names else "revenue"


def swing(attainments: list[float]) -> float | None:
    """The median absolute change in attainment from one month to the next."""
    if len(attainments) < 3:
        return None
    steps = [abs(b - a) for a, b in itertools.pairwise(attainments)]
    return median(steps)


def alternation_p(values: list[float], rounds: int = 2000) -> float | None:
    """Permutation test: how often does a random order of the same months swing as much
    from month to month (mean absolute change) as the real order? Small = big and small
    months alternate more regularly than chance. Seeded: the same months, the same p.

    The orders tried depend only on how many months there are (`_orders`, drawn once per
    length), so the test of each rep is one array operation over them."""
    if len(values) < 4:
        return None
    import numpy as np

    xs = np.asarray(values, dtype=float)
    observed = float(np.abs(np.diff(xs)).mean())
    tried = np.abs(np.diff(xs[_orders(len(values), rounds)], axis=1)).mean(axis=1)
    hits = int((tried >= observed - 1e-12).sum())
    return (hits + 1) / (rounds + 1)


@functools.cache
def _orders(n: int, rounds: int) -> Any:
    """The `rounds` orders of `n` months the permutation test tries: the positions a list
    of n takes after each of `rounds` successive shuffles seeded by n (as shuffling the
    values themselves would give)."""
    import numpy as np

    rng = random.Random(n)
    positions = list(range(n))
    out = np.empty((rounds, n), dtype=np.intp)
    for k in range(rounds):
        rng.shuffle(positions)
        out[k] = positions
    out.setflags(write=False)
    return out
