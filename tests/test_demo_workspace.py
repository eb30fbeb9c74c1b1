"""`salespulse demo` writes the demo organisation into a workspace, whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import salespulse
from salespulse.demo_workspace import write_demo
from salespulse.errors import UserError
from salespulse.model.contract import TABLES

AS_OF = date(2026, 6, 15)


def counts(ws: salespulse.Workspace) -> dict[str, int]:
    return {t.name: t.rows for t in ws.tables()}


def test_demo_writes_every_table_and_can_be_rewritten(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    rows = write_demo(ws, seed=3, as_of=AS_OF)
    # Every table but the ERP ones (orders, products, categories): the demo's sale lines
    # carry their own dates, reps and customers, and its products have no categories.
    assert set(rows) == set(TABLES) - {"orders", "products", "categories"}
    assert counts(ws) == rows
    assert 80_000 < rows["sales"] < 130_000 and 20 <= rows["reps"] <= 30
    # Running it again replaces the demo tables: same seed, same rows.
    assert write_demo(ws, seed=3, as_of=AS_OF) == rows
    assert counts(ws) == rows
    with ws.connect(read_only=True) as con:
        assert con.execute("SELECT max(_line) FROM sales").fetchone()[0] == rows["sales"]
        assert con.execute("SELECT count(DISTINCT _import_id) FROM deals").fetchone()[0] == 1


def test_demo_does_not_overwrite_imported_data(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    path = tmp_path / "s.csv"
    path.write_text("date,product,quantity\n2025-01-01,x,1\n")
    ws.import_file("sales", path)
    with pytest.raises(UserError, match="holds imported data"):
        write_demo(ws, as_of=AS_OF)
    assert counts(ws) == {"sales": 1}
    write_demo(ws, as_of=AS_OF, replace=True)
    assert counts(ws)["sales"] > 1
