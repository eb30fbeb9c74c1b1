"""The demo workspace (seed 7, as of 2025-06-15), built once per session, and the
insights computed on it once, shared by the story tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import salespulse
from salespulse.demo import STORIES
from salespulse.demo_workspace import write_demo
from salespulse.insights import Evidence

AS_OF = date(2025, 6, 15)
REP = {s.key: s.rep for s in STORIES}


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("coach") / "ws"
    write_demo(salespulse.open(path), seed=7, as_of=AS_OF)
    return path


@pytest.fixture(scope="session")
def demo_ws(demo_path: Path) -> salespulse.Workspace:
    return salespulse.open(demo_path, create=False)


@pytest.fixture(scope="session")
def demo_ev(demo_ws: salespulse.Workspace) -> Iterator[Evidence]:
    ev = Evidence(demo_ws)
    yield ev
    ev.close()
