"""The web tests' workspaces and servers, each built once per session: the demo (seed 7,
as of 2025-06-15), its sales lines alone, and a tiny hostile one (a rep and a product
named `<script>alert(1)</script>`). Every test here shares the demo's served workspace
and its page cache with the browser tests, so all run in one xdist group ("browser")."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

import salespulse
from salespulse.demo_workspace import write_demo
from salespulse.web import WebSettings, create_app
from salespulse.web.served import Served

AS_OF = date(2025, 6, 15)
HOSTILE = "<script>alert(1)</script>"
#: The hostile workspace's sale lines. The data ends on 2025-03-01, so the latest complete
#: month is February 2025.
HOSTILE_SALES = f"""date,product,quantity,unit_price,rep,customer
2025-01-10,{HOSTILE},2,10,{HOSTILE},c1
2025-01-20,Widget,1,30,Ann,c2
2025-02-05,{HOSTILE},3,10,{HOSTILE},c1
2025-02-15,Widget,2,30,Ann,c3
2025-03-01,Widget,1,30,Ann,c2
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.xdist_group("browser"))


def served(path: Path) -> Iterator[Served]:
    found = Served(WebSettings(workspace=path))
    found.start()
    yield found
    found.stop()


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web-demo") / "ws"
    write_demo(salespulse.open(path), seed=7, as_of=AS_OF)
    return path


@pytest.fixture(scope="session")
def sales_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web-sales") / "ws"
    write_demo(salespulse.open(path), seed=7, as_of=AS_OF, only="sales")
    return path


@pytest.fixture(scope="session")
def hostile_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web-hostile")
    (folder / "sales.csv").write_text(HOSTILE_SALES, encoding="utf-8")
    ws = salespulse.open(folder / "ws")
    ws.import_file("sales", folder / "sales.csv")
    return folder / "ws"


@pytest.fixture(scope="session")
def demo_served(demo_path: Path) -> Iterator[Served]:
    yield from served(demo_path)


@pytest.fixture(scope="session")
def demo(demo_served: Served) -> Iterator[TestClient]:
    app = create_app(demo_served.settings.model_copy(update={"no_login": True}), demo_served)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def sales(sales_path: Path) -> Iterator[TestClient]:
    app = create_app(WebSettings(workspace=sales_path, no_login=True))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def hostile(hostile_path: Path) -> Iterator[TestClient]:
    app = create_app(WebSettings(workspace=hostile_path, no_login=True))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


#: The manager the browser tests log in as (team Atlas), in the demo_url app database.
MANAGER = ("mia", "correct horse battery")
#: The rep the browser journeys log in as (R0001, on team Atlas).
REP = ("ray", "correct horse battery")


@pytest.fixture(scope="session")
def demo_url(demo_served: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo dashboard served by uvicorn on a free loopback port, in a thread of this
    process (sharing the demo's served workspace and page cache), with logins: the
    manager `MANAGER` of team Atlas and the rep `REP` (R0001) in a SQLite app database of
    its own."""

    url = f"sqlite:///{tmp_path_factory.mktemp('web-users') / 'app.db'}"
    demo_served.ws.app(url).add_user(MANAGER[0], "manager", MANAGER[1], team="Atlas")
    demo_served.ws.app(url).add_user(REP[0], "rep", REP[1], rep="R0001")
    port = free_port()
    settings = WebSettings(workspace=demo_served.settings.workspace, port=port, app_db=url)
    yield from serve_in_thread(create_app(settings, demo_served), port)


def serve_in_thread(app: Any, port: int) -> Iterator[str]:
    """`app` under uvicorn on loopback `port`, in a thread of this process, until the
    caller is done with its URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
