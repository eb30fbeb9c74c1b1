"""The arithmetic of the revenue bridge: one item's units and revenue in the base and the
current period in, the change in revenue split into volume, mix, price, new and lost out.

With C the items sold (net units > 0) in both periods, Q units, R revenue and P = R ÷ Q
per item and period (0 = base, 1 = current), and A0 = R0(C) ÷ Q0(C) the base average
price of C:

    volume = (Q1(C) − Q0(C)) × A0
    mix    = Σ_C Q1·P0 − Q1(C) × A0
    price  = Σ_C Q1·(P1 − P0)
    new    = R1 − R0 of the items that sell now but did not then
    lost   = R1 − R0 of the items that sold then but do not now

Over C, volume + mix + price = R1(C) − R0(C), so the five parts add up to the change.

Each item's share: volume (Q1 − Q0) × A0, mix (Q1 − Q0) × (P0 − A0) (selling more of an
item dearer than the average raises mix, more of a cheaper one lowers it), price
Q1 × (P1 − P0). They add up to the item's own change, and over the items to the totals
above (Σ_C (Q1 − Q0)(P0 − A0) = Σ_C Q1·P0 − Q1(C)·A0 because Σ_C Q0·P0 = Q0(C)·A0).

Items that fit none of these still move revenue, and each lands in one part so that the
parts stay exact:
- sells now, not then (net units ≤ 0 in the base: nothing, or only returns): its whole
  change, base returns included, is new; sold then, not now: its whole change (current
  returns included) is lost;
- sells in neither period (only returns, or revenue without units such as a fee or a
  credit): a rise is counted in new, a fall in lost (status "neither").
A line without an amount or price adds no revenue (the `revenue` KPI's rule); its units
still count.

The sums are worked in exact fractions, so the parts add up to the change to the last
cent before they are written as floats.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

#: The five parts, in the order of the waterfall.
PARTS = ("volume", "mix", "price", "new", "lost")
#: What an item is in the bridge: sold in both periods, only now, only then, in neither.
STATUSES = ("both", "new", "lost", "neither")


@dataclass(frozen=True)
class Sold:
    """One item's units and revenue in the base and the current period (None: no lines,
    or no line with an amount)."""

    item: Any
    name: str | None
    units_base: Any
    units_current: Any
    revenue_base: Any
    revenue_current: Any


@dataclass(frozen=True)
class Parts:
    """Revenue in both periods, its change and the change's five parts."""

    revenue_base: float
    revenue_current: float
    change: float
    volume: float
    mix: float
    price: float
    new: float
    lost: float

    def parts(self) -> dict[str, float]:
        return {p: getattr(self, p) for p in PARTS}


@dataclass(frozen=True)
class ItemPart:
    """One item's contribution: its numbers in both periods and its share of each part."""

    item: Any
    name: str | None
    status: str
    units_base: float
    units_current: float
    revenue_base: float
    revenue_current: float
    price_base: float | None
    price_current: float | None
    change: float
    volume: float
    mix: float
    price: float
    new: float
    lost: float

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def _exact(value: Any) -> Fraction:
    if value is None or value != value:
        return Fraction(0)
    return Fraction(value)


def split(rows: Iterable[Sold]) -> tuple[Parts, list[ItemPart]]:
    """The bridge of `rows` (one per item): the totals and each item's share, largest
    change first. Items with no units and no revenue in either period are left out."""
    items = []
    for r in rows:
        q0, q1 = _exact(r.units_base), _exact(r.units_current)
        r0, r1 = _exact(r.revenue_base), _exact(r.revenue_current)
        if q0 or q1 or r0 or r1:
            items.append((r, q0, q1, r0, r1))
    both = [(q0, r0) for _, q0, q1, r0, _ in items if q0 > 0 and q1 > 0]
    q0_c = sum((q for q, _ in both), Fraction(0))
    average = sum((r for _, r in both), Fraction(0)) / q0_c if q0_c else Fraction(0)
    totals = dict.fromkeys(PARTS, Fraction(0))
    base = current = Fraction(0)
    shares = []
    for r, q0, q1, r0, r1 in items:
        part = dict.fromkeys(PARTS, Fraction(0))
        change = r1 - r0
        if q0 > 0 and q1 > 0:
            status = "both"
            p0, p1 = r0 / q0, r1 / q1
            part["volume"] = (q1 - q0) * average
            part["mix"] = (q1 - q0) * (p0 - average)
            part["price"] = q1 * (p1 - p0)
        else:
            status = "new" if q1 > 0 else "lost" if q0 > 0 else "neither"
            gain = status == "new" or (status == "neither" and change >= 0)
            part["new" if gain else "lost"] = change
        for p in PARTS:
            totals[p] += part[p]
        base, current = base + r0, current + r1
        shares.append(
            ItemPart(
                item=r.item,
                name=r.name,
                status=status,
                units_base=_float(q0),
                units_current=_float(q1),
                revenue_base=_float(r0),
                revenue_current=_float(r1),
                price_base=_float(r0 / q0) if q0 > 0 else None,
                price_current=_float(r1 / q1) if q1 > 0 else None,
                change=_float(change),
                **_floats(part),
            )
        )
    parts = Parts(_float(base), _float(current), _float(current - base), **_floats(totals))
    shares.sort(key=lambda s: (-abs(s.change), str(s.item)))
    return parts, shares


def _float(value: Fraction) -> float:
    """`value` as the nearest float (an infinity beyond them: the price of a line whose
    quantity is vanishingly small)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _floats(parts: dict[str, Fraction]) -> dict[str, float]:
    return {p: _float(v) for p, v in parts.items()}
