"""Every coach command on the demo's sales lines alone (`write_demo(only="sales")`: the
products and the sales lines, each line naming its rep by name; no deals, quotas, leads
or activities), through the CLI's JSON contract, and the planted mix story found.

The mix story (docs/demo-data.md): Leila Kelly (R0002 in the full demo) sells as many
units in Mar–May 2025 as before, but cheaper products. Measured on this demo as of
2025-06-15, Mar–May 2025 against the other ramped reps' median: revenue $51k a month
against $66k (−23%); average line value $180 against $265 carries the gap; her product mix
at the peers' prices is 76% of their average price (−$50k), chi-square p ≈ 3e-45.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import salespulse
from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from salespulse.demo_workspace import write_demo

from .builders import workspace

AS_OF = date(2025, 6, 15)
MIX_REP = "Leila Kelly"


@pytest.fixture(scope="module")
def sales_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("coach-sales") / "ws"
    write_demo(salespulse.open(path), seed=7, as_of=AS_OF, only="sales")
    return path


def run(capsys: pytest.CaptureFixture[str], ws: Path, *args: str) -> tuple[int, str, str]:
    code = run_safely(cli, ["--workspace", str(ws), "coach", *args, "--as-of", "2025-06-15"])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], ws: Path, *args: str) -> Any:
    code, out, err = run(capsys, ws, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_diagnose_finds_the_mix_story(capsys: pytest.CaptureFixture[str], sales_path: Path) -> None:
    (d,) = as_json(capsys, sales_path, "diagnose", "--rep", MIX_REP)
    assert d["view"] == "sales" and d["outcome_unit"] == "revenue a month"
    assert d["gap"] < -0.15
    drivers = {x["driver"]: x for x in d["drivers"]}
    assert set(drivers) == {
        "customers",
        "orders_per_customer",
        "lines_per_order",
        "line_value",
        "mix",
    }
    assert drivers["line_value"]["significant"] and drivers["line_value"]["share"] > 0.5
    mix = drivers["mix"]
    assert mix["significant"] and mix["better"] is False and mix["part_of"] == "line_value"
    assert mix["rep_value"] < 0.85 and mix["extra"]["mix"] < 0
    assert "cheaper products" in d["summary"]
    shares = [x["share"] for x in d["drivers"] if x["role"] == "funnel"]
    assert sum(shares) == pytest.approx(1.0)


def test_every_coach_command_answers(capsys: pytest.CaptureFixture[str], sales_path: Path) -> None:
    everyone = as_json(capsys, sales_path, "diagnose")
    assert len(everyone) >= 20 and all(d["view"] == "sales" for d in everyone)
    report = as_json(capsys, sales_path, "flags")
    mine = {f["flag"] for f in report["flags"] if f["rep"] == MIX_REP}
    assert {"revenue_below_peers", "falling"} <= mine
    below = next(
        f for f in report["flags"] if f["rep"] == MIX_REP and f["flag"] == "revenue_below_peers"
    )
    assert below["data"]["cause"]["driver"] == "line_value"
    assert any(f["flag"] == "off_pace" for f in report["flags"])
    wins = as_json(capsys, sales_path, "wins")
    kinds = {w["kind"] for w in wins["wins"]}
    assert {"personal_best", "new_customers", "biggest_order"} <= kinds
    goals = as_json(capsys, sales_path, "stretch")
    assert goals and all(g["view"] == "sales" and len(g["tiers"]) == 2 for g in goals)
    assert all(g["base"] >= g["usual"] for g in goals)
    pairing = as_json(capsys, sales_path, "pairs")
    assert pairing["pairs"] and all(p["reason"] for p in pairing["pairs"])
    packet = as_json(capsys, sales_path, "one-on-one", MIX_REP)
    assert packet["kpis"] == [] and packet["deals_at_risk"] == []
    sales = packet["sales"]
    assert [k["kpi"] for k in sales["kpis"]][:4] == [
        "revenue",
        "units",
        "orders",
        "avg_order_value",
    ]
    assert sales["diagnosis"]["view"] == "sales" and packet["diagnosis"]["view"] == "sales"
    assert sales["consistency"]["months"] == 12 and sales["consistency"]["cv"] > 0
    assert sales["projection"]["period"] == "Jun 2025" and sales["projection"]["projected"] > 0
    assert any(a["topic"] == "Product mix" for a in packet["agenda"])


def test_tables_and_pages(capsys: pytest.CaptureFixture[str], sales_path: Path) -> None:
    code, out, err = run(capsys, sales_path, "diagnose", "--rep", MIX_REP)
    assert code == 0 and "Revenue from the sales lines over Mar–May 2025" in out, err
    assert "product mix" in out and "cheaper products" in out
    code, out, err = run(capsys, sales_path, "one-on-one", MIX_REP)
    assert code == 0, err
    for heading in (
        "## Sales lines: May 2025 against Apr 2025 and the team",
        "## Diagnosis",
        "## Consistency month to month (last 12 months)",
        "## Where this month will land",
    ):
        assert heading in out
    assert "## KPIs" not in out and "## Deals at risk" not in out
    code, out, err = run(capsys, sales_path, "one-on-one", MIX_REP, "--format", "html")
    assert code == 0, err
    for section in ("sales-kpis", "diagnosis", "consistency", "projection", "agenda"):
        assert f'<section id="{section}"' in out
    assert "deals-at-risk" not in out
    consistency = out[
        out.index('<section id="consistency"') : out.index('<section id="projection"')
    ]
    assert "<svg" in consistency and "expected" in consistency  # the band chart and table
    for command in ("stretch", "pairs", "wins", "flags"):
        code, out, err = run(capsys, sales_path, command)
        assert code == 0 and out.strip() and "Traceback" not in out + err, (command, err)
        # The lines name their reps: the id is the name, said once ("Leila Kelly — ...").
        assert not re.search(r"\b([A-Z][a-z]+ [A-Z][a-z]+) \1\b", out), command
    assert f"{MIX_REP} —" in run(capsys, sales_path, "stretch")[1]


def test_packet_escapes_names(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A rep and a product named with markup come out escaped in Markdown and HTML."""
    rep, other = "<b>R&D</b>", "P|1"
    rows = []
    for i, who in enumerate([rep, other, "P2", "P3"] * 30):
        rows.append(
            {
                "date": date(2025, 1 + i % 5, 1 + i % 27),
                "product": "<i>x</i>" if i % 2 else "y",
                "quantity": 1.0,
                "amount": 100.0 + i,
                "rep": who,
                "customer": f"c{i % 9}",
                "order_id": f"o{i}",
            }
        )
    ws = workspace(tmp_path / "ws", {"sales": rows})
    code, out, err = run(capsys, ws.path, "one-on-one", rep, "--format", "html")
    assert code == 0, err
    assert "<b>R&D</b>" not in out and "&lt;b&gt;R&amp;D&lt;/b&gt;" in out
    code, out, err = run(capsys, ws.path, "one-on-one", rep)
    assert code == 0, err
    assert "<b>" not in out


def header(out: str) -> list[str]:
    """The headings of the first table printed (the line under its top border)."""
    lines = out.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    return [cell.strip() for cell in lines[top + 1].strip("┃").split("┃")]


@pytest.mark.parametrize("command", ["diagnose", "flags", "wins"])
def test_a_column_no_rep_fills_is_left_out(
    capsys: pytest.CaptureFixture[str], sales_path: Path, command: str
) -> None:
    """Lines that name their reps by full name, with no reps table: the `name` column
    beside the rep would repeat it, so it is not drawn."""
    code, out, err = run(capsys, sales_path, command)
    assert code == 0, err
    headings = header(out)
    assert "rep" in headings and "name" not in headings, headings
