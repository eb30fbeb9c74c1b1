"""The output contract of a KPI query: the dimensions (named as given), `period`
unless the grain is all, then value, numerator, denominator, n and the KPI's extras —
in that order, with counts as integers and empty (never NaN) where nothing applies.

`shape` writes that contract into the query's expression; `Result` holds the rows as
every backend returns them, normalised once (dates as dates, counts as ints, NaN and
infinities as None), and is what the result cache keeps."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from salespulse.engine.query import Query
from salespulse.kpis.display import COUNT_COLUMNS


def integer_columns(query: Query) -> frozenset[str]:
    kind = query.kpi.kind
    ints = set(COUNT_COLUMNS)
    if kind in ("count", "distinct"):
        ints.add("value")
    if kind in ("proportion", "daily_rate"):
        ints |= {"numerator", "denominator"}
    return frozenset(ints)


def shape(query: Query, agg: Any) -> Any:
    """`agg` with exactly the contract's columns, in order, sorted by the keys."""
    from salespulse.sql import functions as fn

    ints = integer_columns(query)
    cols: dict[str, Any] = {}
    for key in query.keys:
        cols[key] = agg[key]
    for name in query.kpi.columns:
        dtype = "int64" if name in ints else "float64"
        cols[name] = agg[name].cast(dtype) if name in agg.columns else fn.null(dtype)
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


class Result:
    """A KPI query's rows, normalised: the same whatever backend computed them. Built
    from Python rows, or from an Arrow table (DuckDB's), whose rows are only made when
    asked for: a large result goes to pandas straight from Arrow."""

    def __init__(
        self,
        query: Query,
        columns: tuple[str, ...],
        rows: tuple[tuple[Any, ...], ...] | None = None,
        arrow: Any = None,
    ) -> None:
        self.query = query
        self.columns = columns
        self._rows = rows
        self._arrow = arrow

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        return (self.query, self.columns, self.rows) == (other.query, other.columns, other.rows)

    def __len__(self) -> int:
        return int(self._arrow.num_rows) if self._rows is None else len(self._rows)

    @property
    def rows(self) -> tuple[tuple[Any, ...], ...]:
        if self._rows is None:
            data = [self._arrow.column(i).to_pylist() for i in range(len(self.columns))]
            self._rows = tuple(zip(*data, strict=True)) if self._arrow.num_rows else ()
        return self._rows

    @classmethod
    def from_arrow(cls, query: Query, table: Any) -> Result:
        """Normalise an Arrow table column by column: counts as int64, measures as
        float64 with NaN and infinities empty, timestamps among the keys as dates."""
        import pyarrow as pa
        import pyarrow.compute as pc

        ints = integer_columns(query)
        measures = set(query.kpi.columns)
        columns = []
        for i, name in enumerate(table.column_names):
            col = table.column(i)
            if name in measures and name in ints:
                col = col.cast(pa.int64())
            elif name in measures:
                col = col.cast(pa.float64())
                col = pc.if_else(pc.is_finite(col), col, pa.scalar(None, pa.float64()))
            elif pa.types.is_timestamp(col.type):
                col = col.cast(pa.date32())
            elif pa.types.is_decimal(col.type):
                col = col.cast(pa.float64())
            columns.append(col)
        normal = pa.table(columns, names=table.column_names)
        return cls(query, tuple(table.column_names), arrow=normal)

    @classmethod
    def build(cls, query: Query, columns: list[str], rows: list[tuple[Any, ...]]) -> Result:
        """Normalise column by column, touching only the values that need it."""
        ints = integer_columns(query)
        measures = set(query.kpi.columns)
        data = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
        for i, name in enumerate(columns):
            values = data[i]
            kinds = set(map(type, values)) - {type(None)}
            if name in measures:
                integer = name in ints
                if kinds <= ({int} if integer else {float}) and (
                    integer or all(v is None or math.isfinite(v) for v in values)
                ):
                    continue
                data[i] = tuple(_number(v, integer) for v in values)
            elif kinds & {datetime, Decimal, float}:
                data[i] = tuple(_key(v) for v in values)
        return cls(query, tuple(columns), tuple(zip(*data, strict=True)) if rows else ())

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_pandas(self) -> Any:
        """A pandas DataFrame: integer columns as nullable integers, periods as dates."""
        import pandas as pd

        ints = integer_columns(self.query)
        if self._arrow is not None:
            return _frame(self._arrow, frozenset(self.query.kpi.columns), ints)
        data = list(zip(*self.rows, strict=True)) if self.rows else [() for _ in self.columns]
        df = pd.DataFrame({c: list(v) for c, v in zip(self.columns, data, strict=True)})
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
        if self._arrow is not None:
            return _arrow_json(self._arrow)
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


def _frame(table: Any, measures: frozenset[str], ints: frozenset[str]) -> Any:
    """A normalised Arrow table as `Result.to_pandas` gives it, column by column (the
    measures straight from their buffers: twice as fast as converting the table and
    casting after): counts as nullable integers, other measures as floats (NaN where
    empty), keys as Arrow converts them."""
    import pandas as pd

    data: dict[str, Any] = {}
    for name, col in zip(table.column_names, table.columns, strict=True):
        if name in measures and name in ints:
            values = col.fill_null(0).to_numpy()
            data[name] = pd.arrays.IntegerArray(values, col.is_null().to_numpy())
        elif name in measures:
            data[name] = col.to_numpy()
        else:
            data[name] = col.to_pandas().array  # (an array: no index to align)
    return pd.DataFrame(data, copy=False)


def _arrow_json(table: Any) -> dict[str, Any]:
    """`Result.to_json` of a normalised Arrow table, column by column (dates as ISO
    text): the same entry `Result.from_json` reads back, without making Python rows."""
    import pyarrow as pa

    dates = [i for i, f in enumerate(table.schema) if pa.types.is_date(f.type)]
    columns = [
        (col.cast(pa.string()) if i in dates else col).to_pylist()
        for i, col in enumerate(table.columns)
    ]
    rows = list(zip(*columns, strict=True)) if table.num_rows else []
    return {"columns": list(table.column_names), "dates": dates, "rows": rows}
