"""Bad query parameters are 422 with a message (never a 500), unknown reps and KPIs 404;
security headers on every response; the local admin only for this machine."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from salespulse.web.security import HEADERS

BAD = [
    "/?period=fortnight",
    "/leaderboard?period=decade",
    "/products?period=someday",
    "/products?top=0",
    "/products?by=colour",
    "/bridge?base=2025-Q2&current=2025-Q1",
    "/bridge?base=2025-Q1",
    "/bridge?base=nonsense&current=2025-Q1",
    "/kpis/revenue?period=fortnight",
    "/kpis/revenue?by=shoe_size",
    "/kpis/revenue?from=yesterday",
    "/kpis/quota_attainment?period=day",
    "/wins?period=year",
]


@pytest.mark.parametrize("path", BAD)
def test_bad_parameters_are_422_with_a_message(demo: TestClient, path: str) -> None:
    api = demo.get("/api" + path)
    assert api.status_code == 422, api.text
    assert api.json()["detail"]
    page = demo.get(path)
    assert page.status_code == 422
    assert 'role="alert"' in page.text


@pytest.mark.parametrize("path", ["/reps/R9999", "/kpis/no_such_kpi", "/nothing/here"])
def test_unknown_things_are_404(demo: TestClient, path: str) -> None:
    assert demo.get(path).status_code == 404
    assert demo.get("/api" + path).status_code == 404


@pytest.mark.parametrize(
    "path", ["/", "/api/", "/static/style.css", "/nothing", "/api/products?top=0", "/openapi.json"]
)
def test_security_headers_on_every_response(demo: TestClient, path: str) -> None:
    response = demo.get(path)
    for name, value in HEADERS.items():
        assert response.headers[name] == value
    csp = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "default-src 'self'" in csp


def test_no_login_is_for_this_machine_only(demo_served) -> None:  # type: ignore[no-untyped-def]
    """With --no-login a request from this machine is the local admin; one through a proxy
    or from another address still needs a login (the JSON 401, a page the login form)."""
    from salespulse.web import create_app

    app = create_app(demo_served.settings.model_copy(update={"no_login": True}), demo_served)
    with TestClient(app, client=("127.0.0.1", 4000)) as here:
        assert here.get("/api/data").status_code == 200
        assert here.get("/api/data", headers={"X-Forwarded-For": "10.0.0.9"}).status_code == 401
    with TestClient(app, client=("192.168.1.20", 4000), follow_redirects=False) as afar:
        refused = afar.get("/data")
        assert refused.status_code == 303
        assert refused.headers["location"] == "/login?next=%2Fdata"


def test_can_see_by_role() -> None:
    from salespulse.web.users import LOCAL_ADMIN, User, can_see

    manager = User("m", "manager", teams=("Atlas",))
    rep = User("r", "rep", rep="R0001")
    assert can_see(LOCAL_ADMIN, "R0002", "Beacon")
    assert can_see(manager, "R0002", "Atlas") and not can_see(manager, "R0009", "Beacon")
    assert can_see(rep, "R0001", "Atlas") and not can_see(rep, "R0002", "Atlas")
    assert not can_see(rep, None, "Atlas")  # the whole team's numbers


def test_the_vega_bundle_is_served_and_nothing_points_elsewhere(demo: TestClient) -> None:
    script = demo.get("/static/vega-embed.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "window.vegaEmbed" in script.text
    page = demo.get("/").text
    # The charts' specs name their Vega-Lite schema by URL (an identifier: nothing loads
    # it; the browser test records every request); no other address is in the page.
    named = page.replace("https://vega.github.io/schema/vega-lite/", "")
    assert "http://" not in named and "https://" not in named
