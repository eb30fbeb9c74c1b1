"""Read commands never create a workspace; init, import and demo do."""

from __future__ import annotations

from pathlib import Path

import pytest

import salespulse
from salespulse.errors import UserError
from tests.workspace.common import salespulse as run
from tests.workspace.common import write_sales

READ_COMMANDS = [
    ("tables",),
    ("kpi", "revenue"),
    ("scorecard",),
    ("products",),
    ("coach", "flags"),
    ("coach", "wins"),
    ("coach", "one-on-one", "ana"),
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a))
def test_a_read_command_on_a_mistyped_path_creates_nothing(
    tmp_path: Path, args: tuple[str]
) -> None:
    typo = tmp_path / "typo"
    result = run(typo, *args)
    assert result.returncode == 1, result.stderr
    assert f"There is no salespulse workspace at {typo}." in result.stderr
    assert f"salespulse --workspace {typo} init" in result.stderr
    assert "demo" in result.stderr and "import TABLE FILE" in result.stderr
    assert not typo.exists()
    assert list(tmp_path.iterdir()) == []


def test_init_and_import_create_it_and_reads_then_work(tmp_path: Path) -> None:
    made = tmp_path / "made"
    assert run(made, "init").returncode == 0
    assert (made / "salespulse.toml").is_file()
    tables = run(made, "tables", "--format", "json")
    assert tables.returncode == 0 and tables.stdout.strip() == "[]"
    assert not (made / "salespulse.duckdb").exists()  # reading an empty workspace writes nothing

    imported = tmp_path / "imported"
    sales = write_sales(tmp_path / "s.csv", [("2025-01-06", "A", 2, 10.0, "ana")])
    result = run(imported, "import", "sales", str(sales))
    assert result.returncode == 0, result.stderr
    assert (imported / "salespulse.duckdb").is_file()


def test_the_python_api_creates_unless_told_not_to(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="There is no salespulse workspace"):
        salespulse.open(tmp_path / "nope", create=False)
    assert not (tmp_path / "nope").exists()
    ws = salespulse.open(tmp_path / "yes", wait=2.5)
    assert ws.settings_path.is_file() and ws.wait == 2.5
    assert ws.tables() == []


def test_validate_on_a_new_path_checks_the_file_and_creates_nothing(tmp_path: Path) -> None:
    sales = write_sales(tmp_path / "s.csv", [("2025-01-06", "A", 2, 10.0, "ana")])
    typo = tmp_path / "typo"
    result = run(typo, "validate", "sales", str(sales))
    assert result.returncode == 0, result.stderr
    assert "The file is valid" in result.stdout
    assert not typo.exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("date,product,quantity\nnot a date,A,2\n")
    refused = run(typo, "validate", "sales", str(bad))
    assert refused.returncode == 2 and "unreadable_value" in refused.stdout
    assert not typo.exists()
