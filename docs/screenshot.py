"""The README's screenshot of the team page, taken by the browser tooling the tests use
(Playwright driving the system's Chromium) on the demo workspace:

    .venv/bin/python docs/screenshot.py [WORKSPACE] [--out docs/images/team.png]

It serves WORKSPACE (default: salespulse-workspace, as `make demo` writes it) with
`salespulse serve --no-login` on a free loopback port, waits for every chart to be drawn
and saves the top of the page."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspace", nargs="?", default="salespulse-workspace")
    parser.add_argument("--out", default=str(Path(__file__).parent / "images" / "team.png"))
    parser.add_argument("--path", default="/", help="the page (default: the team page)")
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "salespulse", "-w", args.workspace, "serve", "--no-login"]
    server = subprocess.Popen([*cmd, "--port", str(port)])
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            deadline = time.monotonic() + 60
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}{args.path}", timeout=300_000)
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.5)
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-chart]')]"
                ".every(el => el.querySelector('svg, canvas'))",
                timeout=120_000,
            )
            page.screenshot(path=args.out)
            browser.close()
    finally:
        server.terminate()
        server.wait(30)
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
