"""How the canonical tables are laid out in the workspace's DuckDB file.

Each contract table is stored under its own name with its stored columns (in contract
order) plus `_import_id`, the import that brought the row, and `_line`, the row's line
in that file (so any number can be traced back to the lines it came from). `_imports` records every
import: file, content hash, rows, time, mode, the column mapping used, the OS user, the
as-of date and, once undone, when.

The `_imports` record is the commit marker: a row whose `_import_id` has no record belongs to
an import that never committed (see `salespulse.store_repair`). Rows that a replace or an
upsert took out of a table are kept in its archive `_replaced_<table>` (the table's columns
plus `_replaced_by`, the import that replaced them), so that the import can be undone.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
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

#: Columns added after the first release: `ALTER TABLE ... ADD COLUMN IF NOT EXISTS` migrates
#: a workspace made by an older version when it is opened for writing.
IMPORTS_MIGRATIONS = (
    ("os_user", "VARCHAR"),
    ("as_of", "DATE"),
    ("undone_at", "TIMESTAMP"),
)

ARCHIVE_PREFIX = "_replaced_"


def migrate(con: Any) -> None:
    """Create `_imports` if missing and add the columns later versions record."""
    con.execute(IMPORTS_DDL)
    for name, kind in IMPORTS_MIGRATIONS:
        con.execute(f"ALTER TABLE _imports ADD COLUMN IF NOT EXISTS {quote(name)} {kind}")


def archive_name(table: str) -> str:
    """The table keeping the rows that replaces and upserts took out of `table`."""
    return ARCHIVE_PREFIX + table


def archive_ddl(table: Table) -> str:
    cols = [f"{quote(c.name)} {SQL_TYPES[c.type]}" for c in table.stored]
    cols += ["_import_id INTEGER NOT NULL", "_line BIGINT", "_replaced_by INTEGER NOT NULL"]
    return f"CREATE TABLE IF NOT EXISTS {quote(archive_name(table.name))} ({', '.join(cols)})"


def all_columns(table: Table) -> list[str]:
    """Every column of a stored table, quoted, in order: the contract's, then the import's."""
    return [quote(c) for c in column_names(table)] + ["_import_id", "_line"]


def quote(name: str) -> str:
    """A SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def table_ddl(table: Table, name: str | None = None) -> str:
    cols = [f"{quote(c.name)} {SQL_TYPES[c.type]}" for c in table.stored]
    cols.append("_import_id INTEGER NOT NULL")
    cols.append("_line BIGINT")
    return f"CREATE TABLE IF NOT EXISTS {quote(name or table.name)} ({', '.join(cols)})"


def add_missing_columns(con: Any, table: Table, name: str | None = None) -> list[str]:
    """A table (or its archive, `name`) stored by an earlier version may lack columns the
    contract has gained since (e.g. the sales money columns): add them, empty, so that
    imports and KPIs find every column. Rows are always written by column name."""
    stored = quote(name or table.name)
    have = {r[0] for r in con.execute(f"DESCRIBE {stored}").fetchall()}
    added = [c for c in table.stored if c.name not in have]
    for col in added:
        con.execute(f"ALTER TABLE {stored} ADD COLUMN {quote(col.name)} {SQL_TYPES[col.type]}")
    return [c.name for c in added]


def column_names(table: Table) -> list[str]:
    return [c.name for c in table.stored]


def existing_tables(con: Any) -> set[str]:
    """Names of the contract tables present in a DuckDB connection."""
    return main_tables(con) & set(TABLES)


def existing_archives(con: Any) -> set[str]:
    """Names of the contract tables that have an archive of replaced rows."""
    return {
        t[len(ARCHIVE_PREFIX) :] for t in main_tables(con) if t.startswith(ARCHIVE_PREFIX)
    } & set(TABLES)


def main_tables(con: Any) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {r[0] for r in rows}


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def os_user() -> str:
    """The OS user running salespulse (recorded with each import)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some containers)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


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
    as_of: date | None = None,
    user: str | None = None,
) -> None:
    """Add a row to `_imports` (inside the caller's transaction, as its last statement: the
    record is the import's commit marker); `user` who imports (default the OS user).
    Values are written as escaped literals: binding parameters would make DuckDB import
    pandas (~0.4 s)."""
    import json
    from datetime import datetime

    now = datetime.now().replace(microsecond=0).isoformat(sep=" ")
    values = [import_id, table, file, sha256, size, rows]
    sql = ", ".join(_literal(v) for v in values)
    day = f"DATE '{as_of.isoformat()}'" if as_of else "NULL"
    con.execute(
        "INSERT INTO _imports (import_id, table_name, file, sha256, size_bytes, rows, "
        "imported_at, mode, mapping, warnings, os_user, as_of) "
        f"VALUES ({sql}, TIMESTAMP '{now}', {_literal(mode)}, "
        f"{_literal(json.dumps(mapping))}, {int(warnings)}, {_literal(user or os_user())}, {day})"
    )


def import_records(con: Any) -> Any:
    """What the import records are at this moment: their count, the last id, and how many
    were undone and when last — any committed import or undo changes it."""
    if "_imports" not in main_tables(con):
        return ()
    return con.execute(
        "SELECT count(*), max(import_id), count(undone_at), max(undone_at) FROM _imports"
    ).fetchone()


def data_version(con: Any, db_path: Path) -> str:
    """What the stored data is at this moment: the import records (ids are never reused;
    an undo stamps its record) and the DuckDB files' sizes and modification times, which
    any committed write — an import, an undo, a repair — changes. Results are cached per
    data version (`engine/cache.py`)."""
    return repr((import_records(con), file_state(db_path)))


def file_state(db_path: Path) -> list[tuple[str, int, int, int]]:
    """The DuckDB file's and its WAL's size, modification time and inode: any write
    changes them."""
    files = []
    for path in (db_path, db_path.with_name(db_path.name + ".wal")):
        if path.exists():
            info = path.stat()
            files.append((path.name, info.st_size, info.st_mtime_ns, info.st_ino))
    return files
