"""The scorecard on the golden dataset: the latest complete month is March 2025 (the data
ends on 20 April), compared with February; each value is the golden README's."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

import salespulse
from salespulse.cli import cli
from salespulse.errors import UserError
from tests.golden import data


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    workspace = salespulse.init(tmp_path_factory.mktemp("card") / "ws")
    with workspace.connect() as con:
        data.load_duckdb(con)
    return workspace


def cells(card: Any) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["rep"] if card.by == "rep" else r["product"], r["kpi"]): r for r in card.records}


def test_latest_complete_month_against_the_previous_one(ws: Any) -> None:
    card = ws.scorecard()
    w = card.window
    assert (str(w.start), str(w.end), str(w.previous_start), str(w.data_end)) == (
        "2025-03-01",
        "2025-03-31",
        "2025-02-01",
        "2025-04-20",
    )
    c = cells(card)
    # Attainment: ann 300/500 in March, 850/1000 in February; East median of 0.6 and 0.
    ann = c[("ann", "quota_attainment")]
    assert ann["value"] == pytest.approx(0.6) and ann["previous"] == pytest.approx(0.85)
    assert ann["change"] == pytest.approx(-0.25)
    assert ann["team_median"] == pytest.approx(0.3) and ann["gap"] == pytest.approx(0.3)
    assert c[("dee", "quota_attainment")]["value"] is None  # a rep without quota
    # Bookings: nobody won in March (0, not empty); ann booked 2000 in February.
    assert c[("ann", "bookings")]["value"] == 0 and c[("ann", "bookings")]["previous"] == 2000
    # Win rate: bob lost D05 on 31 March (0/1, a small sample); ann closed nothing.
    bob = c[("bob", "win_rate")]
    assert bob["value"] == 0 and bob["n"] == 1 and bob["small_sample"] is True
    assert c[("ann", "win_rate")]["value"] is None and c[("ann", "win_rate")]["previous"] == 0.5
    assert c[("ann", "activities")]["value"] == 3 and c[("cid", "activities")]["value"] == 1
    assert c[("ann", "speed_to_lead_minutes")]["value"] == pytest.approx(632)
    # Coverage of April (no April quota) is empty and says what it is.
    assert c[("bob", "pipeline_coverage")]["value"] is None
    assert any("starting 2025-04-01" in n for n in card.notes)


def test_team_filter_and_as_of(ws: Any) -> None:
    card = ws.scorecard(team="West")
    assert {r["rep"] for r in card.records} == {"cid", "dee"}
    card = ws.scorecard(period="month", as_of="2025-03-15")
    assert str(card.window.start) == "2025-02-01"
    c = cells(card)
    assert c[("ann", "bookings")]["value"] == 2000 and c[("ann", "bookings")]["previous"] == 1000


def test_csv_and_json_are_long_records(ws: Any) -> None:
    result = CliRunner().invoke(cli, ["-w", str(ws.path), "scorecard", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "rep,name,team,kpi,value,previous,change,team_median,gap,n,small_sample"
    assert lines[1].startswith("ann,Ann,East,quota_attainment,0.6,0.85,")
    result = CliRunner().invoke(cli, ["-w", str(ws.path), "scorecard", "--format", "json"])
    rows = json.loads(result.output)
    assert len(rows) == 4 * 8 and rows[0]["kpi"] == "quota_attainment"
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        cli, ["-w", str(ws.path), "scorecard", "--format", "table"]
    )
    assert result.exit_code == 0 and "Attainment" in result.output and "60.0%" in result.output


def test_with_only_sales_lines_the_scorecard_is_by_product(tmp_path: Any) -> None:
    ws = salespulse.init(tmp_path / "minimal")
    with ws.connect() as con:
        data.load_duckdb(con, {"sales": data.SALES})
    card = ws.scorecard()
    assert card.by == "product"
    c = cells(card)
    # March: Basic 10 units (cid), Pro 1; February: Pro 3 + 2, Basic −1.
    assert (c[("Basic", "units")]["value"], c[("Basic", "units")]["previous"]) == (10, -1)
    assert (c[("Pro", "units")]["value"], c[("Pro", "units")]["previous"]) == (1, 5)
    assert c[("Pro", "revenue")]["value"] == 300 and c[("Pro", "revenue")]["previous"] == 1500
    assert card.best == ["Basic (+11 units)"] and card.worst == ["Pro (-4 units)"]
    assert ("Pro", "units_consistency") in c
    assert any("salespulse import reps FILE" in n for n in card.notes)
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        cli, ["-w", str(ws.path), "scorecard", "--format", "table"]
    )
    assert "Best movers: Basic" in result.output and "import reps" in result.output


def test_an_empty_workspace_says_what_to_do(tmp_path: Any) -> None:
    with pytest.raises(UserError, match="no sales, deals or activities"):
        salespulse.init(tmp_path / "empty").scorecard()
