"""The workspace's DuckDB file as the layers below the Workspace API see it: connections
(read-only ones side by side, a writer waiting its turn), repair on open, and the scratch
folder an import writes its temporary files to.

`salespulse.workspace.Workspace` is a `Database` with settings and the public API on top;
the import code (`salespulse.io`) takes a `Database` and the settings, never a Workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

    from salespulse.store_repair import Repair

DB_FILE = "salespulse.duckdb"
SCRATCH_DIR = ".scratch"


class Database:
    """The DuckDB file of the workspace folder `path`."""

    def __init__(self, path: Path, wait: float | None = None) -> None:
        from salespulse.locks import DEFAULT_WAIT

        self.path = path
        #: seconds to wait for a lock another process holds
        self.wait = DEFAULT_WAIT if wait is None else wait
        #: the repairs made when this workspace was opened (see `salespulse.store_repair`)
        self.repairs: list[Repair] = []

    @property
    def db_path(self) -> Path:
        return self.path / DB_FILE

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB connection to the workspace file, closed on exit. Read-only ones can run
        side by side; a lock held by another process is waited for (`self.wait` seconds)."""
        import duckdb

        from salespulse import locks
        from salespulse.store import IMPORTS_DDL

        if read_only and not self.db_path.exists():
            con = duckdb.connect()  # nothing stored yet: read an empty database, create none
            con.execute(IMPORTS_DDL)
        else:
            con = locks.open_database(self.db_path, read_only=read_only, wait=self.wait)
        try:
            if read_only:
                if self.db_path.exists() and not self.repair_checked():
                    # repair on open (see salespulse.store_repair)
                    if self._needs_repair(con):
                        con.close()
                        with self.connect():  # a write connection repairs, then closes
                            pass
                        con = locks.open_database(self.db_path, read_only=True, wait=self.wait)
                    else:
                        self._note_checked()
                yield con
            else:
                with locks.announced(self.path):
                    con.execute(IMPORTS_DDL)
                    # Repair on open: before anything reads (see salespulse.store_repair).
                    self._repair(con)
                    yield con
                    self._checkpoint_and_note(con)
        finally:
            con.close()

    def _needs_repair(self, con: Any) -> bool:
        from salespulse.store_repair import needs_repair

        return needs_repair(con)

    def repair_checked(self) -> bool:
        """Whether the file was found to need no repair and was not written since (then
        opening it skips the check: see salespulse.store_repair)."""
        from salespulse.store_repair import checked

        return checked(self.path, self.db_path)

    def _note_checked(self) -> None:
        from salespulse.store_repair import note_checked

        note_checked(self.path, self.db_path)

    def _checkpoint_and_note(self, con: Any) -> None:
        """At the normal end of a write connection (an import, an undo), write the file out
        whole (a checkpoint, which closing does anyway) and check it: found clean, it is
        noted, and the next command's open skips the check."""
        import duckdb

        try:
            con.execute("CHECKPOINT")
        except duckdb.Error:
            return  # (another transaction is open): not noted, the next open checks
        if not self._needs_repair(con):
            self._note_checked()

    def _repair(self, con: Any) -> None:
        """Migrate `_imports` and take out what an interrupted import left (logged to
        `repairs.log` in the workspace and reported once, as a `WorkspaceRepaired`
        warning)."""
        import warnings

        from salespulse.store import migrate
        from salespulse.store_repair import WorkspaceRepaired, repair

        migrate(con)
        done = repair(con, self.path, self.path / SCRATCH_DIR)
        if done is not None:
            self.repairs.append(done)
            warnings.warn(done.message, WorkspaceRepaired, stacklevel=4)

    def scratch_dir(self) -> Path:
        """A folder for an import's temporary files. Call it while holding the write
        connection: leftovers of an import that was killed are removed first."""
        import shutil

        folder = self.path / SCRATCH_DIR
        if folder.exists():
            for stale in folder.iterdir():
                if stale.is_dir() and not stale.is_symlink():
                    shutil.rmtree(stale, ignore_errors=True)
                else:  # an interrupted import's intent file (see store_repair)
                    stale.unlink(missing_ok=True)
        folder.mkdir(exist_ok=True)
        return folder

    def has_table(self, name: str) -> bool:
        from salespulse.store import existing_tables

        if not self.db_path.exists():
            return False
        with self.connect(read_only=True) as con:
            return name in existing_tables(con)
