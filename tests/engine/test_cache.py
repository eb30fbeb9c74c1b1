"""The query path's caches never return a stale number: after every import, undo or
settings change, the cached answer equals the one computed from scratch; a later process
runs cached SQL without Ibis and reads a cached result without Ibis or pandas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import salespulse
from salespulse.engine.cache import QueryCache
from salespulse.engine.core import Engine
from salespulse.engine.query import make_query

QUERIES: list[dict[str, Any]] = [
    {"name": "revenue", "by": "rep", "period": "week"},
    {"name": "revenue", "by": "rep", "period": "month", "start": "2025-01-06"},
    {"name": "units", "by": "product", "where": {"rep": ["ann", "bob"]}},
    {"name": "consistency", "by": "rep"},
    {"name": "win_rate", "by": "rep", "as_of": "2025-02-10"},
    {"name": "deals_won", "period": "month", "where": {"rep": "ann"}},
    {"name": "orders", "by": "rep", "period": "month"},
    {"name": "avg_order_value", "by": "rep", "start": "2025-01-06"},
    {"name": "new_customers", "by": "rep", "period": "month", "as_of": "2025-02-03"},
    {"name": "new_customers", "start": "2025-01-03", "end": "2025-02-28"},
]


def write_sales(path: Path, rows: list[tuple[str, str, str, int, float]]) -> Path:
    """Sale lines; product A is bought by Acme, the others by Bolt, and each rep's lines
    of a day are one order."""
    lines = ["date,rep,product,quantity,amount,customer,order_id"]
    lines += [
        f"{d},{r},{p},{q},{a},{'Acme' if p == 'A' else 'Bolt'},{r}-{d}" for d, r, p, q, a in rows
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def write_deals(path: Path) -> Path:
    path.write_text(
        "deal_id,rep,created_at,status,closed_at,amount\n"
        "d1,ann,2025-01-02,won,2025-01-20,100\n"
        "d2,ann,2025-01-03,lost,2025-02-15,0\n"
        "d3,bob,2025-01-05,won,2025-03-01,300\n"
        "d4,bob,2025-02-01,open,,\n"
    )
    return path


def fresh(ws: Any, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The answer computed from scratch: no cache of any kind."""
    params = {k: v for k, v in spec.items() if k != "name"}
    with Engine(ws.source(), ws.settings, QueryCache(None)) as engine:
        return engine.result(make_query(spec["name"], **params)).records()


def cached(ws: Any, spec: dict[str, Any]) -> list[dict[str, Any]]:
    params = {k: v for k, v in spec.items() if k != "name"}
    return ws.result(spec["name"], **params).records()


def check_all(ws: Any) -> None:
    for spec in QUERIES:
        assert cached(ws, spec) == fresh(ws, spec), spec


def test_nothing_stale_after_imports_undos_and_settings_changes(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    first = write_sales(
        tmp_path / "jan.csv",
        [
            ("2025-01-02", "ann", "A", 2, 20.0),
            ("2025-01-05", "bob", "B", 1, 15.0),
            ("2025-01-08", "ann", "B", 3, 45.0),
        ],
    )
    second = write_sales(
        tmp_path / "feb.csv",
        [("2025-02-03", "ann", "A", 5, 50.0), ("2025-02-04", "cy", "C", 1, 9.5)],
    )
    ws.import_file("sales", first)
    ws.import_file("deals", write_deals(tmp_path / "deals.csv"))
    check_all(ws)
    before = cached(ws, QUERIES[0])
    check_all(ws)  # the second time from the caches: still equal
    assert any((ws.path / ".cache" / "results").iterdir())

    ws.import_file("sales", second)
    after = cached(ws, QUERIES[0])
    assert after != before  # an import changes the answer at once
    check_all(ws)

    ws.undo_import(ws.imports()[-1].id)
    assert cached(ws, QUERIES[0]) == before  # undone: back to the earlier answer
    check_all(ws)

    ws.import_file("sales", second, mode="replace")
    check_all(ws)

    # a settings change (weeks starting on Sunday) moves rows between weeks
    sunday = salespulse.open(ws.path, week_start="sunday")
    weekly = {"name": "revenue", "period": "week"}
    assert cached(sunday, weekly) == fresh(sunday, weekly)
    assert cached(sunday, weekly) != cached(ws, weekly)
    check_all(sunday)
    check_all(ws)


def test_an_unreadable_cache_entry_is_a_miss(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", write_sales(tmp_path / "s.csv", [("2025-01-02", "ann", "A", 2, 20.0)]))
    expected = cached(ws, QUERIES[0])
    for entry in (ws.path / ".cache").rglob("*.json"):
        entry.write_text("{ half written")
    assert cached(ws, QUERIES[0]) == expected
    for entry in (ws.path / ".cache").rglob("*.json"):
        entry.write_text(json.dumps(["not", "an", "entry"]))
    assert cached(ws, QUERIES[0]) == expected


PROBE = """
import json, sys
import salespulse
ws = salespulse.open(sys.argv[1])
rows = ws.result("revenue", by="rep", period="month", start=sys.argv[2]).records()
print(json.dumps({"ibis": "ibis" in sys.modules, "pandas": "pandas" in sys.modules,
                  "rows": len(rows)}))
"""


def probe(ws: Any, start: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(ws.path), start],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_later_process_runs_cached_sql_without_ibis(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    rows = [("2025-01-02", "ann", "A", 2, 20.0), ("2025-03-05", "bob", "B", 1, 15.0)]
    ws.import_file("sales", write_sales(tmp_path / "s.csv", rows))
    first = probe(ws, "2025-01-01")  # the first run builds and compiles: on DuckDB with
    assert first["ibis"] is False and first["rows"] == 2  # the own builder, no Ibis
    assert list((ws.path / ".cache" / "sql").glob("*.json"))  # and keeps the SQL
    other_dates = probe(ws, "2025-02-01")  # same shape, other values: the cached SQL
    assert other_dates == {"ibis": False, "pandas": other_dates["pandas"], "rows": 1}
    again = probe(ws, "2025-02-01")  # the same query again: the cached result
    assert again == {"ibis": False, "pandas": False, "rows": 1}


def test_explain_prints_the_cached_sql_and_its_parameters(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", write_sales(tmp_path / "s.csv", [("2025-01-02", "ann", "A", 2, 20.0)]))
    text = ws.explain("revenue", by="rep", start="2025-01-01", where={"rep": "ann"})
    sql, _, params = text.partition("-- parameters:")
    assert "$start_date" in sql and "$w0_0" in sql and "2025-01-01" not in sql
    assert "start_date = datetime.date(2025, 1, 1)" in params and "w0_0 = 'ann'" in params
    assert list((ws.path / ".cache" / "sql").glob("*.json"))


@pytest.mark.parametrize("spec", QUERIES, ids=lambda s: s["name"])
def test_cached_sql_gives_the_literal_expression_s_answer(tmp_path: Path, spec: Any) -> None:
    """The SQL with bound parameters equals the expression with its values as literals."""
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", write_sales(tmp_path / "s.csv", [("2025-01-02", "ann", "A", 2, 20.0)]))
    ws.import_file("deals", write_deals(tmp_path / "deals.csv"))
    params = {k: v for k, v in spec.items() if k != "name"}
    query = make_query(spec["name"], **params)
    with Engine(ws.source(), ws.settings) as engine:
        literal = engine.source.execute(engine.expression(query))
        bound = engine.result(query).to_pandas()
    if "period" in literal.columns:
        literal["period"] = literal["period"].dt.date
    assert literal.shape == bound.shape
    assert literal.astype(object).where(literal.notna(), None).values.tolist() == (
        bound.astype(object).where(bound.notna(), None).values.tolist()
    )


def test_new_customers_compile_once_for_any_as_of_date(tmp_path: Path) -> None:
    """The first sale of each customer is computed inside the SQL up to the as-of date,
    which is a bound parameter: one compiled SQL serves every as-of date, each answer
    equal to the one computed from scratch. Acme first buys on 01-02 (ann), Bolt on 01-05
    (bob): as of 01-04 only Acme is new in January; as of 01-10 both are."""
    ws = salespulse.open(tmp_path / "ws")
    rows = [
        ("2025-01-02", "ann", "A", 2, 20.0),
        ("2025-01-05", "bob", "B", 1, 15.0),
        ("2025-02-03", "ann", "B", 3, 45.0),
    ]
    ws.import_file("sales", write_sales(tmp_path / "s.csv", rows))
    answers = {}
    for as_of in ("2025-01-04", "2025-01-10", "2025-02-28"):
        spec = {"name": "new_customers", "period": "month", "as_of": as_of}
        assert cached(ws, spec) == fresh(ws, spec), as_of
        answers[as_of] = [(str(r["period"]), r["value"]) for r in cached(ws, spec)]
    assert answers["2025-01-04"] == [("2025-01-01", 1)]
    assert answers["2025-01-10"] == [("2025-01-01", 2)]
    assert answers["2025-02-28"] == [("2025-01-01", 2), ("2025-02-01", 0)]
    compiled = [
        json.loads(f.read_text())
        for f in (ws.path / ".cache" / "sql").glob("*.json")
        if "sql" in json.loads(f.read_text())
    ]
    assert len(compiled) == 1 and "as_of_next_date" in compiled[0]["params"]


RUN = """
import json, sys
import salespulse
ws = salespulse.open(sys.argv[1])
rows = ws.result(sys.argv[2], **json.loads(sys.argv[3])).records()
built = "ibis" in sys.modules or "salespulse.sql.render" in sys.modules  # built, not kept
print(json.dumps({"built": built, "rows": rows}, default=str))
"""


def run(ws: Any, name: str, **params: Any) -> dict[str, Any]:
    """A query in a new process: whether it needed Ibis (built the SQL), and its rows."""
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(ws.path), name, json.dumps(params)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def as_json(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return json.loads(json.dumps(rows, default=str))  # type: ignore[no-any-return]


def test_after_an_import_the_kept_sql_runs_on_the_new_data(tmp_path: Path) -> None:
    """An import of more rows of the same tables makes a new data version: no kept result
    applies (the answer has the new rows at once), but the kept SQL does — the next
    process runs it without building anything. Revenue by rep: ann 20, then ann 20 + 50
    and cy 9.5."""
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file(
        "sales", write_sales(tmp_path / "jan.csv", [("2025-01-02", "ann", "A", 2, 20.0)])
    )
    first = run(ws, "revenue", by="rep")
    assert first["built"] and [(r["rep"], r["value"]) for r in first["rows"]] == [("ann", 20.0)]
    ws.import_file(
        "sales",
        write_sales(
            tmp_path / "feb.csv",
            [("2025-02-03", "ann", "A", 5, 50.0), ("2025-02-04", "cy", "C", 1, 9.5)],
        ),
    )
    after = run(ws, "revenue", by="rep")
    assert not after["built"]
    assert [(r["rep"], r["value"]) for r in after["rows"]] == [("ann", 70.0), ("cy", 9.5)]
    assert after["rows"] == as_json(fresh(ws, {"name": "revenue", "by": "rep"}))


def test_sql_built_from_a_read_of_the_data_is_rebuilt_when_the_read_changes(
    tmp_path: Path,
) -> None:
    """Consistency without dates reads the first and last day of the sales to count the
    months. A later import inside those days leaves the read — and so the kept SQL —
    valid; one that adds a later month changes it, and the SQL is built again (ann's
    January alone is one month, no CV; with March there are three months)."""
    ws = salespulse.open(tmp_path / "ws")
    jan = [("2025-01-02", "ann", "A", 2, 20.0), ("2025-01-30", "bob", "B", 1, 15.0)]
    ws.import_file("sales", write_sales(tmp_path / "jan.csv", jan))
    spec = {"name": "consistency", "by": "rep"}
    assert run(ws, "consistency", by="rep")["built"]
    ws.import_file("sales", write_sales(tmp_path / "mid.csv", [("2025-01-15", "ann", "B", 1, 5.0)]))
    inside = run(ws, "consistency", by="rep")
    assert not inside["built"] and inside["rows"] == as_json(fresh(ws, spec))
    assert {r["rep"]: r["n"] for r in inside["rows"]} == {"ann": 1, "bob": 1}
    ws.import_file("sales", write_sales(tmp_path / "mar.csv", [("2025-03-03", "ann", "A", 1, 9.0)]))
    later = run(ws, "consistency", by="rep")
    assert later["built"] and later["rows"] == as_json(fresh(ws, spec))
    assert {r["rep"]: r["n"] for r in later["rows"]} == {"ann": 3, "bob": 3}


def test_a_read_made_with_the_query_s_values_is_run_again_with_new_values(
    tmp_path: Path,
) -> None:
    """Consistency from a start date (and no end) reads the last day of the rows from that
    date on: each start's answer equals the one computed from scratch, in one engine and
    in later ones."""
    ws = salespulse.open(tmp_path / "ws")
    rows = [
        ("2025-01-02", "ann", "A", 2, 20.0),
        ("2025-02-05", "bob", "B", 1, 15.0),
        ("2025-03-08", "ann", "B", 3, 45.0),
        ("2025-04-01", "bob", "A", 1, 10.0),
    ]
    ws.import_file("sales", write_sales(tmp_path / "s.csv", rows))
    starts = ["2025-01-01", "2025-02-01", "2025-03-15", "2025-04-02"]
    for _ in range(2):
        for start in starts:
            spec = {"name": "consistency", "by": "rep", "start": start}
            assert cached(ws, spec) == fresh(ws, spec), start


def test_kept_sql_follows_the_tables_its_building_looked_at(tmp_path: Path) -> None:
    """Revenue by category looks at the products table (categories come from it when the
    sale lines have none): importing deals, which it never looks at, keeps its SQL;
    importing products, which it looked for and did not find, builds it again — and the
    lines of products A and B then fall in the categories the products table gives."""
    ws = salespulse.open(tmp_path / "ws")
    rows = [("2025-01-02", "ann", "A", 2, 20.0), ("2025-01-05", "bob", "B", 1, 15.0)]
    ws.import_file("sales", write_sales(tmp_path / "s.csv", rows))
    spec = {"name": "revenue", "by": "category"}
    assert run(ws, "revenue", by="category")["built"]
    ws.import_file("deals", write_deals(tmp_path / "deals.csv"))
    unrelated = run(ws, "revenue", by="category")
    assert not unrelated["built"]
    assert [(r["category"], r["value"]) for r in unrelated["rows"]] == [(None, 35.0)]
    (tmp_path / "p.csv").write_text("product,name,category\nA,Apple,Fruit\nB,Bean,Veg\n")
    ws.import_file("products", tmp_path / "p.csv")
    related = run(ws, "revenue", by="category")
    assert related["built"] and related["rows"] == as_json(fresh(ws, spec))
    assert [(r["category"], r["value"]) for r in related["rows"]] == [
        ("Fruit", 20.0),
        ("Veg", 15.0),
    ]


def test_the_result_cache_keeps_at_most_its_limit(tmp_path: Path) -> None:
    """Listing the folder is not done on every write, but the limit still holds: past
    MAX_RESULTS files the oldest are removed, down to half the limit."""
    from salespulse.engine.cache import MAX_RESULTS

    cache = QueryCache(tmp_path)
    for i in range(MAX_RESULTS + 1):
        cache.write("results", f"r{i}", {"i": i})
    kept = list((tmp_path / "results").glob("*.json"))
    assert MAX_RESULTS // 2 <= len(kept) <= MAX_RESULTS
    assert cache.read("results", f"r{MAX_RESULTS}") == {"i": MAX_RESULTS}  # the newest


def test_the_caches_follow_salespulse_s_own_files(tmp_path: Path) -> None:
    """A source checkout keeps its version number through `git pull` and edits: the
    fingerprint of its files, part of every cache key, changes with any file's content
    (its size or modification time) and with a file added, not with compiled bytecode."""
    import os

    from salespulse.engine.cache import code_fingerprint, versions

    root = tmp_path / "salespulse"
    (root / "kpis").mkdir(parents=True)
    (root / "kpis" / "sales.py").write_text("REVENUE = 'sum(amount)'\n", encoding="utf-8")
    (root / "web.html").write_text("<p>{{ value }}</p>\n", encoding="utf-8")
    first = code_fingerprint(root)
    assert code_fingerprint(root) == first
    (root / "kpis" / "__pycache__").mkdir()
    (root / "kpis" / "__pycache__" / "sales.cpython-311.pyc").write_bytes(b"\0")
    assert code_fingerprint(root) == first
    (root / "kpis" / "sales.py").write_text("REVENUE = 'sum(net)'\n", encoding="utf-8")
    changed = code_fingerprint(root)
    assert changed != first
    stat = (root / "web.html").stat()
    os.utime(root / "web.html", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert code_fingerprint(root) not in (first, changed)
    (root / "kpis" / "new.py").write_text("", encoding="utf-8")
    assert len({first, changed, code_fingerprint(root)}) == 3
    installed = Path(salespulse.__file__).parent
    assert versions().endswith("/" + code_fingerprint(installed))
