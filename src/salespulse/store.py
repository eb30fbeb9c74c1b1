"""How the canonical tables are laid out in the workspace's DuckDB file.

Each contract table is stored under its own name with its stored columns (in contract
order) plus `_import_id`, the import that brought the row, and `_line`, the row's line
in that file (so any number can be traced back to the lines it came from). `_imports` records every
import: file, content hash, rows, time, mode and the column mapping used.
"""

from __future__ import annotations

from typing import Any

from salespulse.model.contract import SQL_TYPES, TABLES, Table

IMPORTS_DDL = """
CREATE TABLE IF NOT EXISTS _imports (
    import_id INTEGER PRIMARY KEY,
    table_name VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    rows BIGINT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    mode VARCHAR NOT NULL,
    mapping VARCHAR NOT NULL,
    warnings INTEGER NOT NULL
)
"""


def quote(name: str) -> str:
    """A SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def table_ddl(table: Table, name: str | None = None) -> str:
    cols = [f"{quote(c.name)} {SQL_TYPES[c.type]}" for c in table.stored]
    cols.append("_import_id INTEGER NOT NULL")
    cols.append("_line BIGINT")
    return f"CREATE TABLE IF NOT EXISTS {quote(name or table.name)} ({', '.join(cols)})"


def column_names(table: Table) -> list[str]:
    return [c.name for c in table.stored]


def existing_tables(con: Any) -> set[str]:
    """Names of the contract tables present in a DuckDB connection."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {r[0] for r in rows} & set(TABLES)


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def record_import(
    con: Any,
    *,
    import_id: int,
    table: str,
    file: str,
    sha256: str,
    size: int,
    rows: int,
    mode: str,
    mapping: dict[str, Any],
    warnings: int,
) -> None:
    """Add a row to `_imports` (inside the caller's transaction). Values are written as
    escaped literals: binding parameters would make DuckDB import pandas (~0.4 s)."""
    import json
    from datetime import datetime

    now = datetime.now().replace(microsecond=0).isoformat(sep=" ")
    values = [import_id, table, file, sha256, size, rows]
    sql = ", ".join(_literal(v) for v in values)
    con.execute(
        f"INSERT INTO _imports VALUES ({sql}, TIMESTAMP '{now}', {_literal(mode)}, "
        f"{_literal(json.dumps(mapping))}, {int(warnings)})"
    )


def add_new_columns(con: Any, table: Table) -> list[str]:
    """Add to a stored table the columns the contract gained since it was made (empty
    for the rows already there), inside the caller's transaction; returns their names.
    Rows are inserted by column name, so the new columns' place does not matter."""
    have = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns "
            f"WHERE table_schema = 'main' AND table_name = {_literal(table.name)}"
        ).fetchall()
    }
    added = [c for c in table.stored if have and c.name not in have]
    for col in added:
        con.execute(
            f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(col.name)} {SQL_TYPES[col.type]}"
        )
    return [c.name for c in added]
