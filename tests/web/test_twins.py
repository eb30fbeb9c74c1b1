"""The JSON twin of each page carries the Workspace API's own numbers (the page is a thin
face), and `/api/kpis/NAME` the very rows `salespulse kpi NAME --format json` writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from salespulse import insights
from salespulse.cli import cli
from salespulse.model.json_values import json_ready


def workspace(client: TestClient) -> Any:
    return client.app.state.served.ws  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "options",
    [
        ["--by", "rep", "--period", "month", "--from", "2025-01-01", "--to", "2025-03-31"],
        ["--by", "team", "--period", "quarter"],
        [],
        ["--period", "week", "--from", "2025-05-01", "--to", "2025-05-31"],
    ],
)
@pytest.mark.parametrize("name", ["revenue", "win_rate", "speed_to_lead_minutes"])
def test_kpi_rows_are_the_cli_json(demo: TestClient, name: str, options: list[str]) -> None:
    query = {o[2:].replace("-", "_"): v for o, v in zip(options[::2], options[1::2], strict=True)}
    params = {{"from_": "from", "to": "to"}.get(k, k): v for k, v in query.items()}
    api = demo.get(f"/api/kpis/{name}", params=params)
    assert api.status_code == 200, api.text
    path = str(workspace(demo).path)
    out = CliRunner().invoke(cli, ["-w", path, "kpi", name, *options, "--format", "json"])
    assert out.exit_code == 0, out.output
    assert api.json()["rows"] == json.loads(out.output)
    assert api.json()["rows"], "the demo has rows for each of these"
    assert "SELECT" in api.json()["sql"].upper()


def test_team_cards_and_scorecard_are_the_api_numbers(demo: TestClient) -> None:
    ws = workspace(demo)
    page = demo.get("/api/").json()
    month = page["scorecard"]
    revenue = next(c for c in page["cards"] if c["kpi"] == "revenue")
    alone = ws.kpi("revenue", start=month["start"], end=month["end"])
    assert revenue["value"] == pytest.approx(float(alone["value"][0]))
    card = ws.scorecard("month")
    assert month["period"] == card.window.label
    for r in card.records:
        row = next(x for x in month["rows"] if x["member"] == r["rep"])
        cell = row["cells"][r["kpi"]]
        assert cell["value"] == (None if r["value"] is None else pytest.approx(r["value"]))
    landing = ws.projection("month").members[0]
    assert page["projection"]["actual"] == pytest.approx(landing.actual)


def test_products_and_bridge_are_the_api_numbers(demo: TestClient) -> None:
    ws = workspace(demo)
    page = demo.get("/api/products", params={"period": "2025-Q1", "top": 5}).json()
    report = ws.products(period="2025-Q1", top=5)
    assert [i["item"] for i in page["items"]] == [r["product"] for r in report.records]
    assert [i["revenue"] for i in page["items"]] == [
        pytest.approx(r["revenue"]) for r in report.records
    ]
    assert page["pareto"] == report.pareto
    bridge = demo.get("/api/bridge", params={"base": "2024-Q4", "current": "2025-Q1"}).json()
    parts = ws.bridge("2024-Q4", "2025-Q1").parts()
    assert bridge["parts"] == pytest.approx(parts)
    assert sum(bridge["parts"].values()) == pytest.approx(bridge["change"])
    totals = [s for s in bridge["steps"] if s["total"]]
    assert [t["end"] for t in totals] == pytest.approx(
        [bridge["revenue_base"], bridge["revenue_current"]]
    )


def test_coaching_wins_and_rep_are_the_insights(demo: TestClient) -> None:
    ws = workspace(demo)
    coaching = demo.get("/api/coaching").json()
    report = insights.flags(ws)
    assert [(f["rep"], f["flag"]) for f in coaching["flags"]] == [
        (f.rep, f.flag) for f in report.flags
    ]
    paired = insights.pairs(ws)
    assert [(p["mentor"], p["mentee"]) for p in coaching["pairs"]] == [
        (p.mentor, p.mentee) for p in paired.pairs
    ]
    wins = demo.get("/api/wins").json()["wins"]
    assert wins == [json_ready(w.as_dict()) for w in insights.wins(ws).wins]
    board = demo.get("/api/leaderboard").json()["boards"]
    assert [[e["rep"] for e in b["entries"]] for b in board] == [
        [e.rep for e in b.entries] for b in report.leaderboards
    ]
    rep = demo.get("/api/reps/R0004").json()
    assert [d["summary"] for d in rep["diagnosis"]] == [
        d.summary for d in insights.diagnose(ws, rep="R0004")
    ]
    assert rep["wins"] == [json_ready(w.as_dict()) for w in insights.wins(ws, rep="R0004").wins]


def test_data_is_the_tables_and_imports(demo: TestClient) -> None:
    ws = workspace(demo)
    page = demo.get("/api/data").json()
    assert [(t["name"], t["rows"]) for t in page["tables"]] == [
        (t.name, t.rows) for t in ws.tables()
    ]
    assert [i["id"] for i in page["imports"]] == [i.id for i in ws.imports()]
