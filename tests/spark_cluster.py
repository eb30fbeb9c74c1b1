"""A real Spark standalone cluster on loopback: one master and one worker (1 core, 1 GB),
started from the pyspark package's own scripts and jars, stopped at the end of the run.

    from tests.spark_cluster import spark_cluster  # in a conftest: the session fixture
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

#: Seconds to wait for the worker to register with the master.
START_TIMEOUT = 120.0


@dataclass
class Cluster:
    master_url: str  # spark://127.0.0.1:PORT
    web_url: str  # the master's web UI, http://127.0.0.1:PORT
    folder: Path  # logs and the worker's work folder
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def logs(self, lines: int = 40) -> str:
        out = []
        for log in sorted(self.folder.glob("*.log")):
            tail = log.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"--- {log.name} (last {len(tail)} lines)\n" + "\n".join(tail))
        return "\n".join(out)

    def status(self) -> dict[str, Any]:
        """The master's own account of itself (its web UI's JSON)."""
        with urllib.request.urlopen(f"{self.web_url}/json/", timeout=2) as response:
            data: dict[str, Any] = json.load(response)
            return data

    def stop(self) -> None:
        """Stop the worker, then the master: each process group we started, by its id."""
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def start_cluster(folder: Path) -> Cluster:
    """Start a master and one worker on 127.0.0.1; wait until the worker registered."""
    folder.mkdir(parents=True, exist_ok=True)
    home = spark_home()
    env = {
        **os.environ,
        "SPARK_HOME": str(home),
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_LOG_DIR": str(folder),
        "SPARK_WORKER_DIR": str(folder / "work"),
    }
    port, web, worker_web = free_port(), free_port(), free_port()
    cluster = Cluster(f"spark://127.0.0.1:{port}", f"http://127.0.0.1:{web}", folder)
    spark_class = str(home / "bin" / "spark-class")
    commands = {
        "master": [
            *(spark_class, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1"),
            *("--port", str(port), "--webui-port", str(web)),
        ],
        "worker": [
            *(spark_class, "org.apache.spark.deploy.worker.Worker", cluster.master_url),
            *("--cores", "1", "--memory", "1g", "--host", "127.0.0.1"),
            *("--webui-port", str(worker_web), "--work-dir", str(folder / "work")),
        ],
    }
    try:
        for name, cmd in commands.items():
            with (folder / f"{name}.log").open("wb") as log:
                cluster.processes.append(
                    subprocess.Popen(
                        cmd,
                        env=env,
                        cwd=folder,
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,  # its own process group, stopped as one
                    )
                )
        wait_for_worker(cluster)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def wait_for_worker(cluster: Cluster) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    seen = "no answer"
    while time.monotonic() < deadline:
        for process in cluster.processes:
            if process.poll() is not None:
                pytest.fail(
                    f"The Spark cluster's {process.args[1]} exited ({process.returncode}) "
                    f"before the worker registered:\n{cluster.logs()}"
                )
        try:
            status = cluster.status()
            if status.get("aliveworkers", 0) >= 1:
                return
            seen = f"aliveworkers={status.get('aliveworkers')}"
        except OSError as exc:
            seen = str(exc)
        time.sleep(0.25)
    pytest.fail(
        f"No Spark worker registered with {cluster.master_url} within {START_TIMEOUT:g} s "
        f"(last seen: {seen}):\n{cluster.logs()}"
    )


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A standalone Spark master and one worker on loopback for the test run."""
    cluster = start_cluster(tmp_path_factory.mktemp("spark-cluster"))
    yield cluster
    cluster.stop()
