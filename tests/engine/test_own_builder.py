"""salespulse's own query builder (`salespulse.sql`) against Ibis building the same KPI
declarations: the same rows for every KPI and query shape on generated data; a new
workspace computing every KPI without importing Ibis; constants from the data written
as SQL strings; and a table the own builder cannot reach built in Ibis instead."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from salespulse import kpis
from salespulse.engine import Engine, make_query
from salespulse.engine.sources import from_duckdb
from tests.engine import generate
from tests.engine.test_reference import shapes
from tests.golden.data import load_duckdb

SEED = 21


@pytest.fixture(scope="module")
def data() -> Any:
    return generate.dataset(SEED)


def rows(engine: Engine, name: str, shape: dict[str, Any]) -> Any:
    try:
        return engine.result(make_query(name, **shape)).rows
    except Exception as exc:  # the same refusal from both builders
        return (type(exc).__name__, str(exc))


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


@pytest.fixture(scope="module")
def both(data: Any) -> Iterator[tuple[Any, Any]]:
    """A source for each builder (each keeps what it compiled, by query shape, whichever
    builder built it), shared by the KPIs."""
    own_source, ibis_source = generate.duckdb_source(data), generate.duckdb_source(data)
    yield own_source, ibis_source
    own_source.close()
    ibis_source.close()


@pytest.mark.parametrize("name", list(kpis.REGISTRY))
def test_the_own_builder_gives_ibis_s_rows(name: str, both: tuple[Any, Any]) -> None:
    """Each KPI in every shape the reference test asks for, and by product and by week:
    the own builder's rows equal Ibis's (floats to 1e-9, for the order of additions)."""
    own, by_ibis = Engine(both[0]), Engine(both[1])
    by_ibis.own_builder = False
    kpi = kpis.get(name)
    asked = [*shapes(kpi), {"by": ["product"], "as_of": date(2025, 1, 31)}]
    for shape in asked:
        a, b = rows(own, name, shape), rows(by_ibis, name, shape)
        assert same(a, b), f"{name} {shape}:\n{a}\n{b}"


NEW_WORKSPACE = """
import json, sys
import salespulse
from salespulse import kpis
from salespulse.engine import make_query
ws = salespulse.open(sys.argv[1], create=False)
with ws.engine("duckdb") as engine:
    queries = [make_query(n, by=["rep"]) for n in kpis.names()]
    found = engine.outcomes(queries)
print(json.dumps({
    "ibis": sorted(m for m in sys.modules if m.split(".")[0] in ("ibis", "sqlglot")),
    "computed": sum(1 for r in found if not isinstance(r, Exception)),
    "kpis": len(queries),
}))
"""


def test_a_new_workspace_computes_every_kpi_without_ibis(tmp_path: Path) -> None:
    """Nothing cached (a new workspace): every KPI built, compiled and run, and neither
    Ibis nor sqlglot imported."""
    import salespulse

    ws = salespulse.init(tmp_path / "ws")
    with ws.connect() as con:
        load_duckdb(con, generate.dataset(SEED))
    assert not (ws.path / ".cache" / "sql").exists() or not any(
        (ws.path / ".cache" / "sql").iterdir()
    )
    done = subprocess.run(
        [sys.executable, "-c", NEW_WORKSPACE, str(ws.path)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout)
    assert found["ibis"] == []
    assert found["computed"] == found["kpis"] == len(kpis.names())


def stage_rows(stage: str) -> dict[str, list[dict[str, Any]]]:
    from datetime import datetime

    deals = [
        {"deal_id": "d1", "rep": "ann", "status": "open", "stage": stage, "amount": 10.0,
         "created_at": datetime(2025, 1, 2)},
    ]  # fmt: skip
    stages = [
        {"deal_id": "d1", "stage": "New", "entered_at": datetime(2025, 1, 2)},
        {"deal_id": "d1", "stage": stage, "entered_at": datetime(2025, 1, 9)},
    ]
    return {"deals": deals, "deal_stages": stages}


def test_a_stage_name_is_written_as_a_string_never_as_sql() -> None:
    """Stage names read from the data enter the SQL as constants (`stage_names.py`): one
    that looks like SQL is only a name, and the deals table is still there after."""
    import ibis

    sneaky = "x'); DROP TABLE deals; --"
    con = ibis.duckdb.connect()
    load_duckdb(con.con, stage_rows(sneaky))
    source = from_duckdb(con, "sneaky")
    engine = Engine(source)
    by_stage = engine.result(make_query("time_in_stage", by="stage")).records()
    found = {r["stage"]: r["value"] for r in by_stage}
    assert set(found) == {"New", sneaky} and found["New"] == 7.0  # the name, intact
    assert "'x''); DROP TABLE deals; --'" in engine.explain("pipeline_weighted", by="rep")
    open_deals = engine.result(make_query("pipeline_open", by="rep")).records()
    assert [(r["rep"], r["value"]) for r in open_deals] == [("ann", 10.0)]
    source.close()


def test_a_read_the_own_builder_cannot_build_is_built_in_ibis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A report's read (`Engine.rows`) using an Ibis method the own builder lacks (a
    regular-expression search): it is built in Ibis instead and gives the rows it should;
    with the builder strict, as in the rest of the suite, the gap is an error."""
    data = generate.dataset(SEED)
    source = generate.duckdb_source(data)
    query = make_query("units", as_of=date(2025, 1, 31))

    def build(ctx: Any) -> Any:
        t = ctx.relation("sales")
        t = t.filter(t.rep.re_search("^r[12]$"))
        return t.group_by("rep").aggregate(lines=t.count()).order_by("rep")

    with pytest.raises(AttributeError):
        Engine(source).rows("early_reps", query, build)
    monkeypatch.setattr(Engine, "strict_builder", False)
    got = Engine(source).rows("early_reps", query, build)
    lines = {
        r: sum(1 for s in data["sales"] if s["rep"] == r and s["date"] <= date(2025, 1, 31))
        for r in ("r1", "r2")
    }
    assert got == [{"rep": r, "lines": n} for r, n in lines.items() if n]
    source.close()
