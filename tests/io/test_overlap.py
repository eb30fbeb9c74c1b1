"""An append whose rows are already stored is refused, unless --force or --skip-existing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import salespulse
from salespulse.errors import ValidationFailed

SRC = Path(__file__).resolve().parents[2] / "src"
HEADER = "date,product,quantity,amount\n"
#: January's export, then a corrected re-export of 15-31 January with February's first days.
JAN = [("2025-01-05", "a", 2, 20.0), ("2025-01-15", "b", 1, 15.5), ("2025-01-20", "a", 3, 30.0)]
LATER = [
    ("2025-01-15", "b", 1, 15.5),  # stored as it is
    ("2025-01-20", "a", 3, 31.0),  # corrected: a different amount, so a new row
    ("2025-02-02", "c", 4, 40.0),
]


def write(path: Path, rows: list[tuple[str, str, int, float]]) -> Path:
    path.write_text(HEADER + "".join(f"{d},{p},{q},{a}\n" for d, p, q, a in rows))
    return path


def revenue(ws: salespulse.Workspace) -> tuple[object, ...]:
    with ws.connect(read_only=True) as con:
        row = con.execute("SELECT count(*), sum(amount) FROM sales").fetchone()
        assert row is not None
        return tuple(row)


@pytest.fixture
def ws(tmp_path: Path) -> salespulse.Workspace:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", write(tmp_path / "jan.csv", JAN))
    return ws


def test_rows_already_stored_are_refused_with_count_and_dates(
    ws: salespulse.Workspace, tmp_path: Path
) -> None:
    later = write(tmp_path / "later.csv", LATER)
    with pytest.raises(ValidationFailed) as refused:
        ws.import_file("sales", later)
    (error,) = refused.value.report.errors
    assert error.code == "rows_already_stored" and error.rows == 1 and error.line == 2
    assert "1 row of the file (dated 2025-01-15) is already stored by import 1" in error.message
    assert "import 1 of jan.csv" in error.message and "count it twice" in error.message
    assert revenue(ws) == (3, sum(a for *_, a in JAN))


def test_skip_existing_stores_only_the_new_rows(ws: salespulse.Workspace, tmp_path: Path) -> None:
    report = ws.import_file("sales", write(tmp_path / "later.csv", LATER), skip_existing=True)
    assert report.rows_read == 3 and report.rows_stored == 2
    assert report.counts()["already_stored_skipped"] == 1
    new = [r for r in LATER if r not in JAN]
    assert revenue(ws) == (3 + len(new), sum(a for *_, a in JAN + new))


def test_force_stores_them_again(ws: salespulse.Workspace, tmp_path: Path) -> None:
    report = ws.import_file("sales", write(tmp_path / "later.csv", LATER), force=True)
    assert report.rows_stored == 3
    assert any("stored again (`force`)" in n for n in report.notes)
    assert revenue(ws) == (6, sum(a for *_, a in JAN + LATER))


def test_keyed_tables_skip_rows_stored_as_they_are(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    header = "lead_id,created_at,source\n"
    (tmp_path / "a.csv").write_text(header + "L1,2025-01-01,web\nL2,2025-01-02,web\n")
    (tmp_path / "b.csv").write_text(header + "L2,2025-01-02,web\nL3,2025-01-03,ads\n")
    (tmp_path / "c.csv").write_text(header + "L3,2025-01-03,web\nL4,2025-01-04,ads\n")
    ws.import_file("leads", tmp_path / "a.csv")
    with pytest.raises(ValidationFailed) as refused:
        ws.import_file("leads", tmp_path / "b.csv")
    assert [f.code for f in refused.value.report.errors] == ["key_already_stored"]
    report = ws.import_file("leads", tmp_path / "b.csv", skip_existing=True)
    assert report.rows_stored == 1
    # L3 is stored with another source: not "already there", still refused
    with pytest.raises(ValidationFailed) as refused:
        ws.import_file("leads", tmp_path / "c.csv", skip_existing=True)
    assert [f.code for f in refused.value.report.errors] == ["key_already_stored"]
    assert "`mode` upsert" in refused.value.report.errors[0].fix


def test_the_cli_reports_the_overlap_in_json(ws: salespulse.Workspace, tmp_path: Path) -> None:
    later = write(tmp_path / "later.csv", LATER)
    command = [sys.executable, "-m", "salespulse", "-w", str(ws.path), "import", "sales"]
    result = subprocess.run(
        [*command, str(later), "--format", "json"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2, result.stderr
    found = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["rows"]) for f in found] == [("rows_already_stored", 1)]
    skipped = subprocess.run(
        [*command, str(later), "--skip-existing"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert skipped.returncode == 0, skipped.stderr
    assert "already_stored_skipped" in skipped.stdout
