"""The list of imports, and undoing one.

Every import keeps its record in `_imports` for good (ids are never reused); undoing one
marks it undone, removes its rows and puts back the rows it replaced, in one transaction
(see `salespulse.store_repair.clean`, which also finishes an undo that was interrupted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from salespulse.errors import UserError
from salespulse.store_repair import clean


@dataclass(frozen=True)
class ImportRecord:
    """One import, as `salespulse imports` lists it."""

    id: int
    table: str
    file: str
    rows: int
    mode: str
    at: datetime
    user: str | None
    as_of: date | None
    undone_at: datetime | None

    @property
    def undone(self) -> bool:
        return self.undone_at is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "table": self.table,
            "file": self.file,
            "rows": self.rows,
            "mode": self.mode,
            "at": self.at.isoformat(sep=" "),
            "user": self.user,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "undone": self.undone,
            "undone_at": self.undone_at.isoformat(sep=" ") if self.undone_at else None,
        }


@dataclass(frozen=True)
class Undone:
    """What undoing an import did."""

    record: ImportRecord
    removed: dict[str, int]
    restored: dict[str, int]

    @property
    def message(self) -> str:
        gone = ", ".join(f"{_rows(n)} from {t}" for t, n in sorted(self.removed.items()))
        text = (
            f"Undid import {self.record.id} ({self.record.mode} of "
            f"{Path(self.record.file).name} into "
            f"{self.record.table}): removed {gone or 'no rows'}"
        )
        if self.restored:
            back = ", ".join(f"{_rows(n)} in {t}" for t, n in sorted(self.restored.items()))
            text += f"; put back the {back} it had replaced"
        return text + "."


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


_COLUMNS = "import_id, table_name, file, rows, mode, imported_at, os_user, as_of, undone_at"


def list_imports(con: Any) -> list[ImportRecord]:
    """Every import recorded in the workspace, oldest first (undone ones included). A
    workspace made by an older version, opened read-only, lacks the later columns: they
    read as empty."""
    present = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = '_imports'"
        ).fetchall()
    }
    if not present:
        return []
    cols = ", ".join(c if c in present else "NULL" for c in _COLUMNS.split(", "))
    rows = con.execute(f"SELECT {cols} FROM _imports ORDER BY import_id").fetchall()
    return [ImportRecord(*r) for r in rows]


def undo(con: Any, import_id: int) -> Undone:
    """Undo one import in one transaction (the caller holds a write connection)."""
    found = con.execute(
        f"SELECT {_COLUMNS} FROM _imports WHERE import_id = {int(import_id)}"
    ).fetchone()
    if found is None:
        raise UserError(
            f"There is no import {import_id} in this workspace.",
            fix="salespulse imports lists the imports and their ids.",
        )
    record = ImportRecord(*found)
    if record.undone_at is not None:
        raise UserError(
            f"Import {import_id} ({record.file}) was already undone on "
            f"{record.undone_at:%Y-%m-%d %H:%M}.",
            fix="Nothing to do; import the file again to bring its rows back.",
        )
    if record.mode != "append":
        later = con.execute(
            "SELECT list(import_id ORDER BY import_id) FROM _imports WHERE undone_at IS NULL "
            f"AND table_name = '{_table(record.table)}' AND import_id > {int(import_id)}"
        ).fetchone()
        if later and later[0]:
            ids = ", ".join(str(i) for i in later[0])
            raise UserError(
                f"Import {import_id} ({record.mode} of {record.file}) cannot be undone on its "
                f"own: later imports into {record.table} ({ids}) were made on top of it, and "
                "the rows it replaced would clash with theirs.",
                fix=f"Undo the later imports first (newest first): salespulse imports undo "
                f"{later[0][-1]}",
            )
    con.execute("BEGIN TRANSACTION")
    try:
        # The mark first: if the undo is interrupted, the repair on open finishes it.
        now = datetime.now().replace(microsecond=0).isoformat(sep=" ")
        con.execute(
            f"UPDATE _imports SET undone_at = TIMESTAMP '{now}' WHERE import_id = {int(import_id)}"
        )
        removed, restored = clean(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return Undone(record, removed, restored)


def _table(name: str) -> str:
    from salespulse.model.contract import TABLES

    assert name in TABLES, name
    return name
