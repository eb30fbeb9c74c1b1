"""The dashboard in a real browser (Playwright driving Debian's chromium) against uvicorn
on a loopback port: the charts draw under the CSP, nothing is fetched from another host,
no console error, a phone's width (390 px) needs no sideways scroll (each logged in as the
manager of team Atlas through the login form), and axe-core finds no
serious or critical accessibility violation. A failing test saves a screenshot in its tmp
folder and prints the path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import MANAGER

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


@pytest.fixture(scope="module")
def signed_in(browser: Any, demo_url: str) -> dict[str, Any]:
    """The manager's session, signed in once through the login form (the server allows
    five attempts a minute from one address, as it should: each test reuses the cookie)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(demo_url + "/", wait_until="load", timeout=120_000)
    assert "/login?next=" in page.url
    page.fill("#username", MANAGER[0])
    page.fill("#password", MANAGER[1])
    page.click("button[type=submit]")
    page.wait_for_url(demo_url + "/", wait_until="load", timeout=120_000)
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


@pytest.mark.parametrize("path", PAGES)
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


@pytest.mark.parametrize("path", PAGES)
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
