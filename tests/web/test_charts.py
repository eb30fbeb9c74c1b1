"""The chart kinds: each a Vega-Lite spec with its data inline and its description (the
accessible name), rendered to SVG offline; the waterfall's bars worked out by hand."""

from __future__ import annotations

import re
from typing import Any

import pytest

from salespulse import charts
from tests import svg_marks

MONTHS = [{"month": f"2025-{m:02d}-01", "value": 10.0 * m} for m in range(1, 7)]


def _data(spec: dict[str, Any]) -> list[Any]:
    """The inline data of a spec (Altair puts a layered chart's into `datasets`)."""
    found = [v for v in spec.get("datasets", {}).values()]
    if "values" in spec.get("data", {}):
        found.append(spec["data"]["values"])
    for layer in spec.get("layer", []):
        found.extend(_data(layer))
    return found


KINDS = {
    "sparkline": lambda: charts.sparkline(MONTHS, "month", "value", "Revenue"),
    "trend": lambda: charts.trend(MONTHS, "month", "value", "Revenue"),
    "bars": lambda: charts.bars(
        [{"rep": "a", "v": 3}, {"rep": "b", "v": -1}], "rep", "v", "Per rep", reference=1
    ),
    "band": lambda: charts.band(
        [
            {
                "month": "2025-01-01",
                "value": 5,
                "low": 4,
                "high": 6,
                "expected": 5,
                "verdict": "in the band",
            },
            {
                "month": "2025-02-01",
                "value": 9,
                "low": 4,
                "high": 6,
                "expected": 5,
                "verdict": "great month",
            },
        ],
        "Consistency",
    ),
    "pareto": lambda: charts.pareto(
        [{"p": "a", "v": 5, "c": 0.5}, {"p": "b", "v": 5, "c": 1.0}], "p", "v", "c", "Pareto"
    ),
    "heatmap": lambda: charts.heatmap(
        [
            {"weekday": "tuesday", "hour": 9, "value": 3},
            {"weekday": "monday", "hour": 10, "value": 5},
        ],
        "Outreach",
    ),
    "columns": lambda: charts.columns(
        [{"m": "Jan", "v": 5, "q": 4}, {"m": "Feb", "v": 3, "q": None}],
        "m",
        "v",
        "Quota",
        against="q",
        met=True,
    ),
    "drivers": lambda: charts.drivers(
        [
            {"label": "Win rate", "fold": 1.0, "significant": True, "words": "2× better"},
            {"label": "Cycle", "fold": None, "significant": False, "words": "not measurable"},
        ],
        "Drivers",
    ),
    "landing": lambda: charts.landing(
        [
            {
                "member": "a",
                "actual": 5,
                "projected": 9,
                "low": 7,
                "high": 11,
                "target": 10,
                "label": "9",
            }
        ],
        "Landing",
    ),
    "waterfall": lambda: charts.waterfall(
        [
            {"label": "Base", "start": 0, "end": 100, "total": True},
            {"label": "Volume", "start": 100, "end": 120, "total": False},
        ],
        "Bridge",
    ),
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_spec_with_inline_data_and_a_description(kind: str) -> None:
    spec = KINDS[kind]()
    assert spec["description"]
    assert spec["width"] == "container"
    assert _data(spec), "the data travels with the spec"
    drawn = charts.svg(spec)
    assert drawn.lstrip().startswith("<svg") and "</svg>" in drawn


def test_the_waterfall_bars() -> None:
    """Base 100, volume +20, price −10, now 110: the totals stand on 0 (0–100, 0–110); a
    part floats from the running total — volume 100–120 (up), price 110–120 (down)."""
    spec = charts.waterfall(
        [
            {"label": "Base", "start": 0, "end": 100, "total": True},
            {"label": "Volume", "start": 100, "end": 120, "total": False},
            {"label": "Price", "start": 120, "end": 110, "total": False},
            {"label": "Now", "start": 0, "end": 110, "total": True},
        ],
        "Bridge",
    )
    bars = [(r["label"], r["low"], r["high"], r["kind"], r["amount"]) for r in _data(spec)[0]]
    assert bars == [
        ("Base", 0, 100, "total", 100),
        ("Volume", 100, 120, "up", 20),
        ("Price", 110, 120, "down", -10),
        ("Now", 0, 110, "total", 110),
    ]


def test_the_heatmap_orders_weekdays_from_monday() -> None:
    spec = charts.heatmap(
        [
            {"weekday": "tuesday", "hour": 9, "value": 3},
            {"weekday": "monday", "hour": 9, "value": 1},
        ],
        "Outreach",
    )
    assert spec["encoding"]["y"]["sort"] == ["monday", "tuesday"]


def test_svg_keeps_the_spec_and_fixes_the_width() -> None:
    spec = charts.trend(MONTHS, "month", "value", "Revenue")
    drawn = charts.svg(spec, width=300)
    assert spec["width"] == "container"  # untouched
    assert 'width="3' in drawn  # ~300 px plus padding


def test_svg_is_named_by_the_description_escaped_with_ids_of_its_own() -> None:
    """Offline, the description is the accessible name (as vega-embed makes it), escaped;
    a legend's gradient gets an id no other chart in the page has."""
    rows = [{"weekday": "monday", "hour": 9, "value": 3}, {"weekday": "friday", "hour": 9}]
    rows[1]["value"] = 7
    hot = charts.svg(charts.heatmap(rows, "Outreach of <script>alert(1)</script>"))
    cold = charts.svg(charts.heatmap(rows[:1], "Outreach"))
    assert svg_marks.name(hot) == "Outreach of <script>alert(1)</script>"
    assert "<script" not in hot and "<title>Outreach of &lt;script&gt;" in hot
    ids = [set(re.findall(r'\bid="([^"]+)"', svg)) for svg in (hot, cold)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]
    pairs = zip((hot, cold), ids, strict=True)
    assert all(f"url(#{i})" in svg for svg, found in pairs for i in found)


def test_the_drivers_turn_better_right_and_say_what_is_not_measurable() -> None:
    drawn = charts.svg(KINDS["drivers"]())
    assert "4× better" in drawn and "4× worse" in drawn and "not measurable" in drawn
    assert len(svg_marks.marks(drawn, "bar")) == 1  # the measurable driver only
