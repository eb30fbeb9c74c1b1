"""`salespulse demo --only sales`: the sales-only demo from the command line, and the
library's refusal shown in the CLI's own words."""

from __future__ import annotations

from pathlib import Path

import pytest

import salespulse
from salespulse.cli import cli
from salespulse.cli.errors import run_safely


def test_only_sales_writes_the_sales_lines_and_products(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ws"
    args = ["--workspace", str(path), "demo", "--as-of", "2025-06-15", "--only", "sales"]
    assert run_safely(cli, args) == 0
    out = capsys.readouterr().out
    assert "Demo sales lines written to" in out and "data up to 2025-06-15" in out
    ws = salespulse.open(path, create=False)
    assert {t.name for t in ws.tables()} == {"sales", "products"}


def test_only_takes_a_known_part(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_safely(cli, ["--workspace", str(tmp_path / "ws"), "demo", "--only", "deals"])
    assert code == 2 and "Invalid value for '--only': 'deals'" in capsys.readouterr().err


def test_the_refusal_names_the_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = salespulse.open(tmp_path / "ws")
    path = tmp_path / "s.csv"
    path.write_text("date,product,quantity\n2025-01-01,x,1\n")
    ws.import_file("sales", path)
    code = run_safely(cli, ["--workspace", str(ws.path), "demo", "--only", "sales"])
    err = capsys.readouterr().err
    assert code == 1 and "holds imported data (sales)" in err
    assert "Use another --workspace for the demo, or pass --replace." in err and "`" not in err
