"""A result's pandas frame is the same whether it was made from DuckDB's Arrow table
(column by column from the buffers) or from the rows (as from PostgreSQL, Spark or the
result cache): the same columns, dtypes and values — counts as nullable integers, other
measures as floats with NaN where empty, periods as dates."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import salespulse
from salespulse import kpis
from salespulse.engine.cache import QueryCache
from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.engine.result import Result
from salespulse.errors import UserError
from tests.golden import data


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Any:
    ws = salespulse.init(tmp_path_factory.mktemp("frames") / "ws")
    with ws.connect() as con:
        data.load_duckdb(con)
    return ws


@pytest.mark.parametrize("params", [{"by": ["rep"], "period": "month"}, {"by": ["team"]}, {}])
def test_the_frame_from_arrow_equals_the_frame_from_rows(
    golden: Any, params: dict[str, Any]
) -> None:
    checked = 0
    with Engine(golden.source(), golden.settings, QueryCache(None)) as engine:
        for name in kpis.names():
            try:
                result = engine.result(make_query(name, **params))
            except UserError:
                continue
            if not len(result):
                continue
            from_arrow = result.to_pandas()
            from_rows = Result(result.query, result.columns, result.rows).to_pandas()
            pd.testing.assert_frame_equal(from_arrow, from_rows, check_exact=True)
            for column in result.query.kpi.columns:
                if column in from_arrow.columns:
                    assert str(from_arrow[column].dtype) in ("Int64", "float64"), column
            checked += 1
    assert checked > 15


def test_a_result_kept_as_json_reads_back_the_same(golden: Any) -> None:
    """What the result cache writes (from Arrow, column by column) reads back as the same
    rows, and as the same entry the rows themselves give."""
    import json

    checked = 0
    with Engine(golden.source(), golden.settings, QueryCache(None)) as engine:
        for name in kpis.names():
            try:
                result = engine.result(make_query(name, by=["rep"], period="month"))
            except UserError:
                continue
            kept = json.loads(json.dumps(result.to_json()))
            back = Result.from_json(result.query, kept)
            assert back == result, name
            from_rows = Result(result.query, result.columns, result.rows).to_json()
            assert Result.from_json(result.query, json.loads(json.dumps(from_rows))) == back
            checked += 1
    assert checked > 15
