"""Every KPI on the hand-built golden dataset, at several grains, on DuckDB, PostgreSQL
and PySpark, against the values worked out by hand in README.md. A backend's known gap
is a strict expected failure: when it is fixed, the test fails until the gap is removed.
DuckDB runs twice: with salespulse's own query builder (`duckdb`, as every command runs)
and with Ibis building the same queries (`duckdb-ibis`)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from salespulse import stats
from salespulse.engine import Engine, make_query
from salespulse.errors import UserError
from salespulse.kpis.display import is_empty
from salespulse.model.settings import Settings
from tests.golden.cases import CASES, Case
from tests.golden.conftest import BACKENDS, MARKS, one_case_per_kpi

#: (backend, case id) -> why that backend gets it wrong. Strict: a fix must remove it.
GAPS: dict[tuple[str, str], str] = {}


def _params() -> list[Any]:
    out = []
    cluster_cases = {c.id for c in one_case_per_kpi(CASES)}
    backends = BACKENDS if "duckdb" not in BACKENDS else (*BACKENDS, "duckdb-ibis")
    for case in CASES:
        for backend in backends:
            if backend == "spark-cluster" and case.id not in cluster_cases:
                continue
            marks = list(MARKS.get(backend, ()))
            gap = GAPS.get((backend, case.id))
            if gap:
                marks.append(pytest.mark.xfail(strict=True, reason=gap))
            out.append(pytest.param(backend, case, id=f"{backend}-{case.id}", marks=marks))
    return out


def close(actual: Any, expected: float) -> bool:
    return not is_empty(actual) and math.isclose(
        float(actual), expected, rel_tol=1e-9, abs_tol=1e-9
    )


def check(case: Case, df: Any, columns: list[str], proportion: bool) -> None:
    assert list(df.columns) == columns
    assert len(df) == len(case.rows), f"expected {len(case.rows)} rows, got\n{df}"
    for i, expected in enumerate(case.rows):
        got = df.iloc[i].to_dict()
        for key, want in expected.items():
            have = got[key]
            if want is None:
                assert is_empty(have), f"row {i} {key}: expected empty, got {have!r}"
            elif key == "period":
                assert str(have) == want, f"row {i}: period {have} != {want}"
            elif isinstance(want, str):
                assert have == want, f"row {i} {key}: {have!r} != {want!r}"
            else:
                assert close(have, want), f"row {i} {key}: {have!r} != {want!r}\n{df}"
        for key in columns:
            value = got[key]
            if isinstance(value, float):
                assert not math.isinf(value), f"row {i} {key} is infinite"
        if proportion and not is_empty(got["numerator"]) and got["denominator"]:
            low, high = stats.wilson(int(got["numerator"]), int(got["denominator"])) or (0, 0)
            assert close(got["ci_low"], low) and close(got["ci_high"], high)


@pytest.mark.parametrize(("backend", "case"), _params())
def test_golden(backend: str, case: Case, golden_sources: Any) -> None:
    source = golden_sources.get(backend)
    engine = Engine(source, Settings(**case.settings))
    engine.own_builder = backend != "duckdb-ibis"
    query = make_query(case.kpi, **case.params) if case.error is None else None
    if case.error is not None:
        with pytest.raises(UserError, match=case.error):
            engine.run(make_query(case.kpi, **case.params))
        return
    assert query is not None
    df = engine.run(query)
    columns = list(query.keys) + list(query.kpi.columns)
    check(case, df, columns, query.kpi.kind == "proportion")
