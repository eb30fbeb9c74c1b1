"""The golden KPI cases, the periods, the CLI and the reports on a real Spark standalone
cluster (a master and one worker on loopback, see tests/spark_cluster.py). Spark runs one
session per process and this run's is local[2], so they run in a child pytest whose only
backend is `spark-cluster` (see conftest.py), on one session on the cluster: one case
per KPI, and each report command (the scorecard, coach wins) giving DuckDB's output,
each of which must pass."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from salespulse.engine.spark import spark_session
from salespulse.engine.spark_master import ENV_VAR, TIMEOUT_ENV_VAR
from salespulse.errors import UserError
from tests.golden.cases import CASES
from tests.golden.conftest import CLUSTER_VAR, one_case_per_kpi

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


@pytest.mark.spark
def test_golden_cases_on_a_standalone_cluster(spark_cluster: Any, tmp_path: Path) -> None:
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    if importlib.util.find_spec("xdist") is not None:
        args += ["-n", "0"]  # one process: the cluster has one core for one application
    args += ["--basetemp", str(tmp_path / "run"), str(HERE / "test_golden.py")]
    args += [str(HERE / "test_periods_backends.py"), str(HERE / "cluster_cli.py")]
    env = {**os.environ, CLUSTER_VAR: spark_cluster.master_url, "SPARK_LOCAL_IP": "127.0.0.1"}
    env[TIMEOUT_ENV_VAR] = "180"  # Java's start counts, and the machine may be busy
    env.pop(ENV_VAR, None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), str(ROOT)]))
    child = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    report = child.stdout[-6000:] + child.stderr[-3000:]
    assert child.returncode == 0, report
    summary = child.stdout.strip().splitlines()[-1]
    expected = len(one_case_per_kpi(CASES)) + 1 + 1  # periods, cli
    assert re.search(rf"\b{expected} passed\b", summary), report
    assert not re.search(r"skipped|xfail|xpass|error", summary), report
    apps = [a["name"] for a in spark_cluster.status()["completedapps"]]
    assert "salespulse" in apps, apps  # the cluster ran the queries


@pytest.mark.spark
def test_one_spark_session_per_process(spark: Any) -> None:
    """A session on another master is refused while this process runs one."""
    with pytest.raises(UserError, match="one session per process"):
        spark_session("spark://127.0.0.1:7077")
    assert spark_session("local[2]") is not None  # the running one
