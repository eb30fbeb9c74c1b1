"""`salespulse bridge BASE CURRENT`: why revenue changed between two periods — the change
split into volume, mix, price, new and lost (they add up to it exactly), with the items
that moved it most. Table (a waterfall), JSON (`Workspace.bridge(...).to_dict()`) or one
HTML page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from salespulse.cli.kpi_commands import parse_where
from salespulse.cli.output import to_json, write_text
from salespulse.cli.output_cache import READING, report_options
from salespulse.cli.workspace_option import open_workspace
from salespulse.errors import UserError

SUFFIXES = {".html": "html", ".htm": "html", ".json": "json"}


@click.command("bridge")
@click.argument("base", required=False)
@click.argument("current", required=False)
@click.option(
    "--by",
    type=click.Choice(["product", "category", "subcategory"]),
    default="product",
    show_default=True,
    help="What an item is.",
)
@click.option(
    "--group",
    type=click.Choice(["rep", "team", "region"]),
    default=None,
    help="Also a bridge for each rep, team or region.",
)
@click.option("--where", "where", multiple=True, metavar="DIM=VALUE", help="Filter (repeatable).")
@click.option("--base-from", "base_start", metavar="DATE", help="Base period's first day.")
@click.option("--base-to", "base_end", metavar="DATE", help="Base period's last day.")
@click.option("--current-from", "current_start", metavar="DATE", help="Current period's first day.")
@click.option("--current-to", "current_end", metavar="DATE", help="Current period's last day.")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    metavar="N",
    default=10,
    show_default=True,
    help="Items shown in the table (25 in HTML unless given).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "html"]),
    default=None,
    help="Output format (default: from --out's suffix, else table on a terminal, json otherwise).",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (.html, .json) instead of the terminal.",
)
@click.pass_context
@report_options
def bridge_command(
    ctx: click.Context,
    base: str | None,
    current: str | None,
    by: str,
    group: str | None,
    where: tuple[str, ...],
    base_start: str | None,
    base_end: str | None,
    current_start: str | None,
    current_end: str | None,
    top: int,
    fmt: str | None,
    out_path: Path | None,
) -> None:
    """Why revenue changed from BASE to CURRENT (period labels: 2025, 2025-Q3, 2025-03;
    or --base-from/--base-to and --current-from/--current-to dates; with none, the latest
    complete month against the month before): volume, mix, price, new and lost, and the
    items behind them."""
    fmt = _format(fmt, out_path)
    ws = open_workspace(ctx)
    backend, source, spark_master = ctx.meta[READING]
    result = ws.bridge(
        base,
        current,
        by=by,
        group=group,
        where=parse_where(where),
        base_start=base_start,
        base_end=base_end,
        current_start=current_start,
        current_end=current_end,
        backend=backend,
        source=source,
        spark_master=spark_master,
    )
    currency = ws.settings.currency
    if fmt == "table":
        from salespulse.cli.bridge_view import show

        show(result, currency, top)
        return
    if fmt == "json":
        text = to_json(result.to_dict()) + "\n"
    else:
        from salespulse.reports.bridge_html import render

        given = ctx.get_parameter_source("top") == click.core.ParameterSource.COMMANDLINE
        text = render(result, currency, top if given else 25)
    write_text(text, out_path)


def _format(fmt: str | None, out_path: Path | None) -> str:
    if fmt == "table" and out_path is not None:
        raise UserError("The table is for the terminal.", fix="Write --out FILE.html or FILE.json.")
    if fmt is not None:
        return fmt
    if out_path is not None:
        found = SUFFIXES.get(out_path.suffix.lower())
        if found is None:
            raise UserError(
                f"Cannot tell the format of {out_path.name}.",
                fix="Name it FILE.html or FILE.json, or pass --format table|json|html.",
            )
        return found
    return "table" if sys.stdout.isatty() else "json"
