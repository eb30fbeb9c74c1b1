"""What the `coach` subcommands share: their options, the opener that refuses an empty
workspace, the Rich tables they print into (without the name and team columns where no rep fills
them), and how they name a rep."""

from __future__ import annotations

from typing import Any

import click

from salespulse.cli.output import escape_markup
from salespulse.cli.output_cache import READING
from salespulse.cli.workspace_option import open_workspace
from salespulse.errors import UserError

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Rich tables for people, JSON for scripts.",
)
as_of_option = click.option(
    "--as-of", "as_of", metavar="DATE", help="Read the data as of this day (default: its end)."
)
rep_option = click.option("--rep", metavar="REP", help="Only this rep (id or full name).")
team_option = click.option("--team", metavar="TEAM", help="Only this team's reps.")


def open_with_data(ctx: click.Context) -> Any:
    """The workspace of `--workspace` as `--backend`/`--source` read it, refused with a
    way forward while it holds no data."""
    ws = open_workspace(ctx)
    backend, source, spark_master = ctx.meta.get(READING, ("duckdb", None, None))
    if source is None and not ws.db_path.exists():
        raise UserError(
            f"{ws.path} holds no data yet.",
            fix="Import your tables (salespulse import deals FILE ...) or try: salespulse demo",
        )
    return ws.on(backend, source, spark_master)


def titled_table(title: str, columns: list[str], caption: str = "") -> Any:
    """A table whose title, caption and headings print as written."""
    from rich.table import Table

    grid = Table(
        title=escape_markup(title), caption=escape_markup(caption) or None, show_lines=False
    )
    for col in columns:
        grid.add_column(escape_markup(col), overflow="fold")
    return grid


#: Columns left out of a table when no row has anything in them (reps named by their
#: full name, no reps table, no teams).
OPTIONAL = ("name", "team")
#: What an empty cell of those columns holds.
EMPTY = ("", "—", None)


def rep_table(
    title: str, columns: list[str], rows: list[tuple[Any, ...]], caption: str = ""
) -> Any:
    """A table of rows about reps, without the `name` and `team` columns when every row
    leaves them empty."""
    from salespulse.cli.output import add_row

    keep = [
        i
        for i, col in enumerate(columns)
        if col not in OPTIONAL or any(row[i] not in EMPTY for row in rows)
    ]
    grid = titled_table(title, [columns[i] for i in keep], caption)
    for row in rows:
        add_row(grid, *(row[i] for i in keep))
    return grid


def name_beside(rep: Any, name: Any) -> Any:
    """A rep's name for the column beside their id: empty when the id is the name (sale
    lines that name their reps, with no reps table)."""
    return "" if name is None or str(name) == str(rep) else name


def who(rep: Any, name: Any) -> str:
    """A rep as a title or a cell names them: "R0002 Leila Kelly", or the one when the
    id is the name."""
    beside = name_beside(rep, name)
    return f"{rep} {beside}" if beside else str(rep)
