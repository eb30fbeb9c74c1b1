"""`salespulse db upgrade` and `salespulse db current`: the app database's migrations
(they also run whenever a command opens it)."""

from __future__ import annotations

import click

from salespulse.cli.workspace_option import open_workspace


@click.group("db")
def db_command() -> None:
    """The app database (goals, plans, one-on-ones, check-ins, users): its migrations."""


def _url(ctx: click.Context) -> str | None:
    return (ctx.find_root().obj or {}).get("app_db")


@db_command.command("upgrade")
@click.pass_context
def upgrade_command(ctx: click.Context) -> None:
    """Bring the app database to the newest revision (made if it does not exist yet)."""
    from salespulse.appdb.connection import open_app_db
    from salespulse.appdb.migrate import HEAD, upgrade
    from salespulse.appdb.url import choose

    ws = open_workspace(ctx)
    url = choose(_url(ctx), ws.settings.app_database, ws.path)
    db = open_app_db(url, migrate=False)
    try:
        before, after = upgrade(db.engine)
    finally:
        db.close()
    if before == after:
        click.echo(f"{url.shown} is at the newest revision ({HEAD}).")
    else:
        click.echo(f"Upgraded {url.shown} from {before or 'an empty database'} to {after}.")


@db_command.command("current")
@click.pass_context
def current_command(ctx: click.Context) -> None:
    """The app database's URL (any password masked) and the revision it stands at."""
    from salespulse.appdb.connection import open_app_db
    from salespulse.appdb.migrate import HEAD
    from salespulse.appdb.url import choose

    ws = open_workspace(ctx)
    url = choose(_url(ctx), ws.settings.app_database, ws.path)
    db = open_app_db(url, migrate=False)
    try:
        revision = db.revision()
    finally:
        db.close()
    from salespulse.cli.errors import as_flags

    state = "the newest" if revision == HEAD else f"the newest is {HEAD}: salespulse db upgrade"
    click.echo(f"{url.shown} (from {as_flags(url.origin)})")
    click.echo(f"revision {revision or 'none (an empty database)'} ({state})")
