"""`salespulse imports` (the list of imports) and `salespulse imports undo ID`."""

from __future__ import annotations

from pathlib import Path

import click

from salespulse.cli.output import console, format_option, resolve_format, write_records
from salespulse.cli.workspace_option import open_workspace

COLUMNS = ["id", "table", "file", "rows", "mode", "at", "user", "as_of", "undone", "undone_at"]


@click.group("imports", invoke_without_command=True)
@format_option
@click.pass_context
def imports_command(ctx: click.Context, fmt: str | None) -> None:
    """List every import: id, table, file, rows, mode, time and OS user (undone ones marked).

    Undo one with: salespulse imports undo ID
    """
    if ctx.invoked_subcommand is not None:
        return
    ws = open_workspace(ctx)
    records = ws.imports()
    fmt = resolve_format(fmt)
    if fmt != "table":
        write_records([r.as_dict() for r in records], fmt, COLUMNS)
        return
    from rich import box
    from rich.table import Table

    from salespulse.cli.output import escape_markup as escape

    out = console()
    if not records:
        out.print(f"No imports in {escape(str(ws.path))} yet.")
        return
    grid = Table(
        title=f"Imports into {escape(str(ws.path))}",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    undone = any(r.undone for r in records)
    for col in ("id", "table", "file", "rows", "mode", "at", "user", "undone")[: 7 + undone]:
        grid.add_column(
            col,
            justify="right" if col in ("id", "rows") else "left",
            no_wrap=col != "file",
            overflow="fold",  # a file name is shown whole, on several lines if need be
        )
    for r in records:
        mode = r.mode + (f" (as of {r.as_of})" if r.as_of else "")
        grid.add_row(
            str(r.id),
            r.table,
            escape(Path(r.file).name),
            f"{r.rows:,}",
            mode,
            f"{r.at:%Y-%m-%d %H:%M}",
            escape(r.user or ""),
            *([f"{r.undone_at:%Y-%m-%d}" if r.undone_at else ""] if undone else []),
            style="dim" if r.undone else None,
        )
    out.print(grid)


@imports_command.command("undo")
@click.argument("import_id", metavar="ID", type=int)
@click.pass_context
def undo_command(ctx: click.Context, import_id: int) -> None:
    """Remove exactly the rows of import ID, in one transaction; undoing a replace or an
    upsert puts back the rows it replaced."""
    ws = open_workspace(ctx)
    done = ws.undo_import(import_id)
    click.echo(done.message)
