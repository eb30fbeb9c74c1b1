"""Consistency and the projection give the same records on PostgreSQL and PySpark as on
DuckDB: the hand-built sales of tests/reports/cases.py imported into a workspace, read in
place from a PostgreSQL schema, and through Spark over the workspace's Parquet export."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.golden import data
from tests.golden.conftest import PG_DSN
from tests.insights.builders import workspace
from tests.reports.cases import CONSISTENCY_AS_OF, consistency_tables

PROJECTION_AS_OF = date(2024, 12, 13)


def same(a: Any, b: Any, where: str = "") -> None:
    """Equal records, floats to 1e-9 relative (backends sum in their own order)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), where
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, float):
        assert b == pytest.approx(a, rel=1e-9, abs=1e-9), where
    else:
        assert a == b, where


def reports(ws: Any, **where: Any) -> list[dict[str, Any]]:
    return [
        ws.consistency(by="rep", months=12, as_of=CONSISTENCY_AS_OF, **where).as_dict(),
        ws.projection(by="rep", as_of=PROJECTION_AS_OF, **where).as_dict(),
    ]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return workspace(tmp_path_factory.mktemp("landing") / "ws", consistency_tables())


@pytest.mark.postgres
def test_same_records_from_postgres(ws: Any) -> None:
    schema = f"landing_{uuid.uuid4().hex[:8]}"
    data.load_postgres(PG_DSN, schema, consistency_tables())
    try:
        here = reports(ws)
        assert here[0]["members"][0]["cv"] is not None and here[1]["members"]
        same(reports(ws, source=f"{PG_DSN}?schema={schema}"), here)
    finally:
        data.drop_postgres(PG_DSN, schema)


@pytest.mark.spark
def test_same_records_on_pyspark(ws: Any, spark: Any, tmp_path: Path) -> None:
    same(reports(ws, backend="pyspark"), reports(ws))
