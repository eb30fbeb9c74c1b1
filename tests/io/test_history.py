"""The list of imports, undo, and the repair on open of what an interrupted import left."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import duckdb
import pytest

import salespulse
from salespulse.errors import UserError
from salespulse.store_repair import WorkspaceRepaired, write_intent

SRC = Path(__file__).resolve().parents[2] / "src"


def salespulse_cli(ws: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "salespulse", "--workspace", str(ws), *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
    )


def sales_file(path: Path, rows: list[tuple[str, str, int]]) -> Path:
    path.write_text("date,product,quantity\n" + "".join(f"{d},{p},{q}\n" for d, p, q in rows))
    return path


def totals(ws: salespulse.Workspace) -> tuple[object, ...]:
    with ws.connect(read_only=True) as con:
        row = con.execute("SELECT count(*), sum(quantity) FROM sales").fetchone()
        assert row is not None
        return tuple(row)


JAN = [("2025-01-01", "a", 5), ("2025-01-02", "b", 3)]
FEB = [("2025-02-01", "a", 7), ("2025-02-03", "c", 1), ("2025-02-04", "c", 2)]


def test_undo_of_an_append_removes_exactly_its_rows(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", sales_file(tmp_path / "jan.csv", JAN))
    feb = sales_file(tmp_path / "feb.csv", FEB)
    ws.import_file("sales", feb)
    assert totals(ws) == (5, sum(q for *_, q in JAN + FEB))
    done = ws.undo_import(2)
    assert done.removed == {"sales": 3} and not done.restored
    assert totals(ws) == (2, sum(q for *_, q in JAN))
    listed = ws.imports()
    assert [(r.id, r.file, r.rows, r.mode, r.undone) for r in listed] == [
        (1, str((tmp_path / "jan.csv").resolve()), 2, "append", False),
        (2, str(feb.resolve()), 3, "append", True),
    ]
    # An undone file may be imported again; it gets a new id (ids are never reused).
    report = ws.import_file("sales", feb)
    assert report.rows_stored == 3
    assert [r.id for r in ws.imports()] == [1, 2, 3]
    with pytest.raises(UserError, match="already undone"):
        ws.undo_import(2)
    with pytest.raises(UserError, match="no import 9"):
        ws.undo_import(9)


def test_undo_of_a_replace_brings_back_the_rows_it_replaced(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", sales_file(tmp_path / "jan.csv", JAN))
    ws.import_file("sales", sales_file(tmp_path / "feb.csv", FEB))
    with ws.connect(read_only=True) as con:
        before = con.execute("SELECT * FROM sales ORDER BY ALL").fetchall()
    ws.import_file(
        "sales", sales_file(tmp_path / "all.csv", [("2025-03-01", "z", 100)]), mode="replace"
    )
    assert totals(ws) == (1, 100.0)
    done = ws.undo_import(3)
    assert done.removed == {"sales": 1} and done.restored == {"sales": 5}
    with ws.connect(read_only=True) as con:
        # the same rows, with their own import ids and lines
        assert con.execute("SELECT * FROM sales ORDER BY ALL").fetchall() == before
        assert con.execute("SELECT count(*) FROM _replaced_sales").fetchone() == (0,)


def test_a_replace_with_imports_on_top_is_undone_after_them(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", sales_file(tmp_path / "jan.csv", JAN))
    ws.import_file("sales", sales_file(tmp_path / "feb.csv", FEB), mode="replace")
    ws.import_file("sales", sales_file(tmp_path / "mar.csv", [("2025-03-01", "m", 4)]))
    with pytest.raises(UserError, match=r"later imports into sales \(3\)"):
        ws.undo_import(2)
    assert totals(ws) == (4, 14.0)  # nothing changed
    ws.undo_import(3)
    ws.undo_import(2)
    assert totals(ws) == (2, 8.0)


def test_undo_of_an_append_that_a_replace_took_out(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", sales_file(tmp_path / "jan.csv", JAN))
    ws.import_file("sales", sales_file(tmp_path / "feb.csv", FEB), mode="replace")
    ws.undo_import(1)  # its rows leave the archive
    assert totals(ws) == (3, 10.0)
    ws.undo_import(2)  # so undoing the replace brings nothing back
    assert totals(ws) == (0, None)


def test_the_imports_command_lists_and_undoes(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    ws = salespulse.open(folder)
    ws.import_file("sales", sales_file(tmp_path / "jan.csv", JAN))
    ws.import_file("sales", sales_file(tmp_path / "feb.csv", FEB))
    listed = salespulse_cli(folder, "imports", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["table"], r["rows"], r["mode"]) for r in rows] == [
        (1, "sales", 2, "append"),
        (2, "sales", 3, "append"),
    ]
    assert {"id", "table", "file", "rows", "mode", "at", "user"} <= set(rows[0])
    undone = salespulse_cli(folder, "imports", "undo", "2")
    assert undone.returncode == 0, undone.stderr
    assert "removed 3 rows from sales" in undone.stdout
    again = salespulse_cli(folder, "imports", "undo", "2")
    assert again.returncode != 0 and "already undone" in again.stderr
    assert "Traceback" not in again.stderr
    table = salespulse_cli(folder, "imports", "--format", "table")
    assert "feb.csv" in table.stdout and "undone" in table.stdout


def test_rows_of_an_import_without_a_record_are_removed_on_open(tmp_path: Path) -> None:
    """What DuckDB may bring back after a kill during COMMIT: an import's rows without its
    record, and a replace's archive of the rows it took out."""
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", sales_file(tmp_path / "jan.csv", JAN))
    ws.import_file("sales", sales_file(tmp_path / "feb.csv", FEB), mode="replace")
    ws.import_file("sales", sales_file(tmp_path / "mar.csv", [("2025-03-01", "m", 4)]))
    before = totals(ws)
    with ws.connect() as con:
        con.execute(
            "INSERT INTO sales (date, product, quantity, _import_id, _line) VALUES "
            "('2025-04-01', 'x', 50, 4, 2), ('2025-04-02', 'y', 60, 4, 3)"
        )
        # import 4, a replace, had moved the live rows (of 2 and 3) to the archive...
        con.execute("INSERT INTO _replaced_sales SELECT *, 4 FROM sales WHERE _import_id < 4")
        con.execute("DELETE FROM sales WHERE _import_id = 3")  # ...and begun to delete them
    write_intent(ws.path / ".scratch", "sales", "/data/april.csv", "replace")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WorkspaceRepaired)
        reopened = salespulse.open(ws.path)
    messages = [str(w.message) for w in caught if issubclass(w.category, WorkspaceRepaired)]
    assert len(messages) == 1
    assert "An import of april.csv into sales (replace" in messages[0]
    assert "its 2 rows were removed and the 1 row it had replaced was put back" in messages[0]
    assert totals(reopened) == before
    with reopened.connect(read_only=True) as con:
        # the archive keeps only what import 2's replace took out (import 1's rows)
        assert con.execute("SELECT _import_id, _replaced_by FROM _replaced_sales").fetchall() == [
            (1, 2),
            (1, 2),
        ]
    log = (ws.path / "repairs.log").read_text()
    assert "april.csv" in log and '"removed": {"sales": 2}' in log
    # reported once: the next open finds nothing to repair
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WorkspaceRepaired)
        salespulse.open(ws.path)
    assert not [w for w in caught if issubclass(w.category, WorkspaceRepaired)]
    # and the undo of import 2 still brings back import 1's rows
    ws.undo_import(3)
    ws.undo_import(2)
    assert totals(reopened) == (2, 8.0)


def test_an_interrupted_undo_is_finished_on_open(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", sales_file(tmp_path / "jan.csv", JAN))
    ws.import_file("sales", sales_file(tmp_path / "feb.csv", FEB))
    with ws.connect() as con:  # the undo's mark landed, its deletes did not
        con.execute("UPDATE _imports SET undone_at = TIMESTAMP '2025-05-01' WHERE import_id = 2")
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always", WorkspaceRepaired)
        reopened = salespulse.open(ws.path)
    assert totals(reopened) == (2, 8.0)


def test_an_older_workspace_is_migrated_on_open(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    salespulse.init(folder)
    con = duckdb.connect(str(folder / "salespulse.duckdb"))
    con.execute(
        "CREATE TABLE _imports (import_id INTEGER PRIMARY KEY, table_name VARCHAR NOT NULL, "
        "file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, size_bytes BIGINT NOT NULL, rows BIGINT "
        "NOT NULL, imported_at TIMESTAMP NOT NULL, mode VARCHAR NOT NULL, mapping VARCHAR NOT "
        "NULL, warnings INTEGER NOT NULL)"
    )
    con.execute(
        "INSERT INTO _imports VALUES (1, 'sales', 'old.csv', '', 0, 0, '2025-01-01', "
        "'append', '{}', 0)"
    )
    con.close()
    ws = salespulse.open(folder)
    assert [(r.id, r.file, r.user) for r in ws.imports()] == [(1, "old.csv", None)]
    ws.import_file("sales", sales_file(tmp_path / "jan.csv", JAN))
    listed = ws.imports()
    assert [(r.id, r.user is None, r.undone) for r in listed] == [
        (1, True, False),
        (2, False, False),
    ]
