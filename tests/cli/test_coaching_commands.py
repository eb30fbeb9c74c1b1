"""Every command of issue 10 from a fresh workspace on the demo data (seed 7, as of
Sunday 2025-06-15; the data ends on Friday the 13th), through the CLI, on SQLite (the
workspace's own app.db) and on PostgreSQL (`--app-db` with a schema of the module's
own): db, goals (rep and team, --where, --split, the version check), steps, plans,
one-on-ones, check-ins, focus, digest, coach stretch --accept and coach one-on-one.
Values are checked against the engine (`salespulse kpi`), never typed in.

The demo workspace is built once for the module (`salespulse demo`); each backend's
tests run in order on their own app database (the later ones read what the earlier ones
stored): under pytest-xdist the module runs on one worker (its own `xdist_group`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from tests.appdb.conftest import BACKENDS, new_url

pytestmark = pytest.mark.xdist_group("coaching_commands")

REP = "R0004"  # Leo Green, team Atlas (manager Sofia Jackson)
TOP = "R0001"  # above quota every month: the stretch goal's rep
TEAM, MANAGER = "Atlas", "Sofia Jackson"
ATLAS = [f"R{i:04d}" for i in range(1, 9)]
STEP = "Shadow two calls of a senior rep"  # an operational step towards the units goal
GOAL_KEYS = {
    "id", "owner", "kpi", "target", "period", "actual", "achieved", "expected",
    "projection", "status", "version", "milestones", "steps", "children", "history",
}  # fmt: skip


class Run:
    def __init__(self, workspace: Path, app_db: list[str]) -> None:
        self.base = ["--workspace", str(workspace), *app_db]

    def __call__(self, *args: str, input: str | None = None, code: int = 0) -> tuple[str, str]:
        """(stdout, stderr) of `salespulse ARGS` as the installed command runs it."""
        with CliRunner().isolation(input=input) as (out, err, _):
            got = run_safely(cli, [*self.base, *args])
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
        assert got == code, stdout + stderr
        assert "Traceback" not in stdout + stderr and "unexpected problem" not in stderr
        return stdout, stderr

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--format", "json")[0])


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh workspace holding the demo, made by `salespulse demo`."""
    path = tmp_path_factory.mktemp("coaching") / "ws"
    Run(path, [])("demo", "--as-of", "2025-06-15")
    return path


@pytest.fixture(scope="module", params=BACKENDS)
def run(request: pytest.FixtureRequest, workspace: Path) -> Iterator[Run]:
    """The CLI on the demo workspace with its own app.db (SQLite), or `--app-db` a fresh
    PostgreSQL schema."""
    if request.param == "sqlite":
        yield Run(workspace, [])
        return
    for url in new_url("postgres", workspace):
        yield Run(workspace, ["--app-db", url])


def kpi(
    run: Run, name: str, *where: str, start: str = "2025-06-01", end: str = "2025-06-30"
) -> float:
    """`salespulse kpi NAME --where ... --from --to`: the engine's number."""
    args = [p for w in where for p in ("--where", w)]
    [row] = run.json("kpi", name, *args, "--from", start, "--to", end)
    return float(row["value"])


def test_db_upgrade_and_current(run: Run) -> None:
    out, _ = run("db", "current")
    assert "(the newest is 0003: salespulse db upgrade)" in out or "revision 0003" in out
    run("db", "upgrade")
    out, _ = run("db", "current")
    assert "revision 0003 (the newest)" in out
    assert ("(from --app-db)" in out) == ("--app-db" in run.base)


def test_a_reps_goal_from_add_to_close(run: Run) -> None:
    """A revenue goal for Leo in June 2025: its actual is `salespulse kpi revenue --where
    rep=R0004` over June (to the end of the data), achieved = actual ÷ target."""
    goal = run.json(
        "goals", "add", "--owner", REP, "--kpi", "revenue", "--target", "60000",
        "--period", "2025-06", "--what", "Close June strong", "--by", "sofia",
    )  # fmt: skip
    gid = str(goal["id"])
    shown = run.json("goals", "show", gid)
    assert set(shown) >= GOAL_KEYS
    actual = kpi(run, "revenue", f"rep={REP}")
    assert shown["actual"] == pytest.approx(actual)
    assert shown["achieved"] == pytest.approx(actual / 60000)
    assert (shown["owner"], shown["kpi"], shown["period"], shown["version"]) == (
        REP, "revenue", "2025-06", 1,
    )  # fmt: skip
    assert shown["status"] in ("ahead", "on track", "behind", "at risk")
    weeks = [m for m in shown["milestones"]]
    assert sum(m["target"] for m in weeks) == pytest.approx(60000)
    updated = run.json("goals", "update", gid, "--target", "65000", "--expect-version", "1")
    assert (updated["target"], updated["version"]) == (65000, 2)
    _, err = run("goals", "update", gid, "--why", "late", "--expect-version", "1", code=3)
    assert "you expected version 1, it is at version 2" in err and "--expect-version 2" in err
    out, _ = run("goals", "step", gid, "Set up a weekly call-review routine", "--owner",
                 MANAGER, "--due", "2025-06-20")  # fmt: skip
    step_id = out.split()[2]
    run("goals", "step-done", step_id, "--by", "sofia")
    shown = run.json("goals", "show", gid)
    assert shown["steps"][0]["text"] == "Set up a weekly call-review routine"
    assert shown["steps"][0]["done_by"] == "sofia"
    listed = run.json("goals", "list", "--owner", REP)
    assert [g["id"] for g in listed] == [goal["id"]]
    history = run.json("goals", "history", gid)
    assert [(h["entity"], h["action"]) for h in history] == [
        ("goal", "add"), ("goal", "update"), ("goal_step", "add"), ("goal_step", "done"),
    ]  # fmt: skip
    run("goals", "close", gid, "--expect-version", "2", "--by", "sofia")
    assert goal["id"] in [g["id"] for g in run.json("goals", "list", "--state", "closed")]


def test_a_team_goal_split_and_a_narrowed_goal(run: Run) -> None:
    """Atlas's June revenue split by quota into its eight reps' goals: the team's actual
    is the team's revenue, its achieved Σ actual ÷ Σ target of the children. A units goal
    on the Accessories category is `salespulse kpi units --where category=Accessories`."""
    team = run.json("goals", "add", "--owner", TEAM, "--kpi", "revenue", "--target", "500000",
                    "--period", "2025-06", "--split", "quota")  # fmt: skip
    shown = run.json("goals", "show", str(team["id"]))
    children = shown["children"]
    assert sorted(c["owner"] for c in children) == ATLAS
    assert sum(c["target"] for c in children) == pytest.approx(500000)
    assert sum(c["actual"] for c in children) == pytest.approx(shown["actual"])
    assert shown["actual"] == pytest.approx(kpi(run, "revenue", "manager=" + MANAGER))
    sums = sum(c["actual"] for c in children) / sum(c["target"] for c in children)
    assert shown["achieved"] == pytest.approx(sums)
    for child in children:
        assert child["actual"] == pytest.approx(kpi(run, "revenue", f"rep={child['owner']}"))
    units = run.json("goals", "add", "--owner", REP, "--kpi", "units", "--target", "400",
                     "--period", "2025-06", "--where", "category=Accessories")  # fmt: skip
    want = kpi(run, "units", f"rep={REP}", "category=Accessories")
    assert units["where"] == {"category": ["Accessories"]} and units["actual"] == want
    run("goals", "step", str(units["id"]), STEP, "--owner", REP, "--due", "2025-06-19")


def test_a_development_plan(run: Run) -> None:
    """Leo's plan: win rate from its baseline (the 90 days to the end of the data) to 30%
    by September; an action done; the focus measured; the step towards his units goal."""
    plan = run.json("plans", "add", REP, "--focus", "win_rate; 30%; 2025-09-30; Qualify early",
                    "--action", "Review the lost deals; 2025-06-20", "--by", "sofia")  # fmt: skip
    [focus] = plan["focus"]
    assert {"kpi", "baseline", "current", "target", "by", "progress"} <= set(focus)
    assert (focus["kpi"], focus["target"], focus["by"]) == ("win_rate", 0.3, "2025-09-30")
    baseline = kpi(run, "win_rate", f"rep={REP}", start="2025-03-16", end="2025-06-13")
    assert focus["baseline"] == pytest.approx(baseline)
    action = str(plan["actions"][0]["id"])
    plan = run.json("plans", "update", REP, "--action-done", action, "--add-action",
                    f"{STEP}; 2025-06-27", "--expect-version", "1")  # fmt: skip
    assert plan["version"] == 2 and plan["actions"][0]["status"] == "done"
    shown = run.json("plans", "show", REP)
    assert [a["text"] for a in shown["actions"]][1] == STEP
    assert REP in run("plans", "list", "--format", "table")[0]
    [step] = shown["steps"]  # the operational step towards the open units goal
    assert (step["text"], step["owner"], step["due"], step["done_at"]) == (
        STEP, REP, "2025-06-19", None,
    )  # fmt: skip
    assert step["goal"].endswith(": units 2025-06")
    table, _ = run("plans", "show", REP, "--format", "table")
    assert "Steps towards goals" in table and STEP in table


def test_one_on_ones_and_a_check_in(run: Run) -> None:
    out, _ = run("one-on-ones", "add", REP, "--date", "2025-06-12", "--notes", "-",
                 "--confidence", "3", "--workload", "4",
                 "--action", f"Call Goldleaf Foods about the renewal; {REP}; 2025-06-18",
                 "--action", f"Book a pipeline review; {MANAGER}; 2025-06-16",
                 input="# Pipeline\n- *thin* in July\n")  # fmt: skip
    assert out.startswith("Recorded one-on-one")
    meeting = run.json("one-on-ones", "list", REP)[0]
    assert (meeting["notes"], meeting["confidence"], meeting["workload"]) == (
        "# Pipeline\n- *thin* in July\n", 3, 4,
    )  # fmt: skip
    assert [a["owner"] for a in meeting["actions"]] == [REP, MANAGER]
    run("one-on-ones", "done", str(meeting["actions"][1]["id"]), "--by", "sofia")
    listed = run.json("one-on-ones", "list", REP)[0]["actions"]
    assert [a["done_by"] for a in listed] == [None, "sofia"]
    out, _ = run("one-on-ones", "update", str(meeting["id"]), "--notes", "-",
                 "--workload", "5", "--expect-version", "1", "--by", "sofia",
                 input="# Pipeline\n- fuller\n")  # fmt: skip
    assert (
        out
        == f"One-on-one {meeting['id']} with {REP} on 2025-06-12 changed (version 2, by sofia).\n"
    )
    changed = run.json("one-on-ones", "list", REP)[0]
    assert (changed["notes"], changed["confidence"], changed["workload"]) == (
        "# Pipeline\n- fuller\n", 3, 5,
    )  # fmt: skip
    _, err = run("one-on-ones", "update", str(meeting["id"]), "--confidence", "1",
                 "--expect-version", "1", code=3)  # fmt: skip
    assert "it is at version 2 (last changed by sofia" in err and "Nothing was saved" in err
    _, err = run("one-on-ones", "update", str(meeting["id"]), code=2)
    assert "Say what to change" in err
    back = run.json("one-on-ones", "update", str(meeting["id"]), "--workload", "4")
    assert (back["workload"], back["version"]) == (4, 3)  # as the packet test expects
    table, _ = run("one-on-ones", "list", REP, "--format", "table")
    assert f"One-on-one {meeting['id']} with {REP} on 2025-06-12" in table and "version 3" in table
    out, _ = run("check-in", REP, "--week", "2025-W24", "--confidence", "2",
                 "--wins", "Goldleaf said yes", "--blockers", "CRM down")  # fmt: skip
    assert out == f"Check-in of {REP} for 2025-W24 recorded.\n"


def test_focus_from_the_data(run: Run) -> None:
    """`focus REP` is the week holding the end of the data (9–15 June, read as of the
    13th); the same for a week asked by its label."""
    found = run.json("focus", REP)
    assert (found["period"]["start"], found["as_of"]) == ("2025-06-09", "2025-06-13")
    assert found["deals"] and found["deals"][0]["reason"]
    again = run.json("focus", REP, "--week", "2025-W24")
    assert [d["key"] for d in again["deals"]] == [d["key"] for d in found["deals"]]
    _, err = run("focus", "R9999", code=1)
    assert "There is no rep 'R9999'" in err and "Fix:" in err


def test_coach_stretch_accept(run: Run) -> None:
    goal = run.json("coach", "stretch", "--accept", TOP, "--by", "sofia")
    assert (goal["owner"], goal["kpi"], goal["period"], goal["version"]) == (
        TOP, "revenue", "2025-07", 1,
    )  # fmt: skip
    assert goal["what"].startswith("Stretch: 120% of quota")


def test_the_one_on_one_packet_shows_what_was_agreed(run: Run) -> None:
    """Leo's packet (as of the end of the data, 13 June): the last meeting's action items
    (one done), his open goals (his part of the team's revenue goal, the units goal; the
    first revenue goal is closed) and plan, the check-in, and this week's focus."""
    md, _ = run("coach", "one-on-one", REP)
    since = md.split("## Since the last one-on-one\n", 1)[1].split("\n## ", 1)[0]
    assert "Last one-on-one: 2025-06-12 · confidence 3/5 · workload 4/5 · 2 action items" in since
    assert f"| Call Goldleaf Foods about the renewal | {REP} | 2025-06-18 | open |" in since
    assert f"| Book a pipeline review | {MANAGER} | 2025-06-16 | done |" in since
    goals = md.split("## Goals and development plan\n", 1)[1].split("\n## ", 1)[0]
    assert "| Revenue | 2025-06 |" in goals and "| Units sold | 2025-06 | 400 | 268 |" in goals
    assert "| Win rate | Qualify early |" in goals
    check_ins = md.split("## Check-ins and ratings\n", 1)[1].split("\n## ", 1)[0]
    assert "| week of 2025-06-09 | 2/5 | Goldleaf said yes | CRM down |" in check_ins
    focus = md.split("## This week's focus\n", 1)[1].split("\n## ", 1)[0]
    week = run.json("focus", REP)
    for rank, deal in enumerate(week["deals"][:3], 1):
        assert f"| {rank} | deal {deal['key']} ({deal['label']}) | {deal['reason']} |" in focus


def test_the_digest_for_everyone(run: Run, tmp_path: Path) -> None:
    """The digests of 2025-W24 (the last complete week before the 15th) written to a
    folder and rehearsed (--dry-run): Leo's has his units goal, the action items due and
    his check-in received; his manager's names Leo's open action and the missing
    check-ins of the seven others, and one focus line per rep."""
    out, err = run("digest", "--for", "all", "--week", "2025-W24", "--out", str(tmp_path),
                   "--dry-run")  # fmt: skip
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 2 * (24 + 3) and "rep-R0004.md" in files
    assert f"manager-{MANAGER.replace(' ', '_')}.html" in files
    assert "Digests: 24 would send, 3 skipped." in out and "Wrote" in err  # managers: no email
    leo = (tmp_path / "rep-R0004.md").read_text(encoding="utf-8")
    assert (
        "| R0004 | Units sold (2025-06) | 400 | 268 |" in leo
        and "Call Goldleaf Foods about the renewal" in leo
    )
    assert "Check-in for 2025-W24 received." in leo and "## This week's focus" in leo
    due = leo.split("## Action items due\n", 1)[1].split("\n## ", 1)[0]
    assert f"- [ ] {STEP} (a step towards goal " in due and ", units 2025-06) — Leo Green" in due
    boss = (tmp_path / f"manager-{MANAGER.replace(' ', '_')}.md").read_text(encoding="utf-8")
    missing = boss.split("## Check-ins missing\n", 1)[1]
    assert [r for r in ATLAS if f"({r})" in missing] == [r for r in ATLAS if r != REP]
    focus = boss.split("## This week's focus\n", 1)[1].split("\n## ", 1)[0]
    assert sum(line.startswith("- ") for line in focus.splitlines()) == len(ATLAS)


@pytest.mark.parametrize(
    ("args", "message", "fix"),
    [
        (["check-in", "R9999", "--week", "2025-W24"], "There is no rep 'R9999'",
         "Give one of the reps: R0001"),
        (["goals", "close", "999"], "There is no goal 999.", "salespulse goals list"),
        (["goals", "add", "--owner", TEAM, "--kpi", "revenue", "--target", "100", "--period",
          "2025-06", "--split", "manual"], "A manual split needs each rep's target.",
         "with --share (REP=TARGET"),
        (["one-on-ones", "add", REP, "--action", "Call; R0004; soon"],
         "The due date 'soon' of the action 'Call' is not a date.", "YYYY-MM-DD"),
        (["focus", REP, "--week", "2025-13"], "--week '2025-13' is not a week.", "2025-W24"),
    ],
)  # fmt: skip
def test_refusals_name_the_value_and_the_fix(
    run: Run, args: list[str], message: str, fix: str
) -> None:
    _, err = run(*args, code=1)
    assert message in err and fix in err.split("Fix:", 1)[1] and "`" not in err
