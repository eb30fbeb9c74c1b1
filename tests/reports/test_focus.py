"""This week's focus list and a plan's focus KPI on the hand case
(tests/reports/goal_case.py), and the focus of a shop with sale lines only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.insights.builders import workspace
from tests.reports.cases import sale
from tests.reports.goal_case import AS_OF, tables


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return workspace(tmp_path_factory.mktemp("focus") / "ws", tables())


def test_deals_by_expected_contribution(ws: Any) -> None:
    """Week 2025-W24 (9–15 June), as of 11 June. amount × probability × timing × idle:

    - open-A: 4,000 × 0.5, expected 13 June, in the week (× 1) = 2,000;
    - open-B: 10,000 × 0.3, expected 30 August, beyond 15 June + 28 days (× 0.25) = 750;
    - open-C: 6,000 × 0.4, expected 20 June, soon after (× 0.5); 9 days in Proposal
      (since 2 June) where 90% of deals move on within 5.6 days (of 2, 4, 6: the 90th
      percentile at position 1.8, 4 + 0.8 × 2) → × 5.6 ÷ 9: 1,200 × 0.6222 = 746.67."""
    got = ws.focus("ann", week="2025-W24", as_of=AS_OF)
    assert [d.key for d in got.deals] == ["open-A", "open-B", "open-C"]
    assert [d.score for d in got.deals] == pytest.approx([2000, 750, 1200 * 5.6 / 9])
    assert got.deals[2].reason == (
        "$6,000 × 40% win chance; expected to close 2025-06-20, soon after 2025-W24; "
        "idle 9 days in Proposal, where 90% move on within 6"
    )
    assert got.deals[0].facts["expected_close"] == date(2025, 6, 13)


def test_leads_not_yet_worked(ws: Any) -> None:
    """Untouched leads of the last 90 days without a deal: L-new-1 (web) and L-new-2
    (event); L-new-3 is a deal already, L-old is older than 90 days.

    Deals per lead by source over the 182 days to 11 June (12 December – 11 June): web
    deals created: Jan–May 5 × 8 = 40, December's 13th and 18th selling days (18 and 25
    December) 2, June's 3 closed and 3 open, bob's 3 in March = 51; web leads: Jan–May 5
    × 16 = 80 (December's came on the 2nd) + L-new-1 + L-new-3 = 82 → 51/82. Event: 1
    lead, no deal → 0. Scores: L-new-1 (1 day old) 51/82 ÷ (1 + 1/7); L-new-2 0."""
    got = ws.focus("ann", week="2025-W24", as_of=AS_OF)
    assert [x.key for x in got.leads] == ["L-new-1", "L-new-2"]
    assert got.leads[0].score == pytest.approx(51 / 82 / (1 + 1 / 7))
    assert got.leads[0].reason == (
        "new 1 day ago from web, whose leads turn into deals 62% of the time; not touched yet"
    )
    records = got.records()
    assert [r["kind"] for r in records] == ["deal"] * 3 + ["lead"] * 2
    assert got.as_dict()["period"]["start"] == "2025-06-09"


def test_the_week_defaults_to_the_as_of_week(ws: Any) -> None:
    got = ws.focus("ann", as_of=AS_OF)
    assert (got.window.start, got.window.end) == (date(2025, 6, 9), date(2025, 6, 15))


def test_plan_focus_progress(ws: Any) -> None:
    """ann's win rate, target 0.6. Baseline as of 31 May: the 90 days 3 March – 31 May
    hold March, April and May whole: 12 won of 24 closed = 0.5. Now (11 June: 14 March –
    11 June): March's 13th and 18th selling days (19, 26 March: 2 won), April and May (8
    won, 8 lost), June (2 won, 1 lost) → 12 of 21 = 0.5714; progress (0.5714 − 0.5) ÷
    (0.6 − 0.5) = 0.714."""
    base = ws.plan_baseline("ann", "win_rate", as_of="2025-05-31")
    assert base == pytest.approx(0.5)
    got = ws.plan_focus("ann", "win_rate", base, 0.6, by="2025-09-30", as_of=AS_OF)
    assert got.current == pytest.approx(12 / 21)
    assert got.progress == pytest.approx((12 / 21 - 0.5) / 0.1)
    assert (got.window.start, got.n) == (date(2025, 3, 14), 21)
    assert got.as_dict()["by"] == "2025-09-30"


def test_a_shop_focuses_on_customers_to_win_back(tmp_path: Any) -> None:
    """Sale lines only. cid sold to X 500 (January 2025) and 300 (March), Y 1,000
    (February), Z 200 (4 June) and 50 (10 June). For June 9–15, the customers of the 12
    months before (from the first of the month a year back, 1 June 2024, to 8 June 2025)
    who have not bought in the week: Y 1,000, X 800, Z 200 (Z bought on
    10 June: not in the list)."""
    rows = [sale(date(2025, 1, 10), "cid", 500.0), sale(date(2025, 3, 10), "cid", 300.0),
            sale(date(2025, 2, 10), "cid", 1000.0), sale(date(2025, 6, 4), "cid", 200.0),
            sale(date(2025, 6, 10), "cid", 50.0)]  # fmt: skip
    for row, customer in zip(rows, "XXYZZ", strict=True):
        row["customer"] = customer
    shop = workspace(tmp_path / "ws", {"sales": rows})
    got = shop.focus("cid", week="2025-W24", as_of="2025-06-11")
    assert [c.key for c in got.customers] == ["Y", "X"]
    assert [c.score for c in got.customers] == [1000, 800]
    assert got.customers[1].reason == (
        "bought $800.00 in 2024-06-01..2025-06-08, last in Mar 2025; nothing yet in 2025-W24"
    )
    assert got.deals == [] and got.leads == [] and "customers who bought before" in got.notes[0]
