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

from salespulse.web.kept import KeptPages
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

    def peek(self, key: Hashable) -> Any:
        """The value kept for `key`, else None (never builds)."""
        with self._lock:
            return self._values.get(key)

    def __len__(self) -> int:
        return len(self._values)


def _installed() -> str:
    from importlib.metadata import version

    return version("salespulse")


class Served:
    """The served workspace (`ws`), its write connection held between `start` and
    `stop`, and the pages built from it."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self.ws: Workspace = open_workspace(
            settings.workspace.resolve(), create=False, wait=settings.wait
        )
        self.pages = PageCache()
        self.kept = KeptPages(self.ws.cache_dir / "web" / "pages")
        self._held = ExitStack()
        self._connection: Any = None
        self._lock = threading.Lock()
        #: held by an import or an undo (one writer at a time; pages read on)
        self.writing = threading.Lock()
        self._stamp: tuple[Any, ...] | None = None
        #: the workspace is held read-only (`WebSettings.read_only`): nothing is written
        self.read_only = settings.read_only
        self._version = ""

    def start(self, read_only: bool | None = None) -> None:
        """Take the workspace's write connection (waiting `wait` seconds for another
        program holding it; repairing what an interrupted import left), and keep it
        until `stop`. `read_only` (a report made from the pages, or `serve --read-only`;
        default: the settings') takes a read-only one: it can run beside other readers,
        and writes nothing."""
        if read_only is None:
            read_only = self.settings.read_only
        self.read_only = read_only
        self._connection = self._held.enter_context(self.ws.connect(read_only=read_only))
        if self.ws.repairs:  # what an interrupted import left was taken out: all anew
            self.kept.keep_only("")
        self.kept.keep_only(self.version())

    def stop(self) -> None:
        self._connection = None
        self._held.close()

    def _files(self) -> tuple[Any, ...]:
        """The DuckDB file's and its WAL's size, time and inode: any committed write
        changes one of them."""
        out = []
        for path in (self.ws.db_path, self.ws.db_path.with_name(self.ws.db_path.name + ".wal")):
            try:
                info = path.stat()
            except OSError:
                continue
            out.append((path.name, info.st_size, info.st_mtime_ns, info.st_ino))
        return tuple(out)

    def version(self) -> str:
        """The data version pages are kept by: the import records (`store.import_records`:
        every import and undo changes them — and while the server runs, nothing else
        writes the workspace), the settings and salespulse's version. Unlike
        `Workspace.data_version` it leaves out the files' times, which taking and
        releasing the write connection changes: pages kept on disk stay good across a
        restart. While the files are as they were it is the one read last (a stat);
        else the records are read on a cursor of the held connection."""
        from salespulse.store import import_records

        stamp = self._files()
        with self._lock:
            if self._connection is None:
                raise RuntimeError("the served workspace is not started")
            if stamp == self._stamp:
                return self._version
            cursor = self._connection.cursor()
        try:
            records = import_records(cursor)
        finally:
            cursor.close()
        version = repr((records, repr(self.ws.settings), _installed()))
        with self._lock:
            self._stamp, self._version = stamp, version
        return version

    def page(self, key: Hashable, build: Callable[[], T], kept: type[Any] | None = None) -> T:
        """The value `build` makes for `key` on the current data, kept in memory until
        the data changes — and on disk too when `kept` names its kind (a page model's
        class, or `str` for a page's HTML or JSON), so a restarted server finds it."""
        version = self.version()
        if kept is None:
            return self.pages.get((version, key), build)

        def load_or_build() -> T:
            found = self.kept.load(version, key, kept)
            if found is not None:
                return found  # type: ignore[no-any-return]
            value = build()
            self.kept.save(version, key, value)
            return value

        return self.pages.get((version, key), load_or_build)

    def kept_now(self, key: Hashable) -> Any:
        """The value kept in memory for `key` on the current data, else None."""
        return self.pages.peek((self.version(), key))

    @property
    def currency(self) -> str:
        return self.ws.settings.currency
