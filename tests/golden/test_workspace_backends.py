"""The workspace API and the CLI reach the other backends: `backend="pyspark"` (the
workspace's tables exported to Parquet) and `source="postgresql://..."` (read in place)
give the DuckDB answers."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from salespulse.cli import cli
from tests.golden.conftest import CLUSTER, PG_DSN

QUERIES = [
    {"name": "win_rate", "by": ["team"], "period": "quarter"},
    {"name": "quota_attainment", "by": ["rep"], "period": "month"},
    {"name": "speed_to_lead_minutes", "by": ["rep"]},
]


def _same(a: Any, b: Any) -> None:
    assert list(a.columns) == list(b.columns)
    assert a.astype(str).values.tolist() == b.astype(str).values.tolist() or (
        a.round(9).astype(str).values.tolist() == b.round(9).astype(str).values.tolist()
    )


@pytest.mark.spark
def test_workspace_kpi_on_pyspark(golden_workspace: Any, spark: Any) -> None:
    for q in QUERIES:
        params = dict(q)
        name = params.pop("name")
        _same(
            golden_workspace.kpi(name, **params),
            golden_workspace.kpi(name, backend="pyspark", **params),
        )
    result = CliRunner().invoke(
        cli,
        [
            "--workspace",
            str(golden_workspace.path),
            "kpi",
            "deals_won",
            "--backend",
            "pyspark",
            "--by",
            "rep",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "rep,value,numerator,denominator,n",
        "ann,3,,,3",
        "bob,1,,,1",
        "cid,1,,,1",
    ]
    sql = golden_workspace.explain("win_rate", by="team", backend="pyspark")
    assert "`salespulse_deals`" in sql and "`team`" in sql


@pytest.mark.postgres
def test_workspace_kpi_from_postgres(golden_workspace: Any, pg_schema: str) -> None:
    url = f"{PG_DSN}?schema={pg_schema}"
    for q in QUERIES:
        params = dict(q)
        name = params.pop("name")
        _same(
            golden_workspace.kpi(name, **params), golden_workspace.kpi(name, source=url, **params)
        )
    sql = golden_workspace.explain("win_rate", source=url)
    assert pg_schema in sql


REPORTS = [["scorecard", "--format", "json"], ["coach", "wins", "--format", "json"]]


def _report(ws: Any, args: list[str], *where: str) -> str:
    result = CliRunner().invoke(cli, ["--workspace", str(ws.path), *args, *where])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.spark
@pytest.mark.parametrize("args", REPORTS, ids=lambda a: " ".join(a[:2]))
def test_reports_on_pyspark(golden_workspace: Any, spark: Any, args: list[str]) -> None:
    """Every report command takes --backend and reads through the same query path (on
    the run's one Spark session: local[2], or the cluster's in test_spark_cluster.py)."""
    assert _report(golden_workspace, args, "--backend", "pyspark") == _report(
        golden_workspace, args
    )
    assert spark.sparkContext.master == (CLUSTER or "local[2]")


@pytest.mark.postgres
@pytest.mark.parametrize("args", REPORTS, ids=lambda a: " ".join(a[:2]))
def test_reports_from_postgres(golden_workspace: Any, pg_schema: str, args: list[str]) -> None:
    url = f"{PG_DSN}?schema={pg_schema}"
    assert _report(golden_workspace, args, "--source", url) == _report(golden_workspace, args)


@pytest.mark.postgres
def test_the_digest_from_postgres(golden_workspace: Any, pg_schema: str) -> None:
    """The digest reads its numbers where --source says, as every report does."""
    url = f"{PG_DSN}?schema={pg_schema}"
    args = ["digest", "--format", "json"]
    assert _report(golden_workspace, args, "--source", url) == _report(golden_workspace, args)
