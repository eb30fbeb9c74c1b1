"""PySpark: a local session, and sources over Parquet files or a Spark catalog (the
workspace's tables exported to Parquet by default)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis

from salespulse.engine.sources import Source
from salespulse.locks import DEFAULT_WAIT
from salespulse.model.contract import TABLES


def spark_session(master: str = "local[2]") -> Any:
    """The active Spark session, or a new local one set up for small machines."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    session = (
        SparkSession.builder.master(master)
        .appName("salespulse")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


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
