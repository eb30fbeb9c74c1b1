"""The products that moved between the previous period and this one: the largest rises
and falls, named only beyond Poisson noise, and the new products (sold now, not then)
and the lost ones (sold then, not now).

A change is beyond noise when both the item's units and its number of sale lines changed
beyond Poisson noise, the same way as its revenue (the conditional binomial test of the
two periods' counts, `stats.count_change_p`, p < 0.05 for each). Units alone would
overstate it: a line often carries several units (a reseller's order of 12 bikes is one
purchase, not 12), so units vary more than a Poisson count; the lines are the purchases."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from salespulse import stats
from salespulse.reports.product_sales import Sold

#: How many rises, falls, new and lost items a report shows (the API keeps them all).
MOVERS = 5
#: A change is beyond noise when each test's p-value is below this.
ALPHA = 0.05


@dataclass(frozen=True)
class Mover:
    """An item whose revenue (or units) changed: `previous` → `current` in the report's
    measure, its units and sale lines both times, and the noise tests' p-values."""

    key: Any
    name: str | None
    previous: float
    current: float
    units_previous: float
    units: float
    lines_previous: int
    lines: int
    p_units: float | None = None
    p_lines: float | None = None

    @property
    def change(self) -> float:
        return self.current - self.previous

    @property
    def beyond_noise(self) -> bool:
        """Units and lines both changed beyond noise, the same way as the measure."""
        tests = (
            (self.p_units, self.units - self.units_previous),
            (self.p_lines, self.lines - self.lines_previous),
        )
        return all(p is not None and p < ALPHA and moved * self.change > 0 for p, moved in tests)


@dataclass
class Movers:
    """Every rise and fall beyond noise (largest first), how many other changes are
    not named (within noise, or with the units moving the other way: a price change),
    and the new and lost items (largest first); `compared` is False when the previous
    period had no sales (then all are empty)."""

    rises: list[Mover] = field(default_factory=list)
    falls: list[Mover] = field(default_factory=list)
    not_named: int = 0
    new: list[Mover] = field(default_factory=list)
    lost: list[Mover] = field(default_factory=list)
    compared: bool = False


def share_of_time(days_now: int, days_before: int) -> float:
    """The recent stretch's share of the days both stretches cover."""
    return days_now / (days_now + days_before)


def movers(now: Sold, before: Sold, measure: str, days_now: int) -> Movers:
    """Who moved from `before` to `now` in `measure`; `days_now` is how many days of the
    current period the data covers."""
    if not before.any:
        return Movers()
    share = share_of_time(days_now, before.window.days)
    found = Movers(compared=True)
    for key in sorted(set(now.units) | set(before.units), key=lambda k: (k is None, str(k))):
        mover = Mover(
            key,
            now.names.get(key) or before.names.get(key),
            before.value(key, measure) or 0.0,
            now.value(key, measure) or 0.0,
            before.units.get(key, 0.0),
            now.units.get(key, 0.0),
            before.lines.get(key, 0),
            now.lines.get(key, 0),
        )
        if mover.units <= 0 < mover.units_previous:
            found.lost.append(mover)
        elif mover.units_previous <= 0 < mover.units:
            found.new.append(mover)
        elif mover.change and None not in (now.value(key, measure), before.value(key, measure)):
            _test(found, mover, share)
    found.rises.sort(key=lambda m: -m.change)
    found.falls.sort(key=lambda m: m.change)
    found.new.sort(key=lambda m: -m.current)
    found.lost.sort(key=lambda m: -m.previous)
    return found


def _test(found: Movers, mover: Mover, share: float) -> None:
    tested = replace(
        mover,
        p_units=stats.count_change_p(_count(mover.units), _count(mover.units_previous), share),
        p_lines=stats.count_change_p(mover.lines, mover.lines_previous, share),
    )
    if not tested.beyond_noise:
        found.not_named += 1
    else:
        (found.rises if tested.change > 0 else found.falls).append(tested)


def _count(units: float) -> int:
    """Units as the count a Poisson test takes (returns do not count below zero)."""
    return max(0, round(units))
