"""Differential test: the engine agrees with the naive reference implementation
(`reference.py`) for every KPI, on generated data, over several query shapes."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from salespulse import kpis
from salespulse.engine import Engine, make_query
from salespulse.kpis.display import is_empty
from salespulse.kpis.model import KPI
from tests.engine import generate, reference

SEEDS = (11, 12, 13)


def shapes(kpi: KPI) -> list[dict[str, Any]]:
    """Queries to compare: overall, by rep and month, by team and quarter, by week, with a
    filter and a date range, as of a date, and the KPI's own dimensions."""
    grains = kpi.grains
    fine = next((g for g in ("month", "week", "quarter", "year") if g in grains), "all")
    out: list[dict[str, Any]] = [{}]
    out.append({"by": ["rep"], "period": fine})
    out.append({"by": ["team"], "period": "quarter" if "quarter" in grains else grains[0]})
    if "week" in grains:
        out.append({"period": "week"})
    if "day" in grains:
        out.append({"by": ["manager"], "period": "day"})
    out.append({"by": ["region"], "where": {"team": "T1"}, "as_of": date(2025, 2, 15)})
    if kpi.spec.anchor is not None:
        out.append({"by": ["rep"], "start": date(2024, 12, 10), "end": date(2025, 2, 20)})
    for dim in ("stage", "type", "product", "source", "weekday", "hour"):
        if dim in kpi.dimensions:
            out.append({"by": [dim]})
    if kpi.spec.relation in ("quota_rows", "rep_attainment", "coverage_rows"):
        out.append({"by": ["rep"], "where": {"metric": "bookings"}})
        if kpi.name != "reps_at_quota":
            out.append(
                {"by": ["team"], "where": {"metric": "units"}}
                if kpi.name != "pipeline_coverage"
                else {"by": ["team"], "as_of": date(2024, 12, 31), "where": {"metric": "bookings"}}
            )
    return out


CASES = [
    pytest.param(name, shape, id=f"{name}-{i}")
    for name, kpi in kpis.REGISTRY.items()
    for i, shape in enumerate(shapes(kpi))
]


@pytest.fixture(scope="module")
def sources() -> Any:
    data = {seed: generate.dataset(seed) for seed in SEEDS}
    opened = {seed: generate.duckdb_source(d) for seed, d in data.items()}
    yield data, opened
    for source in opened.values():
        source.close()


def same(a: Any, b: Any) -> bool:
    if is_empty(a) or is_empty(b):
        return is_empty(a) and is_empty(b)
    if isinstance(b, str) or isinstance(a, str):
        return str(a) == str(b)
    if isinstance(b, date):
        return str(a) == str(b)
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize(("name", "shape"), CASES)
def test_engine_agrees_with_reference(name: str, shape: dict[str, Any], sources: Any) -> None:
    data, opened = sources
    for seed in SEEDS:
        engine = Engine(opened[seed])
        got = engine.run(make_query(name, **shape)).to_dict("records")
        want = reference.compute(name, data[seed], **shape)
        assert len(got) == len(want), (
            f"seed {seed}: {len(got)} rows, expected {len(want)}\n{got}\n{want}"
        )
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            for key, value in w.items():
                assert same(g[key], value), (
                    f"seed {seed} row {i} {key}: {g[key]!r} != {value!r}\n{g}\n{w}"
                )
