"""PySpark: a session (local, or on the cluster `spark_master` chooses), and sources over
Parquet files or a Spark catalog (the workspace's tables exported to Parquet by default)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis

from salespulse.engine.sources import Source
from salespulse.engine.spark_master import (
    DEFAULT_MASTER,
    TIMEOUT_ENV_VAR,
    Master,
    check,
    choose,
    probe,
    timeout,
    unreachable_fix,
)
from salespulse.errors import UserError
from salespulse.locks import DEFAULT_WAIT
from salespulse.model.contract import TABLES


def session_for(explicit: str | None, setting: str | None = None) -> Any:
    """The session for `--spark-master` (or `spark_master=`), else
    SALESPULSE_SPARK_MASTER, else the `[spark] master` setting, else the running session
    or a new local[2] one."""
    return spark_session(choose(explicit, setting))


def spark_session(master: str | Master | None = None) -> Any:
    """The Spark session to compute on. No master: the running session, else a new local
    one set up for small machines. A master URL: the running session when it is on that
    master, else a new session connected to it. Spark runs one session per process, so a
    running session on another master is an error, not replaced."""
    chosen = check(Master(master, "`spark_master`")) if isinstance(master, str) else master
    if chosen is not None and chosen.kind == "connect":
        return connect_session(chosen)
    running = running_session()
    if chosen is None:
        return running if running is not None else start(Master(DEFAULT_MASTER, "the default"))
    if running is None:
        return start(chosen)
    on = str(running.sparkContext.master)
    if on != chosen.url:
        raise UserError(
            f"This process already computes on Spark {on}, so it cannot also use {chosen.url} "
            f"({chosen.origin}): Spark runs one session per process.",
            fix="Stop the running session first (spark.stop()), or leave the master out to "
            "use the running one.",
        )
    return running


def running_session() -> Any | None:
    """The session this process already runs (active or default), if any."""
    from pyspark.errors import PySparkRuntimeError
    from pyspark.sql import SparkSession

    try:
        return SparkSession.active()
    except PySparkRuntimeError:
        return None


def start(master: Master) -> Any:
    """A new session on `master`: local at once; a cluster once its master answered and
    accepted the application within the timeout."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master.url)
        .appName("salespulse")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.log.level", "ERROR")
    )
    if master.kind == "local":
        session = builder.getOrCreate()
    else:
        probe(master)
        within_timeout(builder, master)
        session = SparkSession.builder.getOrCreate()  # the one just made, now this thread's
    session.sparkContext.setLogLevel("ERROR")
    return session


def connect_session(master: Master) -> Any:
    """A Spark Connect session (needs pyspark's connect extras: grpcio and friends)."""
    import pyspark

    try:
        import pyspark.sql.connect.session  # checks the connect extras on import
    except ImportError as exc:
        raise UserError(
            f"Spark Connect ({master.url}, {master.origin}) needs pyspark's connect extras, "
            f"which are not installed: {str(exc).splitlines()[0]}",
            fix=f'Install them: pip install "pyspark[connect]=={pyspark.__version__}"; or use '
            "a spark:// master or local[2].",
        ) from None
    from pyspark.sql import SparkSession

    probe(master)
    builder = SparkSession.builder.remote(master.url).config("spark.sql.session.timeZone", "UTC")
    return within_timeout(builder, master)


def within_timeout(builder: Any, master: Master) -> Any:
    """`builder.getOrCreate()`, or a UserError when it fails or takes longer than the
    timeout (Spark itself would wait a minute or more for a master that does not answer)."""
    import threading

    seconds = timeout()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["session"] = builder.getOrCreate()
        except Exception as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="salespulse-spark-start", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise UserError(
            f"Spark on {master.url} ({master.origin}) did not accept salespulse within "
            f"{seconds:g} s.",
            fix="Check that the URL is the master's (not its web page) and that the cluster "
            f"has a free worker; for a cluster slow to start applications set {TIMEOUT_ENV_VAR}"
            f" to more seconds; or compute on this machine with `spark_master` {DEFAULT_MASTER}.",
        )
    if "error" in outcome:
        raise UserError(
            f"Spark could not start on {master.url} ({master.origin}): "
            f"{java_reason(outcome['error'])}.",
            fix=unreachable_fix(master),
        )
    return outcome["session"]


def java_reason(exc: BaseException) -> str:
    """The first line of what Spark said, without the Java stack."""
    java = getattr(exc, "java_exception", None)
    text = str(java.toString()) if java is not None else str(exc)
    line = next((x.strip() for x in text.splitlines() if x.strip()), type(exc).__name__)
    return line if len(line) <= 300 else line[:299] + "…"


def from_spark(
    session: Any, parquet_dir: Path | None = None, database: str | None = None
) -> Source:
    """PySpark over `<table>.parquet` files in a folder, or over a Spark catalog database."""
    con = ibis.pyspark.connect(session)
    if parquet_dir is not None:
        files = {p.stem: p for p in Path(parquet_dir).glob("*.parquet")}
        cache: dict[str, Any] = {}

        def lookup(name: str) -> Any | None:
            if name not in files:
                return None
            if name not in cache:
                cache[name] = con.read_parquet(str(files[name]), table_name=f"salespulse_{name}")
            return cache[name]

        return Source("pyspark", con, lookup, f"Spark over {parquet_dir}")
    names = set(con.list_tables(database=database) if database else con.list_tables())
    return Source(
        "pyspark",
        con,
        lambda n: con.table(n, database=database) if n in names else None,
        f"Spark catalog {database or 'default'}",
    )


def export_parquet(db_path: Path, folder: Path, wait: float = DEFAULT_WAIT) -> Path:
    """Write each contract table of the DuckDB file `db_path` to `<folder>/<table>.parquet`
    (rewritten only when the file changed), waiting `wait` seconds for a lock another
    process holds."""
    from salespulse.locks import open_database
    from salespulse.store import existing_tables, quote

    stamp = folder / ".stamp"
    state = ""
    if db_path.exists():
        info = db_path.stat()
        state = f"{info.st_mtime_ns}:{info.st_size}"
    if stamp.exists() and stamp.read_text() == state:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.parquet"):
        old.unlink()
    if db_path.exists():
        con = open_database(db_path, read_only=True, wait=wait)
        try:
            for name in sorted(existing_tables(con)):
                cols = ", ".join(quote(c.name) for c in TABLES[name].stored)
                target = str(folder / f"{name}.parquet").replace("'", "''")
                con.execute(
                    f"COPY (SELECT {cols} FROM {quote(name)}) TO '{target}' (FORMAT parquet)"
                )
        finally:
            con.close()
    stamp.write_text(state)
    return folder
