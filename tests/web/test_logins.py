"""Logins, roles and sessions over the demo (issue 11 §3): a role matrix over every route
of the app — HTML and JSON — for an admin, the manager of team Atlas, rep R0001 and
someone not logged in; the login form and logout with their CSRF tokens; the rate limit;
API tokens, revoked ones refused; the session cookie's flags.

The matrix is generated from the app's routes: a route without a rule in `RULES` (a
page) or `FORMS` (a form's POST) fails `test_every_route_has_a_rule`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from starlette.testclient import TestClient

from salespulse.web import create_app
from salespulse.web.served import Served

PASSWORD = "correct horse battery"
ROLES = ("admin", "manager", "rep", "anonymous")
#: What each role is answered on each page (the JSON twin the same, /api + path); an
#: anonymous person is sent to /login (a page) or answered 401 (the JSON). "team" marks
#: the rep page of R0001: 200 for the manager when R0001 is on Atlas, else 403.
EVERYONE = {"admin": 200, "manager": 200, "rep": 200}
MANAGERS = {"admin": 200, "manager": 200, "rep": 403}
RULES: dict[str, dict[str, int]] = {
    "/": EVERYONE,
    "/leaderboard": EVERYONE,
    "/reps/{rep:path}": EVERYONE,
    "/products": MANAGERS,
    "/bridge": MANAGERS,
    "/pipeline": EVERYONE,
    "/prospecting": EVERYONE,
    "/coaching": EVERYONE,
    "/goals": EVERYONE,
    "/goals/{goal_id}": EVERYONE,
    "/plans": EVERYONE,
    "/plans/{rep:path}": EVERYONE,
    "/one-on-ones": EVERYONE,
    "/one-on-ones/{rep:path}": EVERYONE,
    "/check-in": EVERYONE,
    "/wins": EVERYONE,
    "/kpis": MANAGERS,
    "/kpis/{name}": MANAGERS,
    "/data": {"admin": 200, "manager": 403, "rep": 403},
}
#: The pages about R0001 (or R0001's goal 1): "team" marked, as the rep page.
OF_R0001 = {"/reps/{rep:path}", "/goals/{goal_id}", "/plans/{rep:path}", "/one-on-ones/{rep:path}"}
#: What each role is answered posting a form with its CSRF token and nothing else: 422
#: (let in, and told what to fill in) or 403 (refused before anything is read). Anyone
#: not logged in is sent to /login; a form without the CSRF token is 403 for everyone.
COACHES = {"admin": 422, "manager": 422, "rep": 403}
SEEN = {"admin": 422, "manager": 422, "rep": 422}
ADMINS_FORM = {"admin": 422, "manager": 403, "rep": 403}
FORMS: dict[str, dict[str, int]] = {
    "/goals": COACHES,
    "/goals/{goal_id}": COACHES,
    "/goals/{goal_id}/close": COACHES,
    "/goals/{goal_id}/split": COACHES,
    "/goals/{goal_id}/steps": COACHES,
    "/goals/{goal_id}/steps/done": SEEN,  # the rep ticks off their own goal's steps
    "/plans": COACHES,
    "/plans/{rep:path}": COACHES,
    "/plans/{rep:path}/actions/done": SEEN,
    "/plans/{rep:path}/actions/edit": COACHES,
    "/plans/{rep:path}/focus/edit": COACHES,
    "/one-on-ones/{rep:path}": COACHES,
    "/one-on-ones/{rep:path}/actions/done": SEEN,
    "/one-on-ones/{rep:path}/meetings/{meeting_id}": COACHES,  # not the rep: a coach's notes
    "/check-in": {"admin": 403, "manager": 403, "rep": 422},  # a rep's own
    # uploads and undo (test_uploads.py): admins only; no file or no such import is 422
    "/data/upload": ADMINS_FORM,
    "/data/store": ADMINS_FORM,
    "/data/imports/{import_id}/undo": ADMINS_FORM,
    "/api/data/imports": ADMINS_FORM,
    "/api/data/imports/{import_id}/undo": ADMINS_FORM,
}
#: Form pages with no JSON twin (their API is a POST). Import 999999 does not exist, so
#: nothing of the shared demo is undone by the matrices: the admin is answered 404.
FORM_PAGES: dict[str, dict[str, int]] = {
    "/data/upload": {"admin": 200, "manager": 403, "rep": 403},
    "/data/imports/{import_id}": {"admin": 404, "manager": 403, "rep": 403},
}
#: Routes open to everyone, logged in or not.
OPEN = {"/login", "/logout", "/openapi.json", "/static/vega-embed.js"}
FILLED = {"{rep:path}": "R0001", "{name}": "revenue", "{goal_id}": "1", "{import_id}": "999999"}
FILLED |= {"{meeting_id}": "1"}


@pytest.fixture(scope="module")
def app(demo_served: Served, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo app with logins, its users in a SQLite app database of the module's own."""
    url = f"sqlite:///{tmp_path_factory.mktemp('logins') / 'app.db'}"
    data = demo_served.ws.app(url)
    data.add_user("ada", "admin", PASSWORD)
    data.add_user("mia", "manager", PASSWORD, team="Atlas")
    data.add_user("ray", "rep", PASSWORD, rep="R0001")
    data.add_user("rita", "rep", PASSWORD, rep="R0002")
    assert data.add_goal("R0001", "revenue", 50000, "2025-06", by="ada").id == 1
    return create_app(demo_served.settings.model_copy(update={"app_db": url}), demo_served)


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> Any:
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf is not None
    data = {"username": name, "password": password, "csrf": csrf.group(1), "next": "/"}
    return client.post("/login", data=data, follow_redirects=False)


@pytest.fixture(scope="module")
def clients(app: Any) -> Iterator[dict[str, TestClient]]:
    found: dict[str, TestClient] = {}
    for role, name in (("admin", "ada"), ("manager", "mia"), ("rep", "ray"), ("anonymous", "")):
        client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
        client.__enter__()
        if name:
            assert log_in(client, name).status_code == 303
        found[role] = client
    yield found
    for client in found.values():
        client.__exit__(None, None, None)


def routes(app: Any) -> Iterator[tuple[str, set[str]]]:
    """Every route of the app, as (path, methods), the included routers' too."""
    for route in app.routes:
        if isinstance(route, APIRoute):
            yield route.path, set(route.methods)
        elif hasattr(route, "effective_route_contexts"):  # an included router
            for found in route.effective_route_contexts():
                yield found.path, set(found.methods)


def page_routes(app: Any) -> list[str]:
    return [path for path, methods in routes(app) if "GET" in methods]


def form_routes(app: Any) -> list[str]:
    return [path for path, methods in routes(app) if "POST" in methods and path in FORMS]


def filled(path: str) -> str:
    for slot, value in FILLED.items():
        path = path.replace(slot, value)
    return path


def csrf_of(client: TestClient) -> str:
    """The CSRF token of the client's session, from a page's logout button."""
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/check-in").text)
    assert found is not None
    return found.group(1)


def test_every_route_has_a_rule(app: Any) -> None:
    """A new route fails here until it has a rule (and the matrix below covers it)."""
    for path in page_routes(app):
        page = path.removeprefix("/api") or "/"
        known = page in RULES or page in FORM_PAGES or path in OPEN
        assert known, f"no role rule for {path}"
    posts = {path for path, methods in routes(app) if methods - {"GET", "HEAD"}}
    assert posts == {"/login", "/logout", *FORMS}
    found = set(page_routes(app))
    assert all(page in found and "/api" + page in found for page in RULES)  # and the twins


def test_the_role_matrix(app: Any, clients: dict[str, TestClient]) -> None:
    admin = clients["admin"].get("/api/reps/R0001")
    assert admin.status_code == 200
    r0001_team = admin.json()["team"]
    for path in page_routes(app):
        url = filled(path)
        page = path.removeprefix("/api") or "/"
        for role in ROLES:
            got = clients[role].get(url)
            if path in OPEN:
                want = 200
            elif role == "anonymous":
                want = 401 if path.startswith("/api") else 303
            elif page in OF_R0001 and role == "manager":
                want = 200 if r0001_team == "Atlas" else 403
            else:
                want = {**RULES, **FORM_PAGES}[page][role]
            assert got.status_code == want, (url, role, got.status_code, got.text[:200])
            if want == 303:
                assert got.headers["location"].startswith("/login?next=")


def test_the_form_matrix(app: Any, clients: dict[str, TestClient]) -> None:
    tokens = {role: csrf_of(clients[role]) for role in ROLES if role != "anonymous"}
    for path in form_routes(app):
        url = filled(path)
        for role in ROLES:
            client = clients[role]
            if role == "anonymous":
                got = client.post(url, data={"csrf": "guessed"})
                if path.startswith("/api"):
                    assert got.status_code == 401, (url, role, got.status_code)
                    continue
                assert got.status_code == 303, (url, role, got.status_code)
                assert got.headers["location"].startswith("/login?next=")
                continue
            stale = client.post(url, data={"csrf": "guessed"})
            assert stale.status_code == 403, (url, role, "stale", stale.status_code)
            assert "CSRF token is missing or stale" in stale.text
            got = client.post(url, data={"csrf": tokens[role]})
            assert got.status_code == FORMS[path][role], (
                url,
                role,
                got.status_code,
                got.text[:300],
            )
            assert "Traceback" not in got.text


def test_a_rep_sees_only_themselves(clients: dict[str, TestClient]) -> None:
    rep = clients["rep"]
    for path in ("/reps/R0002", "/one-on-ones/R0002", "/plans/R0002"):
        assert rep.get(path).status_code == rep.get("/api" + path).status_code == 403
    assert [g["owner"] for g in rep.get("/api/goals").json()["goals"]] == ["R0001"]
    assert rep.get("/api/reps/R0002").status_code == 403
    assert rep.get("/reps/R0002").status_code == 403
    rows = rep.get("/api/").json()["scorecard"]["rows"]
    assert [r["member"] for r in rows] == ["R0001"]
    board = rep.get("/api/leaderboard").json()
    assert {e["rep"] for b in board["boards"] for e in b["entries"]} <= {"R0001"}
    coaching = rep.get("/api/coaching").json()
    assert {f["rep"] for f in coaching["flags"]} | {s["rep"] for s in coaching["stretch"]} <= {
        "R0001"
    }
    assert all("R0001" in (p["mentor"], p["mentee"]) for p in coaching["pairs"])


def test_a_manager_sees_their_team(clients: dict[str, TestClient]) -> None:
    rows = clients["manager"].get("/api/").json()["scorecard"]["rows"]
    assert rows and {r["team"] for r in rows} == {"Atlas"}
    everyone = clients["admin"].get("/api/").json()["scorecard"]["rows"]
    other = next(r["member"] for r in everyone if r["team"] not in (None, "Atlas"))
    assert clients["manager"].get(f"/api/reps/{other}").status_code == 403
    # the coaching page is built once for everyone, then cut down to each user's reps
    theirs = clients["manager"].get("/api/coaching").json()
    whole = clients["admin"].get("/api/coaching").json()
    assert theirs["flags"] and {f["team"] for f in theirs["flags"]} == {"Atlas"}
    assert theirs["flags"] == [f for f in whole["flags"] if f["team"] == "Atlas"]


def test_a_wrong_password_says_not_which(app: Any) -> None:
    with TestClient(app, follow_redirects=False) as client:
        wrong = log_in(client, "ada", "not the password")
        unknown = log_in(client, "nobody", PASSWORD)
        assert wrong.status_code == unknown.status_code == 401
        assert "Wrong name or password." in wrong.text and "Wrong name or password." in unknown.text
        assert client.get("/api/").status_code == 401


def test_login_without_csrf_is_refused(app: Any) -> None:
    with TestClient(app, follow_redirects=False) as client:
        client.get("/login")
        data = {"username": "ada", "password": PASSWORD}
        assert client.post("/login", data=data).status_code == 403
        assert client.post("/login", data={**data, "csrf": "guessed"}).status_code == 403
        assert client.get("/api/").status_code == 401


def test_login_then_logout(app: Any) -> None:
    with TestClient(app, follow_redirects=False) as client:
        done = log_in(client, "mia")
        assert done.status_code == 303 and done.headers["location"] == "/"
        assert client.get("/api/").status_code == 200
        assert client.post("/logout").status_code == 403  # no CSRF token
        assert client.get("/api/").status_code == 200
        form = client.get("/logout")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf is not None and "Logged in as mia" in form.text
        assert client.post("/logout", data={"csrf": csrf.group(1)}).status_code == 303
        assert client.get("/api/").status_code == 401


def test_a_login_goes_back_to_the_page_asked_for_never_elsewhere(app: Any) -> None:
    with TestClient(app, follow_redirects=False) as client:
        form = client.get("/login?next=/wins")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf is not None and 'name="next" value="/wins"' in form.text
        data = {"username": "rita", "password": PASSWORD, "csrf": csrf.group(1)}
        done = client.post("/login", data={**data, "next": "//evil.example/"})
        assert done.headers["location"] == "/"


def test_logins_are_rate_limited(app: Any) -> None:
    with TestClient(app, follow_redirects=False, client=("10.1.2.3", 5000)) as client:
        answers = [log_in(client, "rita", "wrong password").status_code for _ in range(6)]
        assert answers == [401] * 5 + [429]
        refused = log_in(client, "rita")  # even the right password, for now
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 60
    with TestClient(app, follow_redirects=False, client=("10.1.2.4", 5000)) as other:
        assert log_in(other, "rita").status_code == 303  # another client is not held


def test_bearer_tokens_and_revoked_ones(app: Any, demo_served: Served) -> None:
    data = demo_served.ws.app(app.state.settings.app_db)
    token, record = data.issue_token("ray")
    with TestClient(app, follow_redirects=False) as client:
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/reps/R0001", headers=headers).status_code == 200
        assert client.get("/api/reps/R0002", headers=headers).status_code == 403
        assert client.get("/api/data", headers=headers).status_code == 403
        data.revoke(record.id)
        assert client.get("/api/reps/R0001", headers=headers).status_code == 401
        bad = {"Authorization": "Bearer not-a-token"}
        assert client.get("/api/", headers=bad).status_code == 401


def test_the_session_cookie_flags(app: Any) -> None:
    # each from a client of its own: the rate limit counts ada's logins per client
    with TestClient(app, follow_redirects=False, client=("10.9.0.1", 1)) as client:
        cookie = log_in(client, "ada").headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    with TestClient(
        app, follow_redirects=False, base_url="https://sales.example", client=("10.9.0.2", 1)
    ) as secure:
        assert "secure" in log_in(secure, "ada").headers["set-cookie"].lower()
    with TestClient(app, follow_redirects=False, client=("10.9.0.3", 1)) as proxied:
        # behind a proxy that says https (the form's own session cookie: the client,
        # speaking http here, would not send a Secure cookie back)
        form = proxied.get("/login", headers={"X-Forwarded-Proto": "https"})
        assert "secure" in form.headers["set-cookie"].lower()


def test_a_changed_cookie_is_no_session(app: Any) -> None:
    with TestClient(app, follow_redirects=False) as client:
        log_in(client, "rita")
        raw = client.cookies["salespulse_session"]
        body, made, mac = raw.split(".")
        client.cookies.clear()
        client.cookies["salespulse_session"] = f"{body}.{made}.{'0' * len(mac)}"
        assert client.get("/api/").status_code == 401


def test_the_secret_is_kept_private(demo_served: Served, app: Any) -> None:
    path = Path(demo_served.settings.workspace) / "web-secret"
    assert path.exists() and path.stat().st_mode & 0o077 == 0
