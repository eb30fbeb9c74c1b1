"""`salespulse focus REP`: the JSON and CSV records, the table (values printed as
written, a formula-looking customer neutralised in CSV) and the errors (flags, never
tracebacks), on the hand case of tests/reports/goal_case.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from tests.insights.builders import workspace
from tests.reports.goal_case import tables


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tables()
    for deal in data["deals"]:
        if deal["deal_id"] == "open-A":
            deal["customer"] = "=HYPERLINK(1)[bold]x[/]"
    return workspace(tmp_path_factory.mktemp("focus-cli") / "ws", data).path


def run(capsys: pytest.CaptureFixture[str], ws: Path, *args: str) -> tuple[int, str, str]:
    code = run_safely(cli, ["--workspace", str(ws), "focus", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_json(capsys: pytest.CaptureFixture[str], ws: Path) -> None:
    code, out, _ = run(capsys, ws, "ann", "--week", "2025-W24", "--as-of", "2025-06-11",
                       "--format", "json")  # fmt: skip
    assert code == 0
    got = json.loads(out)
    assert [d["key"] for d in got["deals"]] == ["open-A", "open-B", "open-C"]
    assert got["deals"][0]["score"] == 2000 and got["deals"][0]["expected_close"] == "2025-06-13"
    assert [x["key"] for x in got["leads"]] == ["L-new-1", "L-new-2"]
    assert got["period"] == {"start": "2025-06-09", "end": "2025-06-15",
                             "label": "2025-W24"}  # fmt: skip


def test_csv_and_table(capsys: pytest.CaptureFixture[str], ws: Path) -> None:
    code, out, _ = run(capsys, ws, "ann", "--week", "2025-W24", "--as-of", "2025-06-11",
                       "--format", "csv")  # fmt: skip
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("rep,kind,rank,key,label,score,reason")
    assert len(lines) == 1 + 3 + 2
    assert "'=HYPERLINK(1)" in lines[1]  # a formula is neutralised
    code, out, _ = run(capsys, ws, "ann", "--week", "2025-W24", "--as-of", "2025-06-11",
                       "--format", "table")  # fmt: skip
    assert code == 0 and "[bold]x[/]" in out and "deals to work first" in out


def test_errors_name_the_flags(capsys: pytest.CaptureFixture[str], ws: Path) -> None:
    code, _, err = run(capsys, ws, "ann", "--week", "2025-W99")
    assert code == 1 and "--week '2025-W99' is not a week" in err
    code, _, err = run(capsys, ws, "ann", "--as-of", "yesterday")
    assert code == 1 and "--as-of" in err
