"""What a revenue bridge checks before it splits anything — there are sales in both
periods, items of the kind asked for, units and revenue — each failure a `UserError`
saying what to change; and the notes beside a bridge (periods of different lengths,
items without units, lines without prices)."""

from __future__ import annotations

from typing import Any

from salespulse.engine.core import Engine
from salespulse.errors import UserError
from salespulse.model.periods import Window
from salespulse.model.wording import plural
from salespulse.reports.bridge_parts import ItemPart
from salespulse.reports.bridge_reading import Lines, sales_months


def has_sales(
    engine: Engine, lines: dict[str, Lines], base: Window, current: Window, where: dict[str, Any]
) -> None:
    """Both periods have sale lines (matching `where`), else which months do."""
    for name, w in (("base", base), ("current", current)):
        if lines[name].lines:
            continue
        months = sales_months(engine, where)
        filtered = " matching `where`" if where else ""
        if not months and where:
            raise UserError(
                f"No sale line matches `where` {_where_text(where)}.",
                fix="Check the values (spelling and case), or widen `where`.",
                option="where",
            )
        if not months:
            raise UserError(
                "There are no sales to compare.",
                fix="Import sale lines (salespulse import sales FILE) or try: salespulse demo",
                option=name,
            )
        raise UserError(
            f"There are no sales{filtered} in `{name}` {w.label}.",
            fix=f"Choose a period with sales: they run from {months[0]} to {months[-1]}.",
            option=name,
        )


def _where_text(where: dict[str, Any]) -> str:
    def values(v: Any) -> str:
        return str(v) if isinstance(v, str | int) else ",".join(str(x) for x in v)

    return " ".join(f"{k}={values(v)}" for k, v in where.items())


def has_items(by: str, lines: dict[str, Lines]) -> None:
    """The lines name the items (`by`), sold some units and have some revenue."""
    keys = {k for part in lines.values() for k in (*part.units, *part.revenue)}
    if by != "product" and keys <= {(None,)}:
        raise UserError(
            f"No sale line has a {by}, so there is nothing to bridge by {by}.",
            fix=f"Import products with a {by} column (salespulse import products FILE) or "
            f"sales with one, or use `by` product.",
            option="by",
        )
    if not any((v or 0) > 0 for part in lines.values() for v in part.units.values()):
        raise UserError(
            "No item sold any units in either period: the bridge splits revenue by the "
            "units sold (volume, mix, price).",
            fix="Import sales with their quantities (the quantity column).",
        )
    if all(v is None for part in lines.values() for v in part.revenue.values()):
        raise UserError(
            "These sales have no amounts or prices, so there is no revenue to split.",
            fix="Import sales with an amount or a unit_price column.",
        )


def notes(
    lines: dict[str, Lines], items: list[ItemPart], base: Window, current: Window
) -> list[str]:
    """What a reader of the bridge should know: periods of different lengths (by more
    than 5%), items without units in either period, lines without revenue."""
    notes = []
    if abs(base.days - current.days) > 0.05 * max(base.days, current.days):
        notes.append(
            f"The periods differ in length ({plural(base.days, 'day')} against "
            f"{current.days:,}): the volume part includes the difference."
        )
    neither = [i for i in items if i.status == "neither"]
    if neither:
        notes.append(
            f"{plural(len(neither), 'item')} sold no units in either period (only returns, "
            "or revenue without units); their change is counted in new where it rose and in "
            "lost where it fell."
        )
    for name, w in (("base", base), ("current", current)):
        unpriced = lines[name].unpriced
        if unpriced:
            notes.append(
                f"In {w.label}, {plural(unpriced, 'line')} had units but no amount or price: "
                "their units count and their revenue is 0."
            )
    return notes
