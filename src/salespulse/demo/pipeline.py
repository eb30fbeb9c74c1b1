"""Deals and their stage history.

Deals are planned backwards from their close: for every rep and month the plan says how
many deals close and how many of them are won; each gets a close moment (month and quarter
ends weigh more), a target amount, a main product and a cycle length, and was opened that
long before. Deals planned to close after as_of are open at as_of (in the stage they have
reached); deals that would open after as_of do not exist yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from salespulse.demo import tables
from salespulse.demo.catalogue import PRODUCT_NAMES
from salespulse.demo.org import CUSTOMERS_PER_TEAM
from salespulse.demo.plan import LINE_OVERSHOOT, SIZE_SIGMA, Plan
from salespulse.demo.timeline import SPD, Arr

STAGES = ("Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost")
#: Default probability of an open deal by stage (scaled by the rep's optimism).
STAGE_PROBABILITY = np.array([0.1, 0.25, 0.5, 0.75])
FORECAST = ("pipeline", "pipeline", "best_case", "commit")
INBOUND_SOURCES = ("web", "referral", "event", "webinar", "chat")
OUTBOUND_SOURCES = ("cold_outreach", "list", "linkedin")
SOURCES = INBOUND_SOURCES + OUTBOUND_SOURCES
INBOUND_SOURCE_P = np.array([0.45, 0.2, 0.15, 0.1, 0.1])
OUTBOUND_SOURCE_P = np.array([0.55, 0.3, 0.15])
#: Share of deals (and of leads that become deals) that came in inbound.
INBOUND_SHARE = 0.55
LOST_REASONS = ("no_fit", "no_decision", "timing", "budget", "price", "competitor")
#: Why deals are lost, by the last stage they reached.
LOST_REASON_P = np.array(
    [
        [0.35, 0.3, 0.15, 0.15, 0.03, 0.02],
        [0.2, 0.3, 0.2, 0.15, 0.1, 0.05],
        [0.05, 0.2, 0.15, 0.15, 0.25, 0.2],
        [0.02, 0.1, 0.1, 0.1, 0.35, 0.33],
    ]
)
#: Main product by target amount: (upper bound, probabilities over products).
MAIN_PRODUCT = (
    (7_000.0, {3: 0.45, 9: 0.2, 10: 0.2, 1: 0.15}),
    (18_000.0, {0: 0.25, 1: 0.35, 3: 0.25, 8: 0.15}),
    (np.inf, {0: 0.75, 1: 0.25}),
)
#: Relative time spent in Prospecting, Qualification, Proposal, Negotiation.
STAGE_WEIGHTS = np.array([2.0, 3.0, 4.0, 3.0])


@dataclass(frozen=True)
class Deals:
    """The deals of a block, sorted by `created_b` (their id number is index + 1)."""

    rep: Arr
    created_b: Arr
    close_b: Arr
    #: Closed by as_of (else open).
    closed: Arr
    #: Planned outcome (for open deals: what will happen after as_of).
    won: Arr
    target: Arr
    product: Arr
    customer: Arr
    inbound: Arr
    source: Arr
    #: [deal, 5] stage entries: business second, stage index, whether it exists by as_of.
    stage_b: Arr
    stage: Arr
    stage_ok: Arr

    @property
    def n(self) -> int:
        return int(self.rep.size)


def _choice(rng: np.random.Generator, p: Arr) -> Arr:
    """One index per row of the probability matrix `p`."""
    cum = np.cumsum(p, axis=1)
    u = rng.random(len(p))[:, None]
    return np.asarray(np.minimum((u > cum).sum(axis=1), p.shape[1] - 1), dtype=np.int64)


def _main_product(rng: np.random.Generator, target: Arr) -> Arr:
    out = np.zeros(target.size, dtype=np.int64)
    low = 0.0
    for high, probs in MAIN_PRODUCT:
        rows = np.flatnonzero((target >= low) & (target < high))
        keys = np.array(list(probs))
        p = np.array(list(probs.values()))
        out[rows] = keys[np.searchsorted(np.cumsum(p), rng.random(rows.size) * p.sum())]
        low = high
    return out


def _counts(plan: Plan, rng: np.random.Generator) -> tuple[Arr, Arr, Arr]:
    """Per [rep, month] cell: deals won, deals lost, and the steady reps' won targets."""
    n_closed = rng.poisson(plan.closed_rate)
    won = rng.binomial(n_closed, plan.win_prob[:, None])
    lost = n_closed - won
    target = np.nan_to_num(plan.steady_target)
    steady = target > 0
    mean = plan.size_median * np.exp(SIZE_SIGMA**2 / 2) * LINE_OVERSHOOT
    planned = np.round(target / mean[:, None] + rng.normal(0, 0.4, target.shape))
    planned = np.where(steady, np.maximum(planned, 1), 0).astype(np.int64)
    odds = ((1 - plan.win_prob) / plan.win_prob)[:, None]
    won = np.where(steady, planned, won)
    lost = np.where(steady, rng.poisson(planned * odds), lost)
    return won, lost, target


def plan_deals(plan: Plan, rng: np.random.Generator) -> Deals:
    tl = plan.tl
    won_n, lost_n, steady_target = _counts(plan, rng)
    n_reps, n_months = won_n.shape
    cells = np.arange(n_reps * n_months)
    cell = np.concatenate([np.repeat(cells, won_n.ravel()), np.repeat(cells, lost_n.ravel())])
    won = np.arange(cell.size) < won_n.sum()
    rep, month = cell // n_months, cell % n_months
    n = cell.size

    target = np.exp(np.log(plan.size_median[rep]) + rng.normal(0, SIZE_SIGMA, n))
    target = np.where(won, target, target * 1.1)
    steady = won & (steady_target.ravel()[cell] > 0)
    weight = np.where(steady, rng.gamma(8.0, 1.0, n), 0.0)
    cell_weight = np.bincount(cell, weights=weight, minlength=cells.size)
    share = weight / np.where(steady, cell_weight[cell], 1.0)
    target = np.where(steady, steady_target.ravel()[cell] * share / LINE_OVERSHOOT, target)

    start_b = plan.start_b[rep]
    # Month and quarter ends pull closes (not for the planned reps: their months stay theirs).
    planned = steady_target.ravel()[cell] > 0
    close_b = np.where(
        planned, tl.sample_month(rng, month, False), tl.sample_month(rng, month, True)
    )
    close_b = np.maximum(close_b, start_b + 5 * SPD)
    median_days = np.where(won, 38.0, 30.0) * (target / 11_000.0) ** 0.3
    days = median_days * np.exp(rng.normal(0, np.where(won, 0.5, 0.65), n))
    cycle = (days * 5 / 7 * SPD).astype(np.int64) + rng.integers(0, SPD, n)
    created_b = close_b - cycle
    early = created_b < start_b
    created_b = np.where(early, start_b + (rng.random(n) * 0.6 * (close_b - start_b)), created_b)
    created_b = created_b.astype(np.int64)

    keep = created_b <= tl.limit_b
    order = np.flatnonzero(keep)[np.argsort(created_b[keep], kind="stable")]
    rep, won, target = rep[order], won[order], target[order]
    created_b, close_b = created_b[order], close_b[order]
    n = order.size

    # Stage history: won deals pass every open stage; lost deals drop out at one of them.
    s_max = np.where(won, 3, _choice(rng, plan.lost_at[rep]))
    cols = np.arange(4)[None, :]
    dur = np.where(cols <= s_max[:, None], rng.gamma(STAGE_WEIGHTS, 1.0, (n, 4)), 0.0)
    frac = np.cumsum(dur, axis=1) - dur
    frac /= dur.sum(axis=1)[:, None]
    stage_b = np.empty((n, 5), dtype=np.int64)
    stage_b[:, :4] = created_b[:, None] + (frac * (close_b - created_b)[:, None]).astype(np.int64)
    stage = np.tile(np.arange(5), (n, 1))
    rows = np.arange(n)
    stage_b[rows, s_max + 1] = close_b
    stage[rows, s_max + 1] = np.where(won, 4, 5)
    stage_ok = (np.arange(5)[None, :] <= (s_max + 1)[:, None]) & (stage_b <= tl.limit_b)

    inbound = rng.random(n) < INBOUND_SHARE
    source = np.where(
        inbound,
        np.searchsorted(np.cumsum(INBOUND_SOURCE_P), rng.random(n) * INBOUND_SOURCE_P.sum()),
        len(INBOUND_SOURCES)
        + np.searchsorted(np.cumsum(OUTBOUND_SOURCE_P), rng.random(n) * OUTBOUND_SOURCE_P.sum()),
    )
    popularity = 1.0 / (np.arange(CUSTOMERS_PER_TEAM) + 8.0)
    cum = np.cumsum(popularity) / popularity.sum()
    customer = plan.org.team[rep] * CUSTOMERS_PER_TEAM + np.minimum(
        np.searchsorted(cum, rng.random(n)), CUSTOMERS_PER_TEAM - 1
    )
    return Deals(
        rep=rep,
        created_b=created_b,
        close_b=close_b,
        closed=close_b <= tl.limit_b,
        won=won,
        target=target,
        product=_main_product(rng, target),
        customer=customer,
        inbound=inbound,
        source=source,
        stage_b=stage_b,
        stage=stage,
        stage_ok=stage_ok,
    )


def deals_table(
    plan: Plan, deals: Deals, won_cents: Arr, lead_number: Arr, rng: np.random.Generator
) -> Any:
    """The deals chunk. `won_cents` is the booked amount of each deal (its order lines, in
    cents; only read for won deals); `lead_number` the id number of each deal's lead."""
    tl, org, n = plan.tl, plan.org, deals.n
    won = deals.closed & deals.won
    lost = deals.closed & ~deals.won
    open_ = ~deals.closed
    last = deals.stage_ok.sum(axis=1) - 1
    current = deals.stage[np.arange(n), last]
    status = np.where(open_, 0, np.where(won, 1, 2))
    rounded = np.round(deals.target / 100) * 100
    amount = np.where(won, won_cents / 100, rounded)
    no_amount = (open_ & (rng.random(n) < np.where(current == 0, 0.15, 0.03))) | (
        lost & (rng.random(n) < 0.03)
    )
    open_stage = np.minimum(current, 3)
    probability = np.clip(
        np.round(STAGE_PROBABILITY[open_stage] * plan.probability_bias[deals.rep] * 20) / 20,
        0.05,
        0.95,
    )
    close_day = tl.b_to_day(deals.close_b)
    expected = close_day + np.round(rng.normal(0, 6, n)).astype(np.int64)
    last_open = np.where(deals.won, 3, np.minimum(last, 3))
    reason = _choice(rng, LOST_REASON_P[last_open])
    prefix = f"D{org.block + 1:03d}-"
    return tables.build(
        "deals",
        n,
        {
            "deal_id": tables.ids(prefix, np.arange(1, n + 1), 5),
            "rep": tables.labels(org.rep_ids, deals.rep),
            "created_at": tables.timestamps(tl.b_to_s(deals.created_b)),
            "status": tables.labels(("open", "won", "lost"), status),
            "closed_at": tables.timestamps(tl.b_to_s(deals.close_b), mask=open_),
            "amount": tables.numbers(amount, mask=no_amount),
            "stage": tables.labels(STAGES, current),
            "expected_close": tables.dates(expected, mask=~open_),
            "probability": tables.numbers(probability, mask=~open_),
            "forecast_category": tables.labels(FORECAST, open_stage, mask=~open_),
            "product": tables.labels(PRODUCT_NAMES, deals.product),
            "customer": tables.labels(org.customers, deals.customer),
            "source": tables.labels(SOURCES, deals.source),
            "lead_id": tables.ids(f"L{org.block + 1:03d}-", lead_number, 6),
            "lost_reason": tables.labels(LOST_REASONS, reason, mask=~lost),
            # CRM fields the demo organisation leaves empty.
            "name": None,
            "type": None,
            "pipeline": None,
        },
    )


def stages_table(plan: Plan, deals: Deals) -> Any:
    """The deal_stages chunk: one row per stage a deal entered by as_of."""
    row, col = np.nonzero(deals.stage_ok)
    return tables.build(
        "deal_stages",
        row.size,
        {
            "deal_id": tables.ids(f"D{plan.org.block + 1:03d}-", row + 1, 5),
            "stage": tables.labels(STAGES, deals.stage[row, col]),
            "entered_at": tables.timestamps(plan.tl.b_to_s(deals.stage_b[row, col])),
        },
    )
