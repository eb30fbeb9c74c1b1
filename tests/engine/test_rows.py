"""The reads the coaching makes besides its KPIs (`Engine.rows`): compiled once per name
and shape with the window and as-of day bound, kept like a query's SQL, so a later
process reads them without Ibis — and they still follow the data after an import."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import salespulse
from salespulse.insights.core.evidence import evidence

from .test_cache import write_deals

WON = """
import json, sys
from datetime import date
import salespulse
from salespulse.insights.core.evidence import evidence

def build(ctx):
    t = ctx.table("deals")
    won = t.filter(
        (t.status == "won")
        & ctx.bound(t.closed_at, "start", ">=")
        & ctx.bound(t.closed_at, "end_next", "<")
    )
    return won.select("deal_id", "amount")

ws = salespulse.open(sys.argv[1])
out = {}
with evidence(ws) as ev:
    for start, end in json.loads(sys.argv[2]):
        rows = ev.rows("won", build, kpi="bookings", start=date.fromisoformat(start),
                       end=date.fromisoformat(end))
        out[start] = sorted((r["deal_id"], r["amount"]) for r in rows)
built = "ibis" in sys.modules or "salespulse.sql.render" in sys.modules  # built, not kept
print(json.dumps({"built": built, "rows": out}))
"""

#: (start, end) → the won deals closed in it, by hand from write_deals (d1 won Jan 20,
#: d3 won Mar 1; d5 won Feb 10 comes with the second import).
WINDOWS = [("2025-01-01", "2025-01-31"), ("2025-01-21", "2025-03-01"), ("2025-02-01", "2025-02-28")]


def won(ws: Any) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", WON, str(ws.path), json.dumps(WINDOWS)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_read_is_compiled_once_and_follows_new_data(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("deals", write_deals(tmp_path / "deals.csv"))
    first = won(ws)
    assert first["built"]  # built and compiled (once: the three windows share it)
    expected = {
        "2025-01-01": [["d1", 100.0]],
        "2025-01-21": [["d3", 300.0]],
        "2025-02-01": [],
    }
    assert first["rows"] == expected
    again = won(ws)
    assert again == {"built": False, "rows": expected}
    (tmp_path / "more.csv").write_text(
        "deal_id,rep,created_at,status,closed_at,amount\nd5,cy,2025-01-09,won,2025-02-10,50\n"
    )
    ws.import_file("deals", tmp_path / "more.csv")
    after = won(ws)
    assert not after["built"]  # the same columns: the kept SQL runs on the new rows
    assert after["rows"] == {
        **expected,
        "2025-01-21": [["d3", 300.0], ["d5", 50.0]],
        "2025-02-01": [["d5", 50.0]],
    }


def test_a_read_never_pastes_its_values(tmp_path: Path) -> None:
    """The window reaches the SQL as bound parameters: a hostile-looking day is a date,
    and the kept SQL names no date at all."""
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("deals", write_deals(tmp_path / "deals.csv"))

    def build(ctx: Any) -> Any:
        t = ctx.table("deals")
        return t.filter(ctx.bound(t.closed_at, "start", ">=")).select("deal_id")

    with evidence(ws) as ev:
        rows = ev.rows("after", build, kpi="bookings", start=date(2025, 2, 1))
    assert sorted(r["deal_id"] for r in rows) == ["d2", "d3"]
    kept = [f.read_text() for f in (ws.path / ".cache" / "sql").glob("*.json")]
    assert any("start_ts" in text for text in kept)
    assert not any("2025-02-01" in text for text in kept)


@pytest.mark.parametrize("as_of", ["2025-01-10", "2025-02-20"])
def test_open_deals_at_risk_read_equals_a_plain_filter(tmp_path: Path, as_of: str) -> None:
    """The open deals on the as-of day (created by then, not closed by then), read for
    everyone once: d2 (closed Feb 15) and d4 (created Feb 1, open) by hand."""
    from salespulse.insights.signals.deals_at_risk import open_deals

    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("deals", write_deals(tmp_path / "deals.csv"))
    with evidence(ws) as ev:
        found = sorted(str(d["deal_id"]) for d in open_deals(ev, date.fromisoformat(as_of)))
    by_hand = {"2025-01-10": ["d1", "d2", "d3"], "2025-02-20": ["d3", "d4"]}
    assert found == by_hand[as_of]
