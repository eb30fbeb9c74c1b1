"""The products report reads through the one query path, so PostgreSQL (the tables read
in place from a schema) and PySpark (the workspace's tables exported to Parquet) give
the records, Pareto line and movers DuckDB gives, on the hand case of
tests/reports/hand_case.py."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from salespulse.cli import cli
from salespulse.model.contract import TABLES
from tests.golden import data
from tests.golden.conftest import PG_DSN
from tests.reports.hand_case import make_workspace

#: Asked through the API; the default report is asked through the CLI (each report is six
#: queries, about 3 s each on local Spark).
ASKED: list[dict[str, Any]] = [
    {"by": "category", "period": "2025-Q1"},
    {"top": 2, "where": {"category": "Bikes"}},
]


def _same(here: Any, there: Any) -> None:
    assert there.columns == here.columns and len(there.records) == len(here.records)
    for a, b in zip(here.records, there.records, strict=True):
        assert a.keys() == b.keys()
        for key, value in a.items():
            assert b[key] == (pytest.approx(value) if isinstance(value, float) else value), key
    assert (there.pareto, there.others is None) == (here.pareto, here.others is None)
    for kind in ("rises", "falls", "new", "lost"):
        keys = [m.key for m in getattr(there.movers, kind)]
        assert keys == [m.key for m in getattr(here.movers, kind)], kind
    assert there.notes == here.notes


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return make_workspace(tmp_path_factory.mktemp("products-backends"))


def _tables(ws: Any) -> dict[str, list[dict[str, Any]]]:
    out = {}
    with ws.connect(read_only=True) as con:
        for name in ("sales", "products"):
            cols = [c.name for c in TABLES[name].stored]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {name}").fetchall()
            out[name] = [dict(zip(cols, r, strict=True)) for r in rows]
    return out


@pytest.mark.postgres
def test_products_from_postgres(ws: Any, tmp_path: Path) -> None:
    schema = f"products_report_{uuid.uuid4().hex[:8]}"
    data.load_postgres(PG_DSN, schema, _tables(ws))
    try:
        url = f"{PG_DSN}?schema={schema}"
        for asked in ASKED:
            _same(ws.products(**asked), ws.products(**asked, source=url))
        args = ["-w", str(ws.path), "products", "--format", "json"]
        here = CliRunner().invoke(cli, args)
        there = CliRunner().invoke(cli, [*args, "--source", url])
        assert there.exit_code == 0 and there.output == here.output
    finally:
        data.drop_postgres(PG_DSN, schema)


@pytest.mark.spark
def test_products_on_pyspark(ws: Any, spark: Any) -> None:
    for asked in ASKED:
        _same(ws.products(**asked), ws.products(**asked, backend="pyspark"))
    # (the CLI passes its backend options on to the same call: the --source one is checked
    # in test_products_from_postgres, --backend pyspark in test_reports_on_pyspark)
