"""The benchmark for a sales-lines diagnosis, and the log split of a gap into factors.

Peers are chosen as for the deals diagnosis (`benchmark.peers_of`). The benchmark
outcome is the peers' median revenue a month (their 75th percentile for
`top-quartile`). Its factors are the pooled figures of the benchmark group — orders per
customer = their orders ÷ their customers, lines per order = lines ÷ orders, line value =
revenue ÷ lines (ratios of sums) — and the customers a month the benchmark outcome needs
at those, so that the factors multiply to the benchmark outcome exactly.

`log_split`: when outcome = Π factors for the rep and for the benchmark,
log(rep ÷ benchmark) = Σ log(factor_rep ÷ factor_benchmark); each factor's share is its
term over the whole, so the shares add up to 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from salespulse.insights.core.benchmark import benchmark_group, peers_of
from salespulse.insights.core.evidence import Rep
from salespulse.insights.core.sales_figures import SalesFigures, pooled_sales
from salespulse.insights.core.windows import Window


@dataclass(frozen=True)
class SalesBenchmark:
    """What a rep's sales lines are compared with: revenue a month and its factors."""

    kind: str
    label: str
    short: str
    peers: tuple[str, ...]
    group: tuple[str, ...]
    outcome: float  # revenue a month
    customers_per_month: float | None
    orders_per_month: float | None
    orders_per_customer: float | None
    lines_per_order: float | None
    line_value: float | None
    pooled: SalesFigures


def sales_benchmark_for(
    rep: Rep,
    roster: Sequence[Rep],
    figures: dict[str, SalesFigures],
    window: Window,
    kind: str,
) -> SalesBenchmark | None:
    """The benchmark for `rep`, or None when there is no one to compare with."""
    peers, who = peers_of(rep, roster, figures, window)
    if not peers:
        return None
    rates = {p.rep: figures[p.rep].revenue_per_month for p in peers}
    outcome, group, label, short = benchmark_group(peers, who, rates, kind)
    pool = pooled_sales([figures[p.rep] for p in group])
    opc, lpo, value = pool.orders_per_customer, pool.lines_per_order, pool.line_value
    orders = outcome / (lpo * value) if lpo and value else None
    customers = orders / opc if orders is not None and opc else None
    return SalesBenchmark(
        kind=kind,
        label=label,
        short=short,
        peers=tuple(p.rep for p in peers),
        group=tuple(p.rep for p in group),
        outcome=outcome,
        customers_per_month=customers,
        orders_per_month=orders,
        orders_per_customer=opc,
        lines_per_order=lpo,
        line_value=value,
        pooled=pool,
    )


def log_split(
    rep: Sequence[float], benchmark: Sequence[float]
) -> tuple[float, list[float], list[float]] | None:
    """The log gap Σ log(rep_i ÷ benchmark_i), each factor's term, and each term's share
    of the gap (None when a factor is not positive, or the gap is zero)."""
    if any(v <= 0 for v in (*rep, *benchmark)) or len(rep) != len(benchmark):
        return None
    terms = [math.log(r / b) for r, b in zip(rep, benchmark, strict=True)]
    gap = sum(terms)
    if gap == 0:
        return None
    return gap, terms, [t / gap for t in terms]
