"""Members read in number order where their keys are numbers: sales territories 1 to 10
(AdventureWorks keys its territories so) list 1, 2, …, 10, not 1, 10, 2 — in the
scorecard and in the bridge's groups."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from salespulse.reports.members import reading_order
from tests.insights.builders import workspace


def test_numbers_in_keys_sort_as_numbers() -> None:
    keys = ["R10", "10", "b", "R9", "2", "a", "R0010x"]
    assert sorted(keys, key=reading_order) == ["2", "10", "R9", "R10", "R0010x", "a", "b"]


def test_scorecard_and_bridge_list_territories_in_number_order(tmp_path: Path) -> None:
    """One line of 10 (1 unit) per territory in April and in May 2025, no reps."""
    lines = [
        {"date": date(2025, month, 5), "product": "P", "quantity": 1.0, "amount": 10.0,
         "region": str(t)}
        for t in (1, 2, 10, 11, 3) for month in (4, 5)
    ]  # fmt: skip
    ws = workspace(tmp_path / "ws", {"sales": lines})
    card = ws.scorecard(as_of=date(2025, 6, 1))
    assert card.by == "region"
    order = list(dict.fromkeys(r["region"] for r in card.records))
    assert order == ["1", "2", "3", "10", "11"]
    bridge = ws.bridge("2025-04", "2025-05", group="region")
    assert [g.group for g in bridge.groups] == ["1", "2", "3", "10", "11"]
