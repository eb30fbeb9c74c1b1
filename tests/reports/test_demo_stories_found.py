"""The reports find the stories planted in the demo's sale lines (docs/demo-data.md),
seed 7, as of 2025-06-15 (the last complete month is May 2025):

- Seats' real drop, Feb–May 2025: `products --by category` names Seats as a fall in
  February, and `consistency --by category` calls its drop months bad months;
- Services' noisy May: a fall, but not named as a mover beyond noise, and not a bad month;
- R0002 Leila Kelly's mix shift (Mar–May against Dec–Feb): the revenue bridge by product
  puts most of her fall in mix, and the scorecard ranks her among the worst movers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import salespulse
from salespulse.demo_workspace import write_demo


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    workspace = salespulse.init(tmp_path_factory.mktemp("stories") / "ws")
    write_demo(workspace, seed=7, as_of=date(2025, 6, 15))
    return workspace


def test_products_name_the_real_drop_and_not_the_noise(ws: Any) -> None:
    february = ws.products(by="category", period="2025-02")
    assert "Seats" in [m.key for m in february.movers.falls]
    may = ws.products(by="category", period="2025-05")
    services = next(r for r in may.records if r["category"] == "Services")
    assert services["change"] < 0  # it fell...
    assert "Services" not in [m.key for m in may.movers.falls]  # ...within noise


def test_consistency_calls_the_drop_bad_and_the_dip_noise(ws: Any) -> None:
    report = ws.consistency(by="category", months=12, as_of="2025-05-31")
    month = {m.member: m for m in report.members}
    seats_bad = {d.strftime("%Y-%m") for d in month["Seats"].bad_months}
    assert {"2025-03", "2025-04", "2025-05"} & seats_bad, seats_bad
    services_bad = {d.strftime("%Y-%m") for d in month["Services"].bad_months}
    assert "2025-05" not in services_bad


def test_the_mix_rep_fell_on_mix(ws: Any) -> None:
    bridge = ws.bridge(
        by="product",
        where={"rep": "R0002"},
        base_start="2024-12-01",
        base_end="2025-02-28",
        current_start="2025-03-01",
        current_end="2025-05-31",
    )
    t = bridge.totals
    assert t.change < 0 and t.mix < 0
    assert t.mix / t.change >= 0.8  # most of the fall is mix
    assert abs(t.volume) < abs(t.mix) / 10
