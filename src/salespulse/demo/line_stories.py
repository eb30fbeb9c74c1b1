"""The stories planted in the sales lines themselves (docs/demo-data.md):

- **mix_shift** — one rep per block sells the same number of units in the last three complete
  months as in the three before, but cheaper products: lines of hers in those months (and
  in the partial as_of month) trade down to the cheaper product of `TRADE_DOWN`, same
  quantity, same discount, until her revenue is `TRADE_DOWN_TO` of what it was;
- **real_drop** — Seats: in `DROP_MONTHS` (and the partial as_of month) most seat lines are
  sold as other products instead (sensor nodes, now and then a connector), same units and,
  on average, the same money, so the reps' revenue stays as planned;
- **noise_month** — Services: in `NOISE_MONTH` enough of its lines likewise to bring it
  `NOISE_DEPTH` robust SDs below its trailing median: a bad month, inside its own spread
  (Services is a lumpy line: few, large lines).

Lines are priced (product, quantity, discount) before this runs and only their product (and,
for the mix rep, quantity) changes; the deal amounts are summed from the lines afterwards.
The stories draw from their own random stream, so the rest of the demo is the same draw for
draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from salespulse.demo.catalogue import (
    CATEGORY_OF,
    LIST_PRICES,
    category_index,
    product_index,
)
from salespulse.demo.stories import (
    DROP_LINE,
    DROP_MONTHS,
    MIX_BASE_MONTHS,
    MIX_MONTHS,
    NOISE_LINE,
    NOISE_MONTH,
    POSITIONS,
)
from salespulse.demo.timeline import Arr, Timeline

#: The mix rep's cheaper choice for each product (a product missing here is kept).
TRADE_DOWN = {
    "Pulse Platform licence": "Analytics add-on",
    "Onboarding package": "Analytics add-on",
    "Analytics add-on": "Sensor Hub",
    "Premium support": "Sensor Hub",
    "Training day": "Sensor Hub",
    "Sensor Hub": "Sensor Node",
    "Integration connector": "User seat",
    "User seat": "Sensor Node",
    "Sensor Node": "Mounting kit",
    "Mounting kit": "Battery pack",
}
#: Her revenue in each mix month, as a share of her monthly mean in the base months.
TRADE_DOWN_TO = 0.7
#: Share of the DROP_LINE lines sold as other products in the drop months; how deep the
#: NOISE_LINE's month goes: its trailing 12-month median less this many robust SDs
#: (1.4826 × the median absolute deviation).
DROP_SHARE = 0.85
NOISE_DEPTH = 1.0

_DOWN = np.arange(LIST_PRICES.size)
for _from, _to in TRADE_DOWN.items():
    _DOWN[product_index(_from)] = product_index(_to)


@dataclass
class Lines:
    """Priced order lines of a block (changed in place): product index, whole quantity,
    discount rate, calendar month index (`Timeline` months) and rep index."""

    product: Arr
    quantity: Arr
    discount: Arr
    month: Arr
    rep: Arr

    def value(self, rows: Arr) -> Arr:
        """Money of the lines `rows`, in cents."""
        unit = LIST_PRICES[self.product[rows]] * 100 * (1 - self.discount[rows])
        return np.asarray(self.quantity[rows] * unit)


def plant(lines: Lines, tl: Timeline, rng: np.random.Generator) -> None:
    """Plant the three stories. The mix rep's lines are left out of the product-line
    stories, so that her revenue bridge shows her own mix alone."""
    now = tl.as_of_month
    others = lines.rep != POSITIONS["mix_shift"]
    drop = np.flatnonzero(
        others
        & np.isin(lines.month, [now - k for k in (*DROP_MONTHS, 0)])
        & (CATEGORY_OF[lines.product] == category_index(DROP_LINE))
    )
    _move_spend(lines, drop[rng.random(drop.size) < DROP_SHARE], rng)
    _trade_down(lines, now, rng)
    _noise_month(lines, others, now - NOISE_MONTH, rng)


def _noise_month(lines: Lines, others: Arr, month: int, rng: np.random.Generator) -> None:
    """Move NOISE_LINE lines of `month` (in random order) until its revenue is down to the
    trailing median less NOISE_DEPTH robust SDs of the 12 months before it."""
    in_line = CATEGORY_OF[lines.product] == category_index(NOISE_LINE)
    rows = np.flatnonzero(in_line & (lines.month >= month - 12) & (lines.month <= month))
    series = np.bincount(lines.month[rows] - (month - 12), lines.value(rows), minlength=13)
    trailing = series[:12]
    median = float(np.median(trailing))
    robust_sd = 1.4826 * float(np.median(np.abs(trailing - median)))
    need = series[12] - (median - NOISE_DEPTH * robust_sd)
    rows = rng.permutation(np.flatnonzero(in_line & others & (lines.month == month)))
    value = lines.value(rows)
    _move_spend(lines, rows[np.cumsum(value) - value / 2 < need], rng)


def _move_spend(lines: Lines, rows: Arr, rng: np.random.Generator) -> None:
    """Sell the lines `rows` as products of neither story line, at the same quantity and
    discount: the next cheaper or the next dearer of those products, drawn so that the
    money is kept on average (and the units exactly)."""
    others = np.flatnonzero(
        ~np.isin(CATEGORY_OF, [category_index(DROP_LINE), category_index(NOISE_LINE)])
    )
    others = others[np.argsort(LIST_PRICES[others])]
    price = LIST_PRICES[others]
    own = LIST_PRICES[lines.product[rows]]
    hi = np.clip(np.searchsorted(price, own), 1, price.size - 1)
    lo = hi - 1
    p_hi = np.clip((own - price[lo]) / (price[hi] - price[lo]), 0.0, 1.0)
    lines.product[rows] = others[np.where(rng.random(rows.size) < p_hi, hi, lo)]


def _trade_down(lines: Lines, now: int, rng: np.random.Generator) -> None:
    """The mix rep: in each complete mix month her units are brought to the monthly mean of
    the base months (multi-unit lines re-sized), then lines of hers, in random order, trade
    down at the same quantity until the month's revenue is TRADE_DOWN_TO of the base
    months' mean (in the partial as_of month: TRADE_DOWN_TO of its own). One line of each
    product she sold is kept, so no product drops out of her mix."""
    mine = lines.rep == POSITIONS["mix_shift"]
    base = np.flatnonzero(mine & np.isin(lines.month, [now - k for k in MIX_BASE_MONTHS]))
    units = lines.quantity[base].sum() / len(MIX_BASE_MONTHS)
    revenue = lines.value(base).sum() / len(MIX_BASE_MONTHS)
    for k in MIX_MONTHS:
        month = np.flatnonzero(mine & (lines.month == now - k))
        qty = lines.quantity[month]
        single = qty <= 1
        fixed, scalable = qty[single].sum(), qty[~single].sum()
        factor = np.clip((units - fixed) / max(scalable, 1), 0.1, 10.0)
        rows = month[~single]
        lines.quantity[rows] = np.maximum(
            1, np.floor(lines.quantity[rows] * factor + rng.random(rows.size))
        )
    period = rng.permutation(
        np.flatnonzero(mine & np.isin(lines.month, now - np.array(MIX_MONTHS)))
    )
    _, first = np.unique(lines.product[period], return_index=True)
    keep = np.zeros(lines.product.size, dtype=bool)
    keep[period[first]] = True
    for k in (*MIX_MONTHS, 0):
        rows = np.flatnonzero(mine & (lines.month == now - k))
        target = TRADE_DOWN_TO * (revenue if k else lines.value(rows).sum())
        excess = lines.value(rows).sum() - target
        rows = rng.permutation(
            rows[~keep[rows] & (_DOWN[lines.product[rows]] != lines.product[rows])]
        )
        loss = lines.value(rows) * (
            1 - LIST_PRICES[_DOWN[lines.product[rows]]] / LIST_PRICES[lines.product[rows]]
        )
        swap = rows[np.cumsum(loss) <= excess]
        lines.product[swap] = _DOWN[lines.product[swap]]
