"""Row-level building blocks the KPI declarations share (Ibis expressions over a
relation's columns). Nothing here imports Ibis at module level."""

from __future__ import annotations

from typing import Any

SECONDS_PER_DAY = 86400


def won(t: Any) -> Any:
    return t.status == "won"


def lost(t: Any) -> Any:
    return t.status == "lost"


def closed(t: Any) -> Any:
    return t.status.isin(("won", "lost"))


def days_between(start: Any, end: Any) -> Any:
    """Days from `start` to `end` (timestamps), as a fraction."""
    return (end.epoch_seconds() - start.epoch_seconds()) / SECONDS_PER_DAY


def minutes_between(start: Any, end: Any) -> Any:
    return (end.epoch_seconds() - start.epoch_seconds()) / 60


def share(count: Any, of: Any) -> Any:
    """count ÷ of as a fraction, empty when `of` is 0."""
    return count.cast("float64") / of.nullif(0)


def count_where(t: Any, condition: Any) -> Any:
    """Rows of `t` where `condition` is true; 0 (not empty) when there are none.

    Written as a sum of 1/0 rather than `t.count(where=...)`: Ibis compiles the latter
    for PySpark to SUM(CAST(condition AS BIGINT)), which is NULL, not 0, when no row
    matches or the condition is NULL."""
    from salespulse.sql import functions as fn

    return fn.coalesce(fn.ifelse(condition, 1, 0).sum(), 0)


def count_distinct(t: Any, key: Any, among: Any = None, each_missing: bool = False) -> Any:
    """Distinct values of `key` over the rows of `t` where `among` holds (all rows when
    None); with `each_missing`, a row without a key counts as one more on its own (a sale
    line without an order number is an order by itself). 0 (not empty) without rows."""
    from salespulse.sql import functions as fn

    distinct = key.nunique() if among is None else key.nunique(where=among)
    if not each_missing:
        return fn.coalesce(distinct, 0)
    alone = key.isnull() if among is None else key.isnull() & among
    return fn.coalesce(distinct, 0) + count_where(t, alone)
