"""A workspace, and the files imported into it, under paths with quotes, spaces and
non-ASCII characters: nothing is pasted into SQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import salespulse
from tests.io.writers import write_table
from tests.workspace.common import salespulse as run

HOSTILE = 'Bob\'s "data" ü é'
HEADERS = ["date", "product", "quantity", "amount", "rep"]


@pytest.mark.slow
def test_hostile_paths_import_every_format_and_read(tmp_path: Path) -> None:
    ws = tmp_path / HOSTILE / "ws 1"
    files = tmp_path / f"{HOSTILE} in" / 'it\'s "here" ü'
    files.mkdir(parents=True)
    imported: list[tuple[str, int, float]] = []
    for n, fmt in enumerate(["csv", "xlsx", "parquet", "jsonl"]):
        rows = [["2025-01-0" + str(n + 1), f"P{n}", n + 1, 10.0 * (n + 1), "ana"]]
        path = write_table(files / f"sales {fmt} 'n' \"q\" é", HEADERS, rows, fmt=fmt)
        report = salespulse.open(ws).import_file("sales", path)
        assert report.ok and report.rows_stored == 1, fmt
        imported.append((path.name, n + 1, 10.0 * (n + 1)))
    kpi = run(ws, "kpi", "revenue", "--format", "json")
    assert kpi.returncode == 0, kpi.stderr
    [revenue] = json.loads(kpi.stdout)
    assert revenue["value"] == pytest.approx(sum(r[2] for r in imported)) and revenue["n"] == 4
    tables = run(ws, "tables", "--format", "json")
    assert tables.returncode == 0, tables.stderr
    [sales] = json.loads(tables.stdout)
    assert sales["rows"] == 4
    for name, _, _ in imported:
        assert name in sales["files"]
    assert run(ws, "tables").returncode == 0
    again = run(ws, "import", "sales", str(files / imported[0][0]), "--force")
    assert again.returncode == 0, again.stderr
