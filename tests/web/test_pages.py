"""Every page answers 200 in HTML and in JSON, on the demo and on its sales lines alone;
a page whose table is missing says what to import; the JSON twin's numbers are the
Workspace API's own."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from typing import Any

import pytest
from starlette.testclient import TestClient

from salespulse.reports import bridge_chart, consistency_chart, products_chart
from salespulse.web.served import Served

PAGES = [
    "/",
    "/?period=quarter",
    "/leaderboard",
    "/reps/R0004",
    "/products",
    "/products?by=category&period=2025-Q1",
    "/bridge",
    "/bridge?base=2024-Q4&current=2025-Q1&by=category",
    "/pipeline",
    "/prospecting",
    "/coaching",
    "/wins",
    "/kpis",
    "/kpis/win_rate?by=team&period=quarter",
    "/data",
]
SALES_PAGES = [p for p in PAGES if "R0004" not in p and "win_rate" not in p and "=" not in p] + [
    "/reps/Amara%20Taylor",
    "/kpis/revenue?by=rep&period=month",
    "/kpis/win_rate",
]


@pytest.mark.parametrize("path", PAGES)
def test_demo_page_and_twin(demo: TestClient, path: str) -> None:
    page = demo.get(path)
    assert page.status_code == 200, page.text[:2000]
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>" in page.text and 'aria-current="page"' in page.text
    twin = demo.get("/api" + path)
    assert twin.status_code == 200, twin.text[:2000]
    assert twin.json()["currency"] == "USD"


@pytest.mark.parametrize("path", SALES_PAGES)
def test_sales_only_page_and_twin(sales: TestClient, path: str) -> None:
    page = sales.get(path)
    assert page.status_code == 200, page.text[:2000]
    assert sales.get("/api" + path).status_code == 200


@pytest.mark.parametrize(
    ("path", "table"),
    [("/pipeline", "deals"), ("/prospecting", "activities"), ("/leaderboard", "quotas")],
)
def test_missing_table_says_what_to_import(sales: TestClient, path: str, table: str) -> None:
    needs = sales.get("/api" + path).json()["needs"]
    assert table in [n["table"] for n in needs]
    assert f"salespulse import {table}" in sales.get(path).text


def test_the_team_page_says_deals_would_add_more_on_sales_lines(sales: TestClient) -> None:
    page = sales.get("/api/").json()
    assert "deals" in [n["table"] for n in page["needs"]]
    assert [c["kpi"] for c in page["cards"]][:1] == ["revenue"]


def test_an_empty_workspace_says_what_to_import(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import salespulse
    from salespulse.web import WebSettings, create_app

    salespulse.init(tmp_path / "ws")
    with TestClient(create_app(WebSettings(workspace=tmp_path / "ws", no_login=True))) as client:
        for path in ("/", "/products", "/bridge", "/pipeline", "/coaching", "/wins", "/data"):
            assert client.get(path).status_code == 200, path
        needs = client.get("/api/").json()["needs"]
        assert {"sales", "deals"} <= {n["table"] for n in needs}
        assert client.get("/reps/R0001").status_code == 404


def _spec(page: str, chart: str) -> Any:
    """The spec a page carries for its chart `chart` (its JSON data block)."""
    found = re.search(rf'<script type="application/json" id="{chart}">(.*?)</script>', page, re.S)
    assert found, f"no {chart} chart on the page"
    return json.loads(found.group(1))


def test_the_bridge_products_and_rep_pages_draw_the_offline_pages_specs(
    demo: TestClient, demo_served: Served
) -> None:
    """The waterfall, the Pareto chart and the consistency band have one definition: the
    dashboard's page draws the very spec the HTML pages of `bridge`, `products` and
    `consistency` (and the packet) render to SVG."""
    ws = demo_served.ws
    page = demo.get("/bridge?base=2024-Q4&current=2025-Q1").text
    b = ws.bridge("2024-Q4", "2025-Q1", by="product")
    bars = bridge_chart.steps(b)
    offline = bridge_chart.chart(
        [asdict(s) for s in bars], bridge_chart.summary(b, "USD"), bridge_chart.floor(bars)
    )
    assert _spec(page, "waterfall") == json.loads(json.dumps(offline))
    page = demo.get("/products?period=2025-Q1").text
    report = ws.products(period="2025-Q1")
    offline = products_chart.pareto(report.records, report.by, report.measure, report.pareto or "")
    assert _spec(page, "pareto") == json.loads(json.dumps(offline))
    page = demo.get("/reps/R0004").text
    (member,) = ws.consistency(value="R0004", months=12).members
    offline = consistency_chart.chart(consistency_chart.band_records(member), member.measure)
    assert _spec(page, "band") == json.loads(json.dumps(offline))


def test_the_slipping_deals_are_each_reps_deals_at_risk(
    demo: TestClient, demo_served: Served
) -> None:
    """The pipeline page reads every rep's deals at risk at once: the same deals, biggest
    first, as asking rep by rep (the rep page's way)."""
    from salespulse.insights.core.evidence import evidence
    from salespulse.insights.signals.deals_at_risk import deals_at_risk
    from salespulse.web.routes.pipeline import SLIPPING

    shown = demo.get("/api/pipeline").json()["slipping"]
    with evidence(demo_served.ws) as ev:
        day = ev.as_of(None)
        one_by_one = [
            {**d.as_dict(), "rep": rep.rep, "rep_name": rep.name}
            for rep in ev.roster.values()
            for d in deals_at_risk(ev, rep.rep, day)
        ]
    one_by_one.sort(key=lambda d: -(d["amount"] or 0))
    assert shown and len(shown) == min(SLIPPING, len(one_by_one))
    assert [d["deal_id"] for d in shown] == [d["deal_id"] for d in one_by_one[:SLIPPING]]
    assert shown[0] == json.loads(json.dumps(one_by_one[0], default=str))
