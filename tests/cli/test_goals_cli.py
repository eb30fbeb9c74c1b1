"""The app-database commands end to end on a small workspace (the golden dataset's reps
ann, bob, cid, dee; teams East, West), on SQLite (the workspace's own app.db) and on
PostgreSQL (`--app-db` with a schema of its own): goals, steps, history and the version
check, plans, one-on-ones, check-ins, users and tokens, `db current`; refusals as
messages in the CLI's terms (flags, never a traceback); and a password never printed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import salespulse
from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from tests.appdb.conftest import BACKENDS, new_url
from tests.golden import data


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    workspace = salespulse.init(tmp_path_factory.mktemp("goals_cli") / "ws")
    with workspace.connect() as con:
        data.load_duckdb(con)
    return workspace


@pytest.fixture(scope="module", params=BACKENDS)
def app_db(request: pytest.FixtureRequest, ws: Any) -> Iterator[list[str]]:
    """The global options choosing the app database: none (app.db in the workspace), or
    `--app-db` a PostgreSQL schema of the module's own (with a password the server does
    not ask for, which must never be printed)."""
    if request.param == "sqlite":
        yield []
        return
    for url in new_url("postgres", ws.path):
        yield ["--app-db", url.replace("postgres@", "postgres:hunter2@", 1)]


class Run:
    def __init__(self, ws: Any, app_db: list[str]) -> None:
        self.base = ["--workspace", str(ws.path), *app_db]

    def __call__(self, *args: str, input: str | None = None, code: int = 0) -> tuple[str, str]:
        """(stdout, stderr) of `salespulse ARGS` as the installed command runs it."""
        with CliRunner().isolation(input=input) as (out, err, _):
            got = run_safely(cli, [*self.base, *args])
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
        assert got == code, stdout + stderr
        assert "Traceback" not in stderr and "hunter2" not in stdout + stderr
        return stdout, stderr

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--format", "json")[0])


@pytest.fixture(scope="module")
def run(ws: Any, app_db: list[str]) -> Run:
    return Run(ws, app_db)


def test_goal_from_add_to_close(run: Run) -> None:
    goal = run.json(
        "goals", "add", "--owner", "ann", "--kpi", "revenue", "--target", "5000",
        "--period", "2025-Q1", "--where", "product=Pro", "--what", "More Pro", "--by", "maria",
    )  # fmt: skip
    gid = str(goal["id"])
    assert (goal["owner_kind"], goal["target"], goal["where"], goal["version"]) == (
        "rep",
        5000,
        {"product": ["Pro"]},
        1,
    )
    updated = run.json("goals", "update", gid, "--target", "6000", "--expect-version", "1")
    assert (updated["target"], updated["version"]) == (6000, 2)
    _, err = run("goals", "update", gid, "--why", "late", "--expect-version", "1", code=3)
    assert "you expected version 1, it is at version 2" in err
    assert "--expect-version 2" in err and "`" not in err
    out, _ = run("goals", "step", gid, "Shadow two calls of a senior rep", "--owner", "ann",
                 "--due", "2025-02-01")  # fmt: skip
    step_id = out.split()[2]
    run("goals", "step-done", step_id, "--by", "ann")
    shown = run.json("goals", "show", gid)
    assert shown["steps"][0]["done_by"] == "ann" and shown["children"] == []
    history = run.json("goals", "history", gid)
    assert [(h["entity"], h["action"]) for h in history] == [
        ("goal", "add"),
        ("goal", "update"),
        ("goal_step", "add"),
        ("goal_step", "done"),
    ]
    table, _ = run("goals", "history", gid, "--format", "table")
    assert "target 5000 → 6000" in table and "done" in table
    run("goals", "close", gid, "--by", "maria")
    assert gid in [str(g["id"]) for g in run.json("goals", "list", "--state", "closed")]
    listed, _ = run("goals", "list", "--owner", "ann", "--format", "table")
    assert "$6,000" in listed and "product=" in listed  # (folded in a narrow column)


def test_team_goal_and_messages(run: Run) -> None:
    team = run.json("goals", "add", "--owner", "East", "--kpi", "win_rate", "--target", "30%",
                    "--period", "2025", "--split", "equal")  # fmt: skip
    assert (team["owner_kind"], team["target"], team["split"]) == ("team", 0.3, "equal")
    shown, _ = run("goals", "show", str(team["id"]))
    assert "30.0%" in shown and "split: equal" in shown
    for args, message in [
        (["--kpi", "revenu"], "There is no KPI called 'revenu'"),
        (["--period", "2025-13"], "--period '2025-13' is not a period"),
        (["--owner", "zed"], "There is no rep or team 'zed'"),
    ]:
        values = {"--owner": "bob", "--kpi": "revenue", "--target": "1", "--period": "2025-03"}
        values[args[0]] = args[1]
        _, err = run("goals", "add", *[p for kv in values.items() for p in kv], code=1)
        assert message in err and "Fix:" in err and "`" not in err
    _, err = run("goals", "show", "999", code=1)
    assert "There is no goal 999" in err
    west = run.json("goals", "add", "--owner", "West", "--kpi", "revenue", "--target", "1000",
                    "--period", "2025-Q1")  # fmt: skip
    wid = str(west["id"])
    _, err = run("goals", "split", wid, "--how", "manual", "--share", "cid=600", code=1)
    assert "400.00 short" in err and "Fix:" in err
    split = run.json("goals", "split", wid, "--how", "manual", "--share", "cid=600",
                     "--share", "dee=400", "--expect-version", "1")  # fmt: skip
    assert [(c["owner"], c["target"]) for c in split["children"]] == [("cid", 600), ("dee", 400)]
    _, err = run("goals", "split", wid, "--how", "equal", code=1)
    assert "already has a child goal for cid, dee" in err


def test_plan_one_on_one_and_check_in(run: Run, tmp_path: Path) -> None:
    plan = run.json("plans", "add", "bob", "--focus", "win_rate; 35%; 2025-06-30; Qualify early",
                    "--action", "Review lost deals; 2025-03-15", "--by", "maria")  # fmt: skip
    assert [(f["kpi"], f["target"], f["skill"]) for f in plan["focus"]] == [
        ("win_rate", 0.35, "Qualify early")
    ]
    action = str(plan["actions"][0]["id"])
    plan = run.json("plans", "update", "bob", "--action-done", action, "--add-focus",
                    "units; 40; 2025-06-30", "--expect-version", "1")  # fmt: skip
    assert plan["version"] == 2 and plan["actions"][0]["status"] == "done"
    rate, units = (str(f["id"]) for f in plan["focus"])
    plan = run.json("plans", "update", "bob", "--change-focus", f"{rate}; 40%",
                    "--drop-focus", units, "--change-action", f"{action}; Review 3 lost deals",
                    "--expect-version", "2")  # fmt: skip
    assert [(f["target"], f["skill"]) for f in plan["focus"]] == [(0.4, "Qualify early")]
    assert [(a["text"], a["due"]) for a in plan["actions"]] == [
        ("Review 3 lost deals", "2025-03-15")  # its due date as it was
    ]
    _, err = run("plans", "update", "bob", "--change-focus", "x; 1", code=1)
    assert "does not start with the id of one" in err
    shown, _ = run("plans", "show", "bob")
    assert "40.0%" in shown and "Review 3 lost deals" in shown
    assert "bob" in run("plans", "list", "--format", "table")[0]
    _, err = run("plans", "add", "bob", "--focus", "win_rate", code=1)
    assert 'Write --focus "KPI; TARGET; BY; SKILL"' in err

    notes = tmp_path / "notes.md"
    notes.write_text("# Pipeline\n- thin in March\n", encoding="utf-8")
    out, _ = run("one-on-ones", "add", "bob", "--date", "2025-03-03", "--notes", str(notes),
                 "--confidence", "3", "--workload", "4", "--action",
                 "Book 10 discovery calls; bob; 2025-03-10")  # fmt: skip
    assert out.startswith("Recorded one-on-one")
    meeting = run.json("one-on-ones", "list", "bob")[0]
    assert (meeting["notes"], meeting["confidence"]) == ("# Pipeline\n- thin in March\n", 3)
    run("one-on-ones", "done", str(meeting["actions"][0]["id"]), "--by", "bob")
    listed, _ = run("one-on-ones", "list", "bob", "--format", "table")
    assert "confidence 3/5" in listed and "(bob)" in listed
    run("one-on-ones", "add", "bob", "--notes", "-", input="From *stdin*\n")
    assert run.json("one-on-ones", "list", "bob")[0]["notes"] == "From *stdin*\n"
    _, err = run("one-on-ones", "add", "bob", "--confidence", "9", code=2)
    assert "1<=x<=5" in err

    out, _ = run("check-in", "bob", "--week", "2025-W10", "--confidence", "4", "--wins", "Acme")
    assert out == "Check-in of bob for 2025-W10 recorded.\n"
    again = run.json("check-in", "bob", "--week", "2025-03-03", "--blockers", "CRM down")
    assert (again["wins"], again["blockers"], again["confidence"]) == ("Acme", "CRM down", 4)
    _, err = run("check-in", "bob", "--week", "2025-03", code=1)
    assert "--week '2025-03' is not a week" in err


def test_users_and_tokens(run: Run, ws: Any, app_db: list[str]) -> None:
    out, _ = run("users", "add", "maria", "--role", "manager", "--team", "East", "--email",
                 "maria@example.org", "--password-stdin", input="correct horse\n")  # fmt: skip
    assert out == "Added manager maria (team East).\n"
    run("users", "add", "cid", "--role", "rep", "--password-stdin", input="battery staple\n")
    token, note = run("users", "token", "maria")
    token = token.strip()
    assert "shown once" in note and token not in note
    app = ws.app(app_db[1] if app_db else None)
    assert app.user_for_token(token).name == "maria"
    assert app.verify_password("cid", "battery staple").rep == "cid"
    users = {u["name"]: u for u in run.json("users", "list")}
    assert users["maria"]["tokens"] == [1] or len(users["maria"]["tokens"]) == 1
    assert "correct horse" not in json.dumps(users) and "password_hash" not in users["maria"]
    out, _ = run("users", "revoke", "maria")
    assert out.startswith("Revoked token")
    assert app.user_for_token(token) is None
    _, err = run("users", "add", "zoe", "--role", "rep", "--rep", "zed", "--password-stdin",
                 input="password123\n", code=1)  # fmt: skip
    assert "There is no rep 'zed'" in err
    _, err = run("users", "add", "zoe", "--role", "admin", code=1)  # no terminal, no stdin flag
    assert "--password-stdin" in err


def test_db_current_masks_the_password(run: Run, app_db: list[str]) -> None:
    run("db", "upgrade")  # whichever test of the module comes first
    out, _ = run("db", "current")
    assert "revision 0003 (the newest)" in out
    if app_db:
        assert "postgres:***@127.0.0.1" in out and "(from --app-db)" in out
    else:
        assert out.startswith("sqlite:///") and "app.db (from the default)" in out
    out, _ = run("db", "upgrade")
    assert "is at the newest revision (0003)" in out


def test_app_db_from_the_environment_and_the_settings(tmp_path: Path) -> None:
    ws = salespulse.init(tmp_path / "ws")
    base = ["--workspace", str(ws.path), "db", "current"]
    elsewhere = f"sqlite:///{tmp_path / 'team.db'}"
    result = CliRunner(env={"SALESPULSE_APP_DB": elsewhere}).invoke(cli, base)
    assert result.exit_code == 0 and "team.db (from SALESPULSE_APP_DB)" in result.output
    settings = ws.settings_path.read_text(encoding="utf-8")
    ws.settings_path.write_text(
        settings.replace('database = ""', f'database = "sqlite:///{tmp_path / "set.db"}"'),
        encoding="utf-8",
    )
    result = CliRunner(env={"SALESPULSE_APP_DB": ""}).invoke(cli, base)
    assert "set.db (from the [app] database setting)" in result.output, result.output
    ws.settings_path.write_text(settings.replace('database = ""', 'database = "mysql://h/d"'))
    with CliRunner().isolation() as (_, err, _):
        assert run_safely(cli, base) == 1
    assert (
        '[app] database = "mysql://h/d": is not a PostgreSQL or SQLite URL'
        in err.getvalue().decode()
    )
