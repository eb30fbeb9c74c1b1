"""The golden dataset on every backend: a DuckDB workspace, a PostgreSQL schema (the
machine's server at 127.0.0.1:5432, database test) and PySpark local[2] over Parquet.
One Spark session serves the whole run.

With SALESPULSE_TEST_SPARK_CLUSTER=spark://HOST:PORT the only backend is `spark-cluster`:
PySpark on that cluster (its executors must read the Parquet files under the run's tmp
folder, so the same machine or a shared file system). test_spark_cluster.py runs the
golden cases that way, in a child process, on a standalone cluster it starts (Spark runs
one session per process, and this one's is local[2])."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.golden import data
from tests.spark_cluster import spark_cluster  # noqa: F401  (a fixture)

PG_DSN = os.environ.get("SALESPULSE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
CLUSTER_VAR = "SALESPULSE_TEST_SPARK_CLUSTER"
CLUSTER = os.environ.get(CLUSTER_VAR, "")
BACKENDS = ("spark-cluster",) if CLUSTER else ("duckdb", "postgres", "pyspark")
MARKS = {
    "duckdb": (),
    "postgres": (pytest.mark.postgres,),
    "pyspark": (pytest.mark.spark,),
    "spark-cluster": (pytest.mark.spark,),
}


def one_case_per_kpi(cases: list[Any]) -> list[Any]:
    """The cases the cluster runs (each costs it about a second): for each KPI, the one
    with the most parameters (by, period, filters...), the first of those on a tie."""
    best: dict[str, Any] = {}
    for case in cases:
        if case.error is None and (
            case.kpi not in best or len(case.params) > len(best[case.kpi].params)
        ):
            best[case.kpi] = case
    return list(best.values())


@pytest.fixture(scope="session")
def golden_workspace(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import salespulse

    ws = salespulse.init(tmp_path_factory.mktemp("golden") / "ws")
    with ws.connect() as con:
        data.load_duckdb(con)
    return ws


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """The one Spark session of the test run: local[2], or on the cluster CLUSTER names."""
    from salespulse.engine.spark import spark_session

    session = spark_session(CLUSTER or "local[2]")
    # The golden tables are tiny: one shuffle partition saves most of each query's time.
    session.conf.set("spark.sql.shuffle.partitions", "1")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def pg_schema() -> Iterator[str]:
    schema = f"salespulse_golden_{os.getpid()}"
    try:
        data.load_postgres(PG_DSN, schema)
    except Exception as exc:  # pragma: no cover - the machine's PostgreSQL is expected
        pytest.fail(f"PostgreSQL at {PG_DSN} is needed for the golden suite: {exc}")
    yield schema
    data.drop_postgres(PG_DSN, schema)


class Sources:
    """Sources of the golden dataset, opened once per backend and shared."""

    def __init__(self, request: pytest.FixtureRequest, folder: Path) -> None:
        self.request = request
        self.folder = folder
        self.opened: dict[str, Any] = {}

    def get(self, backend: str) -> Any:
        from salespulse.engine import sources, spark

        if backend not in self.opened:
            if backend in ("duckdb", "duckdb-ibis"):  # (a source each: each keeps its SQL)
                ws = self.request.getfixturevalue("golden_workspace")
                self.opened[backend] = ws.source()
            elif backend == "postgres":
                schema = self.request.getfixturevalue("pg_schema")
                self.opened[backend] = sources.from_postgres(f"{PG_DSN}?schema={schema}")
            else:  # pyspark, spark-cluster
                session = self.request.getfixturevalue("spark")
                parquet = data.write_parquet(self.folder / "parquet")
                self.opened[backend] = spark.from_spark(session, parquet_dir=parquet)
        return self.opened[backend]

    def close(self) -> None:
        for source in self.opened.values():
            source.close()


@pytest.fixture(scope="session")
def golden_sources(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Sources]:
    sources = Sources(request, tmp_path_factory.mktemp("golden-sources"))
    yield sources
    sources.close()
