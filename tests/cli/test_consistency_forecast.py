"""`salespulse consistency` and `salespulse forecast`: the JSON and CSV contracts, the
HTML page (every value escaped), the table (names printed as written) and the errors
(flags, never tracebacks)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from tests.insights.builders import workspace
from tests.reports.cases import (
    CONSISTENCY_AS_OF,
    PROJECTION_AS_OF,
    consistency_tables,
    projection_tables,
)
from tests.svg_marks import fetches_nothing, marks, svgs
from tests.svg_marks import name as svg_name

HOSTILE = "<script>alert(1)</script>[bold red]x[/]"


def _renamed(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """ann becomes a rep whose id is markup, with a name that is too."""
    out = {}
    for name, rows in tables.items():
        out[name] = [
            {**r, **({"rep": HOSTILE} if r.get("rep") == "ann" else {})}
            | ({"name": "Ann & <b>Co</b>"} if name == "reps" and r["rep"] == "ann" else {})
            for r in rows
        ]
    return out


@pytest.fixture(scope="module")
def spaces(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cli")
    return {
        "consistency": workspace(root / "c", _renamed(consistency_tables())).path,
        "forecast": workspace(root / "f", _renamed(projection_tables())).path,
    }


def run(capsys: pytest.CaptureFixture[str], ws: Path, *args: str) -> tuple[int, str, str]:
    code = run_safely(cli, ["--workspace", str(ws), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "unexpected problem" not in err
    return code, out, err


def test_consistency_json_contract(capsys: pytest.CaptureFixture[str], spaces: Any) -> None:
    as_of = str(CONSISTENCY_AS_OF)
    code, out, _ = run(capsys, spaces["consistency"], "consistency", "--by", "rep",
                       "--months", "12", "--as-of", as_of, "--format", "json")  # fmt: skip
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"by", "window", "measure", "cv_kpi", "members", "notes"}
    assert report["window"] == {"start": "2024-01-01", "end": "2024-12-31", "label": "Jan–Dec 2024"}
    first = report["members"][0]
    for key in ("member", "name", "team", "measure", "cv", "mean", "bad_months", "great_months",
                "quota_periods_met", "current_streak", "longest_streak", "series", "quota",
                "bad", "great"):  # fmt: skip
        assert key in first
    assert first["member"] == HOSTILE and first["bad"] == ["2024-12-01"]
    assert set(first["series"][0]) == {"month", "label", "value", "expected", "low", "high",
                                       "basis", "verdict"}  # fmt: skip
    assert first["quota"]["met"] == 9 and first["quota"]["period"] == "month"


def test_consistency_csv_has_a_row_per_member_and_month(
    capsys: pytest.CaptureFixture[str], spaces: Any
) -> None:
    as_of = str(CONSISTENCY_AS_OF)
    code, out, _ = run(capsys, spaces["consistency"], "consistency", "--by", "rep",
                       "--months", "12", "--as-of", as_of, "--format", "csv")  # fmt: skip
    lines = out.splitlines()
    assert code == 0 and lines[0] == (
        "by,member,name,month,label,value,expected,low,high,basis,verdict"
    )
    assert len(lines) == 1 + 12 + 12  # ann and bob, twelve months each
    assert lines[-1].startswith("rep,bob,Bob Roy,2024-12-01,Dec 2024,50.0")


def test_forecast_json_and_csv(capsys: pytest.CaptureFixture[str], spaces: Any) -> None:
    as_of = str(PROJECTION_AS_OF)
    code, out, _ = run(capsys, spaces["forecast"], "forecast", "--by", "rep", "--as-of", as_of,
                       "--format", "json")  # fmt: skip
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"by", "period", "as_of", "measure", "members", "notes"}
    assert report["period"]["label"] == "Jun 2025" and report["as_of"] == "2025-06-13"
    ann = next(m for m in report["members"] if m["member"] == HOSTILE)
    assert ann["projected"] == 125.5 and ann["run_rate"] == 94.5 and ann["chance"] == 1.0
    keys = ("actual", "low", "high", "target", "needed_per_day", "pace_per_day", "selling_days",
            "days_gone", "days_left", "usual_share", "past_periods")  # fmt: skip
    assert set(keys) <= set(ann)
    code, out, _ = run(capsys, spaces["forecast"], "forecast", "--by", "rep", "--as-of", as_of,
                       "--format", "csv")  # fmt: skip
    assert out.splitlines()[0].startswith("by,member,name,team,measure,period,as_of,actual,")


@pytest.mark.parametrize(
    ("command", "space", "as_of"),
    [("consistency", "consistency", CONSISTENCY_AS_OF), ("forecast", "forecast", PROJECTION_AS_OF)],
)
def test_html_escapes_every_value(
    capsys: pytest.CaptureFixture[str], spaces: Any, command: str, space: str, as_of: Any
) -> None:
    code, out, _ = run(capsys, spaces[space], command, "--by", "rep", "--as-of", str(as_of),
                       "--format", "html")  # fmt: skip
    assert code == 0 and out.startswith("<!DOCTYPE html>") and fetches_nothing(out)
    assert "<script" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    drawn = svgs(out)
    if command == "consistency":  # a band chart per member, named by it, a dot per month
        assert any(svg_name(c).startswith(HOSTILE + ": ") for c in drawn)
        assert all(marks(c, "point") for c in drawn)
    else:  # one landing chart: a bar per member, the hostile name as text
        (chart,) = drawn
        assert any(f"; member: {HOSTILE};" in m for m in marks(chart, "bar"))
    assert "<b>" not in out and "Ann &amp; &lt;b&gt;Co&lt;/b&gt;" in out


@pytest.mark.parametrize(
    ("command", "space", "as_of"),
    [("consistency", "consistency", CONSISTENCY_AS_OF), ("forecast", "forecast", PROJECTION_AS_OF)],
)
def test_table_prints_names_as_written(
    capsys: pytest.CaptureFixture[str], spaces: Any, command: str, space: str, as_of: Any
) -> None:
    code, out, _ = run(capsys, spaces[space], command, HOSTILE, "--as-of", str(as_of),
                       "--format", "table")  # fmt: skip
    assert code == 0 and "[bold red]x[/]" in out.replace("\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["consistency", "--months", "1"], "--months 1"),
        (["consistency", "--by", "colour"], "Use --by rep, team"),
        (["consistency", "zed"], "There is no rep 'zed'"),
        (["consistency", "bob", "--as-of", "2025-01-05"], "needs at least 9"),
        (["forecast", "--period", "week"], "Invalid value for '--period'"),
        (["forecast", "zed"], "There is no rep 'zed'"),
    ],
)
def test_errors_say_what_to_do(
    capsys: pytest.CaptureFixture[str], spaces: Any, args: list[str], message: str
) -> None:
    code, _, err = run(capsys, spaces["consistency"], *args)
    assert code != 0 and message in err, err


def test_empty_workspace(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import salespulse

    salespulse.init(tmp_path / "empty")
    for command in ("consistency", "forecast"):
        code, _, err = run(capsys, tmp_path / "empty", command)
        assert code == 1 and "no sales yet" in err and "salespulse import sales" in err
