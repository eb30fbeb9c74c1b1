"""`salespulse users add|list|token|revoke`: the users of the web app and their API
tokens, a thin shell over `ws.app()`. A password is read from stdin (`--password-stdin`)
or a hidden prompt, never from the command line; a token is printed once and only its
hash is kept."""

from __future__ import annotations

import sys

import click

from salespulse.cli.app_options import by_option, write_listing
from salespulse.cli.output import format_option, resolve_format
from salespulse.cli.workspace_option import open_app
from salespulse.errors import UserError


@click.group("users")
def users_command() -> None:
    """Users of the web app (roles admin, manager, rep) and their API tokens."""


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        raise UserError(
            "No password given.",
            fix="Pipe it in with --password-stdin, or run the command in a terminal to be "
            "asked for it.",
        )
    if not password:
        raise UserError("The password is empty.", fix="Give a password of 8 characters or more.")
    return str(password)


@users_command.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["admin", "manager", "rep"]))
@click.option("--rep", default=None, metavar="REP", help="The rep a rep user is (their id).")
@click.option("--team", default=None, metavar="TEAM", help="The team a manager leads.")
@click.option("--email", default=None, metavar="E", help="Their email address.")
@click.option(
    "--password-stdin",
    "password_stdin",
    is_flag=True,
    help="Read the password from the first line of stdin (else a hidden prompt).",
)
@by_option
@click.pass_context
def add_command(
    ctx: click.Context,
    name: str,
    role: str,
    rep: str | None,
    team: str | None,
    email: str | None,
    password_stdin: bool,
    by: str | None,
) -> None:
    """Add user NAME with a role (and the rep they are, or the team they lead)."""
    app = open_app(ctx)
    user = app.add_user(name, role, _password(password_stdin), rep, team, email, by=by)
    who = f" (rep {user.rep})" if user.rep else f" (team {user.team})" if user.team else ""
    click.echo(f"Added {user.role} {user.name}{who}.")


@users_command.command("list")
@format_option
@click.pass_context
def list_command(ctx: click.Context, fmt: str | None) -> None:
    """The users, with their role, rep or team and live API tokens."""
    app = open_app(ctx)
    tokens = app.tokens()
    rows = [
        {
            **u.as_dict(),
            "tokens": [t.id for t in tokens if t.user == u.name and t.revoked_at is None],
        }
        for u in app.users()
    ]
    write_listing(
        rows,
        resolve_format(fmt),
        ["name", "role", "rep", "team", "email", "tokens", "created_at", "created_by"],
        "Users",
        "No users yet. Add one: salespulse users add NAME --role admin --password-stdin",
    )


@users_command.command("token")
@click.argument("name")
@by_option
@click.pass_context
def token_command(ctx: click.Context, name: str, by: str | None) -> None:
    """Make an API token for NAME and print it (once: only its hash is kept). Scripts send
    it as `Authorization: Bearer TOKEN`."""
    token, record = open_app(ctx).issue_token(name, by=by)
    click.echo(token)
    click.echo(
        f"Token {record.id} for {record.user}: shown once, keep it safe; revoke it with "
        f"salespulse users revoke {record.id}.",
        err=True,
    )


@users_command.command("revoke")
@click.argument("target", metavar="NAME|TOKEN_ID")
@by_option
@click.pass_context
def revoke_command(ctx: click.Context, target: str, by: str | None) -> None:
    """Revoke one API token (by its id) or every live token of user NAME."""
    done = open_app(ctx).revoke(target, by=by)
    if not done:
        click.echo(f"{target} has no live token: nothing to revoke.")
    for token in done:
        click.echo(f"Revoked token {token.id} of {token.user}.")
