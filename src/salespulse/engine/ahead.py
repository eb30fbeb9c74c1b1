"""Statements run while the next is built, and side by side: on DuckDB, `Ahead` runs each
compiled statement on a connection of its own to the same database, in threads of their
own, while the engine builds and compiles the next one (DuckDB lets go of Python's lock
while it runs a statement), then turns each result into rows as it arrives.

- A first command in a new workspace, which builds every statement, pays about the
  larger of building and running rather than their sum.
- Statements run `STATEMENTS_AT_ONCE` at a time: DuckDB splits one statement's scan of a
  table by row groups (about 122,000 rows), so over small tables a statement leaves
  part of the cores idle. Measured at the demo's size this gains little (a warm
  scorecard's median 0.35 -> 0.31 s); the gain is running while building.

PostgreSQL and Spark run the engine's statements one by one (`Engine.outcomes`)."""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from salespulse.engine.sources import Source

#: Statements run side by side (each on a connection of its own): one per core, at most 4.
STATEMENTS_AT_ONCE = max(1, min(4, os.cpu_count() or 1))


class Ahead:
    """Runs statements of `source` (DuckDB) ahead of their use; close it (a `with`
    block) to wait for — or, after an error, stop — what is still running."""

    def __init__(self, source: Source, at_once: int = STATEMENTS_AT_ONCE) -> None:
        self._source = source
        self._at_once = at_once
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[Any]] = []
        self._cursors: list[Any] = []
        self._free: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._local = threading.local()
        self._stopping = False

    def arrow(self, sql: str, params: dict[str, Any]) -> Callable[[], Any]:
        """Start `sql` with `params` bound; the returned call waits for its Arrow table
        (and raises what running it raised)."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._at_once, thread_name_prefix="salespulse-sql")
        if len(self._cursors) < self._at_once:  # one per thread, opened here (see _cursor)
            self._cursors.append(self._source.database.cursor())
            self._free.put(self._cursors[-1])
        future = self._pool.submit(self._run, sql, params)
        self._pending.append(future)
        return future.result

    def _run(self, sql: str, params: dict[str, Any]) -> Any:
        if self._stopping:
            raise _stopped()
        # (binding any parameter makes DuckDB import pandas: bind only when needed)
        return self._cursor().execute(sql, params or None).to_arrow_table()

    def _cursor(self) -> Any:
        """This thread's own connection to the source's database: one of those the
        caller's thread opened (never opened here, beside the caller's own statements
        on the connection they come from), a thread never having more than its one."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self._free.get()
        return cursor

    def close(self, failed: bool = False) -> None:
        """Wait for what is still running; after a failure (`failed`), stop it instead:
        nobody reads it now."""
        if self._pool is None:
            return
        if failed:
            self._stopping = True
            for future in self._pending:
                future.cancel()  # (those not started)
            while not all(f.done() for f in self._pending):
                for cursor in self._cursors:
                    cursor.interrupt()
                wait(self._pending, timeout=0.05)  # (a statement that had not begun yet)
        self._pool.shutdown(wait=True)
        for cursor in self._cursors:
            cursor.close()
        # (ready to be used again: nothing of the closed connections is kept)
        self._pool, self._cursors, self._pending = None, [], []
        self._free, self._local, self._stopping = queue.SimpleQueue(), threading.local(), False

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.close(failed=kind is not None)


def _stopped() -> Exception:
    import duckdb

    return duckdb.InterruptException("stopped: the command failed before it was read")
