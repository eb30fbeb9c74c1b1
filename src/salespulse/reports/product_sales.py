"""What each product (or category, subcategory) sold in one window of time — its revenue
and units, from the `revenue` and `units` KPIs — and which window a report covers: the
latest complete week, month, quarter or year, or a period named by its label."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.errors import UserError
from salespulse.model.calendar import Grain, add_months
from salespulse.model.periods import Window, month_end
from salespulse.model.settings import Settings

#: What the report ranks: each product, or the categories or subcategories.
GROUPINGS = ("product", "category", "subcategory")
#: A period named by its grain means the latest complete one.
PERIODS: tuple[Grain, ...] = ("week", "month", "quarter", "year")


@dataclass(frozen=True)
class Sold:
    """What each item sold in one window: revenue (None where no line has a price),
    units, the number of sale lines and product names (where known). Empty when nothing
    was sold then."""

    window: Window
    revenue: dict[Any, float | None]
    units: dict[Any, float]
    lines: dict[Any, int]
    names: dict[Any, str]

    @property
    def any(self) -> bool:
        return bool(self.revenue or self.units)

    @property
    def priced(self) -> bool:
        return any(v is not None for v in self.revenue.values())

    def value(self, key: Any, measure: str) -> float | None:
        """The item's revenue or units; 0 for an item not sold in a window with sales,
        None when the window has no sales at all (nothing to compare with)."""
        if not self.any:
            return None
        if measure == "units":
            return self.units.get(key, 0.0)
        return self.revenue.get(key, 0.0)


def grouping(by: Any) -> str:
    """`by` when a products report can rank by it, else a `UserError`."""
    if by not in GROUPINGS:
        raise UserError(
            f"A products report cannot rank by {by!r}.",
            fix="Use `by` " + ", ".join(GROUPINGS) + ".",
            option="by",
        )
    return str(by)


def report_period(period: Any, settings: Settings) -> Grain | Window:
    """A grain (the latest complete period of it) or the window a label names."""
    if period in PERIODS:
        return period  # type: ignore[no-any-return]
    if not isinstance(period, str) or period.strip() in ("", "all", "day"):
        raise UserError(
            f"A products report needs a period to compare, not {period!r}.",
            fix="Use `period` week, month, quarter or year (the latest complete one), or a "
            "label such as 2025, 2025-Q3 or 2025-03.",
            option="period",
        )
    return Window.from_label(period, settings)


def window_of(period: Grain | Window, end: date, settings: Settings) -> Window:
    if isinstance(period, Window):
        return period
    return Window.latest_complete(period, end, settings)


def year_earlier(w: Window, settings: Settings) -> Window:
    """The same period a year before: the same month, quarter or year; the week (or day)
    52 weeks earlier, on the same weekday; a range of days moved back 12 months."""
    if w.grain in ("month", "quarter", "year"):
        return Window.period(add_months(w.start, -12), w.grain, settings)
    if w.grain in ("week", "day"):
        return Window.period(w.start - timedelta(days=364), w.grain, settings)
    if w.start.day == 1 and w.end == month_end(w.end):
        return Window.days_between(add_months(w.start, -12), month_end(add_months(w.end, -12)))
    return Window.days_between(w.start - timedelta(days=364), w.end - timedelta(days=364))


def first_days(w: Window, days: int | None) -> Window:
    """`w`, or only its first `days` days when it is longer: what a period not yet over
    is compared with (the same days into the period before and a year before). None:
    the whole of `w` (a complete period is compared with whole periods)."""
    if days is None or days >= w.days:
        return w
    return Window.days_between(w.start, w.start + timedelta(days=days - 1))


def sold(engine: Engine, by: str, w: Window, where: dict[str, Any], as_of: date | None) -> Sold:
    """Revenue and units by `by` in window `w`: two KPI queries on the one query path."""
    found: dict[str, dict[Any, Any]] = {}
    names: dict[Any, str] = {}
    lines: dict[Any, int] = {}
    for kpi in ("revenue", "units"):
        query = make_query(kpi, by=[by], start=w.start, end=w.end, where=where, as_of=as_of)
        rows = engine.result(query).records()
        found[kpi] = {r[by]: _number(r["value"]) for r in rows}
        names.update({r[by]: r["product_name"] for r in rows if r.get("product_name")})
        if kpi == "units":  # n: the lines with a quantity
            lines = {r[by]: int(r["n"] or 0) for r in rows}
    units = {k: v or 0.0 for k, v in found["units"].items()}
    return Sold(w, found["revenue"], units, lines, names)


def _number(value: Any) -> float | None:
    return None if value is None or value != value else float(value)
