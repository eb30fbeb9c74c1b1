"""Choosing the Spark master: --spark-master, then SALESPULSE_SPARK_MASTER, then the
[spark] master setting, else local[2]; a wrong form, an unreachable master or one that
does not answer as Spark is a UserError with a fix within seconds, never a traceback or
a minute of waiting. (The real cluster: tests/golden/test_spark_cluster.py.)"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from salespulse.engine import spark_master
from salespulse.engine.spark_master import ENV_VAR, TIMEOUT_ENV_VAR, Master, check, choose, probe
from salespulse.errors import UserError
from salespulse.model.settings import load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.delenv(TIMEOUT_ENV_VAR, raising=False)


@pytest.mark.usefixtures("no_env")
def test_flag_then_environment_then_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert choose(None, None) is None and choose("", "  ") is None  # running session or local[2]
    assert choose(None, "yarn") == Master("yarn", "the [spark] master setting")
    monkeypatch.setenv(ENV_VAR, "spark://env-host:7077")
    assert choose(None, "yarn") == Master("spark://env-host:7077", ENV_VAR)
    assert choose(" local[4] ", "yarn") == Master("local[4]", "`spark_master`")


@pytest.mark.parametrize(
    ("url", "kind", "addresses"),
    [
        ("local", "local", []),
        ("local[*]", "local", []),
        ("local[2,3]", "local", []),
        ("yarn", "yarn", []),
        ("spark://h:7078", "standalone", [("h", 7078)]),
        ("spark://a:1,b", "standalone", [("a", 1), ("b", 7077)]),
        ("k8s://https://api.example.com:6443", "k8s", [("api.example.com", 6443)]),
        ("k8s://api.example.com", "k8s", [("api.example.com", 443)]),
        ("sc://h", "connect", [("h", 15002)]),
        ("sc://h:1234/;token=x", "connect", [("h", 1234)]),
    ],
)
def test_known_forms(url: str, kind: str, addresses: list[tuple[str, int]]) -> None:
    master = check(Master(url, "test"))
    assert master.kind == kind
    if kind not in ("local", "yarn"):
        assert master.addresses() == addresses


@pytest.mark.parametrize(
    "url", ["htp://h:7077", "spark://", "spark://:7077", "spark://h:port", "local[0]", "mesos://h"]
)
def test_a_wrong_form_is_refused_with_the_known_ones(url: str) -> None:
    with pytest.raises(UserError) as caught:
        check(Master(url, ENV_VAR))
    assert url in caught.value.message and ENV_VAR in caught.value.message
    assert "spark://HOST:7077" in caught.value.fix


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port  # nothing listens there any more


def test_an_unreachable_master_is_refused_at_once() -> None:
    port = closed_port()
    started = time.monotonic()
    with pytest.raises(UserError, match=f"Cannot reach the Spark master spark://127.0.0.1:{port}"):
        probe(check(Master(f"spark://127.0.0.1:{port}", "`spark_master`")))
    with pytest.raises(UserError, match=r"there is no host 'no-such-host\.invalid'") as caught:
        probe(check(Master("spark://no-such-host.invalid:7077", "`spark_master`")))
    assert "local[2]" in caught.value.fix
    assert time.monotonic() - started < spark_master.PROBE_TIMEOUT * 2


@pytest.mark.usefixtures("no_env")
def test_the_start_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert spark_master.timeout() == spark_master.DEFAULT_TIMEOUT
    monkeypatch.setenv(TIMEOUT_ENV_VAR, "2.5")
    assert spark_master.timeout() == 2.5
    for bad in ("soon", "0", "-3", "inf"):
        monkeypatch.setenv(TIMEOUT_ENV_VAR, bad)
        with pytest.raises(UserError, match=TIMEOUT_ENV_VAR):
            spark_master.timeout()


def test_the_setting_is_checked_when_the_workspace_opens(tmp_path: Path) -> None:
    path = tmp_path / "salespulse.toml"
    path.write_text('[spark]\nmaster = "spark://h:7077"\n', encoding="utf-8")
    assert load(path).spark_master == "spark://h:7077"
    path.write_text('[spark]\nmaster = "ftp://h"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r'\[spark\] master = "ftp://h": is not a Spark master'):
        load(path)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers (not a Spark master)."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for conn in held:
        conn.close()


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process (a half-started Spark must not outlive a test here)."""
    import salespulse

    salespulse.init(tmp_path / "ws")
    environ = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **env}
    environ.pop(ENV_VAR, None)
    cmd = [sys.executable, "-m", "salespulse", "--workspace", str(tmp_path / "ws"), *args]
    return subprocess.run(cmd, env=environ, capture_output=True, text=True, timeout=120)


@pytest.mark.spark
def test_a_master_that_does_not_answer_as_spark_times_out(
    tmp_path: Path, silent_server: int
) -> None:
    url = f"spark://127.0.0.1:{silent_server}"
    started = time.monotonic()
    done = run_cli(
        tmp_path, "kpi", "revenue", "--backend", "pyspark", "--spark-master", url,
        **{TIMEOUT_ENV_VAR: "3", "SPARK_LOCAL_IP": "127.0.0.1"},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert f"Spark on {url} (--spark-master) did not accept salespulse within 3 s" in done.stderr
    assert TIMEOUT_ENV_VAR in done.stderr and "Traceback" not in done.stderr
    assert time.monotonic() - started < 60


def test_spark_connect_without_its_extras_says_what_to_install(tmp_path: Path) -> None:
    done = run_cli(
        tmp_path, "kpi", "revenue", "--backend", "pyspark", "--spark-master",
        f"sc://127.0.0.1:{closed_port()}",
    )  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    if importlib.util.find_spec("grpc") is None:
        assert 'pip install "pyspark[connect]==' in done.stderr
    else:
        assert "Cannot reach the Spark master sc://" in done.stderr


def test_spark_master_without_pyspark_backend_is_refused(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "kpi", "revenue", "--spark-master", "spark://h:7077")
    assert done.returncode == 1 and "is for --backend pyspark" in done.stderr, done.stderr
