"""The app database on both of its backends: SQLite (a file in the test's folder) and
PostgreSQL (the machine's server at 127.0.0.1:5432, database test; a fresh schema per
test, dropped after). Goals are checked against a small workspace holding the golden
dataset's reps (ann, bob on team East; cid, dee on West)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.golden import data

PG_DSN = os.environ.get("SALESPULSE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def drop_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_DSN, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def new_url(backend: str, folder: Path) -> Iterator[str]:
    """A URL for an empty app database: a SQLite file in `folder`, or a new PostgreSQL
    schema (dropped when done)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'app-{uuid.uuid4().hex[:8]}.db'}"
        return
    schema = f"sp_appdb_{uuid.uuid4().hex[:12]}"
    try:
        yield f"{PG_DSN}?schema={schema}"
    finally:
        drop_schema(schema)


@pytest.fixture(params=BACKENDS)
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty app database of its own, on each backend."""
    yield from new_url(request.param, tmp_path)


@pytest.fixture(scope="module", params=BACKENDS)
def app_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A URL for an app database on each backend, shared by a module's tests (emptied
    after each: see `app`)."""
    yield from new_url(request.param, tmp_path_factory.mktemp("appdb"))


@pytest.fixture(scope="module")
def golden_ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A workspace with the golden dataset (reps ann, bob, cid, dee; teams East, West)."""
    import salespulse

    ws = salespulse.init(tmp_path_factory.mktemp("appdb") / "ws")
    with ws.connect() as con:
        data.load_duckdb(con)
    return ws


def empty(app: Any) -> None:
    """Delete every row of the app database (the tables stay, at the newest revision)."""
    from salespulse.appdb.tables import Base

    with app.db.write() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())


@pytest.fixture
def app(golden_ws: Any, app_url: str) -> Iterator[Any]:
    """The golden workspace's app data on each backend, empty at the start of each test."""
    opened = golden_ws.app(app_url)
    empty(opened)
    yield opened
    opened.close()
