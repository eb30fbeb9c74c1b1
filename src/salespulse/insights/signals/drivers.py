"""The drivers of a gap, each measured for the rep and the benchmark and tested against
noise.

Funnel drivers multiply to the outcome — bookings a month = deals decided a month × win
rate × deal size — so with logarithms their effects add up to the whole gap:
log(rep ÷ benchmark) = Σ log(driver_rep ÷ driver_benchmark). A driver's share is its
effect divided by the gap's, so the three shares add to 1. Activity sits upstream of
the pipeline: its share is the part of the gap that the difference in activity alone
would explain (a part of the pipeline's). Cycle and speed to lead are time drivers,
reported beside without a share.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from salespulse.insights.core import noise, phrases
from salespulse.insights.core.benchmark import Benchmark
from salespulse.insights.core.funnel import Figures
from salespulse.stats import median

#: Below this size of log gap (about 5%) the outcome is "in line" and shares are not given.
MIN_GAP = 0.05
LABELS = {
    "pipeline": "pipeline",
    "win_rate": "win rate",
    "deal_size": "deal size",
    "activity": "activity",
    "cycle": "sales cycle",
    "speed_to_lead": "speed to lead",
    # sales lines (signals.sales_drivers)
    "customers": "customers",
    "orders_per_customer": "orders per customer",
    "orders_per_month": "orders",
    "lines_per_order": "lines per order",
    "line_value": "average line value",
    "mix": "product mix",
}
#: A lead work rate this far below the benchmark (and significant) is worth a mention.
LEAD_WORK_GAP = 0.05
#: Drivers where a lower value is better.
LOWER_IS_BETTER = ("cycle", "speed_to_lead")


@dataclass(frozen=True)
class Driver:
    driver: str
    rep_value: float | None
    benchmark_value: float | None
    unit: str
    role: str  # funnel, upstream, part (of another driver) or time
    significant: bool
    test: str
    share: float | None = None
    effect: float | None = None  # log(rep ÷ benchmark), funnel and upstream drivers
    more_data: str | None = None
    detail: str = ""
    part_of: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: False when the rep's sample is too small for any verdict ("not enough data").
    enough_data: bool = True
    #: Set when the tested measure is not rep_value itself (speed to lead is tested on
    #: the share answered within an hour): whether the rep does better on that measure.
    tested_better: bool | None = None

    @property
    def label(self) -> str:
        return LABELS[self.driver]

    @property
    def ratio(self) -> float | None:
        if self.rep_value is None or not self.benchmark_value:
            return None
        return self.rep_value / self.benchmark_value

    @property
    def better(self) -> bool | None:
        """True when the rep does better than the benchmark on this driver (on the tested
        measure when it differs from the value shown)."""
        if self.tested_better is not None:
            return self.tested_better
        r = self.ratio
        if r is None:
            return None
        return r < 1 if self.driver in LOWER_IS_BETTER else r > 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "driver": self.driver,
            "label": self.label,
            "rep_value": self.rep_value,
            "benchmark_value": self.benchmark_value,
            "unit": self.unit,
            "share": self.share,
            "significant": self.significant,
            "better": self.better,
            "role": self.role,
            "part_of": self.part_of,
            "effect": self.effect,
            "test": self.test,
            "more_data": self.more_data,
            "detail": self.detail,
            "enough_data": self.enough_data,
            **({"extra": self.extra} if self.extra else {}),
        }


def log_ratio(rep: float | None, bench: float | None) -> float | None:
    if rep is None or bench is None or rep <= 0 or bench <= 0:
        return None
    return math.log(rep / bench)


def share_of(effect: float | None, gap: float | None) -> float | None:
    if effect is None or gap is None or not math.isfinite(gap) or abs(gap) < MIN_GAP:
        return None
    return effect / gap


def funnel(f: Figures, b: Benchmark, gap: float | None, currency: str) -> list[Driver]:
    """pipeline, win_rate and deal_size for one rep against the benchmark."""
    out = []
    dec_b = b.decided_per_month
    expected = dec_b * f.months if dec_b is not None else 0.0
    v = noise.poisson_count(f.decided, expected, f.months, "months of data at this pace")
    e = log_ratio(f.decided_per_month, dec_b)
    out.append(
        Driver(
            "pipeline",
            f.decided_per_month,
            dec_b,
            "deals decided a month",
            "funnel",
            v.significant,
            v.test,
            share_of(e, gap),
            e,
            v.more_text,
            f"{phrases.number(f.decided_per_month)} deals decided a month against "
            f"{phrases.number(dec_b)}",
            extra={"decided": f.decided, "months": round(f.months, 2)},
            enough_data=v.enough,
        )
    )
    v = noise.proportion(f.won, f.decided, b.win_rate, "decided deals")
    e = log_ratio(f.win_rate, b.win_rate)
    out.append(
        Driver(
            "win_rate",
            f.win_rate,
            b.win_rate,
            "share of decided deals won",
            "funnel",
            v.significant,
            v.test,
            share_of(e, gap),
            e,
            v.more_text,
            f"wins {phrases.pct(f.win_rate)} of decided deals ({f.won} of {f.decided}) against "
            f"{phrases.pct(b.win_rate)}",
            extra={"won": f.won, "decided": f.decided},
            enough_data=v.enough,
        )
    )
    size = f.bookings / f.won if f.won else None
    v = noise.log_means(f.amounts, b.pooled.amounts, "won deals")
    e = log_ratio(size, b.deal_size)
    out.append(
        Driver(
            "deal_size",
            size,
            b.deal_size,
            "bookings per won deal",
            "funnel",
            v.significant,
            v.test,
            share_of(e, gap),
            e,
            v.more_text,
            f"average deal {phrases.money(size, currency)} against "
            f"{phrases.money(b.deal_size, currency)}",
            extra={"won": f.won},
            enough_data=v.enough,
        )
    )
    return out


def activity(f: Figures, before: Figures | None, b: Benchmark, gap: float | None) -> Driver | None:
    """Activities a month against the benchmark, with the change on the rep's previous
    window and the lead work rate."""
    rate, bench = f.activities_per_month, b.activities_per_month
    if rate is None or f.activities is None:
        return None
    v = noise.poisson_count(
        f.activities, (bench or 0.0) * f.months, f.months, "months of data at this pace"
    )
    e = log_ratio(rate, bench)
    extra: dict[str, Any] = {"activities": f.activities}
    detail = f"{phrases.number(rate, 0)} activities a month against {phrases.number(bench, 0)}"
    if before is not None and before.activities is not None and before.months > 0:
        prev = before.activities / before.months
        ch = noise.rate_change(f.activities, f.months, before.activities, before.months)
        extra["previous_per_month"] = prev
        extra["change"] = rate / prev - 1 if prev else None
        extra["change_significant"] = ch.significant
        extra["change_test"] = ch.test
    if f.leads:
        pool = b.pooled
        bench_rate = (
            pool.leads_worked / pool.leads if pool.leads and pool.leads_worked is not None else None
        )
        w = noise.proportion(f.leads_worked or 0, f.leads, bench_rate, "leads")
        extra["lead_work_rate"] = f.lead_work_rate
        extra["benchmark_lead_work_rate"] = bench_rate
        extra["lead_work_rate_significant"] = w.significant
        extra["lead_work_rate_test"] = w.test
        if (
            w.significant
            and f.lead_work_rate is not None
            and bench_rate is not None
            and bench_rate - f.lead_work_rate >= LEAD_WORK_GAP
        ):
            detail += (
                f"; works {phrases.pct(f.lead_work_rate)} of new leads against "
                f"{phrases.pct(bench_rate)}"
            )
    return Driver(
        "activity",
        rate,
        bench,
        "activities a month",
        "upstream",
        v.significant,
        v.test,
        share_of(e, gap),
        e,
        v.more_text,
        detail,
        part_of="pipeline",
        extra=extra,
    )


def cycle(f: Figures, b: Benchmark) -> Driver | None:
    if not f.cycles and not b.pooled.cycles:
        return None
    v = noise.shifted(f.cycles, b.pooled.cycles, "won deals")
    rep, bench = median(f.cycles), median(b.pooled.cycles)
    return Driver(
        "cycle",
        rep,
        bench,
        "median days to win",
        "time",
        v.significant,
        v.test,
        more_data=v.more_text,
        detail=f"median cycle {phrases.number(rep, 0)} days against {phrases.number(bench, 0)}",
        extra={"won": len(f.cycles)},
        enough_data=v.enough,
    )


def speed(f: Figures, b: Benchmark, bench_median: float | None) -> Driver | None:
    """Median minutes to the first touch on inbound leads; tested on the share answered
    within an hour (never-touched leads count as not answered)."""
    if not f.inbound:
        return None
    pool = b.pooled
    bench_share = (
        pool.answered_60 / pool.inbound if pool.inbound and pool.answered_60 is not None else None
    )
    v = noise.proportion(f.answered_60 or 0, f.inbound, bench_share, "inbound leads")
    return Driver(
        "speed_to_lead",
        f.speed_median,
        bench_median,
        "median minutes to first touch",
        "time",
        v.significant,
        v.test + " (answered within an hour)",
        more_data=v.more_text,
        detail=f"median first response {phrases.minutes(f.speed_median)} against "
        f"{phrases.minutes(bench_median)}; {phrases.pct(f.answered_60_share)} answered within "
        f"an hour against {phrases.pct(bench_share)}",
        extra={
            "inbound_leads": f.inbound,
            "within_60_min": f.answered_60_share,
            "benchmark_within_60_min": bench_share,
            "within_5_min": (f.answered_5 or 0) / f.inbound,
        },
        enough_data=v.enough,
        tested_better=(
            None
            if bench_share is None or f.answered_60_share is None
            else f.answered_60_share > bench_share
        ),
    )


def order(drivers: list[Driver]) -> list[Driver]:
    """Largest share of the gap first; drivers without a share after (funnel first, the
    largest difference from the benchmark first)."""
    roles = {"funnel": 0, "upstream": 1, "part": 1, "time": 2}
    return sorted(
        drivers,
        key=lambda d: (d.share is None, -abs(d.share or 0.0), roles[d.role], -abs(d.effect or 0)),
    )
