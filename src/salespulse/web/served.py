"""The workspace a server serves, opened once for the server's life.

The server is the one process writing the workspace while it runs: it holds DuckDB's
write connection from start to stop (`Database.connect()`, which records it as the
writer, so another command waiting for the workspace names `salespulse serve`). Every
page reads through connections of its own to the same database in this process
(`locks.open_database` opens them on the writer's instance), so readers never meet a
lock and see the data as it was last committed (DuckDB's MVCC).

Pages are kept per data version (`PageCache`): a page asked for again on unchanged data
is served from memory; any committed import or undo changes the version."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import ExitStack
from typing import Any, TypeVar

from salespulse.web.settings import WebSettings
from salespulse.workspace import Workspace
from salespulse.workspace import open as open_workspace

T = TypeVar("T")
#: Pages kept in memory (each a page model or its HTML) before the oldest goes.
KEPT = 512


class PageCache:
    """Values by key, the oldest dropped beyond `size`; a value asked for by several
    requests at once is built once (the others wait for it)."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[no-any-return]
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                if key in self._values:
                    return self._values[key]  # type: ignore[no-any-return]
            value = build()
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
                self._building.pop(key, None)
            return value

    def __len__(self) -> int:
        return len(self._values)


class Served:
    """The served workspace (`ws`), its write connection held between `start` and
    `stop`, and the pages built from it."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self.ws: Workspace = open_workspace(
            settings.workspace.resolve(), create=False, wait=settings.wait
        )
        self.pages = PageCache()
        self._held = ExitStack()
        self._connection: Any = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Take the workspace's write connection (waiting `wait` seconds for another
        program holding it; repairing what an interrupted import left), and keep it
        until `stop`."""
        self._connection = self._held.enter_context(self.ws.connect())

    def stop(self) -> None:
        self._connection = None
        self._held.close()

    def version(self) -> str:
        """The data version pages are kept by (`store.data_version`, read on a cursor of
        the held connection: a few milliseconds, no repair check — the workspace was
        checked when the server took it)."""
        from salespulse.store import data_version

        with self._lock:
            if self._connection is None:
                raise RuntimeError("the served workspace is not started")
            cursor = self._connection.cursor()
        try:
            return data_version(cursor, self.ws.db_path)
        finally:
            cursor.close()

    def page(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value `build` makes for `key` on the current data, kept until it changes."""
        return self.pages.get((self.version(), key), build)

    @property
    def currency(self) -> str:
        return self.ws.settings.currency
