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
    card = ws.scorecard()
    assert len(rows) == 4 * len(card.kpis) and rows[0]["kpi"] == "quota_attainment"
    assert card.kpis[:3] == ("quota_attainment", "revenue", "units")
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        cli, ["-w", str(ws.path), "scorecard", "--format", "table"]
    )
    assert result.exit_code == 0 and "Attainment" in result.output and "60.0%" in result.output


def test_sale_lines_with_reps_are_scored_by_rep(tmp_path: Any) -> None:
    """Only the golden sale lines (no reps table): the lines name their reps.
    March: ann 1 Pro = 300 (1 unit); bob nothing (0); cid 10 Basic without any price
    (10 units; revenue unknown, not 0). February: ann Pro 900 + Basic return −50 = 850
    (3 − 1 = 2 units); bob 600 (2 units). dee first sells in April (the month in
    progress), so she is scored with 0 for March. The median March revenue of ann, bob
    and dee (cid's is unknown) is 0, so ann is 300 above it. April is projected: bob has
    600 and dee 300 of it already.
    Orders are distinct order numbers (the lines, without one): March ann O5 = 1, cid one
    line without a number = 1; February ann O3 = 1 (the return R1 is no order), bob O4 = 1.
    Average order value = revenue ÷ orders: ann 300 ÷ 1 = 300 in March, 850 ÷ 1 = 850 in
    February; bob 600 ÷ 1 = 600 in February. Average selling price = revenue ÷ units: ann
    300 ÷ 1 = 300, then 850 ÷ 2 = 425. New customers: ann's Dyna buys first in March (1);
    in February nobody new (Fizz only returned). bob, who sold nothing in March, has 0
    orders and 0 customers then, like his 0 revenue."""
    ws = salespulse.init(tmp_path / "lines")
    with ws.connect() as con:
        data.load_duckdb(con, {"sales": data.SALES})
    card = ws.scorecard()
    assert card.by == "rep" and card.kpis[:2] == ("revenue", "units")
    c = cells(card)
    assert (c[("ann", "revenue")]["value"], c[("ann", "revenue")]["previous"]) == (300, 850)
    assert (c[("ann", "units")]["value"], c[("ann", "units")]["previous"]) == (1, 2)
    assert (c[("bob", "revenue")]["value"], c[("bob", "revenue")]["previous"]) == (0, 600)
    assert c[("cid", "units")]["value"] == 10 and c[("cid", "revenue")]["value"] is None
    assert c[("ann", "revenue")]["team_median"] == 0 and c[("ann", "revenue")]["gap"] == 300
    assert (c[("ann", "orders")]["value"], c[("ann", "orders")]["previous"]) == (1, 1)
    assert (c[("cid", "orders")]["value"], c[("bob", "orders")]["previous"]) == (1, 1)
    # bob sold nothing in March: 0 orders and 0 customers, as 0 revenue (not "unknown").
    assert c[("bob", "orders")]["value"] == 0 and c[("bob", "active_customers")]["value"] == 0
    assert c[("bob", "avg_order_value")]["value"] is None  # no orders: no average
    aov = c[("ann", "avg_order_value")]
    assert (aov["value"], aov["previous"], aov["small_sample"]) == (300, 850, True)
    assert c[("bob", "avg_order_value")]["previous"] == 600
    asp = c[("ann", "avg_selling_price")]
    assert (asp["value"], asp["previous"]) == (300, 425)
    new = c[("ann", "new_customers")]
    assert (new["value"], new["previous"]) == (1, 0)
    assert c[("dee", "revenue")]["value"] == 0
    assert c[("bob", "projected_revenue")]["value"] >= 600
    assert c[("dee", "projected_revenue")]["value"] >= 300
    assert card.heading("projected_revenue")[1:] == ("money", "higher")
    assert ("ann", "consistency") in c and c[("ann", "consistency")]["previous"] is None
    assert card.worst[:2] == ["bob (-$600 revenue)", "ann (-$550 revenue)"]
    assert any("salespulse" not in n and "Import" in n and "deals" in n for n in card.notes)
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        cli, ["-w", str(ws.path), "scorecard", "--format", "table"]
    )
    assert result.exit_code == 0 and "Scorecard by rep" in result.output


def test_sale_lines_without_reps_are_scored_by_their_grouping(tmp_path: Any) -> None:
    """The golden lines without their reps: they have channels (online, retail) and no
    region for most, so the scorecard is by channel and says so. March: online = ann's
    Pro 300 (1 unit); retail = cid's 10 Basic (no price). February: online 900 + 600 =
    1500 (5 units); retail −50 (−1 unit)."""
    ws = salespulse.init(tmp_path / "norep")
    lines = [{**row, "rep": None} for row in data.SALES]
    with ws.connect() as con:
        data.load_duckdb(con, {"sales": lines})
    card = ws.scorecard()
    assert card.by == "channel"
    c = cells_by(card, "channel")
    assert (c[("online", "revenue")]["value"], c[("online", "revenue")]["previous"]) == (300, 1500)
    assert (c[("retail", "units")]["value"], c[("retail", "units")]["previous"]) == (10, -1)
    assert any("scorecard is by channel" in n for n in card.notes)
    product = ws.scorecard(by="product")
    p = cells_by(product, "product")
    assert (p[("Basic", "units")]["value"], p[("Basic", "units")]["previous"]) == (10, -1)
    assert (p[("Pro", "units")]["value"], p[("Pro", "units")]["previous"]) == (1, 5)
    assert p[("Pro", "revenue")]["value"] == 300 and p[("Pro", "revenue")]["previous"] == 1500
    # Basic's March revenue is unknown (no price), so only Pro moved: 300 − 1500.
    assert product.best == [] and product.worst == ["Pro (-$1,200 revenue)"]
    with pytest.raises(UserError, match="cannot be by 'stage'"):
        ws.scorecard(by="stage")
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        cli, ["-w", str(ws.path), "scorecard", "--by", "product", "--format", "table"]
    )
    assert result.exit_code == 0 and "Scorecard by product" in result.output


def cells_by(card: Any, by: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r[by], r["kpi"]): r for r in card.records}


def test_an_empty_workspace_says_what_to_do(tmp_path: Any) -> None:
    with pytest.raises(UserError, match="no sales, deals or activities"):
        salespulse.init(tmp_path / "empty").scorecard()
