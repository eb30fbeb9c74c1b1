"""One JSON writer: `import`, `kpi` and `coach` write a date and a float the same way
(ISO dates, floats without binary noise) and never write NaN."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from salespulse.cli.output import json_ready, to_json

REPS = "rep,name,team,hire_date\nA,Ann Lee,East,2015-03-02\nB,Bob Ray,East,2016-03-02\n"
# Ann's two February wins sum to 3300.2999999999997 in binary floating point.
DEALS = (
    "deal_id,rep,created_at,status,closed_at,amount\n"
    "A1,A,2025-01-01,won,2025-02-03,1100.1\n"
    "A2,A,2025-01-05,won,2025-02-10,2200.2\n"
    "A3,A,2025-01-05,lost,2025-02-11,500\n"
    "B1,B,2025-01-02,won,2025-02-04,300.3\n"
)


def strict(text: str) -> Any:
    """`text` parsed as JSON, refusing NaN and Infinity (which `json` accepts by default)."""

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the JSON")

    return json.loads(text, parse_constant=refuse)


def run(capsys: pytest.CaptureFixture[str], ws: Path, *args: str) -> Any:
    code = run_safely(cli, ["--workspace", str(ws), *args, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return strict(out)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("json")
    (folder / "reps.csv").write_text(REPS, encoding="utf-8")
    (folder / "deals.csv").write_text(DEALS, encoding="utf-8")
    return folder


def test_commands_write_dates_and_floats_alike(
    capsys: pytest.CaptureFixture[str], files: Path
) -> None:
    ws = files / "ws"
    reps = run(capsys, ws, "import", "reps", str(files / "reps.csv"))
    deals = run(capsys, ws, "import", "deals", str(files / "deals.csv"))
    assert reps["rows_stored"] == 2 and deals["rows_stored"] == 4 and deals["findings"] == []

    rows = run(capsys, ws, "kpi", "bookings", "--by", "rep", "--period", "month")
    ann = next(r for r in rows if r["rep"] == "A")
    assert ann["period"] == "2025-02-01"  # a date, ISO
    assert 1100.1 + 2200.2 != 3300.3 and ann["value"] == 3300.3  # no binary noise

    report = run(capsys, ws, "coach", "wins", "--as-of", "2025-03-15")
    assert report["as_of"] == "2025-03-15" and report["window"]["start"] == "2025-02-01"
    (biggest,) = [w for w in report["wins"] if w["kind"] == "biggest_deal"]
    assert biggest["when"] == "2025-02-10" and biggest["value"] == 2200.2


@dataclass
class Point:
    when: date
    value: float


def test_one_writer_for_every_value() -> None:
    noisy = 1100.1 + 2200.2
    value = {
        "date": date(2025, 3, 1),
        "midnight": datetime(2025, 3, 1),
        "time": datetime(2025, 3, 1, 9, 30),
        "nan": float("nan"),
        "inf": np.float64("inf"),
        "numpy": np.float64(noisy),
        "count": np.int64(3),
        "money": Decimal("12.50"),
        "nested": (Point(date(2025, 1, 2), noisy), {1: [np.nan]}),
        "path": Path("out") / "a.csv",
        "big": 12_345_678_901.234,
    }
    assert json_ready(value) == {
        "date": "2025-03-01",
        "midnight": "2025-03-01",
        "time": "2025-03-01 09:30:00",
        "nan": None,
        "inf": None,
        "numpy": 3300.3,
        "count": 3,
        "money": 12.5,
        "nested": [{"when": "2025-01-02", "value": 3300.3}, {"1": [None]}],
        "path": str(Path("out") / "a.csv"),
        "big": 12_345_678_901.23,
    }
    assert strict(to_json([float("nan")])) == [None]
