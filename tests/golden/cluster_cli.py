"""Run only on a Spark cluster, by test_spark_cluster.py's child process (the file name
keeps pytest from collecting it in the ordinary run): `salespulse kpi` computes on the
cluster that --spark-master (or SALESPULSE_SPARK_MASTER) names and gives DuckDB's rows."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from salespulse.cli import cli
from salespulse.engine.spark_master import ENV_VAR
from tests.golden.conftest import CLUSTER


def test_kpi_cli_on_the_cluster(golden_workspace: Any, spark: Any) -> None:
    assert CLUSTER.startswith("spark://") and spark.sparkContext.master == CLUSTER

    def kpi(*extra: str, env: dict[str, str] | None = None) -> list[str]:
        args = ["--workspace", str(golden_workspace.path), "kpi", "revenue", "--by", "rep"]
        result = CliRunner().invoke(cli, [*args, "--format", "csv", *extra], env=env)
        assert result.exit_code == 0, result.output
        return result.output.splitlines()

    on_duckdb = kpi()
    assert on_duckdb[0] == "rep,value,numerator,denominator,n" and len(on_duckdb) > 2
    assert kpi("--backend", "pyspark", "--spark-master", CLUSTER) == on_duckdb
    assert kpi("--backend", "pyspark", env={ENV_VAR: CLUSTER}) == on_duckdb
    assert spark.sparkContext.master == CLUSTER  # the same session: still on the cluster
