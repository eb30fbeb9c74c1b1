"""Opening the workspace the group's `--workspace` and `--wait` name, and the options
that say where a command reads (`--backend`, `--source`): what every command module
shares (kept out of `salespulse.cli`, which loads those modules)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from salespulse.workspace import Workspace
    from salespulse.workspace_app import AppData


def workspace_path(ctx: click.Context) -> Path:
    obj: dict[str, Any] = ctx.find_root().obj or {}
    path = obj.get("workspace")
    return (
        Path(path) if path else Path(os.environ.get("SALESPULSE_WORKSPACE", "salespulse-workspace"))
    )


def open_workspace(ctx: click.Context, *, create: bool = False) -> Workspace:
    """The workspace of `--workspace`, waiting `--wait` seconds for a lock. Read commands
    leave `create` False: a mistyped path is refused, never made into a workspace."""
    import salespulse

    obj: dict[str, Any] = ctx.find_root().obj or {}
    return salespulse.open(workspace_path(ctx), create=create, wait=obj.get("wait"))


def open_app(ctx: click.Context) -> AppData:
    """The app database of the workspace, at the group's `--app-db` (else
    SALESPULSE_APP_DB, the `[app] database` setting, or app.db in the workspace)."""
    obj: dict[str, Any] = ctx.find_root().obj or {}
    return open_workspace(ctx).app(obj.get("app_db"))


backend_option = click.option(
    "--backend",
    type=click.Choice(["duckdb", "pyspark"]),
    default="duckdb",
    show_default=True,
    help="Where to compute: the workspace's DuckDB, or Spark over its tables.",
)
source_option = click.option(
    "--source",
    default=None,
    metavar="URL",
    help="Read the tables from elsewhere: postgresql://user@host/db[?schema=s]; with "
    "--backend pyspark a folder of <table>.parquet files or spark:DATABASE.",
)
spark_master_option = click.option(
    "--spark-master",
    "spark_master",
    default=None,
    metavar="URL",
    help="With --backend pyspark, the Spark to compute on: local[N], spark://HOST:7077, yarn, "
    "k8s://https://HOST:443 or sc://HOST:15002 (default: SALESPULSE_SPARK_MASTER, the "
    "[spark] master setting, else local[2]).",
)
