"""Who a rep is compared with, and the benchmark those peers set.

Peers are the rep's teammates who were ramped (hired more than six months before the
window) and employed for the whole window, the rep left out. A team with fewer than
three such peers borrows every ramped rep of the organisation instead, and says so.

The benchmark outcome is the peers' median bookings a month (or their 75th percentile
for `top-quartile`). Its drivers are the pooled figures of the benchmark group (all
peers for the median, the peers at or above the 75th percentile for top-quartile):
win rate = their won ÷ decided deals, deal size = their bookings ÷ won deals — ratios of
sums — and the deals decided a month the benchmark outcome needs at that win rate and
deal size, so that decided × win rate × deal size is the benchmark exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from salespulse.errors import UserError
from salespulse.insights.core.evidence import Rep
from salespulse.insights.core.funnel import Figures, pooled
from salespulse.insights.core.windows import Window
from salespulse.model.wording import plural
from salespulse.stats import median, quantile

BENCHMARKS = ("median", "top-quartile")
MIN_PEERS = 3


@dataclass(frozen=True)
class Benchmark:
    """What a rep is compared with: the outcome (bookings a month) and its drivers."""

    kind: str
    label: str  # "the Atlas team median (6 ramped teammates)"
    short: str  # "the team median"
    peers: tuple[str, ...]
    group: tuple[str, ...]  # the peers whose pooled figures set the drivers
    outcome: float
    decided_per_month: float | None
    win_rate: float | None
    deal_size: float | None
    activities_per_month: float | None
    pooled: Figures


def check_kind(kind: str) -> str:
    if kind not in BENCHMARKS:
        raise UserError(f"There is no benchmark {kind!r}.", fix="Use median or top-quartile.")
    return kind


class Measured(Protocol):
    """Figures over a window: a rep's funnel (`Figures`) or sales lines (`SalesFigures`)."""

    @property
    def months(self) -> float: ...


def peers_of(
    rep: Rep, roster: Sequence[Rep], figures: Mapping[str, Measured], window: Window
) -> tuple[list[Rep], str]:
    """The rep's peers and how to describe them."""

    def eligible(r: Rep) -> bool:
        f = figures.get(r.rep)
        return (
            r.rep != rep.rep
            and f is not None
            and r.ramped_by(window.start)
            and abs(f.months - window.months) < 1e-9
        )

    team = [r for r in roster if rep.team and r.team == rep.team and eligible(r)]
    if len(team) >= MIN_PEERS:
        return team, f"the {rep.team} team"
    everyone = [r for r in roster if eligible(r)]
    if everyone:
        why = (
            f" ({rep.team} has {len(team)} ramped teammate{'s' * (len(team) != 1)})"
            if rep.team
            else ""
        )
        return everyone, "all ramped reps" + why
    others = [r for r in roster if r.rep != rep.rep and r.rep in figures]
    return others, "all other reps"


def benchmark_group(
    peers: Sequence[Rep], who: str, rates: dict[str, float], kind: str
) -> tuple[float, list[Rep], str, str]:
    """What `kind` makes of the peers' `rates` (rep -> a month's outcome): the benchmark
    outcome, the reps it pools, its label and its short name — the median of all the
    peers, or the top quartile (the peers at or above the 75th percentile)."""
    values = [rates[p.rep] for p in peers]
    if kind == "median":
        outcome = median(values)
        group = list(peers)
        label = f"{who} median ({len(peers)} rep{'s' * (len(peers) != 1)})"
        short = "the team median" if who.startswith("the ") else "the median rep"
    else:
        outcome = quantile(values, 0.75)
        assert outcome is not None
        group = [p for p in peers if rates[p.rep] >= outcome - 1e-9] or list(peers)
        label = f"{who} top quartile ({len(group)} of {plural(len(peers), 'rep')})"
        short = "the top quartile"
    assert outcome is not None
    return outcome, group, label, short


def benchmark_for(
    rep: Rep, roster: Sequence[Rep], figures: dict[str, Figures], window: Window, kind: str
) -> Benchmark | None:
    """The benchmark for `rep`, or None when there is no one to compare with."""
    peers, who = peers_of(rep, roster, figures, window)
    if not peers:
        return None
    rates = {p.rep: figures[p.rep].bookings_per_month for p in peers}
    outcome, group, label, short = benchmark_group(peers, who, rates, kind)
    pool = pooled([figures[p.rep] for p in group])
    win_rate = pool.won / pool.decided if pool.decided else None
    size = pool.bookings / pool.won if pool.won else None
    decided = outcome / (win_rate * size) if win_rate and size else None
    acts = [figures[p.rep].activities_per_month for p in group]
    activities = (
        median([a for a in acts if a is not None]) if all(a is not None for a in acts) else None
    )
    return Benchmark(
        kind=kind,
        label=label,
        short=short,
        peers=tuple(p.rep for p in peers),
        group=tuple(p.rep for p in group),
        outcome=outcome,
        decided_per_month=decided,
        win_rate=win_rate,
        deal_size=size,
        activities_per_month=activities,
        pooled=pool,
    )
