"""Queries are checked before anything runs; problems are clear `UserError`s; filter
values never reach the SQL as code; a missing table names what to import."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import salespulse
from salespulse.engine import Engine, make_query
from salespulse.errors import MissingTable, UserError
from tests.engine import generate
from tests.golden import data


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The golden dataset, loaded once: the tests using it only read (a filter value that
    ran as SQL and dropped a table would fail its own test and the ones after it)."""
    workspace = salespulse.init(tmp_path_factory.mktemp("query") / "ws")
    with workspace.connect() as con:
        data.load_duckdb(con)
    return workspace


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"name": "win_rat"}, "Did you mean win_rate"),
        ({"name": "win_rate", "by": ["colour"]}, "cannot be broken down by 'colour'"),
        ({"name": "win_rate", "by": "rep,rep"}, "repeated"),
        ({"name": "win_rate", "period": "fortnight"}, "no period 'fortnight'"),
        ({"name": "consistency", "period": "month"}, "cannot be computed by month"),
        ({"name": "win_rate", "start": "2025-03-01", "end": "2025-01-01"}, "after `end`"),
        ({"name": "win_rate", "start": "31/01/2025"}, "is not a date"),
        ({"name": "pipeline_open", "start": "2025-01-01"}, "snapshot"),
        ({"name": "win_rate", "where": {"metric": "revenue"}}, "cannot be filtered by 'metric'"),
        ({"name": "revenue", "by": ["stage"]}, "cannot be broken down by 'stage'"),
    ],
)
def test_bad_queries_are_refused_with_a_fix(params: dict[str, Any], message: str) -> None:
    with pytest.raises(UserError, match=message) as info:
        make_query(**params)
    assert info.value.fix or "Did you mean" in str(info.value) or message


def test_by_accepts_a_comma_list_and_dates_accept_datetimes() -> None:
    from datetime import datetime

    q = make_query("win_rate", by="team,rep", start=datetime(2025, 1, 1, 12), as_of="2025-02-01")
    assert q.by == ("team", "rep") and q.start == date(2025, 1, 1) and q.as_of == date(2025, 2, 1)


def test_missing_table_says_what_to_import(tmp_path: Any) -> None:
    ws = salespulse.init(tmp_path / "empty")
    with pytest.raises(MissingTable, match="needs the 'deals' table") as info:
        ws.kpi("win_rate")
    assert "salespulse import deals FILE" in info.value.fix
    with ws.connect() as con:
        data.load_duckdb(con, {"deals": data.DEALS})
    with pytest.raises(MissingTable, match="'reps'"):
        ws.kpi("win_rate", by="team")
    with pytest.raises(MissingTable, match="'activities'"):
        with ws.connect() as con:
            data.load_duckdb(con, {"leads": data.LEADS})
        ws.kpi("lead_work_rate")


def test_filter_values_are_bound_parameters_not_sql(ws: Any) -> None:
    nasty = "x'); DROP TABLE deals; --"
    sql, _, params = ws.explain("win_rate", where={"rep": nasty}).partition("-- parameters:")
    assert "DROP TABLE" not in sql and "$w0_0" in sql  # the SQL names a placeholder
    assert repr(nasty) in params  # and --explain shows the value bound to it
    out = ws.kpi("win_rate", where={"rep": [nasty, "O'Brien"]})
    assert out["n"].tolist() == [0]
    assert ws.kpi("deals_won")["value"].tolist() == [5]  # the table is still there


def test_where_with_several_values_is_any_of(ws: Any) -> None:
    out = ws.kpi("win_rate", where={"rep": ["ann", "bob"]})
    assert (out["numerator"].tolist(), out["denominator"].tolist()) == ([4], [6])


def test_output_contract_columns_and_types(ws: Any) -> None:
    out = ws.kpi("win_rate", by=["team"], period="month")
    assert list(out.columns) == [
        "team",
        "period",
        "value",
        "numerator",
        "denominator",
        "n",
        "ci_low",
        "ci_high",
    ]
    assert isinstance(out["period"].iloc[0], date)
    assert str(out["n"].dtype) == "Int64" and str(out["numerator"].dtype) == "Int64"
    assert "period" not in ws.kpi("revenue").columns


def test_arrow_output_and_explain_sql(ws: Any) -> None:
    table = ws.kpi("revenue", by="rep", output="arrow")
    assert table.column_names == ["rep", "value", "numerator", "denominator", "n"]
    sql = ws.explain("revenue", by="rep", period="month")
    assert sql.lstrip().upper().startswith(("SELECT", "WITH")) and "sales" in sql


def test_the_same_engine_runs_any_duckdb_connection() -> None:
    with Engine(generate.duckdb_source(generate.dataset(3))) as engine:
        out = engine.kpi("deals_won", by="rep")
    assert out["value"].sum() == sum(d["status"] == "won" for d in generate.dataset(3)["deals"])


def test_a_status_derived_from_stage_when_a_source_lacks_it() -> None:
    import ibis

    from salespulse.engine.sources import from_duckdb

    con = ibis.duckdb.connect()
    con.con.execute(
        "CREATE TABLE deals AS SELECT * FROM (VALUES ('a', 'r', TIMESTAMP '2025-01-01', "
        "TIMESTAMP '2025-01-05', 10.0, 'Closed Won'), ('b', 'r', TIMESTAMP '2025-01-01', "
        "TIMESTAMP '2025-01-06', 5.0, 'Disqualified')) AS t(deal_id, rep, created_at, "
        "closed_at, amount, stage)"
    )
    with Engine(from_duckdb(con)) as engine:
        out = engine.kpi("win_rate")
    assert (out["numerator"][0], out["denominator"][0]) == (1, 2)


def test_weighted_pipeline_with_every_probability_given_needs_no_history() -> None:
    deals = [
        {
            "deal_id": "a",
            "rep": "r1",
            "created_at": None,
            "status": "open",
            "closed_at": None,
            "amount": 100.0,
            "stage": "Proposal",
            "probability": 0.25,
        },
        {
            "deal_id": "b",
            "rep": "r1",
            "created_at": None,
            "status": "open",
            "closed_at": None,
            "amount": None,
            "stage": "Proposal",
            "probability": 0.5,
        },
        {
            "deal_id": "c",
            "rep": "r2",
            "created_at": None,
            "status": "won",
            "closed_at": None,
            "amount": 999.0,
            "stage": "Won",
            "probability": None,
        },
    ]
    with Engine(generate.duckdb_source({"deals": deals})) as engine:
        out = engine.kpi("pipeline_weighted")
        sql = engine.explain("pipeline_weighted")
    assert (out["value"][0], out["n"][0], out["without_amount"][0]) == (25.0, 1, 1)
    assert "deal_stages" not in sql
