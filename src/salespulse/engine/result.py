"""The output contract of a KPI query: the dimensions (named as given), `period`
unless the grain is all, then value, numerator, denominator, n and the KPI's extras —
in that order, with counts as integers and empty (never NaN) where nothing applies."""

from __future__ import annotations

from typing import Any

import ibis

from salespulse.engine.query import Query
from salespulse.kpis.display import COUNT_COLUMNS


def integer_columns(query: Query) -> frozenset[str]:
    kind = query.kpi.kind
    ints = set(COUNT_COLUMNS)
    if kind == "count":
        ints.add("value")
    if kind in ("proportion", "daily_rate"):
        ints |= {"numerator", "denominator"}
    return frozenset(ints)


def shape(query: Query, agg: Any) -> Any:
    """`agg` with exactly the contract's columns, in order, sorted by the keys."""
    ints = integer_columns(query)
    cols: dict[str, Any] = {}
    for key in query.keys:
        cols[key] = agg[key]
    for name in query.kpi.columns:
        dtype = "int64" if name in ints else "float64"
        cols[name] = agg[name].cast(dtype) if name in agg.columns else ibis.null(dtype)
    out = agg.select(**cols)
    return out.order_by(list(query.keys)) if query.keys else out


def to_pandas(query: Query, table: Any) -> Any:
    """A pandas DataFrame: integer columns as nullable integers, periods as dates."""
    import pandas as pd

    df = table.to_pandas() if hasattr(table, "to_pandas") else table
    for name in integer_columns(query):
        if name in df.columns:
            df[name] = df[name].astype("Int64")
    for name in query.kpi.columns:
        if name not in integer_columns(query) and name in df.columns:
            df[name] = df[name].astype("float64")
    if "period" in df.columns:
        df["period"] = pd.to_datetime(df["period"]).dt.date
    return df.reset_index(drop=True)
