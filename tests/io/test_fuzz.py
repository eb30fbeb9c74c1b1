"""Malformed and random bytes through every reader: a clear message each time, never a
traceback, and the workspace unchanged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import salespulse
from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from tests.io.writers import write_table

SUFFIXES = [".csv", ".tsv", ".xlsx", ".parquet", ".jsonl", ".txt"]


def stored_state(ws: salespulse.Workspace) -> list[tuple[str, int]]:
    with ws.connect(read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables ORDER BY 1"
            ).fetchall()
        ]
        return [(t, con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> salespulse.Workspace:
    folder = tmp_path_factory.mktemp("fuzz")
    ws = salespulse.open(folder / "ws")
    ws.import_file(
        "sales",
        write_table(folder / "seed", ["date", "product", "quantity"], [["2025-01-01", "x", "1"]]),
    )
    return ws


def run_cli(ws: salespulse.Workspace, *args: str) -> int:
    return run_safely(cli, ["--workspace", str(ws.path), *args])


def check(ws: salespulse.Workspace, path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    before = stored_state(ws)
    for command in (
        ["validate", "sales", str(path)],
        ["import", "deals", str(path)],
        ["import", str(path)],
    ):
        code = run_cli(ws, *command)
        out, err = capfd.readouterr()
        assert "Traceback" not in out + err
        assert code in (0, 2), (command, code, out, err)
        if code == 2:
            assert stored_state(ws) == before
            assert "Nothing was stored" in out or "Error" in err
        else:
            before = stored_state(ws)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(
    seeded: salespulse.Workspace,
    tmp_path_factory: pytest.TempPathFactory,
    data: bytes,
    suffix: str,
    capfd: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    path = folder / f"{hashlib.sha1(data).hexdigest()}{suffix}"
    path.write_bytes(data)
    check(seeded, path, capfd)


VALID = {
    ".csv": lambda p: write_table(
        p,
        ["Opportunity ID", "Owner", "Stage", "Amount"],
        [["1", "a", "Closed Won", "$1,000"], ["2", "b", "Open", "5"]],
    ),
    ".xlsx": lambda p: write_table(
        p, ["date", "product", "quantity"], [["2025-01-01", "x", 1]] * 5, fmt="xlsx"
    ),
    ".parquet": lambda p: write_table(
        p, ["date", "product", "quantity"], [["2025-01-01", "x", 1]] * 5, fmt="parquet"
    ),
    ".jsonl": lambda p: write_table(
        p, ["date", "product", "quantity"], [["2025-01-01", "x", 1]] * 5, fmt="jsonl"
    ),
}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    suffix=st.sampled_from(list(VALID)),
    cut=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=6),
)
def test_mutated_valid_files(
    seeded: salespulse.Workspace,
    tmp_path_factory: pytest.TempPathFactory,
    suffix: str,
    cut: float,
    flips: list[tuple[float, int]],
    capfd: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path_factory.mktemp("mutated")
    path = VALID[suffix](folder / "file")
    data = bytearray(path.read_bytes())
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    path.write_bytes(bytes(data[: max(1, int(len(data) * cut))] if cut < 0.9 else data))
    check(seeded, path, capfd)
