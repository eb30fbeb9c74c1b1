"""Why revenue changed between two periods: the revenue bridge. The change is split into
volume (more or fewer units at the base's average price), mix (units moving between
dearer and cheaper items), price (the same items at new prices), new (items that sell now
and did not then) and lost (items that sold then and do not now); the five add up to the
change exactly. The formulas, and where returns and revenue without units land, are in
`salespulse.reports.bridge_parts`; in words, in docs/coaching.md.

"Item" is what `by` names: the product (its key), its category or its subcategory. With
`group` (rep, team or region), each group gets its own bridge too. Every number comes
from the `units` and `revenue` KPIs through the one query path, by item (and by item and
group) for each period."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.errors import UserError
from salespulse.model.periods import Window
from salespulse.reports.bridge_checks import has_items, has_sales, notes
from salespulse.reports.bridge_parts import PARTS, ItemPart, Parts, Sold, split
from salespulse.reports.bridge_reading import Lines, read
from salespulse.reports.members import reading_order, rep_details

#: What an item can be, and what the bridge can be grouped by.
ITEMS = ("product", "category", "subcategory")
GROUPS = ("rep", "team", "region")


@dataclass(frozen=True)
class GroupBridge:
    """One group's own bridge (its parts add up to its own change)."""

    group: Any
    name: str | None
    totals: Parts
    items: list[ItemPart]

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "name": self.name,
            **vars(self.totals),
            "items": [i.as_dict() for i in self.items],
        }


@dataclass(frozen=True)
class Bridge:
    """The revenue bridge from `base` to `current` by `by` (and per `group`)."""

    base: Window
    current: Window
    by: str
    group: str | None
    totals: Parts
    items: list[ItemPart]
    groups: list[GroupBridge] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def parts(self) -> dict[str, float]:
        """volume, mix, price, new and lost, in the waterfall's order."""
        return self.totals.parts()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"base": self.base.label, "current": self.current.label}
        for name, w in (("base", self.base), ("current", self.current)):
            out[f"{name}_start"], out[f"{name}_end"] = w.start, w.end
        out.update({"by": self.by, **vars(self.totals)})
        out["items"] = [i.as_dict() for i in self.items]
        if self.group is not None:
            out["group"] = self.group
            out["groups"] = [g.as_dict() for g in self.groups]
        out["notes"] = list(self.notes)
        return out


def bridge(
    engine: Engine,
    base: Window,
    current: Window,
    by: str = "product",
    group: str | None = None,
    where: dict[str, Any] | None = None,
) -> Bridge:
    """The bridge from `base` to `current` (see the module's docstring)."""
    _check(by, ITEMS, "by", "an item")
    if group is not None:
        _check(group, GROUPS, "group", "a group")
    where = dict(where or {})
    make_query("revenue", by=[by, *([group] if group else [])], where=where)  # checks both
    lines = {
        name: read(engine, [by], w, where) for name, w in (("base", base), ("current", current))
    }
    has_sales(engine, lines, base, current, where)
    has_items(by, lines)
    totals, items = split(_sold(lines["base"], lines["current"]))
    groups = _groups(engine, by, group, base, current, where) if group else []
    return Bridge(
        base, current, by, group, totals, items, groups, notes(lines, items, base, current)
    )


def _check(value: Any, allowed: tuple[str, ...], name: str, what: str) -> None:
    if value not in allowed:
        raise UserError(
            f"`{name}` {value!r} is not {what} the bridge can use.",
            fix=f"Use `{name}` " + ", ".join(allowed) + ".",
            option=name,
        )


def _sold(base: Lines, current: Lines) -> list[Sold]:
    keys = sorted(
        set(base.units) | set(current.units) | set(base.revenue) | set(current.revenue), key=str
    )
    return [
        Sold(
            k[0],
            current.names.get(k) or base.names.get(k),
            base.units.get(k),
            current.units.get(k),
            base.revenue.get(k),
            current.revenue.get(k),
        )
        for k in keys
    ]


def _groups(
    engine: Engine, by: str, group: str, base: Window, current: Window, where: dict[str, Any]
) -> list[GroupBridge]:
    before, now = read(engine, [by, group], base, where), read(engine, [by, group], current, where)
    keys = {k[1] for k in (*before.units, *now.units, *before.revenue, *now.revenue)}
    names = (
        {rep: name for rep, (name, _) in rep_details(engine).items() if name is not None}
        if group == "rep"
        else {}
    )
    out = []
    for g in sorted(keys, key=lambda k: (k is None, reading_order(k))):
        totals, items = split(_sold(before.only(1, g), now.only(1, g)))
        out.append(GroupBridge(g, names.get(g), totals, items))
    return out


__all__ = ["GROUPS", "ITEMS", "PARTS", "Bridge", "GroupBridge", "bridge"]
