"""A query's values — its dates, its as-of day and its filter values — as the named
parameters its SQL is run with. The SQL of a query shape is compiled once with a
placeholder for each (`$start`, `$w0_1`, ...) and these values are bound at each run,
so no value is ever pasted into SQL and the compiled SQL can be reused for any values.

This module is pure Python (no Ibis): a cached query is run without building anything.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from salespulse.engine.query import Query

#: The day-valued parameters: each also exists as a timestamp (`<name>_ts`, its midnight)
#: for comparisons with timestamp columns.
DAYS = ("start", "end_next", "as_of_next")


def days(query: Query) -> dict[str, date | None]:
    """The first day in the window, the first day after it, and the first day after the
    as-of day (rows on or after it are in the future)."""
    one = timedelta(days=1)
    return {
        "start": query.start,
        "end_next": query.end + one if query.end is not None else None,
        "as_of_next": query.as_of + one if query.as_of is not None else None,
    }


def filter_name(position: int, index: int) -> str:
    """The parameter of the `index`-th value of the `position`-th filter."""
    return f"w{position}_{index}"


def param_values(query: Query) -> dict[str, Any]:
    """Every parameter a query of this shape may use, by name."""
    out: dict[str, Any] = {}
    for name, day in days(query).items():
        if day is not None:
            out[f"{name}_date"] = day
            out[f"{name}_ts"] = datetime.combine(day, time())
    for position, (_key, values) in enumerate(query.where):
        for index, value in enumerate(values):
            out[filter_name(position, index)] = value
    return out


def shape(query: Query) -> tuple[Any, ...]:
    """What decides a query's SQL apart from its values: the KPI, the dimensions, the
    grain, which filters (and how many values each) and which dates are given."""
    return (
        query.kpi.name,
        query.by,
        query.period,
        tuple((key, len(values)) for key, values in query.where),
        query.start is not None,
        query.end is not None,
        query.as_of is not None,
    )
