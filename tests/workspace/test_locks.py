"""Locks: read commands run side by side, a command meeting a held lock waits and then
names the holder, and a read-only workspace can be read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import salespulse
from salespulse import locks
from tests.workspace.common import salespulse as run
from tests.workspace.common import start, write_sales

ROWS = [
    ("2025-01-06", "A", 2, 10.0, "ana"),
    ("2025-01-20", "B", 1, 5.5, "bo"),
    ("2025-02-03", "A", 3, 15.0, "ana"),
    ("2025-02-17", "C", 4, 40.0, "bo"),
]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four sales rows imported once with the command, as a user would."""
    folder = tmp_path_factory.mktemp("locks")
    ws = folder / "ws"
    result = run(ws, "import", "sales", str(write_sales(folder / "sales.csv", ROWS)))
    assert result.returncode == 0, result.stderr
    return ws


@pytest.fixture
def filled(imported: Path, tmp_path: Path) -> Path:
    """This test's own copy of the imported workspace: it may lock it and write to it."""
    return Path(shutil.copytree(imported, tmp_path / "ws"))


@pytest.mark.slow
def test_five_read_commands_run_together(filled: Path) -> None:
    commands = [
        ("tables", "--format", "json"),
        ("kpi", "revenue", "--format", "json"),
        ("kpi", "units", "--by", "rep", "--format", "json"),
        ("scorecard", "--format", "json"),
        ("tables", "--format", "csv"),
    ]
    procs = [start(filled, "--wait", "0", *args) for args in commands]
    results = [(p, *p.communicate(timeout=60)) for p in procs]
    for proc, _, err in results:
        assert proc.returncode == 0, err
    assert json.loads(results[0][1])[0]["rows"] == len(ROWS)
    [revenue] = json.loads(results[1][1])
    assert revenue["value"] == pytest.approx(sum(r[3] for r in ROWS))
    units = {r["rep"]: r["value"] for r in json.loads(results[2][1])}
    assert units == {"ana": 5, "bo": 5}


def _wait_for_writer(ws: Path, proc: subprocess.Popen[str], limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while not (ws / locks.HOLDER_FILE).exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the import never took the write lock"
        time.sleep(0.01)


@pytest.mark.slow
def test_a_read_during_a_long_import_waits_then_answers(tmp_path: Path) -> None:
    import duckdb

    big = tmp_path / "big.csv"
    rows = 1_000_000
    duckdb.sql(
        f"COPY (SELECT DATE '2025-01-01' + (i % 300)::INT AS date, 'P' || (i % 50) AS product, "
        f"i % 7 + 1 AS quantity, (i % 7 + 1) * 10 AS amount FROM range({rows}) t(i)) "
        f"TO '{big.as_posix()}' (HEADER)"
    )
    expected = sum((i % 7 + 1) * 10 for i in range(rows))
    ws = tmp_path / "ws"
    assert run(ws, "init").returncode == 0
    importer = start(ws, "import", "sales", str(big))
    _wait_for_writer(ws, importer)
    began = time.monotonic()
    reader = run(ws, "--wait", "60", "kpi", "revenue", "--format", "json")
    waited = time.monotonic() - began
    _, err = importer.communicate(timeout=60)
    assert importer.returncode == 0, err
    assert reader.returncode == 0, reader.stderr
    [revenue] = json.loads(reader.stdout)
    assert revenue["value"] == expected and revenue["n"] == rows
    assert waited > 0.2


def test_a_writer_meeting_a_held_lock_names_the_holder(filled: Path) -> None:
    ws = salespulse.open(filled)
    extra = write_sales(filled.parent / "more.csv", [("2025-03-03", "A", 1, 1.0, "ana")])
    with ws.connect():
        holder = json.loads((filled / locks.HOLDER_FILE).read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid()
        began = time.monotonic()
        result = run(filled, "--wait", "1", "import", "sales", str(extra))
        assert time.monotonic() - began >= 1
    assert not (filled / locks.HOLDER_FILE).exists()
    assert result.returncode == 1
    assert f"(process {os.getpid()}, since " in result.stderr
    assert "is writing to it (waited 1 s)" in result.stderr
    assert "--wait SECONDS" in result.stderr
    assert "IO Error" not in result.stderr and "Conflicting lock" not in result.stderr
    # once the lock is released, the same import goes through
    assert run(filled, "--wait", "1", "import", "sales", str(extra)).returncode == 0


def test_a_writer_meeting_readers_names_the_reading_process(filled: Path) -> None:
    ws = salespulse.open(filled)
    extra = write_sales(filled.parent / "more.csv", [("2025-03-03", "A", 1, 1.0, "ana")])
    with ws.connect(read_only=True):
        result = run(filled, "--wait", "0.3", "import", "sales", str(extra))
    assert result.returncode == 1
    assert f"(process {os.getpid()}) is reading it" in result.stderr
    assert "IO Error" not in result.stderr


def test_a_stale_holder_file_is_ignored(tmp_path: Path) -> None:
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    record = {"pid": int(ended.stdout), "command": "salespulse import x", "started": "then"}
    (tmp_path / locks.HOLDER_FILE).write_text(json.dumps(record), encoding="utf-8")
    assert locks.holder(tmp_path) is None
    message = "Conflicting lock is held in /usr/bin/python3 (PID 4242). See also ..."
    found = locks.holder(tmp_path, message)
    assert found is not None and found.pid == 4242
    # a workspace left with a stale file still opens and writes, and cleans it up
    ws = salespulse.open(tmp_path / "ws")
    (ws.path / locks.HOLDER_FILE).write_text(json.dumps(record), encoding="utf-8")
    with ws.connect():
        assert json.loads((ws.path / locks.HOLDER_FILE).read_text())["pid"] == os.getpid()
    assert not (ws.path / locks.HOLDER_FILE).exists()


def test_the_holder_is_named_as_typed() -> None:
    assert (
        locks.command_line(["/usr/bin/python3", "-m", "salespulse", "-w", "my ws", "tables"])
        == "salespulse -w 'my ws' tables"
    )
    assert locks.command_line(["/venv/bin/salespulse", "import", "a.csv"]) == (
        "salespulse import a.csv"
    )
    assert locks.command_line(["python3", "job.py", "-w", "salespulse"]) == (
        "python3 job.py -w salespulse"
    )
    shown = locks.command_line(["salespulse", "kpi", "x", "--source", "postgresql://u:s3cr3t@h/db"])
    assert "s3cr3t" not in shown and "postgresql://u:***@h/db" in shown


def _mount_read_only(source: Path, target: Path) -> None:
    target.mkdir()
    subprocess.run(["mount", "--bind", str(source), str(target)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], check=True)
    except subprocess.CalledProcessError:
        subprocess.run(["umount", str(target)], check=False)
        raise


@pytest.mark.skipif(os.geteuid() != 0, reason="a read-only bind mount needs root")
def test_a_read_only_workspace_can_be_read(filled: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    try:
        _mount_read_only(filled, shared)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot make a read-only bind mount here: {exc}")
    try:
        with pytest.raises(OSError):
            (shared / "probe").write_text("x")
        tables = run(shared, "tables", "--format", "json")
        assert tables.returncode == 0, tables.stderr
        assert json.loads(tables.stdout)[0]["rows"] == len(ROWS)
        kpi = run(shared, "kpi", "revenue", "--format", "json")
        assert kpi.returncode == 0, kpi.stderr
        assert json.loads(kpi.stdout)[0]["value"] == pytest.approx(sum(r[3] for r in ROWS))
        extra = write_sales(tmp_path / "more.csv", [("2025-03-03", "A", 1, 1.0, "ana")])
        refused = run(shared, "import", "sales", str(extra))
        assert refused.returncode == 1
        assert "can be read but not changed here" in refused.stderr, refused.stderr
        assert "unexpected problem" not in refused.stderr
    finally:
        subprocess.run(["umount", str(shared)], check=False)


def test_a_waiting_command_shows_a_spinner_on_a_terminal(filled: Path) -> None:
    import pty

    from tests.workspace.common import command, environment

    ws = salespulse.open(filled)
    master, slave = pty.openpty()
    try:
        with ws.connect():
            proc = subprocess.run(
                command(filled, "--wait", "0.6", "tables"),
                stdout=subprocess.PIPE,
                stderr=slave,
                env=environment(),
                timeout=60,
                check=False,
            )
        os.close(slave)
        slave = -1
        shown = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal's other end is closed: all was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
        if slave != -1:
            os.close(slave)
    text = shown.decode(errors="replace")
    assert proc.returncode == 1
    assert "Waiting for the workspace: `" in text and "is writing to it" in text
    assert "\r\x1b[K" in text  # the spinner line is cleared before the error
