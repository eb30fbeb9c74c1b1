"""A rep and a product named `<script>alert(1)</script>` render as text on every page
that shows them, never as markup (Jinja2 autoescape; chart data as escaped JSON); and the
tiny workspace's numbers are right, worked out by hand below."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from .conftest import HOSTILE

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
PAGES = [
    "/",
    f"/reps/{quote(HOSTILE, safe='')}",
    "/products",
    "/bridge",
    "/kpis/revenue?by=rep",
    "/kpis/revenue?by=product&period=month",
    "/coaching",
    "/wins",
    "/leaderboard",
    "/goals",
    "/plans",
    f"/plans/{quote(HOSTILE)}",
    "/one-on-ones",
    f"/one-on-ones/{quote(HOSTILE)}",
    "/check-in",
]


@pytest.mark.parametrize("path", PAGES)
def test_hostile_names_are_text(hostile: TestClient, path: str) -> None:
    page = hostile.get(path)
    assert page.status_code == 200, page.text[:2000]
    assert HOSTILE not in page.text
    assert "<script>alert" not in page.text


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/products",
        "/bridge",
        "/kpis/revenue?by=rep",
        f"/reps/{quote(HOSTILE)}",
        "/one-on-ones",
        f"/one-on-ones/{quote(HOSTILE)}",
        f"/plans/{quote(HOSTILE)}",
    ],
)
def test_hostile_names_are_shown(hostile: TestClient, path: str) -> None:
    assert ESCAPED in hostile.get(path).text


def test_the_hand_worked_numbers(hostile: TestClient) -> None:
    """The lines: Jan 10 2×10 and Jan 20 1×30 (January: 20 + 30 = 50); Feb 5 3×10 and
    Feb 15 2×30 (February: 30 + 60 = 90); Mar 1 1×30 (the data ends on 1 March, so the
    latest complete month is February). Revenue card: 90, previous 50, change +40; orders
    (no order ids: one a line) 2 against 2. The hostile rep sold 30 in February, Ann 60.
    Products in February: Widget 60 (share 60/90 = 2/3) then the hostile product 30."""
    page = hostile.get("/api/").json()
    revenue = next(c for c in page["cards"] if c["kpi"] == "revenue")
    assert (revenue["value"], revenue["previous"], revenue["change"]) == (90, 50, 40)
    orders = next(c for c in page["cards"] if c["kpi"] == "orders")
    assert (orders["value"], orders["previous"]) == (2, 2)
    rows = {r["member"]: r["cells"]["revenue"]["value"] for r in page["scorecard"]["rows"]}
    assert rows == {HOSTILE: 30, "Ann": 60}
    items = hostile.get("/api/products").json()["items"]
    assert [(i["item"], i["revenue"]) for i in items] == [("Widget", 60), (HOSTILE, 30)]
    assert items[0]["share"] == pytest.approx(2 / 3)
