"""The repair check on open is skipped only for a file nothing has written to since a
reader found it clean: rows an interrupted import leaves behind afterwards are still
found and taken out at the next open."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import duckdb

import salespulse
from salespulse.store_repair import CHECKED_FILE, WorkspaceRepaired


def sales_file(path: Path, rows: list[tuple[str, str, int]]) -> Path:
    path.write_text("date,product,quantity\n" + "".join(f"{d},{p},{q}\n" for d, p, q in rows))
    return path


def sales_rows(ws: salespulse.Workspace) -> int:
    with ws.connect(read_only=True) as con:
        row = con.execute("SELECT count(*) FROM sales").fetchone()
    assert row is not None
    return int(row[0])


def reopen(path: Path) -> tuple[salespulse.Workspace, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WorkspaceRepaired)
        ws = salespulse.open(path)
    return ws, [str(w.message) for w in caught if issubclass(w.category, WorkspaceRepaired)]


def test_a_clean_open_or_import_is_noted_and_any_other_write_undoes_the_note(
    tmp_path: Path,
) -> None:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", sales_file(tmp_path / "jan.csv", [("2025-01-01", "a", 5)]))
    assert ws.repair_checked()  # the import ended normally and was checked: noted
    (ws.path / CHECKED_FILE).unlink()
    assert not ws.repair_checked()
    ws, repaired = reopen(ws.path)
    assert repaired == [] and ws.repair_checked()
    assert (ws.path / CHECKED_FILE).exists()
    con = duckdb.connect(str(ws.db_path))  # a write by anything else
    con.execute(
        "INSERT INTO sales (date, product, quantity, _import_id) "
        "VALUES (DATE '2025-01-09', 'c', 1, 1)"
    )
    con.close()
    assert not ws.repair_checked()


def test_rows_left_after_the_note_are_still_repaired(tmp_path: Path) -> None:
    """Two rows of an import 7 that never committed (no record), written straight into
    the file after a clean open was noted: the next open sees the file changed, checks,
    and removes them (1 row stored before, 1 after)."""
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", sales_file(tmp_path / "jan.csv", [("2025-01-01", "a", 5)]))
    ws, _ = reopen(ws.path)
    assert ws.repair_checked()
    con = duckdb.connect(str(ws.db_path))  # what a kill during COMMIT may leave
    con.execute(
        "INSERT INTO sales (date, product, quantity, _import_id, _line) VALUES "
        "('2025-04-01', 'x', 50, 7, 2), ('2025-04-02', 'y', 60, 7, 3)"
    )
    con.close()
    ws, repaired = reopen(ws.path)
    assert len(repaired) == 1 and "its 2 rows were removed" in repaired[0]
    assert sales_rows(ws) == 1


def test_a_note_of_another_state_or_check_is_not_trusted(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", sales_file(tmp_path / "jan.csv", [("2025-01-01", "a", 5)]))
    ws, _ = reopen(ws.path)
    note = json.loads((ws.path / CHECKED_FILE).read_text())
    older = dict(note, check=note["check"] - 1)
    (ws.path / CHECKED_FILE).write_text(json.dumps(older))
    assert not ws.repair_checked()
    (ws.path / CHECKED_FILE).write_text("{ half written")
    assert not ws.repair_checked()
    ws, _ = reopen(ws.path)  # checked again, and noted again
    assert ws.repair_checked()
