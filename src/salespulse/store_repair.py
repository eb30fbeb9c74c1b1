"""Repair on open: what an interrupted import left behind is taken out before anything reads.

The `_imports` record is an import's commit marker, written as the last statement of its
transaction. A row (of a table, or of an archive of replaced rows) whose `_import_id` has no
record belongs to an import that never committed: it is removed. Archived rows whose
`_replaced_by` has no record were taken out by such an import: they are put back (where
they are missing) and leave the archive. We do not rely on DuckDB's WAL alone: DuckDB 1.5
can bring back a large uncommitted insert when the process is killed during COMMIT
(upstream pull request 25931, "Fix uncommitted data recovered accidentally").

Before its transaction, an import writes a small intent file (table, file, mode, pid, time)
in the workspace's scratch folder and removes it after; a repair reads it to say which
import was interrupted. Each repair is appended to `repairs.log` in the workspace.

The check itself scans every table's import ids (~80 ms on the demo). When it finds
nothing to repair — on a reader's open, or at the normal end of a writer's connection (an
import, an undo; the file checkpointed first) — the file's state is noted (size, time and
inode of the DuckDB file and its WAL, taken while the connection's lock keeps other
writers out) in `CHECKED_FILE`; a later open whose file is in exactly that state (nothing
has written to it since) skips the scan. Any write, an interrupted one included, changes
the state, so the next open checks again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from salespulse.model.contract import TABLES
from salespulse.store import (
    all_columns,
    archive_name,
    existing_archives,
    existing_tables,
    file_state,
    main_tables,
    quote,
    table_ddl,
)

LOG_FILE = "repairs.log"
INTENT_PREFIX = "intent-"
#: The state of the file when a reader last found nothing to repair (in the workspace's
#: caches: safe to delete, and a workspace that cannot be written simply checks each time).
CHECKED_FILE = Path(".cache") / "repair-checked.json"
#: Bumped when `needs_repair` looks for something new: older notes are then not trusted.
CHECK_VERSION = 1
#: The imports whose rows count: recorded (committed) and not undone.
LIVE = "(SELECT import_id FROM _imports WHERE undone_at IS NULL)"
NOT_LIVE = f"NOT IN {LIVE}"


class WorkspaceRepaired(UserWarning):
    """Issued once when opening a workspace took out what an interrupted import left."""


@dataclass(frozen=True)
class Repair:
    """What one repair did: rows removed and rows put back, per table."""

    removed: dict[str, int]
    restored: dict[str, int]
    intent: dict[str, Any] | None

    @property
    def message(self) -> str:
        what = "An import (or an undo)"
        if self.intent:
            what = (
                f"An import of {Path(str(self.intent.get('file', '?'))).name} into "
                f"{self.intent.get('table') or 'a table'} ({self.intent.get('mode', 'append')}"
                f", started {self.intent.get('started', '?')})"
            )
        removed = sum(self.removed.values())
        restored = sum(self.restored.values())
        were = "was" if removed == 1 else "were"
        text = f"{what} was interrupted; its {_rows(removed)} {were} removed"
        if restored:
            back = "was" if restored == 1 else "were"
            text += f" and the {_rows(restored)} it had replaced {back} put back"
        return text + ": the workspace is as it was before that import."


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


def write_intent(scratch: Path, table: str, file: str, mode: str) -> Path:
    """Note, before an import's transaction, what is about to be imported."""
    started = datetime.now().replace(microsecond=0).isoformat(sep=" ", timespec="minutes")
    path = scratch / f"{INTENT_PREFIX}{os.getpid()}.json"
    data = {"table": table, "file": file, "mode": mode, "pid": os.getpid(), "started": started}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _latest_intent(scratch: Path) -> dict[str, Any] | None:
    if not scratch.is_dir():
        return None
    found = sorted(scratch.glob(f"{INTENT_PREFIX}*.json"), key=lambda p: p.stat().st_mtime)
    for path in reversed(found):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            return data
    return None


def needs_repair(con: Any) -> bool:
    """A cheap check: does any table hold an import id above the last one recorded (import
    ids only grow, and each import repairs before it takes the next one), or rows of an
    undone import (an undo that was interrupted)?"""
    names = main_tables(con)
    if "_imports" not in names:
        return False
    tables = existing_tables(con)
    archives = existing_archives(con)
    parts = [f"SELECT max(_import_id) AS i FROM {quote(t)}" for t in tables]
    for t in archives:
        a = quote(archive_name(t))
        parts.append(f"SELECT greatest(max(_import_id), max(_replaced_by)) AS i FROM {a}")
    if not parts:
        return False
    checks = [
        f"(SELECT max(i) FROM ({' UNION ALL '.join(parts)})) > "
        "(SELECT coalesce(max(import_id), 0) FROM _imports)"
    ]
    undone_column = con.execute(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = '_imports' "
        "AND column_name = 'undone_at'"
    ).fetchone()
    if undone_column and undone_column[0]:
        undone = "(SELECT import_id FROM _imports WHERE undone_at IS NOT NULL)"
        checks += [
            f"EXISTS (SELECT 1 FROM {quote(t)} WHERE _import_id IN {undone})" for t in tables
        ]
        checks += [
            f"EXISTS (SELECT 1 FROM {quote(archive_name(t))} WHERE _import_id IN {undone} "
            f"OR _replaced_by IN {undone})"
            for t in archives
        ]
    row = con.execute(f"SELECT {' OR '.join(checks)}").fetchone()
    return bool(row and row[0])


def checked(workspace: Path, db_path: Path) -> bool:
    """Whether a reader found nothing to repair in the file as it is now (not written
    since)."""
    try:
        noted = json.loads((workspace / CHECKED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(noted == _note(db_path))


def note_checked(workspace: Path, db_path: Path) -> None:
    """Note that the file as it is now needs no repair. Call it while holding the
    connection on which `needs_repair` was False (no other writer can change the file
    then)."""
    path = workspace / CHECKED_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
        tmp.write_text(json.dumps(_note(db_path)), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        return  # not noted: the next open checks again


def _note(db_path: Path) -> dict[str, Any]:
    return {"check": CHECK_VERSION, "files": [list(f) for f in file_state(db_path)]}


def repair(con: Any, workspace: Path, scratch: Path) -> Repair | None:
    """Take out what imports without a record left, in one transaction; None if nothing."""
    if not needs_repair(con):
        return None
    con.execute("BEGIN TRANSACTION")
    try:
        removed, restored = clean(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    done = Repair(removed, restored, _latest_intent(scratch))
    _log(workspace, done)
    for intent in scratch.glob(f"{INTENT_PREFIX}*.json") if scratch.is_dir() else ():
        intent.unlink(missing_ok=True)  # the interrupted import's: told once
    return done


def clean(con: Any) -> tuple[dict[str, int], dict[str, int]]:
    """Inside the caller's transaction: remove every row whose import is not live (no
    record, or undone) and put back the rows such imports replaced. Returns the rows
    removed and put back, per table. (Undoing an import is marking it undone, then this.)"""
    removed: dict[str, int] = {}
    restored: dict[str, int] = {}
    archives = existing_archives(con)
    for name in sorted(existing_tables(con) | archives):
        table = TABLES[name]
        con.execute(table_ddl(table))
        cols = ", ".join(all_columns(table))
        t = quote(name)
        if name in archives:
            a = quote(archive_name(name))
            back = con.execute(
                f"INSERT INTO {t} ({cols}) SELECT {cols} FROM {a} WHERE _replaced_by "
                f"{NOT_LIVE} AND _import_id IN {LIVE} EXCEPT ALL SELECT {cols} FROM {t} "
                f"WHERE _import_id IN (SELECT _import_id FROM {a} WHERE _replaced_by {NOT_LIVE})"
            ).fetchone()
            if back and back[0]:
                restored[name] = int(back[0])
            con.execute(f"DELETE FROM {a} WHERE _replaced_by {NOT_LIVE} OR _import_id {NOT_LIVE}")
        gone = con.execute(f"DELETE FROM {t} WHERE _import_id {NOT_LIVE}").fetchone()
        if gone and gone[0]:
            removed[name] = int(gone[0])
    return removed, restored


def _log(workspace: Path, done: Repair) -> None:
    now = datetime.now().replace(microsecond=0).isoformat(sep=" ")
    line = json.dumps(
        {"at": now, "removed": done.removed, "restored": done.restored, "intent": done.intent}
    )
    with (workspace / LOG_FILE).open("a", encoding="utf-8") as handle:
        handle.write(f"{now} {done.message}\n  {line}\n")
