"""Bad rows: every one listed (all of them in JSON), and `--on-error skip`, which stores
the good rows and sets the refused ones aside, byte for byte, in rejects/<id>.csv."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import salespulse
from tests.io.writers import write_table


def _cli(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "salespulse", "--workspace", str(workspace), *args]
    return subprocess.run(command, capture_output=True, text=True, env=None)


def _many_malformed(path: Path, bad: int, good: int) -> tuple[list[int], float]:
    """A sales file where every third row has a stray field; returns the bad lines and
    the quantity of the good rows."""
    lines, quantity, bad_lines = ["date,product,quantity"], 0.0, []
    for i in range(bad + good):
        line = len(lines) + 1
        if i % 3 == 0 and len(bad_lines) < bad:
            lines.append(f"2025-01-{i % 28 + 1:02d},p{i},{i},stray")
            bad_lines.append(line)
        else:
            lines.append(f"2025-01-{i % 28 + 1:02d},p{i},{i}")
            quantity += i
    path.write_text("\n".join(lines) + "\n")
    return bad_lines, quantity


def test_every_malformed_row_is_listed_in_json(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    bad_lines, _ = _many_malformed(path, bad=176, good=400)
    result = _cli(tmp_path / "ws", "import", "sales", str(path), "--format", "json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    malformed = [f for f in report["findings"] if f["code"] == "malformed_row"]
    assert [f["line"] for f in malformed] == bad_lines
    assert malformed[0]["value"].endswith(",stray")
    assert report["rows_read"] == 576 and report["rows_stored"] == 0


def test_the_terminal_shows_twenty_of_them_and_the_count(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    bad_lines, _ = _many_malformed(path, bad=176, good=400)
    result = _cli(tmp_path / "ws", "validate", "sales", str(path))
    assert result.returncode == 2
    assert "malformed_row — 176 rows" in result.stdout
    assert f"line {bad_lines[19]}," in result.stdout
    assert f"line {bad_lines[20]}," not in result.stdout
    assert "and 156 more" in result.stdout
    assert "576 rows" in result.stdout  # the rows read, though refused


def test_skip_stores_the_good_rows_and_sets_the_rest_aside(tmp_path: Path) -> None:
    raw = (
        b"date,product,quantity\r\n"
        b"2025-01-01,a,1\r\n"
        b"2025-01-02,b,2,extra\r\n"  # malformed
        b"2025-01-03,,3\r\n"  # missing product
        b'2025-01-04,"d\r\nwith a line break",4\r\n'  # a good row on two lines
        b"2025-01-05,e,lots\r\n"  # unreadable quantity
        b"2025-01-06,caf\xc3\xa9,6\r\n"
    )
    path = tmp_path / "sales.csv"
    path.write_bytes(raw)
    ws = salespulse.open(tmp_path / "ws")
    report = ws.import_file("sales", path, on_error="skip")
    assert report.stored and report.ok
    assert (report.rows_read, report.rows_stored, report.rows_rejected) == (6, 3, 3)
    assert report.rows_read == report.rows_stored + report.rows_rejected
    with ws.connect(read_only=True) as con:
        stored = con.execute("SELECT _line, product, quantity FROM sales ORDER BY _line").fetchall()
        import_id = con.execute("SELECT max(import_id) FROM _imports").fetchone()[0]
        recorded = con.execute("SELECT rows FROM _imports").fetchone()[0]
    assert stored == [(2, "a", 1.0), (5, "d\r\nwith a line break", 4.0), (8, "café", 6.0)]
    assert recorded == 3
    rejects = tmp_path / "ws" / "rejects" / f"{import_id}.csv"
    assert report.rejects_file == str(rejects)
    assert rejects.read_bytes() == (
        b"date,product,quantity\r\n2025-01-02,b,2,extra\r\n2025-01-03,,3\r\n2025-01-05,e,lots\r\n"
    )
    with (rejects.parent / f"{import_id}.reasons.csv").open(newline="") as handle:
        reasons = [(r["line"], r["code"], r["column"], r["value"]) for r in csv.DictReader(handle)]
    assert reasons == [
        ("3", "malformed_row", "", "2025-01-02,b,2,extra"),
        ("4", "missing_value", "product", ""),
        ("7", "unreadable_value", "quantity", "lots"),
    ]
    assert all(f.rejected for f in report.findings if f.severity == "error")


def test_skip_sets_aside_refused_deals_and_keeps_the_first_of_a_duplicate(
    tmp_path: Path,
) -> None:
    rows = [
        ["D1", "ana", "won", "2025-01-01", "2025-02-01", 100],
        ["D2", "bo", "maybe", "2025-01-01", "", 50],  # unknown status
        ["D1", "ana", "lost", "2025-01-01", "2025-02-03", 70],  # duplicate key
        ["D3", "bo", "won", "2025-01-01", "2025-03-01", 30],
    ]
    path = write_table(
        tmp_path / "deals",
        ["deal_id", "rep", "status", "created_at", "closed_at", "amount"],
        rows,
    )
    ws = salespulse.open(tmp_path / "ws")
    report = ws.import_file("deals", path, on_error="skip")
    assert (report.rows_read, report.rows_stored, report.rows_rejected) == (4, 2, 2)
    with ws.connect(read_only=True) as con:
        assert con.execute("SELECT sum(amount) FROM deals").fetchone() == (130.0,)
    lines = Path(report.rejects_file or "").read_text().splitlines()
    assert lines == [
        "deal_id,rep,status,created_at,closed_at,amount",
        "D2,bo,maybe,2025-01-01,,50",
        "D1,ana,lost,2025-01-01,2025-02-03,70",
    ]


def test_skip_still_refuses_a_file_without_a_required_column(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_text("date,product\n2025-01-01,a\n2025-01-02,b,extra\n")
    ws = salespulse.open(tmp_path / "ws")
    report = ws.validate("sales", path, on_error="skip")
    assert "missing_column" in report.counts() and not report.ok
    assert not report.stored and not (tmp_path / "ws" / "rejects").exists()


def test_skip_in_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_text("date,product,quantity\n2025-01-01,a,1\n2025-01-02,,2\n")
    ws = salespulse.open(tmp_path / "ws")
    report = ws.validate("sales", path, on_error="skip")
    assert report.ok and report.rows_rejected == 1 and not report.stored
    assert not (tmp_path / "ws" / "rejects").exists()


def test_skip_in_a_spreadsheet_writes_the_values(tmp_path: Path) -> None:
    path = write_table(
        tmp_path / "sales",
        ["date", "product", "quantity"],
        [["2025-01-01", "a", 1], ["2025-01-02", "b", "n/a?"], ["2025-01-03", "c", 3]],
        fmt="xlsx",
    )
    ws = salespulse.open(tmp_path / "ws")
    report = ws.import_file("sales", path, on_error="skip")
    assert (report.rows_read, report.rows_stored, report.rows_rejected) == (3, 2, 1)
    text = Path(report.rejects_file or "").read_text()
    assert text == "date,product,quantity\n2025-01-02,b,n/a?\n"


def test_skip_in_json_lines_keeps_the_line_as_written(tmp_path: Path) -> None:
    path = tmp_path / "sales.jsonl"
    path.write_text(
        '{"date": "2025-01-01", "product": "a", "quantity": 1}\n'
        '{"date": "2025-01-02", "product": "b", "quantity": \n'
        '{"date": "2025-01-03", "product": "c", "quantity": 3}\n'
    )
    ws = salespulse.open(tmp_path / "ws")
    report = ws.import_file("sales", path, on_error="skip")
    assert (report.rows_read, report.rows_stored, report.rows_rejected) == (3, 2, 1)
    rejected = Path(report.rejects_file or "").read_text()
    assert rejected == '{"date": "2025-01-02", "product": "b", "quantity": \n'


def test_summary_adds_up_on_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_text("date,product,quantity\n2025-01-01,a,1\n2025-01-02,b,2,x\n")
    result = _cli(tmp_path / "ws", "import", "sales", str(path), "--on-error", "skip")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Stored 1 row in sales." in result.stdout
    assert "2 rows read = 1 stored + 1 set aside" in result.stdout
