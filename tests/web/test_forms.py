"""The forms over the app database (issue 11 §2): goals, plans, one-on-ones and check-ins
set, changed and ticked off through the pages, as the manager of team Atlas (mia), rep
R0001 (ray) and rep R0002 (rita), each in a SQLite app database of the module's own
over the demo. A change redirects to the page that shows it (post-redirect-get) and
names the signed-in user as who made it; a refused value shows the form again (422)
with the message, its fix and what was typed; every value shows as text. Which role
may post which form is the form matrix of `test_logins`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from salespulse.web import create_app
from salespulse.web.served import Served
from tests.web.conftest import HOSTILE

PASSWORD = "correct horse battery"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(scope="module")
def app(demo_served: Served, tmp_path_factory: pytest.TempPathFactory) -> Any:
    url = f"sqlite:///{tmp_path_factory.mktemp('forms') / 'app.db'}"
    data = demo_served.ws.app(url)
    data.add_user("mia", "manager", PASSWORD, team="Atlas")
    data.add_user("ray", "rep", PASSWORD, rep="R0001")
    data.add_user("rita", "rep", PASSWORD, rep="R0002")
    return create_app(demo_served.settings.model_copy(update={"app_db": url}), demo_served)


def csrf_in(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


@pytest.fixture(scope="module")
def clients(app: Any) -> Iterator[dict[str, tuple[TestClient, str]]]:
    """Each user's client, logged in through the form, with their session's CSRF token."""
    found: dict[str, tuple[TestClient, str]] = {}
    for name in ("mia", "ray", "rita"):
        client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
        client.__enter__()
        form = {"username": name, "password": PASSWORD, "csrf": csrf_in(client.get("/login").text)}
        assert client.post("/login", data=form).status_code == 303
        found[name] = (client, csrf_in(client.get("/check-in").text))
    yield found
    for client, _ in found.values():
        client.__exit__(None, None, None)


def data(app: Any) -> Any:
    return app.state.served.ws.app(app.state.settings.app_db)


def alert(html: str) -> str:
    found = re.search(r'<div class="error" role="alert">(.*?)</div>', html, re.S)
    assert found is not None, html[:500]
    return found.group(1)


def test_a_manager_sets_a_goal_and_sees_its_progress(app: Any, clients: Any) -> None:
    """The goal's progress on its page is the Workspace API's (`goal_view`): the JSON twin
    carries the same actual, achieved and status."""
    mia, token = clients["mia"]
    form = {
        "csrf": token,
        "owner": "R0004",
        "kpi": "revenue",
        "target": "60000",
        "period": "2025-06",
    }
    done = mia.post("/goals", data=form)
    assert done.status_code == 303
    path = done.headers["location"]
    goal_id = int(path.rsplit("/", 1)[1])
    stored = data(app).goal(goal_id)
    assert (stored.owner, stored.kpi, stored.target, stored.created_by) == (
        "R0004",
        "revenue",
        60000,
        "mia",
    )
    view = data(app).goal_view(stored)
    twin = mia.get("/api" + path).json()
    assert twin["goal"]["actual"] == pytest.approx(view["actual"]) and view["actual"] > 0
    assert twin["goal"]["achieved"] == pytest.approx(view["actual"] / 60000)
    assert twin["goal"]["status"] == view["status"]
    assert [m["label"] for m in twin["milestones"]] == [m["label"] for m in view["milestones"]]
    page = mia.get(path)
    assert page.status_code == 200 and "Weekly milestones" in page.text
    listed = mia.get("/api/goals").json()["goals"]
    assert [g["id"] for g in listed if g["owner"] == "R0004"] == [goal_id]


def test_a_rep_sees_their_share_of_a_team_goal(app: Any, clients: Any) -> None:
    """Team Atlas (R0001..R0008, eight reps) gets 80,000 split equally: 10,000 each. The
    rep sees their share, not the team's goal; the manager the team's goal, its split on
    its page."""
    mia, _ = clients["mia"]
    ray, _ = clients["ray"]
    team = data(app).add_goal("Atlas", "revenue", 80000, "2025-06", split="equal", by="mia")
    theirs = [g for g in ray.get("/api/goals").json()["goals"] if g["parent_id"] == team.id]
    assert [(g["owner"], g["target"]) for g in theirs] == [("R0001", 10000)]
    assert ray.get(f"/goals/{team.id}").status_code == 403
    listed = [g["id"] for g in mia.get("/api/goals").json()["goals"]]
    assert team.id in listed and theirs[0]["id"] not in listed
    split = mia.get(f"/api/goals/{team.id}").json()["children"]
    assert sorted(c["owner"] for c in split) == [f"R000{i}" for i in range(1, 9)]
    assert {c["target"] for c in split} == {10000}


def test_a_refused_value_shows_the_form_again_with_the_fix(app: Any, clients: Any) -> None:
    mia, token = clients["mia"]
    before = len(data(app).goals())
    form = {
        "csrf": token,
        "owner": "R0004",
        "kpi": "revenue",
        "target": "lots",
        "period": "2025-06",
    }
    shown = mia.post("/goals", data=form)
    assert shown.status_code == 422
    said = alert(shown.text)
    assert "is not a target for revenue" in said and "e.g. 50000" in said
    assert 'name="target" required inputmode="decimal" value="lots"' in shown.text
    assert "Traceback" not in shown.text and len(data(app).goals()) == before
    typed = mia.post("/goals", data={**form, "target": f'"{HOSTILE}'})
    assert typed.status_code == 422 and HOSTILE not in typed.text
    assert f'value="&#34;{ESCAPED}"' in typed.text
    week = mia.post("/goals", data={**form, "target": "1", "period": "someday"})
    assert week.status_code == 422 and "is not a period" in alert(week.text)


def test_a_goal_changed_meanwhile_is_refused(app: Any, clients: Any) -> None:
    """Two forms read at version 1: the first change wins (version 2), the second is
    refused naming who changed it, and the target stays the first's."""
    mia, token = clients["mia"]
    goal = data(app).add_goal("R0003", "revenue", 40000, "2025-06", by="ada")
    first = mia.post(f"/goals/{goal.id}", data={"csrf": token, "target": "45000", "version": "1"})
    assert first.status_code == 303
    second = mia.post(f"/goals/{goal.id}", data={"csrf": token, "target": "50000", "version": "1"})
    assert second.status_code == 422
    said = alert(second.text)
    assert "has changed since you read it" in said and "by mia" in said
    assert "Reload the page" in said
    assert data(app).goal(goal.id).target == 45000 and data(app).goal(goal.id).version == 2


def test_a_goal_is_edited_and_a_team_goal_split(app: Any, clients: Any) -> None:
    """The change form sets the period, what and why as well as the target (an empty why
    clears it), at the version the page showed; a team goal is split across its reps from
    its page (equally: team Atlas's eight reps, 4,000 each) and its new period is its
    shares'; a rep posts neither form."""
    mia, token = clients["mia"]
    ray, ray_token = clients["ray"]
    goal = data(app).add_goal("R0002", "revenue", 40000, "2025-06", why="Old", by="ada")
    page = mia.get(f"/goals/{goal.id}").text
    assert 'name="period" required value="2025-06"' in page and ">Old</textarea>" in page
    change = {"csrf": token, "version": "1", "target": "42000", "period": "2025-Q2"}
    change["fields"] = "target period what why"  # as the page's form names them
    done = mia.post(f"/goals/{goal.id}", data={**change, "what": HOSTILE, "why": ""})
    assert done.status_code == 303
    stored = data(app).goal(goal.id)
    assert (stored.target, stored.period, stored.what, stored.why) == (
        42000, "2025-Q2", HOSTILE, None,
    )  # fmt: skip
    assert stored.updated_by == "mia" and stored.version == 2
    shown = mia.get(f"/goals/{goal.id}").text
    assert ESCAPED in shown and HOSTILE not in shown
    stale = mia.post(f"/goals/{goal.id}", data={**change, "period": "2025-07"})
    assert stale.status_code == 422 and "by mia" in alert(stale.text)
    assert 'name="period" required value="2025-07"' in stale.text  # what was typed, kept
    bad = mia.post(f"/goals/{goal.id}", data={**change, "version": "2", "period": "soon"})
    assert bad.status_code == 422 and "is not a period" in alert(bad.text)
    assert data(app).goal(goal.id).period == "2025-Q2"
    team = data(app).add_goal("Atlas", "revenue", 32000, "2025-06", by="ada")
    assert 'action="/goals/' + str(team.id) + '/split"' in mia.get(f"/goals/{team.id}").text
    split = {"csrf": token, "version": "1", "how": "manual", "shares": "R0001=1"}
    refused = mia.post(f"/goals/{team.id}/split", data=split)
    assert refused.status_code == 422 and "R0001=1" in refused.text
    assert data(app).children(team.id) == []
    equal = mia.post(f"/goals/{team.id}/split", data={**split, "how": "equal"})
    assert equal.status_code == 303
    shares = data(app).children(team.id)
    assert {c.target for c in shares} == {4000} and len(shares) == 8
    assert 'action="/goals/' + str(team.id) + '/split"' not in mia.get(f"/goals/{team.id}").text
    assert data(app).goal(team.id).split == "equal"  # a new version: 2
    moved = {"csrf": token, "version": "2", "period": "2025-07"}
    assert mia.post(f"/goals/{team.id}", data=moved).status_code == 303
    assert {c.period for c in data(app).children(team.id)} == {"2025-07"}
    mine = next(c for c in shares if c.owner == "R0001")
    ours = {"csrf": ray_token, "version": "1", "target": "1"}
    assert ray.post(f"/goals/{mine.id}", data=ours).status_code == 403
    assert ray.post(f"/goals/{team.id}/split", data={**ours, "how": "equal"}).status_code == 403


def test_steps_are_added_and_ticked_off_and_a_goal_closed(app: Any, clients: Any) -> None:
    mia, token = clients["mia"]
    ray, ray_token = clients["ray"]
    goal = data(app).add_goal("R0001", "units", 100, "2025-06", by="ada")
    step = {"csrf": token, "text": HOSTILE, "due": "2025-06-20"}
    assert mia.post(f"/goals/{goal.id}/steps", data=step).status_code == 303
    page = ray.get(f"/goals/{goal.id}")
    assert ESCAPED in page.text and HOSTILE not in page.text
    assert 'action="/goals/' + str(goal.id) + '/steps"' not in page.text  # the rep adds none
    (added,) = data(app).steps(goal.id)
    tick = {"csrf": ray_token, "step": str(added.id)}
    assert ray.post(f"/goals/{goal.id}/steps/done", data=tick).status_code == 303
    assert data(app).steps(goal.id)[0].done_by == "ray"
    close = {"csrf": token, "version": str(data(app).goal(goal.id).version)}
    assert mia.post(f"/goals/{goal.id}/close", data=close).status_code == 303
    assert data(app).goal(goal.id).state == "closed"
    assert "Close the goal" not in mia.get(f"/goals/{goal.id}").text


def test_a_one_on_one_is_recorded_and_the_rep_ticks_off_its_action(app: Any, clients: Any) -> None:
    mia, token = clients["mia"]
    ray, ray_token = clients["ray"]
    rita, _ = clients["rita"]
    form = {
        "csrf": token,
        "date": "2025-06-13",
        "notes": f"Pipeline review {HOSTILE}",
        "confidence": "4",
        "workload": "3",
        "action_text": ["Call Polaris", ""],
        "action_owner": ["", ""],
        "action_due": ["2025-06-20", ""],
    }
    done = mia.post("/one-on-ones/R0001", data=form)
    assert done.status_code == 303 and done.headers["location"].startswith("/one-on-ones/R0001#")
    (meeting,) = data(app).one_on_ones("R0001")
    assert (meeting.confidence, meeting.workload, meeting.created_by) == (4, 3, "mia")
    assert [(a.text, a.owner) for a in meeting.actions] == [("Call Polaris", "R0001")]
    page = ray.get("/one-on-ones/R0001")
    assert page.status_code == 200 and ESCAPED in page.text and HOSTILE not in page.text
    assert "To talk about" in page.text and "Record a one-on-one" not in page.text
    tick = {"csrf": ray_token, "action": str(meeting.actions[0].id)}
    assert ray.post("/one-on-ones/R0001/actions/done", data=tick).status_code == 303
    assert data(app).one_on_ones("R0001")[0].actions[0].done_by == "ray"
    assert rita.get("/one-on-ones/R0001").status_code == 403
    bad = mia.post("/one-on-ones/R0001", data={"csrf": token, "confidence": "9"})
    assert bad.status_code == 422 and "is not a rating" in alert(bad.text)


def test_a_coach_changes_a_recorded_one_on_one(app: Any, clients: Any) -> None:
    """The notes and ratings of R0007's meeting changed from the form under it (an empty
    rating clears it), as version 2 by mia; the same form sent again from the old page
    is refused naming who changed it; the meeting under another rep's path is refused;
    no rep gets the form (the form matrix refuses their post)."""
    mia, token = clients["mia"]
    ray, _ = clients["ray"]
    meeting = data(app).add_one_on_one("R0007", "2025-06-10", "Old", 3, 2, by="ada")
    action = f'action="/one-on-ones/R0007/meetings/{meeting.id}"'
    page = mia.get("/one-on-ones/R0007").text
    assert action in page and 'name="version" value="1"' in page
    form = {"csrf": token, "version": "1", "notes": HOSTILE, "confidence": "", "workload": "4"}
    done = mia.post(f"/one-on-ones/R0007/meetings/{meeting.id}", data=form)
    assert done.status_code == 303, done.text[:300]
    assert done.headers["location"] == f"/one-on-ones/R0007#meeting-{meeting.id}"
    changed = data(app).one_on_one(meeting.id)
    assert (changed.notes, changed.confidence, changed.workload) == (HOSTILE, None, 4)
    assert (changed.version, changed.updated_by, changed.created_by) == (2, "mia", "ada")
    page = mia.get("/one-on-ones/R0007").text
    assert ESCAPED in page and HOSTILE not in page and "version 2, last changed" in page
    stale = mia.post(f"/one-on-ones/R0007/meetings/{meeting.id}", data={**form, "notes": "x"})
    assert stale.status_code == 422 and "last changed by mia" in alert(stale.text)
    assert "Reload the page" in alert(stale.text) and data(app).one_on_one(meeting.id).version == 2
    elsewhere = mia.post(f"/one-on-ones/R0006/meetings/{meeting.id}", data={**form, "version": "2"})
    assert elsewhere.status_code == 422 and "R0006 has no one-on-one" in alert(elsewhere.text)
    assert "/meetings/" not in ray.get("/one-on-ones/R0001").text
    assert ray.post(f"/one-on-ones/R0007/meetings/{meeting.id}", data=form).status_code == 403


def test_a_rep_checks_in_and_their_manager_sees_it(app: Any, clients: Any) -> None:
    ray, ray_token = clients["ray"]
    mia, _ = clients["mia"]
    form = {"csrf": ray_token, "week": "2025-W24", "confidence": "4", "wins": HOSTILE}
    assert ray.post("/check-in", data=form).status_code == 303
    again = ray.post("/check-in", data={**form, "confidence": "2", "blockers": "Pricing"})
    assert again.status_code == 303
    (found,) = data(app).check_ins("R0001")  # the same week's check-in, changed
    assert (found.week, found.confidence, found.blockers, found.updated_by) == (
        "2025-W24",
        2,
        "Pricing",
        "ray",
    )
    seen = mia.get("/api/check-in").json()["check_ins"]
    assert [(c["rep"], c["week"]) for c in seen] == [("R0001", "2025-W24")]
    assert ESCAPED in mia.get("/check-in").text
    bad = ray.post("/check-in", data={**form, "week": "someday"})
    assert bad.status_code == 422 and "is not a week" in alert(bad.text)
    assert 'value="someday"' in bad.text


def test_a_plan_is_started_and_added_to(app: Any, clients: Any) -> None:
    mia, token = clients["mia"]
    form = {
        "csrf": token,
        "rep": "R0002",
        "kpi": "win_rate",
        "target": "45%",
        "skill": "qualifying",
    }
    assert mia.post("/plans", data={**form, "action": "Shadow a call"}).status_code == 303
    plan = mia.get("/api/plans/R0002").json()["plan"]
    assert [(f["kpi"], f["target"]) for f in plan["focus"]] == [("win_rate", 0.45)]
    assert plan["focus"][0]["current"] is not None and plan["updated_by"] == "mia"
    more = {"csrf": token, "version": "1", "kpi": "", "target": "", "action": "Role-play pricing"}
    assert mia.post("/plans/R0002", data=more).status_code == 303
    stale = mia.post("/plans/R0002", data={**more, "action": "Another"})
    assert stale.status_code == 422 and "has changed since you read it" in alert(stale.text)
    texts = [a["text"] for a in mia.get("/api/plans/R0002").json()["plan"]["actions"]]
    assert texts == ["Shadow a call", "Role-play pricing"]


def test_a_plan_takes_several_actions_and_its_parts_change(app: Any, clients: Any) -> None:
    """One form adds several actions (one a line, `TEXT; YYYY-MM-DD` with its due date);
    an action and a focus area are changed and removed from their own forms, each at the
    version the page showed; the rep whose plan it is changes none of it."""
    mia, token = clients["mia"]
    ray, ray_token = clients["ray"]
    lines = f"Shadow a call; 2025-06-20\n\n{HOSTILE}\nCall Ann; then Bob\n"
    form = {"csrf": token, "rep": "R0005", "kpi": "win_rate", "target": "40%", "actions": lines}
    assert mia.post("/plans", data=form).status_code == 303
    plan = data(app).plan("R0005")
    assert [(a.text, str(a.due)) for a in plan.actions] == [
        ("Shadow a call", "2025-06-20"),
        (HOSTILE, "None"),
        ("Call Ann; then Bob", "None"),
    ]
    page = mia.get("/plans/R0005").text
    assert ESCAPED in page and HOSTILE not in page and 'action="/plans/R0005/actions/edit"' in page
    more = {"csrf": token, "version": "1", "actions": "Role-play pricing\nReview lost deals"}
    assert mia.post("/plans/R0005", data=more).status_code == 303
    assert len(data(app).plan("R0005").actions) == 5
    first, second = plan.actions[:2]
    edit = {"csrf": token, "version": "2", "action": str(first.id), "text": "Shadow two calls"}
    assert mia.post("/plans/R0005/actions/edit", data={**edit, "due": ""}).status_code == 303
    drop = {"csrf": token, "version": "3", "action": str(second.id), "do": "remove"}
    assert mia.post("/plans/R0005/actions/edit", data=drop).status_code == 303
    stale = mia.post("/plans/R0005/actions/edit", data={**edit, "text": "Again"})
    assert stale.status_code == 422 and "by mia" in alert(stale.text)
    assert 'value="Again"' in stale.text  # what was typed, kept in its own form
    actions = data(app).plan("R0005").actions
    assert [(a.text, a.due) for a in actions][:2] == [
        ("Shadow two calls", None), ("Call Ann; then Bob", None),
    ]  # fmt: skip
    (focus,) = data(app).plan("R0005").focus
    change = {"csrf": token, "version": "4", "focus": str(focus.id), "target": "35%"}
    assert (
        mia.post("/plans/R0005/focus/edit", data={**change, "skill": "Qualify"}).status_code == 303
    )
    bad = mia.post("/plans/R0005/focus/edit", data={**change, "version": "5", "target": "300%"})
    assert bad.status_code == 422 and "more than 100%" in alert(bad.text)
    (changed,) = data(app).plan("R0005").focus
    assert (changed.target, changed.skill, changed.kpi) == (
        pytest.approx(0.35),
        "Qualify",
        "win_rate",
    )
    gone = {**change, "version": "5", "do": "remove"}
    assert mia.post("/plans/R0005/focus/edit", data=gone).status_code == 303
    assert data(app).plan("R0005").focus == () and data(app).plan("R0005").version == 6
    theirs = {"csrf": ray_token, "version": "6", "action": str(first.id), "text": "Mine"}
    assert ray.post("/plans/R0001/actions/edit", data=theirs).status_code == 403
    assert ray.post("/plans/R0005/actions/edit", data=theirs).status_code == 403


def test_the_nav_logs_out_and_the_login_page_links_no_twin(app: Any) -> None:
    with TestClient(app, follow_redirects=False, client=("10.7.0.1", 1)) as client:
        login = client.get("/login")
        assert "/api/login" not in login.text and 'action="/logout"' not in login.text
        form = {"username": "rita", "password": PASSWORD, "csrf": csrf_in(login.text)}
        assert client.post("/login", data=form).status_code == 303
        page = client.get("/goals")
        for target in ("/goals", "/plans", "/one-on-ones", "/check-in"):
            assert f'href="{target}"' in page.text
        assert 'href="/api/goals"' in page.text and client.get("/api/goals").status_code == 200
        logout = client.post("/logout", data={"csrf": csrf_in(page.text)})
        assert logout.status_code == 303 and client.get("/api/goals").status_code == 401


def test_the_one_on_one_page_shows_what_changed_since_the_last_one(app: Any, clients: Any) -> None:
    """The packet on the page and in its twin opens with the last one-on-one's action
    items (done, open and overdue), each open goal's progress and how far it moved since
    that meeting (the goal's actual as of then, from the Workspace API), the check-ins
    since and the agenda's "since last time" questions; a new meeting changes it (the
    data's part of the packet kept: the demo's data ends on 2025-06-13)."""
    mia, _ = clients["mia"]
    app_data = data(app)
    goal = app_data.add_goal("R0006", "revenue", 50000, "2025-06", by="mia")
    app_data.check_in("R0006", "2025-W21", 3, None, None, by="R0006")
    app_data.check_in("R0006", "2025-W24", 2, "A demo", HOSTILE, by="R0006")
    actions = [
        {"text": "Send the deck", "owner": "R0006", "due": "2025-06-06"},
        {"text": f"Call {HOSTILE}", "owner": "R0006", "due": "2025-06-08"},
    ]
    meeting = app_data.add_one_on_one("R0006", "2025-06-05", "", 4, 3, actions, by="mia")
    app_data.action_done(meeting.actions[0].id, by="R0006")
    twin = mia.get("/api/one-on-ones/R0006").json()["packet"]
    since = twin["since"]
    assert since["last_meeting"] == "2025-06-05"
    assert [(a["text"], a["state"]) for a in since["actions"]] == [
        ("Send the deck", "done"),
        (f"Call {HOSTILE}", "open, overdue"),
    ]
    (found,) = [g for g in since["goals"] if g["goal_id"] == goal.id]  # (and Atlas's shares)
    spec = app_data.goal_spec(app_data.goal(goal.id))
    then = app_data.ws.goal_progress(spec, "2025-06-05").actual
    now = app_data.ws.goal_progress(spec).actual
    assert found["actual"] == pytest.approx(now) and now > then
    assert found["actual_then"] == pytest.approx(then)
    assert found["since_then"] == pytest.approx(now - then)
    assert [(c["week"], c["since_last"]) for c in since["check_ins"]] == [
        ("2025-06-09", True),
        ("2025-05-19", False),
    ]
    asked = [a["question"] for a in twin["agenda"] if a["topic"] == "Since last time"]
    assert any("Done since 2025-06-05: Send the deck" in q for q in asked)
    page = mia.get("/one-on-ones/R0006").text
    assert "Since the last one-on-one" in page and "open, overdue" in page
    assert ESCAPED in page and HOSTILE not in page and f'href="/goals/{goal.id}"' in page
    app_data.add_one_on_one("R0006", "2025-06-12", "Again", by="mia")
    again = mia.get("/api/one-on-ones/R0006").json()["packet"]["since"]
    assert again["last_meeting"] == "2025-06-12" and again["actions"] == []
