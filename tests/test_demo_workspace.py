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
    # Every table but two ERP ones (orders, categories): the demo's sale lines carry their
    # own dates, reps and customers, and its products name their categories.
    assert set(rows) == set(TABLES) - {"orders", "categories"}
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


def tables_of(ws: salespulse.Workspace) -> set[str]:
    with ws.connect(read_only=True) as con:
        names = con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
    return {n for (n,) in names if n in TABLES}


def test_a_sales_only_demo_holds_the_sales_lines_and_products_alone(tmp_path: Path) -> None:
    """`only="sales"`: the same sales lines as the whole demo's, with each rep's name in
    `rep` (no reps table to look the id up in), and the products; the tables an earlier
    demo wrote in the workspace go, in the same transaction."""
    ws = salespulse.open(tmp_path / "ws")
    full = write_demo(ws, seed=3, as_of=AS_OF)
    with ws.connect(read_only=True) as con:
        by_id = con.execute(
            "SELECT r.name, count(*), sum(s.amount) FROM sales s JOIN reps r USING (rep) "
            "GROUP BY r.name ORDER BY r.name"
        ).fetchall()
    rows = write_demo(ws, seed=3, as_of=AS_OF, only="sales")
    assert rows == {"products": 11, "sales": full["sales"]}
    assert tables_of(ws) == {"sales", "products"}
    assert counts(ws) == rows
    with ws.connect(read_only=True) as con:
        by_name = con.execute(
            "SELECT rep, count(*), sum(amount) FROM sales GROUP BY rep ORDER BY rep"
        ).fetchall()
    assert by_name == by_id and len(by_name) == 24
    # The whole organisation again brings every table back.
    assert write_demo(ws, seed=3, as_of=AS_OF) == full
    assert tables_of(ws) == set(full)


def test_a_sales_only_demo_keeps_imported_tables(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    path = tmp_path / "q.csv"
    path.write_text("rep,period,target\nAmara Taylor,2026-05,1000\n")
    ws.import_file("quotas", path)
    with pytest.raises(UserError, match="holds imported data") as info:
        write_demo(ws, as_of=AS_OF, only="sales")
    assert info.value.option == "replace" and "`replace`" in (info.value.fix or "")
    write_demo(ws, as_of=AS_OF, only="sales", replace=True)
    assert tables_of(ws) == {"sales", "products", "quotas"}
    assert counts(ws)["quotas"] == 1


def test_only_names_a_partial_demo(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    with pytest.raises(UserError, match="`only` 'deals'") as info:
        write_demo(ws, as_of=AS_OF, only="deals")
    assert info.value.option == "only" and "sales" in info.value.fix
