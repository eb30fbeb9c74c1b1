"""Storing tables that are already canonical (the demo generator's chunks), in one
transaction, recorded in `_imports` like any import."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from salespulse.model.contract import TABLES
from salespulse.store import quote, record_import, table_ddl

if TYPE_CHECKING:
    from salespulse.database import Database


def store(
    db: Database,
    chunks: Iterable[tuple[str, Any]],
    source: str,
    progress: Callable[[str, int], None] | None = None,
    drop: Sequence[str] = (),
) -> dict[str, int]:
    """Replace the tables named in `chunks` (pairs of table name and Arrow table with the
    contract's stored columns) with their rows, and take out the tables `drop` names; all
    or nothing. Returns rows per table."""
    rows: dict[str, int] = {}
    ids: dict[str, int] = {}
    with db.connect() as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for name in drop:
                con.execute(f"DROP TABLE IF EXISTS {quote(TABLES[name].name)}")
            for name, chunk in chunks:
                table = TABLES[name]
                if name not in ids:
                    con.execute(f"DROP TABLE IF EXISTS {quote(name)}")
                    con.execute(table_ddl(table))
                    first = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM _imports")
                    ids[name] = int(first.fetchone()[0]) + len(ids)  # type: ignore[index]
                    rows[name] = 0
                cols = ", ".join(quote(c.name) for c in table.stored)
                con.register("_chunk", chunk)
                con.execute(
                    f"INSERT INTO {quote(name)} SELECT {cols}, {ids[name]}, "
                    f"{rows[name]} + row_number() OVER () FROM _chunk"
                )
                con.unregister("_chunk")
                rows[name] += chunk.num_rows
                if progress:
                    progress(name, rows[name])
            for name, import_id in ids.items():
                record_import(
                    con,
                    import_id=import_id,
                    table=name,
                    file=source,
                    sha256="",
                    size=0,
                    rows=rows[name],
                    mode="replace",
                    mapping={"generated": True},
                    warnings=0,
                )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return rows
