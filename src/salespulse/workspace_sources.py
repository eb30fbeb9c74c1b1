"""The source a workspace's queries read (`Workspace.source`): its DuckDB file by
default, a PostgreSQL database named by URL, or Spark over Parquet files or a catalog.

The engine knows sources only (`salespulse.engine.sources`); choosing one for a
workspace — its file, its lock wait, its Parquet cache — happens here, above it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from salespulse.errors import UserError

if TYPE_CHECKING:
    from salespulse.database import Database
    from salespulse.engine.sources import Source

#: Where the workspace's tables are exported to for Spark, inside the workspace folder.
PARQUET_CACHE = Path(".cache") / "parquet"


def workspace_source(db: Database) -> Source:
    """The workspace's DuckDB file, opened read-only (an empty source before any import),
    waiting for a lock another process holds. Ibis is only imported if a query has to be
    built: compiled SQL runs on the DuckDB connection itself."""
    import duckdb

    from salespulse.engine.sources import from_duckdb_connection
    from salespulse.locks import open_database

    label = f"workspace {db.path}"
    if not db.db_path.exists():
        return from_duckdb_connection(duckdb.connect(), label)
    return from_duckdb_connection(open_database(db.db_path, read_only=True, wait=db.wait), label)


def open_source(
    db: Database,
    backend: str = "duckdb",
    source: str | None = None,
    spark_master: str | None = None,
    spark_setting: str | None = None,
) -> Source:
    """The source the CLI's --backend/--source name: the workspace by default. With
    backend pyspark, the Spark is `spark_master` (--spark-master), else
    SALESPULSE_SPARK_MASTER, else `spark_setting` ([spark] master), else local[2]."""
    if spark_master and backend != "pyspark":
        raise UserError(
            f"`spark_master` {spark_master} is for `backend` pyspark.",
            fix="Add `backend` pyspark, or leave `spark_master` out.",
        )
    if source and source.startswith(("postgres://", "postgresql://")):
        from salespulse.engine.sources import from_postgres

        return from_postgres(source)
    if backend == "pyspark":
        from salespulse.engine.spark import export_parquet, from_spark, session_for

        session = session_for(spark_master, spark_setting)
        if source and source.startswith("spark:"):
            return from_spark(session, database=source.removeprefix("spark:") or None)
        if source:
            return from_spark(session, parquet_dir=Path(source))
        folder = export_parquet(db.db_path, db.path / PARQUET_CACHE, wait=db.wait)
        return from_spark(session, parquet_dir=folder)
    if backend != "duckdb":
        raise UserError(f"There is no backend {backend!r}.", fix="Use duckdb or pyspark.")
    if source:
        raise UserError(
            f"Do not know how to read {source!r}.",
            fix="Use a postgresql:// URL, or --backend pyspark with a Parquet folder or "
            "spark:DATABASE.",
        )
    return workspace_source(db)
