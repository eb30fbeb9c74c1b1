"""The output contract of a KPI query: the dimensions (named as given), `period`
unless the grain is all, then value, numerator, denominator, n and the KPI's extras —
in that order, with counts as integers and empty (never NaN) where nothing applies.

`shape` writes that contract into the query's expression; `Result` holds the rows as
every backend returns them, normalised once (dates as dates, counts as ints, NaN and
infinities as None), and is what the result cache keeps."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

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
    import ibis

    ints = integer_columns(query)
    cols: dict[str, Any] = {}
    for key in query.keys:
        cols[key] = agg[key]
    for name in query.kpi.columns:
        dtype = "int64" if name in ints else "float64"
        cols[name] = agg[name].cast(dtype) if name in agg.columns else ibis.null(dtype)
    out = agg.select(**cols)
    return out.order_by(list(query.keys)) if query.keys else out


def _number(value: Any, integer: bool) -> Any:
    if value is None:
        return None
    if integer:
        return int(value)
    number = float(value)
    return number if math.isfinite(number) else None


def _key(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, Decimal | float):
        return _number(value, False)
    return value


@dataclass(frozen=True)
class Result:
    """A KPI query's rows, normalised: the same whatever backend computed them."""

    query: Query
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    @classmethod
    def build(cls, query: Query, columns: list[str], rows: list[tuple[Any, ...]]) -> Result:
        ints = integer_columns(query)
        measures = set(query.kpi.columns)
        kinds = [(c in measures, c in ints) for c in columns]
        out = tuple(
            tuple(
                _number(v, integer) if measure else _key(v)
                for (measure, integer), v in zip(kinds, row, strict=True)
            )
            for row in rows
        )
        return cls(query, tuple(columns), out)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_pandas(self) -> Any:
        """A pandas DataFrame: integer columns as nullable integers, periods as dates."""
        import pandas as pd

        df = pd.DataFrame.from_records(list(self.rows), columns=list(self.columns))
        ints = integer_columns(self.query)
        for name in self.query.kpi.columns:
            if name in df.columns:
                df[name] = df[name].astype("Int64" if name in ints else "float64")
        return df

    def to_arrow(self) -> Any:
        import pyarrow as pa

        return pa.Table.from_pandas(self.to_pandas(), preserve_index=False)

    def to_polars(self) -> Any:
        import polars as pl  # type: ignore[import-not-found]

        return pl.from_arrow(self.to_arrow())

    def to(self, output: str) -> Any:
        return {"arrow": self.to_arrow, "polars": self.to_polars}.get(output, self.to_pandas)()

    # -- the result cache's form ----------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        dates = [
            i for i in range(len(self.columns)) if any(isinstance(r[i], date) for r in self.rows)
        ]
        rows = [
            [v.isoformat() if i in dates and v is not None else v for i, v in enumerate(r)]
            for r in self.rows
        ]
        return {"columns": list(self.columns), "dates": dates, "rows": rows}

    @classmethod
    def from_json(cls, query: Query, data: dict[str, Any]) -> Result:
        dates = set(data["dates"])
        rows = tuple(
            tuple(
                date.fromisoformat(v) if i in dates and v is not None else v
                for i, v in enumerate(r)
            )
            for r in data["rows"]
        )
        return cls(query, tuple(data["columns"]), rows)
