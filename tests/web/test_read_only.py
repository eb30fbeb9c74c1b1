"""`salespulse serve --read-only`: the server holds the workspace read-only, so other
salespulse processes read it while it runs (here a real second process), an import waits
and then names the server reading it, and the dashboard stores and undoes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import salespulse
from salespulse.web import WebSettings, create_app
from salespulse.web.routes.data_upload import READ_ONLY
from salespulse.web.served import Served

SALES = """date,product,quantity,unit_price,rep
2025-01-10,Widget,2,10,Ann
2025-02-05,Widget,3,10,Ann
2025-02-15,Gadget,1,30,Bo
2025-03-01,Widget,1,10,Bo
"""


@pytest.fixture(scope="module")
def held(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, TestClient]]:
    folder = tmp_path_factory.mktemp("web-read-only")
    (folder / "sales.csv").write_text(SALES, encoding="utf-8")
    salespulse.open(folder / "ws").import_file("sales", folder / "sales.csv")
    settings = WebSettings(workspace=folder / "ws", no_login=True, read_only=True, wait=0)
    served = Served(settings)
    served.start()  # read-only, as the settings say
    try:
        with TestClient(create_app(settings, served), raise_server_exceptions=False) as client:
            yield folder, client
    finally:
        served.stop()


def salespulse_cli(ws: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "salespulse", "--workspace", str(ws), "--wait", "0", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_another_process_reads_while_it_serves(held: tuple[Path, TestClient]) -> None:
    folder, client = held
    assert client.get("/").status_code == 200
    got = salespulse_cli(folder / "ws", "kpi", "revenue", "--by", "rep", "--format", "json")
    assert got.returncode == 0, got.stderr
    revenue = {r["rep"]: r["value"] for r in json.loads(got.stdout)}
    assert revenue == {"Ann": 50.0, "Bo": 40.0}


def test_an_import_waits_and_names_the_server(held: tuple[Path, TestClient]) -> None:
    folder, _ = held
    got = salespulse_cli(folder / "ws", "import", "sales", str(folder / "sales.csv"))
    assert got.returncode != 0
    assert "is busy" in got.stderr and "is reading it" in got.stderr
    assert "Traceback" not in got.stderr


def test_the_dashboard_stores_nothing(held: tuple[Path, TestClient]) -> None:
    _, client = held
    data = client.get("/data").text
    assert "held read-only by this dashboard" in data and 'href="/data/upload"' not in data
    upload = client.get("/data/upload")
    assert upload.status_code == 409
    assert READ_ONLY.split(":")[0] in " ".join(upload.text.split())
    undo = client.get("/data/imports/1").text
    assert "salespulse imports undo 1" in undo and 'action="/data/imports/1/undo"' not in undo
