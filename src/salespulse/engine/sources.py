"""Where the contract tables come from: an Ibis backend plus a way to get each table.

The same KPI expressions run on every source: the workspace's DuckDB file (read-only),
any Ibis DuckDB connection, a PostgreSQL database whose tables follow the contract (read
in place, never copied), and PySpark reading Parquet files or a Spark catalog. Each
table is normalised to the contract's columns and types on the way in, so a source may
lack optional columns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from salespulse.errors import UserError
from salespulse.model.contract import TABLES, ColumnType
from salespulse.model.settings import Settings

IBIS_TYPES: dict[ColumnType, str] = {
    "text": "string",
    "number": "float64",
    "date": "date",
    "timestamp": "timestamp",
    "boolean": "boolean",
}


class Source:
    """An Ibis backend and a lookup from contract table name to an Ibis table (or None
    when the source does not have it); it also runs compiled SQL with bound parameters
    on the backend's own connection, without Ibis."""

    def __init__(
        self,
        kind: str,
        con: Any,
        lookup: Callable[[str], Any | None],
        label: str,
        on_close: Callable[[], None] | None = None,
        *,
        database: Any = None,
        names: Callable[[], set[str]] | None = None,
    ) -> None:
        self.kind = kind
        self.label = label
        self._con = con
        self._lookup = lookup
        #: the names of the tables there (when known without Ibis)
        self._names = names
        self._on_close = on_close
        #: the backend's own connection (DuckDB's), when there is no Ibis backend yet
        self._database = database
        #: compiled queries of this source, by shape (see `engine/compiled.py`)
        self.compiled: dict[str, Any] = {}
        #: contract tables normalised for a settings object (`engine/context.py`)
        self.normalized: dict[str, tuple[Any, Any]] = {}
        #: the rows (a digest) of each preliminary read run here (`engine/reads.py`)
        self.read_results: dict[str, str] = {}
        #: the rows of each read run while building here (the same read for several
        #: KPIs runs once)
        self.read_tables: dict[str, Any] = {}
        self._schema: dict[str, str] | None = None
        self._columns: dict[str, list[tuple[str, str]]] = {}

    @property
    def con(self) -> Any:
        """The Ibis backend (created on first use over a plain DuckDB connection)."""
        if self._con is None:
            import ibis

            self._con = ibis.duckdb.from_connection(self._database)
        return self._con

    @property
    def database(self) -> Any:
        """The backend's own connection (DuckDB's, psycopg's, or the Spark session)."""
        if self._database is not None:
            return self._database
        return self.con._session if self.kind == "pyspark" else self.con.con

    def raw(self, name: str) -> Any | None:
        """Table `name` as it is stored (None when the source lacks it): for the own
        query builder while it builds (`salespulse.sql.functions.building`), else Ibis's."""
        from salespulse.sql import functions

        if functions.own():
            found = self.own_table(name)
            if found is None and self.has(name):
                from salespulse.sql.types import Unsupported

                raise Unsupported(f"the table {name!r} is not in the main schema")
            return found
        return self._lookup(name)

    def has(self, name: str) -> bool:
        """Whether the source has table `name` (without Ibis where the names are known)."""
        if self._names is not None:
            return name in self._names()
        return self._lookup(name) is not None

    def execute(self, expr: Any, params: dict[Any, Any] | None = None) -> Any:
        return self.con.execute(expr, params=params)

    def compile(self, expr: Any) -> str:
        return str(self.con.compile(expr, pretty=True))

    def run_sql(self, sql: str, params: dict[str, Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Column names and rows of compiled `sql` run with its bound parameters."""
        if self.kind == "duckdb":
            # (binding any parameter makes DuckDB import pandas: bind only when needed)
            cursor = self.database.execute(sql, params or None)
            return [d[0] for d in cursor.description], cursor.fetchall()
        if self.kind == "postgres":
            with self.database.cursor() as cur:
                cur.execute(sql, params)
                return [d.name for d in cur.description], cur.fetchall()
        frame = self.database.sql(sql, args=params)
        return list(frame.columns), [tuple(row) for row in frame.collect()]

    def run_arrow(self, sql: str, params: dict[str, Any]) -> Any:
        """Compiled `sql` run on DuckDB with its bound parameters, as an Arrow table."""
        return self.database.execute(sql, params or None).to_arrow_table()

    def schema(self) -> dict[str, str] | None:
        """Each table's column names and types (None when not known cheaply): compiled SQL
        is only reused over the same columns of the tables it reads."""
        if self.kind != "duckdb":
            return None
        if self._schema is None:
            rows = self.database.execute(
                "SELECT table_name, list((column_name, data_type) ORDER BY ordinal_position) "
                "FROM information_schema.columns WHERE table_schema = 'main' GROUP BY ALL"
            ).fetchall()
            self._schema = {str(name): repr(columns) for name, columns in rows}
            self._columns = {
                str(name): [(str(c[0]), str(c[1])) for c in columns] for name, columns in rows
            }
        return self._schema

    def own_table(self, name: str) -> Any | None:
        """Table `name` for salespulse's own query builder (`salespulse.sql`; DuckDB's
        main schema only), None when it is not there."""
        if self.kind != "duckdb":
            return None
        self.schema()
        columns = self._columns.get(name)
        if columns is None:
            return None
        from salespulse.sql.tables import source_table
        from salespulse.sql.types import from_duckdb

        return source_table(name, {c: from_duckdb(t) for c, t in columns})

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
    from salespulse.sql import functions as fn

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
            from salespulse.engine.stage_names import stage_status

            columns[col.name] = stage_status(raw[present["stage"]].cast("string"), settings)
        elif col.required:
            raise UserError(
                f"The {name!r} table in {label} has no {col.name!r} column.",
                fix=f"Give it the contract's columns ({', '.join(c.name for c in contract.stored)}"
                "), or a view that maps its own columns onto them.",
            )
        else:
            columns[col.name] = fn.null(dtype)
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


def from_duckdb_connection(database: Any, label: str) -> Source:
    """A source over a plain DuckDB connection, which it closes: Ibis is only imported
    when a query has to be built (a compiled one runs on the connection itself)."""
    source: Source

    def lookup(name: str) -> Any | None:
        if name not in names():
            return None
        return source.con.table(name)

    found: list[set[str]] = []

    def names() -> set[str]:
        if not found:
            rows = database.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
            found.append({r[0] for r in rows})
        return found[0]

    source = Source(
        "duckdb", None, lookup, label, on_close=database.close, database=database, names=names
    )
    return source


def from_postgres(url: str) -> Source:
    """A PostgreSQL database whose tables (or views) follow the contract, read in place.
    `postgresql://user[:password]@host[:port]/database[?schema=name]`."""
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise UserError(f"{url!r} is not a PostgreSQL URL.", fix="Use postgresql://user@host/db")
    query = parse_qs(parts.query)
    schema = query.get("schema", [None])[0]
    import ibis

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
