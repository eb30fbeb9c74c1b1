"""Statements run ahead of their use and side by side (`engine/ahead.py`): each caller
gets its own statement's rows whatever order they finish in, an error reaches the one who
asks for those rows, and a failure stops what is still running instead of waiting for
it. `Engine.outcomes`, which uses it, is checked against each KPI alone in
test_combined.py and by the golden suite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import pytest

from salespulse.engine.ahead import Ahead
from salespulse.engine.sources import Source


@pytest.fixture
def source() -> Iterator[Source]:
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT range AS x FROM range(100000)")
    yield Source("duckdb", None, lambda name: None, "memory", database=con)
    con.close()


@pytest.mark.parametrize("at_once", [1, 2, 4])
def test_each_statement_gets_its_own_rows(source: Source, at_once: int) -> None:
    sql = "SELECT CAST($k AS BIGINT) AS k, count(*) AS n FROM t WHERE x % 7 = CAST($k AS BIGINT)"
    with Ahead(source, at_once) as ahead:
        waiting = [(k % 7, ahead.arrow(sql, {"k": k % 7})) for k in range(30)]
        found = [(k, table().to_pylist()) for k, table in waiting]
    expected = {k: sum(1 for x in range(100000) if x % 7 == k) for k in range(7)}
    assert found == [(k, [{"k": k, "n": expected[k]}]) for k, _ in waiting]


def test_a_statement_without_parameters(source: Source) -> None:
    with Ahead(source) as ahead:
        table = ahead.arrow("SELECT max(x) AS top FROM t", {})
        assert table().to_pylist() == [{"top": 99999}]


def test_an_error_reaches_whoever_reads_that_statement(source: Source) -> None:
    with Ahead(source, 2) as ahead:
        good = ahead.arrow("SELECT count(*) AS n FROM t", {})
        bad = ahead.arrow("SELECT error('no such thing') AS boom", {})
        after = ahead.arrow("SELECT min(x) AS low FROM t", {})
        assert good().to_pylist() == [{"n": 100000}]
        with pytest.raises(duckdb.Error, match="no such thing"):
            bad()
        assert after().to_pylist() == [{"low": 0}]


@pytest.mark.timeout(60)
def test_a_failure_stops_what_is_still_running(source: Source) -> None:
    """Without the interrupt, the long statement would run for minutes and return its
    count; stopped, it raises DuckDB's interrupt."""
    endless = "SELECT count(*) AS n FROM range(1000000000000) r(i) WHERE i % 3 = 5"
    waiting: list[Any] = []
    with pytest.raises(RuntimeError, match="the command failed"), Ahead(source, 2) as ahead:
        waiting.append(ahead.arrow(endless, {}))
        waiting.append(ahead.arrow(endless, {}))
        waiting.append(ahead.arrow("SELECT 1 AS one", {}))  # (may never start)
        raise RuntimeError("the command failed")
    from concurrent.futures import CancelledError

    for table in waiting[:2]:
        with pytest.raises(duckdb.InterruptException):
            table()
    with pytest.raises(CancelledError):
        waiting[2]()  # it was waiting for a free connection: never started


def test_closing_twice_and_unused(source: Source) -> None:
    ahead = Ahead(source)
    ahead.close()  # nothing ran: nothing to wait for
    with ahead:
        assert ahead.arrow("SELECT 2 AS two", {})().to_pylist() == [{"two": 2}]
    ahead.close()
    # the source's own connection still works after its statements' connections closed
    assert source.database.execute("SELECT count(*) FROM t").fetchone() == (100000,)
