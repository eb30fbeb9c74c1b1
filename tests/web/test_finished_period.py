"""Where the data ends on a period's last day, the period is over: the team and rep pages
say how it ended, not where it will land. Hand-computed: Ann sells 10 × $30 = $300 on
2025-03-03 and 5 × $30 = $150 on 2025-03-31 against a March quota of $600: $450, 75% of it;
Bo sells $100 in March against $400 (25%). The team: $550 of $1,000, 55%."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

import salespulse
from salespulse.web import WebSettings, create_app

SALES = """date,product,quantity,unit_price,rep,customer
2025-02-10,Widget,4,30,Ann,c1
2025-02-12,Widget,2,50,Bo,c2
2025-03-03,Widget,10,30,Ann,c1
2025-03-20,Widget,2,50,Bo,c3
2025-03-31,Widget,5,30,Ann,c2
"""
QUOTAS = """rep,period,target
Ann,2025-03,600
Bo,2025-03,400
"""


@pytest.fixture(scope="module")
def ended(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("web-ended")
    (folder / "sales.csv").write_text(SALES, encoding="utf-8")
    (folder / "quotas.csv").write_text(QUOTAS, encoding="utf-8")
    ws = salespulse.open(folder / "ws")
    ws.import_file("sales", folder / "sales.csv")
    ws.import_file("quotas", folder / "quotas.csv")
    app = create_app(WebSettings(workspace=folder / "ws", no_login=True))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_team_page_says_how_the_month_ended(ended: TestClient) -> None:
    page = ended.get("/")
    assert page.status_code == 200
    text = words(page.text)
    assert "How Mar 2025 ended" in text and "will land" not in text
    assert "Landed at $550.00 (all 21 selling days)" in text
    assert "Quota $1,000 Reached 55% of it" in text
    assert "Chance of reaching it" not in text
    # Ann's revenue rose on February, Bo's did not fall: a best mover and no worst one.
    assert "Best: Ann (+$330 revenue)." in text and "Worst" not in text


def test_the_rep_page_says_how_the_month_ended(ended: TestClient) -> None:
    text = words(ended.get("/reps/Ann").text)
    assert "How Mar 2025 ended" in text and "will land" not in text
    assert "Landed at $450.00" in text and "Quota $600.00, 75% of it reached" in text
