"""Shared demo data: generated once per test session at a fixed as_of."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import salespulse
from salespulse.demo import generate
from salespulse.demo_workspace import write_demo

from .common import AS_OF, Demo


@pytest.fixture(scope="session")
def demo() -> Demo:
    return Demo(list(generate(seed=7, scale=1, as_of=AS_OF)))


@pytest.fixture(scope="session")
def frames(demo: Demo) -> dict[str, pd.DataFrame]:
    return demo.frames()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DuckDB file of a demo workspace (seed 7, as of 2025-06-15)."""
    ws = salespulse.open(tmp_path_factory.mktemp("demo") / "ws")
    write_demo(ws, seed=7, as_of=AS_OF)
    return ws.db_path


@pytest.fixture(scope="session")
def sales_only_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DuckDB file of a sales-only demo workspace (`only="sales"`, same seed and day)."""
    ws = salespulse.open(tmp_path_factory.mktemp("demo-sales") / "ws")
    write_demo(ws, seed=7, as_of=AS_OF, only="sales")
    return ws.db_path
