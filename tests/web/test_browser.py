"""The dashboard in a real browser (Playwright driving Debian's chromium) against uvicorn
on a loopback port: the charts draw under the CSP, nothing is fetched from another host,
no console error, a phone's width (390 px) needs no sideways scroll (each logged in as the
manager of team Atlas through the login form), and axe-core finds no
serious or critical accessibility violation. The journeys of issue 11: a manager logs in,
sees the team page, opens a rep, sets a goal and sees its progress, records a one-on-one;
a rep logs in, sends a check-in and is refused another rep's page. A failing test saves a
screenshot in its tmp folder and prints the path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from salespulse.web.format import pct
from tests.web.conftest import MANAGER, REP

pytestmark = [pytest.mark.xdist_group("browser"), pytest.mark.slow]

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = ["/", "/reps/R0004"]
#: The pages with forms (no charts), for the phone and accessibility checks.
FORM_PAGES = ["/goals", "/one-on-ones/R0004", "/check-in"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        yield launched
        launched.close()


@contextmanager
def shot_on_failure(page: Any, folder: Path) -> Iterator[None]:
    try:
        yield
    except BaseException:
        path = folder / "failure.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot of the failure: {path}")
        raise


def log_in(page: Any, demo_url: str, who: tuple[str, str]) -> None:
    """Through the login form, as a person does: the team page sends them to it first."""
    page.goto(demo_url + "/", wait_until="load", timeout=120_000)
    assert "/login?next=" in page.url
    page.fill("#username", who[0])
    page.fill("#password", who[1])
    page.click("form.login button[type=submit]")
    page.wait_for_url(demo_url + "/", wait_until="load", timeout=120_000)


@pytest.fixture(scope="module")
def signed_in(browser: Any, demo_url: str) -> dict[str, Any]:
    """The manager's session, signed in once through the login form (the server allows
    five attempts a minute from one address, as it should: each test reuses the cookie)."""
    context = browser.new_context()
    page = context.new_page()
    log_in(page, demo_url, MANAGER)
    state: dict[str, Any] = context.storage_state()
    context.close()
    return state


@contextmanager
def opened(
    browser: Any, signed_in: dict[str, Any], url: str, width: int = 1280
) -> Iterator[tuple[Any, dict[str, list[str]]]]:
    """A page at `url`, signed in, with every request, console error and page error
    recorded."""
    context = browser.new_context(viewport={"width": width, "height": 900}, storage_state=signed_in)
    page = context.new_page()
    seen: dict[str, list[str]] = {"requests": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(url, wait_until="load", timeout=120_000)
    assert page.url == url, f"{url} led to {page.url}"
    try:
        yield page, seen
    finally:
        context.close()


def drawn(page: Any) -> None:
    """Wait until every chart element holds an svg."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-chart]')]"
        ".every(el => el.querySelector('svg, canvas'))",
        timeout=60_000,
    )


@pytest.mark.parametrize("path", PAGES)
def test_charts_draw_and_nothing_leaves_the_server(
    browser: Any, signed_in: dict[str, Any], demo_url: str, path: str, tmp_path: Path
) -> None:
    with (
        opened(browser, signed_in, demo_url + path) as (page, seen),
        shot_on_failure(page, tmp_path),
    ):
        drawn(page)
        assert page.locator("[data-chart]").count() >= (10 if path == "/" else 3)
        assert page.locator(".chart-body svg").count() == page.locator("[data-chart]").count()
        page.wait_for_timeout(300)  # late errors (a tooltip, a resize) show up too
        assert seen["errors"] == []
        foreign = [u for u in seen["requests"] if not u.startswith(demo_url + "/")]
        assert foreign == []
        assert any(u.endswith("/static/vega-embed.js") for u in seen["requests"])


@pytest.mark.parametrize("path", PAGES + FORM_PAGES)
def test_a_phone_needs_no_sideways_scroll(
    browser: Any, signed_in: dict[str, Any], demo_url: str, path: str, tmp_path: Path
) -> None:
    with (
        opened(browser, signed_in, demo_url + path, width=390) as (page, _),
        shot_on_failure(page, tmp_path),
    ):
        drawn(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390


@pytest.mark.parametrize("path", PAGES + FORM_PAGES)
def test_no_serious_accessibility_violation(
    browser: Any, signed_in: dict[str, Any], demo_url: str, path: str, tmp_path: Path
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    with opened(browser, signed_in, demo_url + path) as (page, _), shot_on_failure(page, tmp_path):
        drawn(page)
        found = Axe().run(page).response["violations"]
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in found
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []


def test_a_manager_sets_a_goal_and_records_a_one_on_one(
    browser: Any, demo_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    try:
        with shot_on_failure(page, tmp_path):
            log_in(page, demo_url, MANAGER)
            drawn(page)  # the team page, its charts drawn
            page.click("a[href='/reps/R0004']")
            page.wait_for_url(demo_url + "/reps/R0004", wait_until="load", timeout=120_000)
            assert page.locator("h1").inner_text() == "Leo Green"
            page.click("nav a[href='/goals']")
            page.wait_for_url(demo_url + "/goals", wait_until="load")
            page.select_option("#goal-owner", "R0004")
            page.select_option("#goal-kpi", "revenue")
            page.fill("#goal-target", "60000")
            page.fill("#goal-period", "2025-06")
            page.click("text=Set the goal")
            page.wait_for_url(f"{demo_url}/goals/*", wait_until="load")
            twin = page.request.get(demo_url + "/api" + page.url.removeprefix(demo_url)).json()
            assert twin["goal"]["owner"] == "R0004" and twin["goal"]["updated_by"] == MANAGER[0]
            achieved = page.locator(".card", has_text="Achieved").locator(".value").inner_text()
            assert achieved == pct(twin["goal"]["achieved"]) and twin["goal"]["actual"] > 0
            page.goto(demo_url + "/one-on-ones/R0004", wait_until="load", timeout=120_000)
            page.fill("#meeting-notes", "Went through the <b>June</b> pipeline.")
            page.select_option("#meeting-confidence", "4")
            page.fill("#action-text-0", "Send Polaris the proposal")
            page.click("text=Record the one-on-one")
            page.wait_for_url(f"{demo_url}/one-on-ones/R0004#meeting-*", wait_until="load")
            meeting = page.locator("section.panel").first
            assert "Went through the <b>June</b> pipeline." in meeting.inner_text()
            assert "Send Polaris the proposal" in meeting.inner_text()
            assert [u for u in seen if not u.startswith(demo_url + "/")] == []
    finally:
        context.close()


def test_a_rep_checks_in_and_is_refused_another_reps_page(
    browser: Any, demo_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        with shot_on_failure(page, tmp_path):
            log_in(page, demo_url, REP)
            page.click("nav a[href='/check-in']")
            page.wait_for_url(demo_url + "/check-in", wait_until="load")
            week = page.input_value("#check-week")
            page.select_option("#check-confidence", "4")
            page.fill("#check-wins", "Two demos booked")
            page.fill("#check-blockers", "Waiting on pricing")
            page.click("text=Send the check-in")
            page.wait_for_url(demo_url + "/check-in", wait_until="load")
            row = page.locator("tbody tr", has_text=week)
            assert (
                "Two demos booked" in row.inner_text() and "Waiting on pricing" in row.inner_text()
            )
            refused = page.goto(demo_url + "/reps/R0002", wait_until="load")
            assert refused is not None and refused.status == 403
            assert "You may not see these numbers." in page.inner_text("main")
    finally:
        context.close()
