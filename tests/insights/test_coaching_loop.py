"""The coaching loop on the demo (seed 7, as of 2025-06-15), with an app database of the
module's own on SQLite and on PostgreSQL (`--app-db`; never the demo workspace's own
app.db, which the other tests of the session read as "not in use"): `coach stretch
--accept` keeps a stretch goal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from salespulse.insights import stretch_goals
from tests.appdb.conftest import BACKENDS, new_url

from .conftest import REP

TOP = REP["steady_top"]  # R0001: above quota every month


@pytest.fixture(scope="module", params=BACKENDS)
def app_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    yield from new_url(request.param, tmp_path_factory.mktemp("loop"))


class Run:
    def __init__(self, capsys: pytest.CaptureFixture[str], demo_path: Path, app_db: str) -> None:
        self.capsys = capsys
        self.base = ["--workspace", str(demo_path), "--app-db", app_db]

    def __call__(self, *args: str, code: int = 0) -> tuple[str, str]:
        got = run_safely(cli, [*self.base, *args])
        out, err = self.capsys.readouterr()
        assert got == code, out + err
        assert "Traceback" not in err
        return out, err

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--format", "json")[0])


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], demo_path: Path, app_db: str) -> Run:
    return Run(capsys, demo_path, app_db)


def test_stretch_accepted_as_a_goal(run: Run, demo_ws: Any, app_db: str) -> None:
    """R0001's stretch is on the revenue quotas, for the month after the one in progress
    (July 2025). The demo sets no July quotas yet, so the base is the June quota (the
    stretch's note says so): the first tier is 120% of it, the second 150%."""
    [proposed] = stretch_goals(demo_ws, rep=TOP)[0]
    assert proposed.notes[0].startswith("The Jul 2025 quota is not set yet")
    quota = demo_ws.kpi("quota_attainment", where={"rep": TOP}, start="2025-06-01",
                        end="2025-06-30")["denominator"].iloc[0]  # fmt: skip
    goal = run.json("coach", "stretch", "--accept", TOP, "--by", "maria")
    first = proposed.tiers[0]
    assert (goal["owner"], goal["owner_kind"], goal["kpi"], goal["period"]) == (
        TOP, "rep", "revenue", "2025-07",
    )  # fmt: skip
    assert goal["target"] == pytest.approx(1.2 * quota) == first.target
    assert goal["what"] == f"Stretch: 120% of quota ({first.label})"
    assert goal["why"] == f"{proposed.reasoning} {proposed.notes[0]}"
    assert goal["created_by"] == "maria"
    assert (goal["status"], goal["version"]) == ("upcoming", 1)
    stored = demo_ws.app(app_db).goal(goal["id"])
    assert (stored.owner, stored.target) == (TOP, goal["target"])
    out, _ = run("coach", "stretch", "--accept", TOP, "--tier", "150%")
    assert out.startswith(f"Goal {goal['id'] + 1}: {TOP} — revenue $")
    assert "in 2025-07 (open, version 1)" in out.splitlines()[0]
    assert demo_ws.app(app_db).goal(goal["id"] + 1).target == pytest.approx(1.5 * quota)


def test_stretch_refused_without_one(run: Run, app_db: str) -> None:
    if "postgresql" in app_db:
        pytest.skip("refused before the app database is written to: once is enough")
    _, err = run("coach", "stretch", "--accept", "R0024", code=1)
    assert "There is no stretch goal for R0024" in err and "Fix:" in err
    _, err = run("coach", "stretch", "--accept", TOP, "--tier", "200%", code=1)
    assert "has no 200% tier" in err and "--tier one of its tiers: 120%, 150%" in err
    _, err = run("coach", "stretch", "--tier", "120%", code=2)
    assert "--tier goes with --accept REP" in err
