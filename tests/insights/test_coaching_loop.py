"""The coaching loop on the demo (seed 7, as of 2025-06-15), with an app database of the
module's own on SQLite and on PostgreSQL (`--app-db`; never the demo workspace's own
app.db, which the other tests of the session read as "not in use"): `coach stretch
--accept` keeps a stretch goal; `coach one-on-one` opens with the last meeting's action
items, shows the rep's goals and plan with their progress, the last check-ins and the
ratings' trend, and its agenda asks about what changed — every value escaped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from salespulse.insights import one_on_one, one_on_one_html, stretch_goals
from salespulse.insights.core import phrases
from salespulse.workspace_app_packet import packet_inputs
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
    _, err = run("coach", "stretch", "--accept", "R0024", code=1)
    assert "There is no stretch goal for R0024" in err and "Fix:" in err
    _, err = run("coach", "stretch", "--accept", TOP, "--tier", "200%", code=1)
    assert "has no 200% tier" in err and "--tier one of its tiers: 120%, 150%" in err
    _, err = run("coach", "stretch", "--tier", "120%", code=2)
    assert "--tier goes with --accept REP" in err


LEO = REP["activity_drop"]  # R0004, Leo Green
HOSTILE = "Review lost deals with <b>Maria</b> | *today*"


@pytest.fixture(scope="module")
def recorded(demo_ws: Any, app_db: str) -> dict[str, Any]:
    """Two one-on-ones with Leo (confidence 4 → 2, workload 2 → 4), the last one's three
    action items (one done, one the manager's), two check-ins (the latest names a
    blocker), a June revenue goal and a development plan."""
    app = demo_ws.app(app_db)
    app.add_one_on_one(LEO, "2025-05-19", confidence=4, workload=2,
                       actions=[{"text": "Call the stalled deals", "owner": LEO}])  # fmt: skip
    last = app.add_one_on_one(
        LEO, "2025-06-02", notes="Pipeline thin", confidence=2, workload=4,
        actions=[
            {"text": HOSTILE, "owner": LEO, "due": "2025-06-09"},
            {"text": "Book two prospecting blocks a week", "owner": LEO, "due": "2025-06-06"},
            {"text": "Send the pricing sheet", "owner": "Sofia Jackson", "due": "2025-06-20"},
        ],
    )  # fmt: skip
    app.action_done(last.actions[1].id)
    app.check_in(LEO, "2025-W22", confidence=3, wins="Won Acme")
    app.check_in(LEO, "2025-W23", confidence=2, blockers="CRM sync <down> | again")
    goal = app.add_goal(LEO, "revenue", 40000, "2025-06", what="Back to form")
    app.add_plan(LEO, [{"kpi": "activities", "target": 250, "by": "2025-09-30",
                        "baseline": 120, "baseline_at": "2025-05-01"}])  # fmt: skip
    return {"app": app, "goal": goal}


def test_packet_records_are_the_app_database_s(recorded: dict[str, Any], demo_ws: Any) -> None:
    """The goal's numbers are goal progress's, as of the end of the data (2025-06-15),
    with the milestone of the week holding that day (Sunday: the week of 2025-06-09);
    the plan's are plan focus's."""
    app, goal = recorded["app"], recorded["goal"]
    records, unmeasured = packet_inputs(app, "Leo Green", None)  # a rep by name
    assert unmeasured == []
    assert [m.date.isoformat() for m in records.meetings] == ["2025-06-02", "2025-05-19"]
    assert [(a.text, a.done) for a in records.last_meeting.actions] == [
        (HOSTILE, False), ("Book two prospecting blocks a week", True),
        ("Send the pricing sheet", False),
    ]  # fmt: skip
    spec = app.goal_spec(goal)
    progress = demo_ws.goal_progress(spec)
    [week] = [m for m in demo_ws.milestones(spec) if m.start.isoformat() == "2025-06-09"]
    [g] = records.goals
    assert (g.actual, g.status, g.week_target, g.week_actual) == (
        progress.actual, progress.status, week.target, week.actual,
    )  # fmt: skip
    then = demo_ws.goal_progress(spec, "2025-06-02").actual  # as of the last one-on-one
    assert (g.goal_id, g.actual_then) == (goal.id, then)
    assert g.since_then == pytest.approx(progress.actual - then) and g.since_then > 0
    assert records.check_ins_since() == records.check_ins[:1]  # the week of 2025-06-02
    [f] = records.focus
    measured = demo_ws.plan_focus(LEO, "activities", 120, 250)
    assert (f.baseline, f.current, f.progress) == (120, measured.current, measured.progress)
    assert f.progress == pytest.approx((measured.current - 120) / (250 - 120))
    assert [(c.confidence, c.blockers) for c in records.check_ins] == [
        (2, "CRM sync <down> | again"), (3, None),
    ]  # fmt: skip


def _since_then(recorded: dict[str, Any], demo_ws: Any) -> float:
    """The goal's actual now (the end of the data) less as of the last one-on-one."""
    spec = recorded["app"].goal_spec(recorded["goal"])
    moved = demo_ws.goal_progress(spec).actual - demo_ws.goal_progress(spec, "2025-06-02").actual
    assert moved > 0
    return float(moved)


def test_packet_opens_with_what_changed(recorded: dict[str, Any], run: Run, demo_ws: Any) -> None:
    text, _ = run("coach", "one-on-one", LEO)
    moved = phrases.money(_since_then(recorded, demo_ws))
    goals = text.split("## Goals and development plan\n", 1)[1].split("\n## ", 1)[0]
    line = f"- Revenue: Back to form (2025-06): +{moved} since the last one-on-one (2025-06-02)."
    assert line in goals.splitlines()
    heads = [line for line in text.splitlines() if line.startswith("## ")]
    assert heads[:4] == [
        "## Since the last one-on-one", "## Wins to celebrate",
        "## Goals and development plan", "## Check-ins and ratings",
    ]  # fmt: skip
    assert "Last one-on-one: 2025-06-02 · confidence 2/5 · workload 4/5 · 3 action items" in text
    assert "| Review lost deals with &lt;b&gt;Maria&lt;/b&gt; \\| \\*today\\* | R0004 |" in text
    assert "| Book two prospecting blocks a week | R0004 | 2025-06-06 | done |" in text
    assert "| Send the pricing sheet | Sofia Jackson | 2025-06-20 | open |" in text
    assert "| Revenue: Back to form | 2025-06 | $40k |" in text
    assert "| Activities | — | 120 |" in text
    assert "| week of 2025-06-02 | 2/5 | — | CRM sync &lt;down&gt; \\| again |" in text
    assert "Confidence over the last 2 one-on-ones (oldest first): 4 → 2 (of 5)." in text
    agenda = text[text.index("## Suggested agenda") :]
    for asked in (
        "Last time you agreed to review lost deals with &lt;b&gt;Maria&lt;/b&gt;",
        "Last time Sofia Jackson agreed to send the pricing sheet (due 2025-06-20) — done?",
        "Done since 2025-06-02: Book two prospecting blocks a week. What came of it?",
        "Confidence went from 4 to 2 (of 5) since the meeting before — what changed?",
        "Workload went from 2 to 4 (of 5)",
        "names a blocker: CRM sync &lt;down&gt; \\| again.",
        "**Development plan** — Activities is at",
    ):
        assert asked in agenda, asked


def test_packet_html(recorded: dict[str, Any], demo_ev: Any, demo_ws: Any) -> None:
    records, _ = packet_inputs(recorded["app"], LEO)
    html = one_on_one_html.render(one_on_one(demo_ev, LEO, coaching=records))
    moved = phrases.money(_since_then(recorded, demo_ws))
    goals = html.split('<section id="goals">', 1)[1].split("</section>", 1)[0]
    assert f"<p>Revenue: Back to form (2025-06): +{moved} since the last one-on-one " in goals
    # the goal's words escaped, and a goal without the figure has no line
    hostile = replace(records.goals[0], what=HOSTILE)
    unmoved = replace(records.goals[0], actual_then=None, what="Unmoved")
    both = replace(records, goals=[hostile, unmoved])
    shown = one_on_one_html.render(one_on_one(demo_ev, LEO, coaching=both))
    assert (
        "Revenue: Review lost deals with &lt;b&gt;Maria&lt;/b&gt; | *today* (2025-06): +" in shown
    )
    assert "Unmoved (2025-06): " not in shown and "<b>Maria" not in shown
    ids = [x.split('"')[1] for x in html.split("<section id=")[1:]]
    assert ids[:4] == ["since-last-time", "wins", "goals", "check-ins"]
    assert "Review lost deals with &lt;b&gt;Maria&lt;/b&gt; | *today*" in html
    assert "<b>Maria" not in html and "CRM sync &lt;down&gt; | again" in html
    assert "Nothing is recorded from past meetings yet" not in html
