"""`salespulse bridge`: the JSON contract (the hand-worked case of tests/reports/
test_bridge.py), the terminal waterfall, the HTML page with every value escaped, and its
messages in the CLI's own terms (flags and BASE/CURRENT, never API names)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import salespulse
from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from tests.golden import data
from tests.reports.bridge_case import DATASET, REPS, sale
from tests.svg_marks import fetches_nothing, marks, name, svgs

PARTS = ["volume", "mix", "price", "new", "lost"]
TOP = ["base", "current", "base_start", "base_end", "current_start", "current_end", "by"]
TOP += ["revenue_base", "revenue_current", "change", *PARTS, "items", "notes"]
ITEM = ["item", "name", "status", "units_base", "units_current", "revenue_base"]
ITEM += ["revenue_current", "price_base", "price_current", "change", *PARTS]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    workspace = salespulse.init(tmp_path_factory.mktemp("bridge_cli") / "ws")
    with workspace.connect() as con:
        data.load_duckdb(con, DATASET)
    return workspace


def run(ws: Any, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--workspace", str(ws.path), "bridge", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_json_contract(ws: Any) -> None:
    out = json.loads(run(ws, "2025-Q1", "2025-Q2", "--format", "json"))
    assert list(out) == TOP
    assert (out["base"], out["current"], out["base_start"], out["current_end"]) == (
        "2025-Q1",
        "2025-Q2",
        "2025-01-01",
        "2025-06-30",
    )
    assert [out[p] for p in PARTS] == pytest.approx([550, -650, 100, 280, -700])
    assert sum(out[p] for p in PARTS) == pytest.approx(out["change"]) == -420
    assert all(list(i) == ITEM for i in out["items"])
    a = next(i for i in out["items"] if i["item"] == "A")
    assert (a["name"], a["units_base"], a["revenue_current"], a["price"]) == (
        "Anchor lamp",
        10,
        1100,
        100,
    )
    for p in PARTS:
        assert sum(i[p] for i in out["items"]) == pytest.approx(out[p])
    # Not a terminal: JSON without --format; --group adds each rep's bridge.
    grouped = json.loads(run(ws, "2025-Q1", "2025-Q2", "--group", "rep"))
    assert list(grouped) == [*TOP[:-1], "group", "groups", "notes"]
    assert [g["group"] for g in grouped["groups"]] == ["ann", "bob"]
    assert list(grouped["groups"][0]) == ["group", "name", *TOP[7:-1]]
    assert sum(g["change"] for g in grouped["groups"]) == pytest.approx(-420)


def test_dates_instead_of_labels(ws: Any) -> None:
    out = json.loads(
        run(
            ws,
            *("--base-from", "2025-01-01", "--base-to", "2025-03-31"),
            *("--current-from", "2025-04-01", "--current-to", "2025-06-30"),
            *("--by", "category", "--where", "rep=ann"),
        )
    )
    assert (out["base"], out["by"], out["change"]) == ("Jan–Mar 2025", "category", 300)


def test_the_terminal_waterfall(ws: Any) -> None:
    text = run(ws, "2025-Q1", "2025-Q2", "--format", "table", "--top", "3")
    lines = text.splitlines()
    volume = next(line for line in lines if line.strip().startswith("Volume"))
    mix = next(line for line in lines if line.strip().startswith("Mix"))
    assert "█" in volume and "+$550" in volume and "−$650" in mix
    assert "Revenue fell from $2,770 in 2025-Q1 to $2,350 in 2025-Q2: −$420.00 (−15.2%)" in text
    assert "Items that moved revenue most" in text and "Core cable" in text
    assert "… and 5 more items (--top N" in text


def test_the_terminal_shows_each_group(ws: Any) -> None:
    """With --group rep, each rep's own bridge (tests/reports/test_bridge.py's case):
    ann 800 -> 1,100 = +300 = volume +471 + mix -171 + price +50 + new +250 + lost -300;
    bob 1,970 -> 1,250 = -720 = -677 + 77 + 50 + 230 - 400. Without --group, no such table."""
    text = run(ws, "2025-Q1", "2025-Q2", "--group", "rep", "--format", "table")
    assert "Each rep's own bridge" in text
    rows = [line.split() for line in text.splitlines() if line.strip().startswith(("ann", "bob"))]
    assert rows[0][-6:] == ["+$300", "+$471", "−$171", "+$50", "+$250", "−$300"]
    assert rows[1][-6:] == ["−$720", "−$677", "+$77", "+$50", "+$230", "−$400"]
    assert "Each rep's own bridge" not in run(ws, "2025-Q1", "2025-Q2", "--format", "table")


def test_html_escapes_every_value(tmp_path: Path) -> None:
    script = "<script>alert(1)</script>"
    sales = [
        sale("2025-01-10", script, 4, 100, "<b>rep</b>", product_name="<img src=x onerror=y>"),
        sale("2025-04-10", script, 5, 90, "<b>rep</b>", product_name="<img src=x onerror=y>"),
        sale("2025-04-11", "B&B", 1, 10, "<b>rep</b>"),
    ]
    reps = [{**REPS[0], "rep": "<b>rep</b>", "name": "Ann <i>Lee</i>"}]
    ws = salespulse.init(tmp_path / "ws")
    with ws.connect() as con:
        data.load_duckdb(con, {"sales": sales, "reps": reps})
    page = run(ws, "2025-Q1", "2025-Q2", "--group", "rep", "--format", "html")
    assert page.startswith("<!DOCTYPE html>") and fetches_nothing(page)
    (waterfall,) = svgs(page)  # the two totals and the five parts, named by the summary
    assert name(waterfall).startswith("Revenue ") and len(marks(waterfall, "bar")) == 7
    for raw in (script, "<img", "<b>rep", "<i>Lee", "B&B"):
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "B&amp;B" in page
    assert "Ann &lt;i&gt;Lee&lt;/i&gt;" in page
    out = tmp_path / "bridge.html"
    result = CliRunner().invoke(
        cli, ["--workspace", str(ws.path), "bridge", "2025-Q1", "2025-Q2", "--out", str(out)]
    )
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE")


@pytest.mark.parametrize(
    ("args", "error", "fix"),
    [
        (["2025-Q2", "2025-Q1"], "Error: BASE 2025-Q2 comes after CURRENT 2025-Q1.", "Swap"),
        (
            ["2025-Q1", "--current-from", "2025-04-01"],
            "Error: The current period is not given: --current-to is missing.",
            "both --current-from and --current-to",
        ),
        (["2025-Q1", "2025-Q2", "--where", "rep=zed"], "matches --where rep=zed", "--where"),
        (["2025-Q1", "2025-Q2", "--out", "x.csv"], "Cannot tell the format of x.csv", "html"),
        (["2025-Q1", "2025-Q2", "--format", "table", "--out", "x.html"], "for the terminal", ""),
    ],
)
def test_messages_name_the_cli_options(
    ws: Any, args: list[str], error: str, fix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_safely(cli, ["--workspace", str(ws.path), "bridge", *args])
    err = capsys.readouterr().err
    assert code == 1 and error in err and fix in err and "`" not in err
