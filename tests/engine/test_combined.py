"""Several KPIs in one statement (`Engine.outcomes`, engine/combined.py) give exactly
what each KPI's query gives alone — on the golden dataset and on the demo, by rep, team
or nothing, with filters, dates and an as-of — and a KPI that cannot be computed (a
missing table) is its own error without spoiling the others."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import salespulse
from salespulse import kpis
from salespulse.engine.cache import QueryCache
from salespulse.engine.core import Engine
from salespulse.engine.query import Query, make_query
from salespulse.errors import MissingTable, UserError
from tests.golden import data


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Any:
    ws = salespulse.init(tmp_path_factory.mktemp("combined") / "ws")
    with ws.connect() as con:
        data.load_duckdb(con)
    return ws


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from datetime import date

    from salespulse.demo_workspace import write_demo

    ws = salespulse.init(tmp_path_factory.mktemp("combined-demo") / "ws")
    write_demo(ws, seed=11, as_of=date(2025, 6, 15))
    return ws


def same(a: Any, b: Any) -> bool:
    """Equal rows, floats to 1e-9 (DuckDB sums doubles in parallel, in any order)."""
    if a.columns != b.columns or len(a.rows) != len(b.rows):
        return False
    for x, y in zip(a.rows, b.rows, strict=True):
        for u, v in zip(x, y, strict=True):
            if isinstance(u, float) and isinstance(v, float):
                if not math.isclose(u, v, rel_tol=1e-9, abs_tol=1e-9):
                    return False
            elif u != v:
                return False
    return True


def queries(**params: Any) -> list[Query]:
    by = params.get("by", [])
    out = []
    for name in kpis.names():
        kpi = kpis.get(name)
        if (
            not all(d in kpi.dimensions for d in by)
            or params.get("period", "all") not in kpi.grains
        ):
            continue
        if kpi.spec.anchor is None and ("start" in params or "end" in params):
            continue
        try:
            out.append(make_query(name, **params))
        except UserError:
            continue
    return out


def alone(ws: Any, qs: list[Query]) -> list[Any]:
    out: list[Any] = []
    with Engine(ws.source(), ws.settings, QueryCache(None)) as engine:
        for q in qs:
            try:
                out.append(engine.result(q))
            except UserError as exc:
                out.append(exc)
    return out


def together(ws: Any, qs: list[Query], folder: Path | None = None) -> list[Any]:
    with Engine(ws.source(), ws.settings, QueryCache(folder)) as engine:
        return engine.outcomes(qs)


SHAPES = [
    {"by": ["rep"], "period": "month"},
    {"by": ["team"]},
    {},
    {"by": ["rep"], "start": "2025-02-01", "end": "2025-03-31"},
    {"by": ["rep"], "where": {"team": "East"}, "as_of": "2025-03-15"},
]


@pytest.mark.parametrize("params", SHAPES, ids=lambda p: ",".join(p) or "whole")
def test_together_equals_alone_on_the_golden_data(golden: Any, params: dict[str, Any]) -> None:
    qs = queries(**params)
    assert len(qs) > 10
    for q, a, b in zip(qs, alone(golden, qs), together(golden, qs), strict=True):
        if isinstance(a, UserError):
            assert type(b) is type(a) and b.message == a.message, q.kpi.name
        else:
            assert same(a, b), q.kpi.name


@pytest.mark.parametrize("params", SHAPES[:2], ids=lambda p: ",".join(p) or "whole")
def test_together_equals_alone_on_the_demo(demo: Any, params: dict[str, Any]) -> None:
    qs = queries(**params)
    for q, a, b in zip(qs, alone(demo, qs), together(demo, qs), strict=True):
        assert not isinstance(a, UserError), q.kpi.name
        assert same(a, b), q.kpi.name


def test_a_missing_table_fails_only_its_kpi(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    (tmp_path / "d.csv").write_text(
        "deal_id,rep,created_at,status,closed_at,amount\n"
        "d1,ann,2025-01-02,won,2025-01-20,100\nd2,bob,2025-01-03,lost,2025-01-25,50\n"
    )
    ws.import_file("deals", tmp_path / "d.csv")
    names = ["bookings", "quota_attainment", "win_rate", "deals_lost"]
    got = together(ws, [make_query(n, by="rep") for n in names])
    assert isinstance(got[1], MissingTable) and got[1].table == "quotas"
    assert {r["rep"]: r["value"] for r in got[0].records()} == {"ann": 100.0}
    assert {r["rep"]: r["value"] for r in got[2].records()} == {"ann": 1.0, "bob": 0.0}
    assert {r["rep"]: r["value"] for r in got[3].records()} == {"bob": 1}


def test_the_statement_is_kept_and_a_later_engine_reuses_it(golden: Any, tmp_path: Path) -> None:
    qs = queries(by=["rep"], period="month")
    first = together(golden, qs, tmp_path)
    stored = [p for p in (tmp_path / "sql").glob("*.json") if '"members"' in p.read_text()]
    kept = [p for p in stored if '"members":[]' not in p.read_text()]
    assert kept, "no combined statement was kept"
    again = together(golden, qs, tmp_path)
    assert all(
        same(a, b) for a, b in zip(first, again, strict=True) if not isinstance(a, Exception)
    )


def test_the_workspace_gives_several_kpis_at_once(golden: Any) -> None:
    names = ["bookings", "win_rate", "revenue"]
    got = golden.results(names, by="rep", period="month")
    assert list(got) == names
    for name in names:
        assert same(got[name], golden.result(name, by="rep", period="month")), name
    with pytest.raises(UserError, match="cannot be broken down"):
        golden.results(["bookings", "activities"], by="product")
