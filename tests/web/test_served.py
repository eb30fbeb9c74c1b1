"""The served workspace: pages kept per data version (an import through the server's
process shows at once), a page asked for by many at once built once, and the server as the
workspace's one writer (another process waits, then names it)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from starlette.testclient import TestClient

from salespulse.web import WebSettings, create_app
from salespulse.web.served import PageCache


def test_a_page_built_once_for_many_at_once() -> None:
    cache = PageCache()
    built: list[int] = []

    def build() -> int:
        time.sleep(0.05)
        built.append(1)
        return 42

    found: list[int] = []
    threads = [
        threading.Thread(target=lambda: found.append(cache.get("k", build))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert found == [42] * 8 and built == [1]


def test_the_oldest_page_goes_first() -> None:
    cache = PageCache(size=2)
    for key in ("a", "b", "c"):
        cache.get(key, lambda key=key: key)  # type: ignore[misc]
    assert len(cache) == 2
    assert cache.get("a", lambda: "again") == "again"


def test_an_import_shows_at_once_and_others_wait(tmp_path: Path) -> None:
    import salespulse

    from ..workspace.common import salespulse as run

    lines = tmp_path / "sales.csv"
    lines.write_text("date,product,quantity,unit_price\n2025-01-02,A,1,10\n", encoding="utf-8")
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", lines)
    with TestClient(
        create_app(WebSettings(workspace=tmp_path / "ws", wait=0, no_login=True))
    ) as client:
        before = client.get("/api/data").json()["tables"]
        assert [(t["name"], t["rows"]) for t in before] == [("sales", 1)]
        more = tmp_path / "more.csv"
        more.write_text("date,product,quantity,unit_price\n2025-01-03,B,2,5\n", encoding="utf-8")
        served = client.app.state.served  # type: ignore[attr-defined]
        served.ws.import_file("sales", more)
        after = client.get("/api/data").json()["tables"]
        assert [(t["name"], t["rows"]) for t in after] == [("sales", 2)]
        busy = run(tmp_path / "ws", "--wait", "0.5", "tables")
        assert busy.returncode != 0
        assert "busy" in busy.stderr and f"process {os.getpid()}" in busy.stderr
