"""The biggest-order win on the golden sale lines (no reps table, no deals), worked out
by hand from tests/golden/README.md (largest_order): the orders of February 2025 are
ann's O3 (900) and bob's O4 (600), so ann has the biggest order of February. Her orders
before February: O1 (600 + 250 = 850), so 900 is her biggest ever. In March only ann
has an order (O5, 300), below her best: the biggest of the month, not her biggest ever."""

from __future__ import annotations

from pathlib import Path

import salespulse
from salespulse.insights import wins
from tests.golden import data


def test_the_biggest_order_of_the_month_and_ever(tmp_path: Path) -> None:
    ws = salespulse.init(tmp_path / "ws")
    with ws.connect() as con:
        data.load_duckdb(con, {"sales": data.SALES})
    february = [w for w in wins(ws, as_of="2025-03-10").wins if w.kind == "biggest_order"]
    assert [(w.rep, w.value) for w in february] == [("ann", 900.0)]
    assert "biggest ever" in february[0].text and "$850" in february[0].text
    march = [w for w in wins(ws, as_of="2025-04-10").wins if w.kind == "biggest_order"]
    assert [(w.rep, w.value) for w in march] == [("ann", 300.0)]
    assert "biggest ever" not in march[0].text
