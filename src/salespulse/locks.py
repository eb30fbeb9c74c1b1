"""Who holds the workspace. DuckDB lets one process write to a database file, or many
read it. A command that meets another's lock waits for it (with a spinner on a terminal)
and, if the lock is still held when its wait is over, names the command holding it.

While a process holds the write connection it leaves `HOLDER_FILE` in the workspace (its
pid, command line and start time), removed on close; one whose process has ended is
ignored. Readers leave no file (a shared folder may not be writable): DuckDB's own message
names the PID of the conflicting lock, and the command is read from /proc when it can be.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from salespulse.errors import UserError

if TYPE_CHECKING:
    import duckdb

HOLDER_FILE = ".salespulse-writer.json"
#: Seconds a command waits for a lock held by another one (`--wait SECONDS`).
DEFAULT_WAIT = 10.0
_POLL = 0.1
_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")
_CONFLICT = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")
#: Workspaces this process holds the write connection of (a count per folder).
_writing: Counter[Path] = Counter()


@dataclass(frozen=True)
class Holder:
    """The process holding a workspace's lock."""

    pid: int
    command: str
    #: when it took the lock (ISO time), "" when unknown
    started: str = ""
    #: "writing to", "reading" or "" when unknown
    doing: str = ""

    def __str__(self) -> str:
        since = f", since {self.started}" if self.started else ""
        return f"`{self.command}` (process {self.pid}{since})"


def command_line(argv: list[str] | None = None) -> str:
    """A process's command as a user typed it (`salespulse import ...` for the CLI), on one
    line of at most 160 characters. Without `argv`: this process's."""
    if argv is None:
        argv = _arguments_of(os.getpid()) or sys.argv
    args = [_PASSWORD.sub(r"\1***@", a) for a in argv]  # never show a password
    for i, arg in enumerate(args):
        if i < 2 and Path(arg).name == "salespulse":  # the program, or the script run
            args = ["salespulse", *args[i + 1 :]]
            break
        if arg == "-m" and args[i + 1 : i + 2] == ["salespulse"]:
            args = ["salespulse", *args[i + 2 :]]
            break
    text = " ".join(shlex.join(args).split()) or f"process {os.getpid()}"
    return text if len(text) <= 160 else text[:159] + "…"


def _arguments_of(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [a.decode(errors="replace") for a in raw.split(b"\0") if a] or None


def _alive(pid: int) -> bool:
    if os.name == "nt":  # signal 0 is CTRL_C_EVENT there: never send it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def _command_of(pid: int) -> str | None:
    args = _arguments_of(pid)
    return command_line(args) if args else None


def _recorded(folder: Path) -> Holder | None:
    """The writer recorded in the workspace, unless its process has ended."""
    try:
        data = json.loads((folder / HOLDER_FILE).read_text(encoding="utf-8"))
        holder = Holder(int(data["pid"]), str(data["command"]), str(data["started"]), "writing to")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return holder if _alive(holder.pid) else None


def holder(folder: Path, conflict: str = "") -> Holder | None:
    """Who holds the workspace's lock: the recorded writer, else the PID DuckDB names in
    `conflict` (its error message)."""
    found = _CONFLICT.search(conflict)
    recorded = _recorded(folder)
    if recorded is not None and (found is None or int(found[2]) == recorded.pid):
        return recorded
    if found is None:
        return None
    pid = int(found[2])
    # DuckDB adds "you would be able to open this database in read-only mode" when the
    # holder only reads.
    doing = "reading" if "read-only mode" in conflict else ""
    return Holder(pid, _command_of(pid) or Path(found[1]).name, "", doing)


@contextlib.contextmanager
def announced(folder: Path) -> Iterator[None]:
    """Record this process as the workspace's writer while the block runs."""
    path = folder / HOLDER_FILE
    _writing[folder] += 1
    try:
        if _writing[folder] == 1:
            record = {
                "pid": os.getpid(),
                "command": command_line(),
                "started": datetime.now().isoformat(sep=" ", timespec="seconds"),
            }
            with contextlib.suppress(OSError):  # naming the holder is a courtesy
                tmp = folder / f"{HOLDER_FILE}.{os.getpid()}"
                tmp.write_text(json.dumps(record), encoding="utf-8")
                os.replace(tmp, path)
        yield
    finally:
        _writing[folder] -= 1
        if _writing[folder] == 0:
            del _writing[folder]
            with contextlib.suppress(OSError):
                if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
                    path.unlink()


def open_database(
    db_path: Path, *, read_only: bool, wait: float = DEFAULT_WAIT
) -> duckdb.DuckDBPyConnection:
    """Connect to the workspace's DuckDB file, waiting up to `wait` seconds for a lock
    that another process holds. Errors are `UserError`s, never DuckDB's text."""
    import duckdb

    folder = db_path.parent
    if read_only and folder in _writing:
        read_only = False  # this process writes it: DuckDB allows one mode per process
    deadline = time.monotonic() + max(wait, 0.0)
    spinner = _Spinner(sys.stderr) if sys.stderr.isatty() else None
    try:
        while True:
            try:
                return duckdb.connect(str(db_path), read_only=read_only)
            except duckdb.IOException as exc:
                message = str(exc)
                if "Could not set lock" not in message:
                    raise _cannot_open(db_path, message, read_only) from None
                found = holder(folder, message)
                if time.monotonic() >= deadline:
                    raise _busy(folder, found, wait) from None
                if spinner is not None:
                    spinner.show(found, wait - (deadline - time.monotonic()))
                time.sleep(_POLL)
            except duckdb.ConnectionException:
                raise UserError(
                    f"This process is already reading the workspace {folder}, so it cannot "
                    "also write to it.",
                    fix="Close the open readers (engines, connections) before writing.",
                ) from None
    finally:
        if spinner is not None:
            spinner.clear()


def _busy(folder: Path, found: Holder | None, wait: float) -> UserError:
    waited = f"waited {wait:g} s"
    if found is None:
        message = f"The workspace {folder} is in use by another program ({waited})."
    else:
        doing = f" is {found.doing} it" if found.doing else " holds it"
        message = f"The workspace {folder} is busy: {found}{doing} ({waited})."
    return UserError(
        message,
        fix="Try again when it has finished, or wait longer with: salespulse --wait SECONDS ...",
    )


def _cannot_open(db_path: Path, message: str, read_only: bool) -> UserError:
    if not read_only and ("Read-only file system" in message or "Permission denied" in message):
        return UserError(
            f"The workspace {db_path.parent} can be read but not changed here "
            "(its folder or database file is read-only).",
            fix="Run read commands (tables, kpi, scorecard) here, or copy the workspace to "
            "a folder you can write to.",
        )
    reason = message.split("Error: ", 1)[-1].split(". See also", 1)[0]
    return UserError(
        f"Cannot open the workspace database {db_path}: {reason}.",
        fix="Check that the file is a salespulse workspace database and can be read.",
    )


class _Spinner:
    """A one-line spinner on a terminal while a command waits for a lock."""

    FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.frame = 0
        self.shown = False

    def show(self, found: Holder | None, waited: float) -> None:
        who = f"{found}{' is ' + found.doing + ' it' if found.doing else ''}" if found else ""
        text = f"Waiting for the workspace{': ' + who if who else ''} ({waited:.0f} s)"
        frame = self.FRAMES[self.frame % len(self.FRAMES)]
        self.frame += 1
        width = shutil.get_terminal_size().columns - 3
        if len(text) > width:
            text = text[: max(width - 1, 0)] + "…"
        self.stream.write(f"\r\033[K{frame} {text}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
