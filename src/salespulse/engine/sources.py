"""Where the contract tables come from: an Ibis backend plus a way to get each table.

The same KPI expressions run on every source: the workspace's DuckDB file (read-only),
any Ibis DuckDB connection, a PostgreSQL database whose tables follow the contract (read
in place, never copied), and PySpark reading Parquet files or a Spark catalog. Each
table is normalised to the contract's columns and types on the way in, so a source may
lack optional columns.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlparse

import ibis

from salespulse.engine.stage_names import stage_status
from salespulse.errors import UserError
from salespulse.model.contract import TABLES, ColumnType
from salespulse.model.settings import Settings

if TYPE_CHECKING:
    from salespulse.workspace import Workspace

IBIS_TYPES: dict[ColumnType, str] = {
    "text": "string",
    "number": "float64",
    "date": "date",
    "timestamp": "timestamp",
    "boolean": "boolean",
}


class Source:
    """An Ibis backend and a lookup from contract table name to an Ibis table (or None
    when the source does not have it)."""

    def __init__(
        self,
        kind: str,
        con: Any,
        lookup: Callable[[str], Any | None],
        label: str,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.kind = kind
        self.con = con
        self.label = label
        self._lookup = lookup
        self._on_close = on_close

    def raw(self, name: str) -> Any | None:
        return self._lookup(name)

    def execute(self, expr: Any) -> Any:
        return self.con.execute(expr)

    def compile(self, expr: Any) -> str:
        return str(self.con.compile(expr, pretty=True))

    def close(self) -> None:
        if self._on_close is not None:
            self._on_close()
            self._on_close = None

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<salespulse source {self.kind}: {self.label}>"


def _is(dtype: Any, kind: ColumnType) -> bool:
    """True when a column's type already is the contract's (any timestamp precision)."""
    if kind == "timestamp":
        return bool(dtype.is_timestamp() and dtype.timezone is None)
    if kind == "number":
        return bool(dtype.is_float64())
    return bool(
        {"text": dtype.is_string, "date": dtype.is_date, "boolean": dtype.is_boolean}[kind]()
    )


def normalize(raw: Any, name: str, settings: Settings, label: str) -> Any:
    """`raw` with exactly the contract's stored columns, in contract types; missing
    optional columns are empty; a missing required column is a clear error."""
    contract = TABLES[name]
    present = {c.lower(): c for c in raw.columns}
    columns: dict[str, Any] = {}
    for col in contract.stored:
        dtype = IBIS_TYPES[col.type]
        actual = present.get(col.name)
        if actual is not None:
            expr = raw[actual]
            columns[col.name] = expr if _is(expr.type(), col.type) else expr.cast(dtype)
        elif name == "deals" and col.name == "status" and "stage" in present:
            columns[col.name] = stage_status(raw[present["stage"]].cast("string"), settings)
        elif col.required:
            raise UserError(
                f"The {name!r} table in {label} has no {col.name!r} column.",
                fix=f"Give it the contract's columns ({', '.join(c.name for c in contract.stored)}"
                "), or a view that maps its own columns onto them.",
            )
        else:
            columns[col.name] = ibis.null(dtype)
    return raw.select(**columns)


def from_duckdb(con: Any, label: str = "DuckDB", close: bool = False) -> Source:
    """A source over an Ibis DuckDB connection (tables under their contract names)."""
    names = set(con.list_tables())
    return Source(
        "duckdb",
        con,
        lambda n: con.table(n) if n in names else None,
        label,
        on_close=con.disconnect if close else None,
    )


def from_workspace(ws: Workspace) -> Source:
    """The workspace's DuckDB file, opened read-only (an empty source before any import),
    waiting for a lock another process holds."""
    from salespulse.locks import open_database

    if not ws.db_path.exists():
        return from_duckdb(ibis.duckdb.connect(), f"workspace {ws.path}", close=True)
    con = ibis.duckdb.from_connection(open_database(ws.db_path, read_only=True, wait=ws.wait))
    return from_duckdb(con, f"workspace {ws.path}", close=True)


def from_postgres(url: str) -> Source:
    """A PostgreSQL database whose tables (or views) follow the contract, read in place.
    `postgresql://user[:password]@host[:port]/database[?schema=name]`."""
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise UserError(f"{url!r} is not a PostgreSQL URL.", fix="Use postgresql://user@host/db")
    query = parse_qs(parts.query)
    schema = query.get("schema", [None])[0]
    try:
        con = ibis.postgres.connect(
            host=parts.hostname or "localhost",
            port=parts.port or 5432,
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            database=parts.path.lstrip("/") or None,
            schema=schema,
        )
    except Exception as exc:
        raise UserError(
            f"Cannot connect to PostgreSQL at {parts.hostname}: {exc}.",
            fix="Check the URL, that the server runs and that the user may log in.",
        ) from None
    names = set(con.list_tables(database=schema) if schema else con.list_tables())
    safe = parts._replace(netloc=parts.hostname or "", query="").geturl()
    return Source(
        "postgres",
        con,
        lambda n: con.table(n, database=schema) if n in names else None,
        f"PostgreSQL {safe}" + (f" (schema {schema})" if schema else ""),
        on_close=con.disconnect,
    )


def open_source(
    ws: Workspace,
    backend: str = "duckdb",
    source: str | None = None,
    spark_master: str | None = None,
) -> Source:
    """The source the CLI's --backend/--source name: the workspace by default.
    `spark_master` (with backend pyspark) names the cluster, see `spark_master.choose`."""
    if spark_master and backend != "pyspark":
        raise UserError(
            f"--spark-master {spark_master} is for --backend pyspark.",
            fix="Add --backend pyspark, or leave --spark-master out.",
        )
    if source and source.startswith(("postgres://", "postgresql://")):
        return from_postgres(source)
    if backend == "pyspark":
        from salespulse.engine.spark import export_parquet, from_spark, session_for

        session = session_for(spark_master, ws.settings.spark_master)
        if source and source.startswith("spark:"):
            return from_spark(session, database=source.removeprefix("spark:") or None)
        if source:
            return from_spark(session, parquet_dir=Path(source))
        return from_spark(session, parquet_dir=export_parquet(ws))
    if backend != "duckdb":
        raise UserError(f"There is no backend {backend!r}.", fix="Use duckdb or pyspark.")
    if source:
        raise UserError(
            f"Do not know how to read {source!r}.",
            fix="Use a postgresql:// URL, or --backend pyspark with a Parquet folder or "
            "spark:DATABASE.",
        )
    return from_workspace(ws)
