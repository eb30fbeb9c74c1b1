"""Report commands rerun on unchanged data print their kept output; an import, an undo or
a settings change makes them compute afresh, and a failing command keeps nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

import salespulse
from salespulse.cli import cli

REPS = "rep,name,team\nann,Ann A,East\nbob,Bob B,East\ncy,Cy C,West\n"
JAN = "date,rep,product,quantity,amount\n" + "".join(
    f"2025-01-{d:02d},{r},P{d % 3},{d % 4 + 1},{10 * d}\n"
    for d in range(2, 29)
    for r in ("ann", "bob", "cy")
)
FEB = "date,rep,product,quantity,amount\n" + "".join(
    f"2025-02-{d:02d},{r},P{d % 3},{d % 5 + 1},{12 * d}\n"
    for d in range(2, 28)
    for r in ("ann", "bob")
)
MAR = "date,rep,product,quantity,amount\n2025-03-03,ann,P1,1,5\n"
DEALS = "deal_id,rep,created_at,status,closed_at,amount\n" + "".join(
    f"d{i},{r},2025-01-{i % 20 + 2:02d},{'won' if i % 3 else 'lost'},2025-02-{i % 20 + 3:02d},"
    f"{100 + i}\n"
    for i, r in enumerate(["ann", "bob", "cy"] * 8)
)


def run(ws: Any, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--workspace", str(ws.path), *args])


def kept(ws: Any) -> list[Path]:
    return sorted((ws.path / ".cache" / "output").glob("*.json"))


def workspace(tmp_path: Path) -> Any:
    ws = salespulse.open(tmp_path / "ws")
    for name, text, table in (
        ("reps.csv", REPS, "reps"),
        ("jan.csv", JAN, "sales"),
        ("feb.csv", FEB, "sales"),
        ("deals.csv", DEALS, "deals"),
    ):
        (tmp_path / name).write_text(text)
        ws.import_file(table, tmp_path / name)
    return ws


def test_a_rerun_replays_the_kept_output_until_the_data_changes(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    first = run(ws, "scorecard", "--format", "json")
    assert first.exit_code == 0, first.output
    assert run(ws, "scorecard", "--format", "json").output == first.output
    [entry] = kept(ws)

    # the rerun really is the kept output: change the entry, the command prints it
    data = json.loads(entry.read_text())
    entry.write_text(json.dumps({**data, "stdout": "kept output\n"}))
    assert run(ws, "scorecard", "--format", "json").output == "kept output\n"

    # an import changes the data version: computed afresh, not the kept text
    (tmp_path / "mar.csv").write_text(MAR)
    ws.import_file("sales", tmp_path / "mar.csv")
    after = run(ws, "scorecard", "--format", "json")
    assert after.exit_code == 0 and after.output != "kept output\n"
    assert json.loads(after.output) != json.loads(first.output)  # March is now the latest

    # undo: back to the earlier data, and the earlier numbers
    ws.undo_import(ws.imports()[-1].id)
    assert json.loads(run(ws, "scorecard", "--format", "json").output) == json.loads(first.output)


def test_a_settings_change_computes_afresh(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    dollars = run(ws, "scorecard")
    assert dollars.exit_code == 0
    (ws.path / "salespulse.toml").write_text('[money]\ncurrency = "EUR"\n')
    for entry in kept(ws):
        data = json.loads(entry.read_text())
        entry.write_text(json.dumps({**data, "stdout": "kept output\n"}))
    again = run(ws, "scorecard")
    assert again.exit_code == 0 and again.output != "kept output\n"


def test_a_failing_command_keeps_nothing(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    failed = run(ws, "scorecard", "--as-of", "not a date")
    assert failed.exit_code != 0
    assert not kept(ws)
    wrote = run(ws, "coach", "wins", "--as-of", "2025-03-01")
    assert wrote.exit_code == 0, wrote.output
    assert len(kept(ws)) == 1
    wrote = run(ws, "coach", "one-on-one", "ann", "--out", str(tmp_path / "packet.md"))
    assert wrote.exit_code == 0, wrote.output
    assert len(kept(ws)) == 1  # a command writing a file is never replayed


def test_a_replayed_report_imports_neither_ibis_nor_pandas(tmp_path: Path) -> None:
    import subprocess
    import sys

    ws = workspace(tmp_path)
    cmd = [sys.executable, "-X", "importtime", "-m", "salespulse", "--workspace", str(ws.path)]
    cmd += ["coach", "wins", "--format", "json"]
    first = subprocess.run(cmd, capture_output=True, text=True, check=True)
    again = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert again.stdout == first.stdout
    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines() if "|" in line}
    built = {line.split("|")[-1].strip() for line in first.stderr.splitlines() if "|" in line}
    assert "salespulse.sql.render" in built or "ibis" in built  # the first run builds
    assert not {m for m in imported if m.split(".")[0] in ("ibis", "pandas", "pyarrow")}
