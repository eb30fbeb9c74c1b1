"""Several KPIs of one table and grain in one statement (the scorecard's many KPIs per
rep): each KPI's query is built exactly as alone, the parts are stacked (`UNION ALL`,
tagged with the KPI's position) and sorted as alone, and the result is cut back into
one `Result` per KPI — the same rows as each query run alone.

One statement per table and grain instead of one per KPI saves a round trip, a result
conversion and the per-query overhead for each KPI; its SQL is compiled once per
combination of shapes and kept like any query's (`engine/core.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from salespulse.engine.query import Query

#: The column that says which query of the group a row answers.
PART = "_salespulse_part"


def uses(sql: str, name: str) -> bool:
    """Whether compiled `sql` has the placeholder of parameter `name` (`$name`,
    `%(name)s` or `:name`)."""
    import re

    return re.search(rf"(\$|%\(|:){re.escape(name)}\b", sql) is not None


def group_key(query: Query) -> tuple[Any, ...]:
    """Queries with the same key can share one statement: one relation, the same keys,
    window, filters and as-of (so the same bound values)."""
    q = query
    return (q.kpi.spec.relation, q.by, q.period, q.start, q.end, q.where, q.as_of)


def groups(queries: Sequence[Query]) -> list[list[int]]:
    """The positions of `queries`, in groups that can share a statement (first-seen
    order)."""
    found: dict[tuple[Any, ...], list[int]] = {}
    for i, query in enumerate(queries):
        found.setdefault(group_key(query), []).append(i)
    return list(found.values())


#: Each part's columns, in order.
Layout = tuple[tuple[str, ...], ...]


def stack(parts: Sequence[Any], keys: Sequence[str]) -> tuple[Any, Layout] | None:
    """One expression stacking the shaped expressions `parts` (each a query's full
    result), tagged and sorted by part then keys; None when their columns do not fit
    one table (a column of text in one and numbers in another)."""
    from salespulse.sql import functions as fn

    types: dict[str, Any] = {}
    key_types = {k: parts[0].schema()[k] for k in keys}
    for part in parts:
        if any(part.schema()[k] != dtype for k, dtype in key_types.items()):
            return None
        for name, dtype in part.schema().items():
            if name in keys:
                continue
            seen = types.get(name)
            if seen is None:
                types[name] = dtype
            elif seen.is_numeric() and dtype.is_numeric():
                types[name] = fn.dtype("float64")
            elif seen != dtype:
                return None
    target = {
        name: fn.dtype("float64") if dtype.is_numeric() else dtype for name, dtype in types.items()
    }
    stacked = []
    for i, part in enumerate(parts):
        cols: dict[str, Any] = {PART: fn.literal(i, type="int32")}
        cols.update({k: part[k] for k in keys})
        for name, dtype in target.items():
            cols[name] = part[name].cast(dtype) if name in part.columns else fn.null(dtype)
        stacked.append(part.select(**cols))
    out = stacked[0].union(*stacked[1:], distinct=False)
    layout = tuple(tuple(part.columns) for part in parts)
    return out.order_by([PART, *keys]), layout


def cut(table: Any, layout: Layout) -> list[Any]:
    """The stacked Arrow `table` cut into one Arrow table per part, each with its own
    columns in its own order."""
    import numpy as np
    import pyarrow as pa

    tags = table.column(PART).to_numpy(zero_copy_only=False)
    bounds = np.searchsorted(tags, np.arange(len(layout) + 1))
    out = []
    for i, columns in enumerate(layout):
        piece = table.slice(int(bounds[i]), int(bounds[i + 1] - bounds[i]))
        out.append(pa.table([piece.column(c) for c in columns], names=list(columns)))
    return out
