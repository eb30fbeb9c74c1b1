"""What building a query looked at, so that its compiled SQL is reused exactly as long as
that is unchanged: the tables (present or not, and their columns) and the builder's
preliminary reads of the data (`Context.execute`: the quota metrics and periods there
are, the stage names that occur, the first and last day of the rows, whether every
open deal has a probability).

Each read is compiled with the query's placeholders like the query itself, run with its
values bound, and kept (its SQL) beside the SQL it helped build. A later lookup runs the
kept reads again — a few milliseconds on DuckDB, no Ibis — and reuses the SQL only when
every read gives the rows it gave then (compared as sets: no builder depends on their
order). An import that leaves those unchanged (new sales in months and stages already
seen) leaves the SQL valid; one that changes them (a new stage name) rebuilds it.

Only DuckDB's reads are kept (they run in milliseconds); on other backends SQL built
from a read is not reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from salespulse.engine.cache import digest
from salespulse.engine.combined import uses
from salespulse.engine.compiled import compile_expression


@dataclass(frozen=True)
class Read:
    """A preliminary read: its SQL (with placeholders) and the parameters it binds."""

    sql: str
    params: tuple[str, ...]

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        return {name: values[name] for name in self.params}


@dataclass
class Observed:
    """The tables a build looked at (in order) and the reads it made (None: a read that
    cannot be replayed, so the SQL is not reused)."""

    tables: dict[str, None] = field(default_factory=dict)
    reads: list[Read] | None = field(default_factory=list)

    def as_flags(self) -> dict[str, Any]:
        reads = None if self.reads is None else [[r.sql, list(r.params)] for r in self.reads]
        return {"tables": list(self.tables), "reads": reads}


def reads_of(flags: dict[str, Any]) -> list[Read] | None:
    """The reads kept in a shape's flags (None: not replayable)."""
    kept = flags.get("reads")
    if kept is None:
        return None
    return [Read(str(sql), tuple(str(p) for p in params)) for sql, params in kept]


def execute(
    source: Any, expr: Any, params: dict[str, Any], values: dict[str, Any], seen: Observed
) -> Any:
    """Run a builder's read of the data and return what Ibis's `execute` returns for it (a
    DataFrame, or a scalar), keeping its SQL in `seen`."""
    if source.kind != "duckdb":
        seen.reads = None
        bindings = {p: values[name] for name, p in params.items()}
        return source.execute(expr, bindings or None)
    own = _is_own(expr)
    table_expr = _own_table(expr) if own else expr.as_table()
    sql = compile_expression(source, table_expr, params)
    read = Read(sql, tuple(name for name in params if uses(sql, name)))
    bound = read.bind(values)
    key = _key(read, bound)
    table = source.read_tables.get(key)  # the same read for another KPI: run once
    if table is None:
        table = source.read_tables[key] = source.run_arrow(sql, bound)
    source.read_results[key] = _rows_digest(table)
    if seen.reads is not None:
        seen.reads.append(read)
    return _as_own_result(expr, table) if own else _as_ibis_result(expr, table)


def _is_own(expr: Any) -> bool:
    from salespulse.sql.tables import Table
    from salespulse.sql.values import Value

    return isinstance(expr, Table | Value)


def _own_table(expr: Any) -> Any:
    from salespulse.sql.tables import Table, scalar_table

    return expr if isinstance(expr, Table) else scalar_table(expr)


def _as_own_result(expr: Any, table: Any) -> Any:
    """A read of the own builder as Ibis gives it: a DataFrame for a table, the value
    for a reduction."""
    from salespulse.sql.tables import Table

    if isinstance(expr, Table):
        return table.to_pandas()
    return table.column(0)[0].as_py()


def replay(source: Any, reads: list[Read], values: dict[str, Any]) -> list[str] | None:
    """Each read's rows (a digest) with these values, run now (once per source); None when
    one fails (a table gone: the query is built again, and says what is wrong)."""
    import duckdb

    out = []
    for read in reads:
        bound = read.bind(values)
        key = _key(read, bound)
        if key not in source.read_results:
            try:
                source.read_results[key] = _rows_digest(source.run_arrow(read.sql, bound))
            except duckdb.Error:
                return None
        out.append(source.read_results[key])
    return out


def _key(read: Read, bound: dict[str, Any]) -> str:
    return digest(read.sql, bound)


def _rows_digest(table: Any) -> str:
    rows = sorted(repr(row) for row in table.to_pylist())
    return digest(table.schema.to_string(), rows)


def _as_ibis_result(expr: Any, table: Any) -> Any:
    """An Arrow result as Ibis's DuckDB backend returns it from `execute` (the same
    conversion, column by column)."""
    import pandas as pd
    import pyarrow.types as pat
    from ibis.backends.duckdb.converter import DuckDBPandasData

    df = pd.DataFrame(
        {
            name: (
                col.to_pylist()
                if pat.is_nested(col.type) or pat.is_dictionary(col.type) or col.null_count
                else col.to_pandas()
            )
            for name, col in zip(table.column_names, table.columns, strict=True)
        }
    )
    df = DuckDBPandasData.convert_table(df, expr.as_table().schema())
    return expr.__pandas_result__(df)
