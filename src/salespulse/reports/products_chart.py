"""The Pareto chart of a products report: a bar per item (its revenue or units, best
first), the cumulative share as a line over them and the 80% mark — one Vega-Lite spec
(`charts.pareto`) that the dashboard's page draws in the browser and the HTML page
renders to inline SVG (vl-convert escapes every name in it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from salespulse import charts

#: At most this many bars (the table lists every item shown).
MAX_BARS = 30


def pareto(
    records: Sequence[Mapping[str, Any]], by: str, measure: str, description: str
) -> dict[str, Any] | None:
    """The spec of the first `MAX_BARS` items with a share: each its `measure` (a field of
    the records, "revenue" or "units") and its cumulative share, named by its `name`, else
    its `by` value; None when no item has a share."""
    rows = [
        {
            "item": str(r.get("name") or r.get(by) or "(none)"),
            "value": _rounded(r.get(measure)),
            "cum": _rounded(r.get("cumulative_share")),
        }
        for r in records[:MAX_BARS]
        if r.get("share") is not None
    ]
    if not rows:
        return None
    return charts.pareto(rows, "item", "value", "cum", description)


def _rounded(value: Any) -> Any:
    """A number to 6 decimals (a page's JSON and the report's own records then draw the
    same chart); anything else as it is."""
    return round(value, 6) if isinstance(value, float) else value


def pareto_svg(
    records: Sequence[Mapping[str, Any]], by: str, measure: str, description: str
) -> str:
    """The Pareto chart as inline SVG; empty when no item has a share."""
    spec = pareto(records, by, measure, description)
    return "" if spec is None else charts.svg(spec)
