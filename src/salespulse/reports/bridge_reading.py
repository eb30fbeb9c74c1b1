"""What a revenue bridge reads: per item (and group), the units and revenue of one period,
through the `units` and `revenue` KPIs on the one query path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.model.periods import Window

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Lines:
    """One period's units and revenue per key (the values of the dimensions read), the
    products' names, how many lines there were and how many had units but no revenue."""

    units: dict[Key, Any] = field(default_factory=dict)
    revenue: dict[Key, Any] = field(default_factory=dict)
    names: dict[Key, str] = field(default_factory=dict)
    lines: int = 0
    unpriced: int = 0

    def only(self, at: int, value: Any) -> Lines:
        """The keys whose `at`-th value is `value`, keyed by their first value alone."""

        def pick(values: dict[Key, Any]) -> dict[Key, Any]:
            return {(k[0],): v for k, v in values.items() if k[at] == value}

        return Lines(pick(self.units), pick(self.revenue), pick(self.names))


def read(engine: Engine, dims: list[str], w: Window, where: dict[str, Any]) -> Lines:
    """Units and revenue by `dims` over the days of `w`, filtered by `where`."""
    params: dict[str, Any] = {"by": dims, "start": w.start, "end": w.end, "where": where}
    units = engine.result(make_query("units", **params)).records()
    revenue = engine.result(make_query("revenue", **params)).records()

    def key(r: dict[str, Any]) -> Key:
        return tuple(r[d] for d in dims)

    names = {key(r): r["product_name"] for r in (*units, *revenue) if r.get("product_name")}
    counted = sum(int(r["n"] or 0) for r in units)
    priced = sum(int(r["n"] or 0) for r in revenue)
    return Lines(
        {key(r): r["value"] for r in units},
        {key(r): r["value"] for r in revenue},
        names,
        counted,
        max(0, counted - priced),
    )


def sales_months(engine: Engine, where: dict[str, Any]) -> list[str]:
    """The months with sales (matching `where`), first to last, as labels (May 2025)."""
    rows = engine.result(make_query("units", period="month", where=where)).records()
    days = sorted(r["period"] for r in rows if r["period"] is not None)
    return [Window.period(d, "month", engine.settings).label for d in days]
