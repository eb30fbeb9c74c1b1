"""`salespulse serve`: the web dashboard over the workspace (FastAPI under uvicorn).

The web package is loaded by name when the command runs (the CLI and the web app are two
faces over the Workspace API, neither importing the other), so `salespulse --help` and
every other command start without FastAPI."""

from __future__ import annotations

import importlib

import click

from salespulse.cli.workspace_option import workspace_path
from salespulse.errors import UserError


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0: every address, e.g. behind a reverse proxy).",
)
@click.option(
    "--no-login",
    "no_login",
    is_flag=True,
    help="Answer requests from this machine as the local admin, without a login "
    "(loopback hosts only).",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--read-only",
    "read_only",
    is_flag=True,
    envvar="SALESPULSE_WEB_READ_ONLY",
    help="Hold the workspace read-only: other salespulse commands can read it while the "
    "server runs; uploads and undos are refused, imports wait for the server to stop.",
)
@click.option(
    "--app-db",
    "app_db",
    metavar="URL",
    default=None,
    envvar="SALESPULSE_WEB_APP_DB",
    help="The app database (users, goals, one-on-ones): a SQLAlchemy URL such as "
    "postgresql+psycopg://user@host/db (default: SQLite in the workspace).",
)
@click.pass_context
def serve_command(
    ctx: click.Context, host: str, port: int, no_login: bool, read_only: bool, app_db: str | None
) -> None:
    """Serve the dashboard: every page and its JSON twin (see docs/web.md)."""
    from salespulse import workspace

    folder = workspace_path(ctx)
    if not workspace.exists(folder):
        raise UserError(
            f"There is no salespulse workspace at {folder}.",
            fix="Point --workspace at one, or make one with `salespulse demo`.",
        )
    web = importlib.import_module("salespulse.web")
    served_module = importlib.import_module("salespulse.web.served")
    obj = ctx.find_root().obj or {}
    settings = web.WebSettings(
        workspace=folder,
        host=host,
        port=port,
        app_db=app_db,
        no_login=no_login,
        read_only=read_only,
        wait=obj.get("wait", 10.0),
    )
    if no_login and not settings.loopback:
        raise UserError(
            f"--no-login with --host {host} would let anyone reach the dashboard as admin.",
            fix="Serve with --no-login on 127.0.0.1 only, or drop --no-login (logins).",
            option="no-login",
        )
    served = served_module.Served(settings)
    served.start()  # the workspace's connection, or a message naming who holds it
    import uvicorn

    beside = (
        "other salespulse commands can read this workspace; imports wait for it."
        if read_only
        else "other salespulse commands on this workspace wait for it."
    )
    click.echo(
        f"Serving {folder} at http://{host}:{port}/ (Ctrl+C stops it). While it runs, {beside}",
        err=True,
    )
    try:
        uvicorn.run(web.create_app(settings, served), host=host, port=port, log_level="warning")
    finally:
        served.stop()
