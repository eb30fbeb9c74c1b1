"""`salespulse init` and `salespulse tables`."""

from __future__ import annotations

from pathlib import Path

import click

import salespulse
from salespulse.cli.output import (
    add_row,
    console,
    escape_markup,
    format_option,
    resolve_format,
    write_records,
)
from salespulse.cli.workspace_option import open_workspace, workspace_path
from salespulse.model.wording import plural


@click.command("init")
@click.pass_context
def init_command(ctx: click.Context) -> None:
    """Create the workspace folder and its settings file (salespulse.toml)."""
    ws = salespulse.init(workspace_path(ctx))
    click.echo(f"Workspace ready at {ws.path} (settings: {ws.settings_path}).")


@click.command("tables")
@format_option
@click.pass_context
def tables_command(ctx: click.Context, fmt: str | None) -> None:
    """List the stored tables: rows, date range, reps and the files they came from."""
    ws = open_workspace(ctx)
    summaries = ws.tables()
    fmt = resolve_format(fmt)
    if fmt != "table":
        records = [
            {
                "table": s.name,
                "rows": s.rows,
                "first": s.first,
                "last": s.last,
                "reps": s.reps,
                "files": "; ".join(f"{f.file} ({f.imported_at:%Y-%m-%d %H:%M})" for f in s.files),
            }
            for s in summaries
        ]
        write_records(records, fmt, ["table", "rows", "first", "last", "reps", "files"])
        return
    print_tables(ws)


def print_tables(ws: salespulse.Workspace) -> None:
    """The human table of `salespulse tables`."""
    summaries = ws.tables()
    from rich.table import Table

    out = console()
    if not summaries:
        out.print(
            f"The workspace {escape_markup(ws.path)} holds no tables yet. Import one with "
            "[bold]salespulse import TABLE FILE[/], or try [bold]salespulse demo[/]."
        )
        return
    grid = Table(title=f"Tables in {escape_markup(ws.path)}")
    for col in ("table", "rows", "from", "to", "reps", "source · imported"):
        grid.add_column(col, justify="right" if col in ("rows", "reps") else "left")
    for s in summaries:
        add_row(
            grid,
            s.name,
            f"{s.rows:,}",
            f"{s.first:%Y-%m-%d}" if s.first else "",
            f"{s.last:%Y-%m-%d}" if s.last else "",
            "" if s.reps is None else str(s.reps),
            "\n".join(
                f"{Path(f.file).name} · {f.imported_at:%Y-%m-%d %H:%M}"
                + (f" · {plural(f.rows, 'row')}" if len(s.files) > 1 else "")
                for f in s.files
            ),
        )
    out.print(grid)
