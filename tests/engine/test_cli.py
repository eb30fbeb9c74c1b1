"""`salespulse kpis`, `kpis show` and `kpi`: the csv/json output is a contract."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

import salespulse
from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from tests.golden import data


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    workspace = salespulse.init(tmp_path_factory.mktemp("cli") / "ws")
    with workspace.connect() as con:
        data.load_duckdb(con)
    return workspace


def run(ws: Any, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--workspace", str(ws.path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_csv_is_dimensions_period_then_value_numerator_denominator_n_extras(ws: Any) -> None:
    out = run(ws, "kpi", "win_rate", "--by", "team", "--period", "quarter", "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "team,period,value,numerator,denominator,n,ci_low,ci_high"
    assert lines[1].startswith("East,2025-01-01,0.5,2,4,4,")
    assert lines[2].startswith("East,2025-04-01,1.0,2,2,2,")
    assert lines[3].startswith("West,2025-01-01,0.5,1,2,2,")
    assert len(lines) == 4


def test_period_all_has_no_period_column_and_empty_fields_are_empty(ws: Any) -> None:
    out = run(ws, "kpi", "revenue", "--by", "rep", "--format", "csv")
    assert out.splitlines()[:2] == ["rep,value,numerator,denominator,n", "ann,2000.0,,,5"]
    out = run(ws, "kpi", "win_rate", "--where", "rep=dee", "--format", "csv")
    assert out.splitlines()[1] == ",0,0,0,,"


def test_json_is_a_list_of_objects_with_the_same_keys(ws: Any) -> None:
    out = run(ws, "kpi", "sales_cycle_days", "--by", "rep", "--format", "json")
    rows = json.loads(out)
    assert list(rows[0]) == ["rep", "value", "numerator", "denominator", "n", "mean", "p90"]
    assert rows[0]["rep"] == "ann" and rows[0]["value"] == 14.0 and rows[0]["numerator"] is None


def test_dates_where_and_as_of(ws: Any) -> None:
    out = run(
        ws,
        "kpi",
        "bookings",
        "--from",
        "2025-02-01",
        "--to",
        "2025-04-30",
        "--where",
        "team=East",
        "--as-of",
        "2025-04-05",
        "--format",
        "csv",
    )
    assert out.splitlines()[1] == "3500.0,,,2"  # D03 2000 + D06 1500; D04 is after --as-of


def test_by_several_dimensions_and_repeated_where(ws: Any) -> None:
    out = run(
        ws,
        "kpi",
        "deals_won",
        "--by",
        "team,rep",
        "--where",
        "rep=ann",
        "--where",
        "rep=cid",
        "--format",
        "csv",
    )
    assert out.splitlines() == [
        "team,rep,value,numerator,denominator,n",
        "East,ann,3,,,3",
        "West,cid,1,,,1",
    ]


def test_explain_prints_sql(ws: Any) -> None:
    out = run(ws, "kpi", "win_rate", "--by", "rep", "--explain")
    assert "SELECT" in out and "deals" in out and "value" in out


def test_table_shows_percentages_and_the_definition(ws: Any) -> None:
    out = run(ws, "kpi", "win_rate", "--by", "rep", "--format", "table")
    assert "75.0%" in out and "Win rate by rep" in out and "small sample" in out
    out = run(ws, "kpi", "bookings", "--format", "table")
    assert "$8,100" in out


def test_kpis_lists_every_kpi_and_show_explains_one(ws: Any) -> None:
    out = run(ws, "kpis", "--format", "csv")
    from salespulse import kpis

    assert [line.split(",")[0] for line in out.splitlines()[1:]] == kpis.names()
    shown = run(ws, "kpis", "show", "win_rate")
    assert "won + lost" in shown and "SELECT" in shown and "grains" in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kpi", "win_rat"], "Did you mean win_rate"),
        (["kpi", "win_rate", "--where", "team"], "is not DIM=VALUE"),
        (["kpi", "win_rate", "--by", "colour"], "cannot be broken down"),
        (["kpi", "win_rate", "--from", "yesterday"], "is not a date"),
        (["kpis", "show", "nope"], "no KPI called"),
    ],
)
def test_mistakes_are_messages_not_tracebacks(
    ws: Any, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_safely(cli, ["--workspace", str(ws.path), *args])
    err = capsys.readouterr().err
    assert code == 1 and message in err and "Traceback" not in err


def test_a_missing_table_names_the_import(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    salespulse.init(tmp_path / "new")  # a read command never creates the workspace
    code = run_safely(cli, ["--workspace", str(tmp_path / "new"), "kpi", "win_rate"])
    err = capsys.readouterr().err
    assert code == 1 and "salespulse import deals FILE" in err
