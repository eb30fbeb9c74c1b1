"""The report commands' output, kept per data version: run again on unchanged data, a
command prints what it printed before without computing anything (nor importing Ibis or
pandas), so everyday commands answer at once.

The key is everything the output depends on: the command and its options, the
workspace, its data version (any import, undo or repair changes it), its settings,
today's date, the salespulse version, and how the output is shown (terminal or not,
its width, colour). Nothing is kept when the command fails, writes a file or the app
database (`coach stretch --accept`), reads the app database while it is in use (`coach
one-on-one`), or reads another source than the workspace's own file."""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar, overload

import click

from salespulse.cli.workspace_option import (
    backend_option,
    open_workspace,
    source_option,
    spark_master_option,
)

F = TypeVar("F", bound=Callable[..., Any])

#: Where a command keeps its --backend and --source for `open_reading`.
READING = "salespulse.reading"

#: Environment variables that change how Rich draws the output.
_DISPLAY_ENV = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM")


class _Tee:
    """A text stream that writes through to `stream` and keeps a copy."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.kept: list[str] = []

    def write(self, text: str) -> int:
        written = int(self._stream.write(text))  # (click probes with bytes: that raises)
        self.kept.append(text)
        return written

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, flush, ...
        return getattr(self._stream, name)


def _key(ctx: click.Context, ws: Any, version: str) -> str:
    from salespulse.engine.cache import digest, versions

    stdout = sys.stdout
    display = (
        stdout.isatty(),
        shutil.get_terminal_size().columns,
        {name: os.environ.get(name) for name in _DISPLAY_ENV},
    )
    params = sorted((k, repr(v)) for k, v in ctx.params.items())
    return digest(
        versions(),
        ctx.command_path,
        params,
        str(ws.path.resolve()),
        version,
        repr(ws.settings),
        date.today().isoformat(),
        display,
    )


@overload
def report_options(command: F) -> F: ...
@overload
def report_options(*, app_data: bool) -> Callable[[F], F]: ...
def report_options(command: F | None = None, *, app_data: bool = False) -> Any:
    """Give a report command `--backend`, `--source` and `--spark-master` (kept in
    `ctx.meta[READING]`) and keep its output (stdout and stderr) per data version,
    replaying it on a rerun. `@report_options(app_data=True)`: the command also reads
    the app database (the one-on-one packet), which changes without the data version:
    its output is not kept while the app database is in use."""
    if command is None:
        return functools.partial(report_options, app_data=app_data)

    @functools.wraps(command)
    def run(
        *args: Any, backend: str, source: str | None, spark_master: str | None, **kwargs: Any
    ) -> Any:
        ctx = click.get_current_context()
        ctx.meta[READING] = (backend, source, spark_master)
        writes = kwargs.get("out") or kwargs.get("out_path") or kwargs.get("accept")
        if writes or source or backend != "duckdb":
            return command(*args, **kwargs)
        ws = open_workspace(ctx)
        version = ws.data_version()
        if version is None or (
            app_data and ws.app_in_use((ctx.find_root().obj or {}).get("app_db"))
        ):
            return command(*args, **kwargs)
        from salespulse.engine.cache import QueryCache

        cache = QueryCache(ws.cache_dir)
        key = _key(ctx, ws, version)
        kept = cache.read("output", key)
        if kept is not None and isinstance(kept.get("stdout"), str):
            sys.stderr.write(str(kept.get("stderr", "")))
            sys.stdout.write(kept["stdout"])
            sys.stdout.flush()  # as click.echo does: a wrapped stream sees it at once
            return None
        out, err = _Tee(sys.stdout), _Tee(sys.stderr)
        sys.stdout, sys.stderr = out, err
        try:
            value = command(*args, **kwargs)
        finally:
            sys.stdout, sys.stderr = out._stream, err._stream
        cache.write("output", key, {"stdout": "".join(out.kept), "stderr": "".join(err.kept)})
        return value

    return backend_option(source_option(spark_master_option(run)))
