"""The sales-lines diagnosis gives the same answer on every backend: the hand-worked case
of tests/insights/test_sales_diagnosis.py (S against three peers, Jan–Mar 2025: revenue
−2/3 of the median, customers 63% of the gap, line value 37%, the mix −500 at the peers'
prices) in a DuckDB workspace, read through PySpark (its tables exported to Parquet) and
from a PostgreSQL schema holding the same tables."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import salespulse
from salespulse.cli.output import to_json
from salespulse.insights import diagnose_sales
from tests.golden import data
from tests.golden.conftest import PG_DSN
from tests.insights.builders import AS_OF
from tests.insights.test_sales_diagnosis import lines_for

SALES = lines_for("S", 10, ("A", "A", "C"))
for _peer in ("P0", "P1", "P2"):
    SALES += lines_for(_peer, 20, ("A", "B", "C"))
DATASET = {"sales": SALES}


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    workspace = salespulse.init(tmp_path_factory.mktemp("coach_sales_backends") / "ws")
    with workspace.connect() as con:
        data.load_duckdb(con, DATASET)
    return workspace


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    schema = f"coach_sales_{uuid.uuid4().hex[:8]}"
    data.load_postgres(PG_DSN, schema, DATASET)
    yield f"{PG_DSN}?schema={schema}"
    data.drop_postgres(PG_DSN, schema)


def _json(target: Any) -> str:
    return to_json([d.as_dict() for d in diagnose_sales(target, as_of=AS_OF)])


def test_the_duckdb_answer_is_the_hand_worked_one(ws: Any) -> None:
    found = {d.rep: d for d in diagnose_sales(ws, as_of=AS_OF)}
    s = found["S"]
    assert s.gap == pytest.approx(-2 / 3)
    mix = s.driver("mix")
    assert mix is not None and mix.extra["mix"] == pytest.approx(-500)


@pytest.mark.spark
def test_sales_diagnosis_on_pyspark(ws: Any, spark: Any) -> None:
    assert _json(ws.on("pyspark")) == _json(ws)


@pytest.mark.postgres
def test_sales_diagnosis_from_postgres(ws: Any, pg_url: str) -> None:
    assert _json(ws.on("duckdb", pg_url)) == _json(ws)
