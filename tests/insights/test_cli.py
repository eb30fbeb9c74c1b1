"""`salespulse coach ...`: JSON shapes, tables, files, and messages instead of tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import salespulse
from salespulse.cli import cli
from salespulse.cli.errors import run_safely

from .builders import workspace
from .conftest import REP


def run(capsys: pytest.CaptureFixture[str], ws: Path, *args: str) -> tuple[int, str, str]:
    code = run_safely(cli, ["--workspace", str(ws), "coach", *args])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], ws: Path, *args: str) -> Any:
    code, out, err = run(capsys, ws, *args, "--as-of", "2025-06-15", "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_diagnose_json(capsys: pytest.CaptureFixture[str], demo_path: Path) -> None:
    (d,) = as_json(capsys, demo_path, "diagnose", "--rep", REP["poor_win_rate"])
    assert {"rep", "outcome", "benchmark", "gap", "drivers", "summary", "window"} <= set(d)
    assert d["rep"] == "R0010" and d["gap"] < 0
    keys = {"driver", "rep_value", "benchmark_value", "share", "significant"}
    assert all(keys <= set(x) for x in d["drivers"])
    shares = [abs(x["share"]) for x in d["drivers"] if x["share"] is not None]
    assert shares == sorted(shares, reverse=True)
    assert d["drivers"][0]["driver"] == "win_rate" and d["drivers"][0]["significant"]


def test_other_commands_json(capsys: pytest.CaptureFixture[str], demo_path: Path) -> None:
    flags = as_json(capsys, demo_path, "flags", "--team", "Beacon")
    assert {f["team"] for f in flags["flags"]} == {"Beacon"}
    assert [b["name"] for b in flags["leaderboards"]] == ["percent_to_goal", "improvement"]
    wins = as_json(capsys, demo_path, "wins", "--period", "week")
    assert wins["window"]["label"] == "week of 2025-06-09"
    assert all({"rep", "kind", "text", "value", "when"} <= set(w) for w in wins["wins"])
    goals = as_json(capsys, demo_path, "stretch")
    assert REP["steady_top"] in {s["rep"] for s in goals}
    result = as_json(capsys, demo_path, "pairs", "--max-mentees", "1")
    assert result["pairs"] and all(p["reason"] for p in result["pairs"])
    packet = as_json(capsys, demo_path, "one-on-one", REP["spiky"])
    assert packet["rep"]["rep"] == REP["spiky"] and packet["agenda"]


@pytest.mark.parametrize(
    "args",
    [
        ["diagnose", "--team", "Atlas"],
        ["diagnose", "--rep", "Leo Green"],
        ["flags", "--rep", "R0013"],
        ["wins"],
        ["stretch"],
        ["pairs", "--same-team"],
    ],
)
def test_tables(capsys: pytest.CaptureFixture[str], demo_path: Path, args: list[str]) -> None:
    code, out, err = run(capsys, demo_path, *args, "--as-of", "2025-06-15")
    assert code == 0, err
    assert out.strip() and "Traceback" not in out + err


def test_one_on_one_files(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path
) -> None:
    html, md = tmp_path / "leo.html", tmp_path / "leo.md"
    assert run(capsys, demo_path, "one-on-one", "R0004", "--out", str(html))[0] == 0
    assert run(capsys, demo_path, "one-on-one", "R0004", "--out", str(md))[0] == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert md.read_text(encoding="utf-8").startswith("# One-on-one: Leo Green")
    code, _, err = run(capsys, demo_path, "one-on-one", "R0004", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "FILE.md or FILE.html" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diagnose", "--rep", "R9999"], "There is no rep 'R9999'"),
        (["flags", "--team", "Nowhere"], "There is no team 'Nowhere'"),
        (["diagnose", "--period", "someday"], "is neither a grain nor a period"),
        (["diagnose", "--from", "2025-05-01", "--to", "2025-04-01"], "is after"),
        (["diagnose", "--period", "2030-01"], "ends after the as-of date"),
        (["one-on-one", "Nobody Here"], "There is no rep"),
    ],
)
def test_user_errors(
    capsys: pytest.CaptureFixture[str], demo_path: Path, args: list[str], message: str
) -> None:
    code, out, err = run(capsys, demo_path, *args)
    assert code != 0 and message in err
    assert "Traceback" not in out + err and "unexpected problem" not in err


def test_missing_tables_say_what_to_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, tmp_path / "nowhere", "diagnose")
    assert code == 1 and "There is no salespulse workspace" in err and "demo" in err
    assert not (tmp_path / "nowhere").exists()
    salespulse.init(tmp_path / "empty")
    code, _, err = run(capsys, tmp_path / "empty", "diagnose")
    assert code == 1 and "holds no data yet" in err and "salespulse demo" in err
    sales = [
        {"date": date(2025, 3, 3), "product": "x", "quantity": 1.0, "amount": 10.0, "rep": "A"}
    ]
    ws = workspace(tmp_path / "sales-only", {"sales": sales})
    code, out, err = run(capsys, ws.path, "diagnose")  # the sales-lines view, one rep alone
    assert code == 0 and "No rep to diagnose in that window" in out, err  # sold in March only
    ws = workspace(tmp_path / "no-reps", {"sales": [{**sales[0], "rep": None}]})
    for command in ("diagnose", "flags", "wins", "stretch", "pairs"):  # lines naming no rep
        code, _, err = run(capsys, ws.path, command)
        assert code == 1 and "the sale lines name no rep" in err, (command, err)
        assert "salesperson column mapped onto rep" in err and "import deals" in err, command
    code, _, err = run(capsys, ws.path, "one-on-one", "A")
    assert code == 1 and "this workspace has no reps" in err and "mapped onto rep" in err


def test_cli_module_imports_nothing_heavy() -> None:
    code = (
        "import sys, salespulse.cli.coach; "
        "print(sorted(m for m in ('pandas', 'scipy', 'ibis', 'duckdb') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_without_quotas_or_activities(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from .builders import deals_for, rep_row

    reps = [rep_row(r, "T") for r in ("S", "P0", "P1", "P2")]
    deals = deals_for("S", 12, 3, [12000.0])
    for peer in ("P0", "P1", "P2"):
        deals += deals_for(peer, 30, 10, [8000.0, 12000.0])
    ws = workspace(tmp_path / "ws", {"reps": reps, "deals": deals})
    code, _, err = run(capsys, ws.path, "stretch")
    assert code == 1 and "needs the 'quotas' table" in err
    report = as_json(capsys, ws.path, "flags")  # as of 2025-06-15: June is current
    assert report["period"]["label"] == "Jun 2025"
    assert all(b["note"].startswith("No quotas") for b in report["leaderboards"])
    packet = as_json(capsys, ws.path, "one-on-one", "S", "--period", "2025-02")
    assert packet["kpis"][0]["kpi"] == "bookings"  # no quota, no activities
    assert packet["habits"]["outreach"] == []
