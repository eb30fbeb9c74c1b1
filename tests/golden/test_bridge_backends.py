"""The revenue bridge gives the same answer on every backend: the hand-worked case of
tests/reports/test_bridge.py in a DuckDB workspace, read through PySpark (its tables
exported to Parquet) and from a PostgreSQL schema holding the same tables — the API's
JSON and the CLI's output alike."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

import salespulse
from salespulse.cli import cli
from salespulse.cli.output import to_json
from tests.golden import data
from tests.golden.conftest import PG_DSN
from tests.reports.bridge_case import DATASET

ARGS = ["bridge", "2025-Q1", "2025-Q2", "--group", "rep", "--format", "json"]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    workspace = salespulse.init(tmp_path_factory.mktemp("bridge_backends") / "ws")
    with workspace.connect() as con:
        data.load_duckdb(con, DATASET)
    return workspace


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    schema = f"bridge_{uuid.uuid4().hex[:8]}"
    data.load_postgres(PG_DSN, schema, DATASET)
    yield f"{PG_DSN}?schema={schema}"
    data.drop_postgres(PG_DSN, schema)


def _json(ws: Any, **where: Any) -> str:
    return to_json(ws.bridge("2025-Q1", "2025-Q2", group="rep", **where).to_dict())


def _cli(ws: Any, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["--workspace", str(ws.path), *ARGS, *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_duckdb_answer_is_the_hand_worked_one(ws: Any) -> None:
    b = ws.bridge("2025-Q1", "2025-Q2")
    assert b.totals.change == pytest.approx(-420) and b.totals.mix == pytest.approx(-650)


@pytest.mark.spark
def test_bridge_on_pyspark(ws: Any, spark: Any) -> None:
    # One bridge (each costs Spark about half a minute): by category, which also reads
    # the products table; by product, and the CLI passing its backend options on to the
    # same call, are checked from PostgreSQL (test_bridge_from_postgres; --backend
    # pyspark through the CLI in test_reports_on_pyspark).
    assert _json(ws, by="category", backend="pyspark") == _json(ws, by="category")


@pytest.mark.postgres
def test_bridge_from_postgres(ws: Any, pg_url: str) -> None:
    assert _json(ws, source=pg_url) == _json(ws)
    assert _cli(ws, "--source", pg_url) == _cli(ws)
