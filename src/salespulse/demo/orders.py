"""Sales lines: every won deal becomes one to four orders of lines.

A won deal's lines are priced first and the deal's amount is their sum, so the lines that
carry a deal's id add up to its amount exactly (in cents). Each line has the product's list
price, the discount given (a rate, none where the line is at list price), its amount
(quantity × list price × (1 − discount), to the cent), its cost (quantity × unit cost) and
the product's line (category and subcategory). The first order is dated on the close date
and holds the main product; follow-up orders ship over the next weeks (never after as_of).
A handful of returns are separate lines with a negative quantity, the original order id +
"-R" and no deal id. The stories of `line_stories` are planted in the priced lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from salespulse.demo import line_stories, tables
from salespulse.demo.catalogue import (
    CATEGORIES,
    CATEGORY_OF,
    CHEAP_PRODUCTS,
    LINE_WEIGHTS,
    LIST_PRICES,
    PRODUCT_NAMES,
    SUBCATEGORIES,
    SUBCATEGORY_OF,
    UNIT_COSTS,
)
from salespulse.demo.pipeline import Deals
from salespulse.demo.plan import Plan
from salespulse.demo.timeline import SPD, Arr

CHANNELS = ("direct", "partner", "online")
CHANNEL_P = np.array([0.72, 0.22, 0.06])
#: Average value of an extra line (sets how many lines a deal has).
LINE_VALUE = 160.0
#: Chance that a won deal has a line returned later.
RETURN_RATE = 0.01
MAX_FOLLOW_UP_BDAYS = 15


#: Optional sales columns the demo leaves empty (the product key is its name; profit and
#: margin follow from amount and cost).
_NOT_MODELLED = (
    "discount_amount", "tax", "shipping", "profit", "margin", "product_name",
    "customer_name", "country",
)  # fmt: skip


def _groups(counts: Arr) -> tuple[Arr, Arr]:
    """For groups of `counts` rows: each row's group and its position in the group."""
    group = np.repeat(np.arange(counts.size), counts)
    starts = np.cumsum(counts) - counts
    return group, np.arange(group.size) - starts[group]


def _pick(rng: np.random.Generator, weights: Arr, n: int) -> Arr:
    cum = np.cumsum(weights) / weights.sum()
    return np.minimum(np.searchsorted(cum, rng.random(n)), weights.size - 1)


def order_lines(
    plan: Plan,
    deals: Deals,
    rng: np.random.Generator,
    story_rng: np.random.Generator,
    rep_labels: Sequence[str],
) -> tuple[Any, Arr, Arr]:
    """The sales chunk of a block (reps named by `rep_labels`), each deal's booked amount
    in cents (0 unless won) and each deal's main product (as sold)."""
    tl, org = plan.tl, plan.org
    sel = np.flatnonzero(deals.closed & deals.won)
    n = sel.size
    target = deals.target[sel] * 100  # cents
    discount = np.round(rng.uniform(0.0, 0.2, n) * 200) / 200

    # The main line carries 30-50% of the deal; the rest is spread over extra lines.
    main = deals.product[sel]
    main_unit = np.round(LIST_PRICES[main] * 100 * (1 - discount)).astype(np.int64)
    main_qty = np.maximum(
        1, np.floor(target * rng.uniform(0.3, 0.5, n) / main_unit + rng.random(n))
    )
    main_qty = main_qty.astype(np.int64)
    rest = np.maximum(target - main_qty * main_unit, 0.0)
    extra = rng.poisson(rest / 100 / LINE_VALUE)
    deal, _ = _groups(extra)
    m = deal.size
    w = rng.gamma(2.0, 1.0, m)
    budget = rest[deal] * w / np.bincount(deal, weights=w, minlength=n)[deal]
    product = _pick(rng, LINE_WEIGHTS, m)
    # A line's product must fit its budget: else one of the cheap ones that does.
    for _ in range(4):
        too_dear = np.flatnonzero(LIST_PRICES[product] * 100 * 0.8 > budget)
        product[too_dear] = CHEAP_PRODUCTS[rng.integers(0, CHEAP_PRODUCTS.size, too_dear.size)]
    product[LIST_PRICES[product] * 100 * 0.8 > budget] = CHEAP_PRODUCTS[-1]
    line_discount = np.clip(discount[deal] + rng.normal(0, 0.03, m), 0.0, 0.35)
    line_discount = np.round(line_discount * 200) / 200  # in steps of half a percent
    unit = np.round(LIST_PRICES[product] * 100 * (1 - line_discount)).astype(np.int64)
    qty = np.maximum(1, np.floor(budget / unit + rng.random(m))).astype(np.int64)

    # Lines of all deals: the main line first, then the extra lines.
    line_deal = np.concatenate([np.arange(n), deal])
    line_product = np.concatenate([main, product])
    line_qty = np.concatenate([main_qty, qty])
    line_rate = np.concatenate([discount, line_discount])

    # Orders: the first on the close date, follow-ups within ~5 weeks and by as_of.
    n_orders = 1 + rng.binomial(3, 0.3, n)
    k = np.where(
        rng.random(m) < 0.75, 0, 1 + (rng.random(m) * (n_orders[deal] - 1)).astype(np.int64)
    )
    k = np.where(n_orders[deal] > 1, k, 0)
    line_k = np.concatenate([np.zeros(n, dtype=np.int64), k])
    close_idx = deals.close_b[sel] // SPD
    room = np.minimum(MAX_FOLLOW_UP_BDAYS, tl.limit_b // SPD - close_idx)
    offsets = np.sort(np.ceil(rng.random((n, 4)) * room[:, None]), axis=1).astype(np.int64)
    offsets[:, 0] = 0
    line_day = tl.bday[close_idx[line_deal] + offsets[line_deal, line_k]]

    # The stories of the sales lines, then the money: list price less the discount.
    month = tl.month_of_b(tl.day_to_b(line_day))
    lines = line_stories.Lines(line_product, line_qty, line_rate, month, deals.rep[sel][line_deal])
    line_stories.plant(lines, tl, story_rng)
    list_cents = LIST_PRICES[line_product] * 100
    cents = np.round(line_qty * list_cents * (1 - line_rate)).astype(np.int64)
    won_cents = np.zeros(deals.n, dtype=np.int64)
    won_cents[sel] = np.bincount(line_deal, weights=cents, minlength=n).astype(np.int64)
    main_product = deals.product.copy()
    main_product[sel] = line_product[:n]

    key = line_deal * 4 + line_k
    orders, line_order = np.unique(key, return_inverse=True)
    order_day = np.zeros(orders.size, dtype=np.int64)
    order_day[line_order] = line_day
    rank = np.empty(orders.size, dtype=np.int64)
    rank[np.lexsort((orders, order_day))] = np.arange(orders.size)
    line_number = rank[line_order]
    position = np.arange(line_deal.size)
    ordering = np.lexsort((position, line_number))

    # Returns: a few lines come back weeks later.
    returned = np.flatnonzero(rng.random(m) < RETURN_RATE / np.maximum(extra[deal], 1)) + n
    ret_day_idx = np.searchsorted(tl.bday, line_day[returned]) + rng.integers(5, 40, returned.size)
    ok = ret_day_idx <= tl.limit_b // SPD
    returned, ret_day_idx = returned[ok], ret_day_idx[ok]
    ret_qty = -np.minimum(line_qty[returned], 1 + rng.poisson(0.5, returned.size))

    rows = np.concatenate([ordering, returned])
    is_return = np.arange(rows.size) >= ordering.size
    qty_all = np.concatenate([line_qty[ordering], ret_qty])
    day_all = np.concatenate([line_day[ordering], tl.bday[ret_day_idx]])
    product_all = line_product[rows]
    rate_all = line_rate[rows]
    ret_cents = np.round(ret_qty * list_cents[returned] * (1 - line_rate[returned]))
    cents_all = np.concatenate([cents[ordering], ret_cents])
    deal_all = sel[line_deal[rows]]
    rep = deals.rep[deal_all]
    channel = _pick(rng, CHANNEL_P, n)[line_deal[rows]]
    order_id = tables.ids(f"SO{org.block + 1:03d}-", line_number[rows] + 1, 6)
    if returned.size:
        suffix = pa.array(np.where(is_return, "-R", ""))
        order_id = pc.binary_join_element_wise(order_id, suffix, "")
    return (
        tables.build(
            "sales",
            rows.size,
            {
                "date": tables.dates(day_all),
                "product": tables.labels(PRODUCT_NAMES, product_all),
                "quantity": tables.numbers(qty_all),
                "unit_price": tables.numbers(LIST_PRICES[product_all]),
                "discount": tables.numbers(rate_all, mask=rate_all == 0),
                "amount": tables.numbers(cents_all / 100),
                "cost": tables.numbers(qty_all * UNIT_COSTS[product_all]),
                "category": tables.labels(CATEGORIES, CATEGORY_OF[product_all]),
                "subcategory": tables.labels(SUBCATEGORIES, SUBCATEGORY_OF[product_all]),
                "rep": tables.labels(rep_labels, rep),
                "customer": tables.labels(org.customers, deals.customer[deal_all]),
                "region": tables.labels(org.regions, org.team[rep]),
                "channel": tables.labels(CHANNELS, channel),
                "order_id": order_id,
                "deal_id": tables.ids(f"D{org.block + 1:03d}-", deal_all + 1, 5, mask=is_return),
                **dict.fromkeys(_NOT_MODELLED),
            },
        ),
        won_cents,
        main_product,
    )
