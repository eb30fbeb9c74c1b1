"""`salespulse demo`: a seeded demo organisation in the workspace."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import click

from salespulse.cli.workspace_option import open_workspace
from salespulse.model.wording import plural


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int], None] | None]:
    if not enabled:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from salespulse.cli.output import console, escape_markup

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    )
    task = bar.add_task("generating")

    def update(table: str, rows: int) -> None:
        what = escape_markup(f"{table} {plural(rows, 'row')}")
        bar.update(task, description=f"generating: {what}")

    with bar:
        yield update


@click.command("demo")
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed.")
@click.option(
    "--scale",
    type=click.IntRange(1, 1000),
    default=1,
    show_default=True,
    help="Size: N × (3 teams, ~24 reps, ~100k sales lines); 100 ≈ 10M lines.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Last day of the data (default: today).",
)
@click.option(
    "--replace", is_flag=True, help="Replace tables even if the workspace holds imported data."
)
@click.option(
    "--only",
    type=click.Choice(["sales"]),
    default=None,
    help="Write only part of it: `sales` = the sales lines (naming their reps) and products.",
)
@click.pass_context
def demo_command(
    ctx: click.Context, /, seed: int, scale: int, as_of: object, replace: bool, only: str | None
) -> None:
    """Write a seeded, realistic demo organisation into the workspace.

    3 teams with managers, ~24 reps, 24 months of leads, activities, deals with stage
    history, sales lines with their products and monthly quotas, with stories planted for
    the analytics to find (see docs/demo-data.md). `--only sales` writes just the sales
    lines and the products, as a shop's sales table would be.
    """
    from salespulse.demo_workspace import write_demo

    ws = open_workspace(ctx, create=True)
    day = as_of.date() if as_of is not None else date.today()  # type: ignore[attr-defined]
    from salespulse.cli.workspace_commands import print_tables

    with _progress(sys.stderr.isatty()) as progress:
        rows = write_demo(
            ws, seed=seed, scale=scale, as_of=day, replace=replace, progress=progress, only=only
        )

    total = sum(rows.values())
    what = "Demo sales lines" if only == "sales" else "Demo organisation"
    click.echo(
        f"{what} written to {ws.path} (seed {seed}, scale {scale}, "
        f"data up to {day:%Y-%m-%d}): {plural(total, 'row')}."
    )
    print_tables(ws)
