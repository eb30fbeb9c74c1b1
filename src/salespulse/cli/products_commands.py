"""`salespulse products`: what sold in a period, ranked, with the Pareto line and movers.

csv/json are the ranked items — rank, product (or category, subcategory), name, revenue,
units, share, cumulative_share, previous, change, year_ago, change_year — every item, or
exactly the first --top N. The table and the HTML page add the "all others" row (the
items below the top; without --top they show the first 20) and the movers."""

from __future__ import annotations

from typing import Any

import click

from salespulse.cli.kpi_commands import parse_where
from salespulse.cli.output import FORMATS, console, escape_markup, resolve_format, write_records
from salespulse.cli.output_cache import READING, report_options
from salespulse.cli.workspace_option import open_workspace

#: How many items the table and the HTML page show without --top.
SHOWN = 20


@click.command("products")
@click.option(
    "--by",
    type=click.Choice(["product", "category", "subcategory"]),
    default="product",
    show_default=True,
    help="Rank products, or their categories or subcategories.",
)
@click.option(
    "--period",
    default="month",
    show_default=True,
    metavar="PERIOD",
    help="week, month, quarter or year (the latest complete one), or a period such as "
    "2025, 2025-Q3 or 2025-03.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help=f"Only the N best sellers; the rest as one 'all others' row (table and html: "
    f"{SHOWN} without --top).",
)
@click.option("--where", "where", multiple=True, metavar="DIM=VALUE", help="Filter (repeatable).")
@click.option("--as-of", "as_of", metavar="DATE", help="The data as it stood that day.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMATS, "html"]),
    default=None,
    help="Output format (default: table on a terminal, csv otherwise); html writes a page.",
)
@click.pass_context
@report_options
def products_command(
    ctx: click.Context,
    by: str,
    period: str,
    top: int | None,
    where: tuple[str, ...],
    as_of: str | None,
    fmt: str | None,
) -> None:
    """Products (or categories) ranked by revenue for a period: share, cumulative share,
    change on the previous period and a year earlier, movers beyond noise, new and lost."""
    fmt = resolve_format(fmt)
    shown = top if top is not None or fmt in ("csv", "json") else SHOWN
    ws = open_workspace(ctx)
    backend, source, spark_master = ctx.meta[READING]
    report = ws.products(
        by=by,
        period=period,
        top=shown,
        where=parse_where(where),
        as_of=as_of,
        backend=backend,
        source=source,
        spark_master=spark_master,
    )
    if fmt in ("csv", "json"):
        write_records(report.records, fmt, report.columns)
    elif fmt == "html":
        from salespulse.reports.products_html import render

        click.echo(render(report, ws.settings.currency), nl=False)
    else:
        show(report, ws.settings.currency)


def show(report: Any, currency: str) -> None:
    """The ranking as a Rich table, then the summary, the Pareto line and the movers."""
    from rich.table import Table

    from salespulse import kpis
    from salespulse.reports import products_text as words

    m, priced = report.measure, report.revenue is not None
    good = kpis.get(m).direction == "higher"
    grid = Table(title=escape_markup(words.title(report)))
    grid.add_column("#", justify="right")
    grid.add_column(escape_markup(report.by))
    if priced:
        grid.add_column(escape_markup(kpis.get("revenue").short), justify="right")
    grid.add_column(escape_markup(kpis.get("units").short), justify="right")
    changes = [("change", "previous"), ("change_year", "year_ago")][: len(words.headings(report))]
    for heading in ("share", "cumul.", *words.headings(report)):
        grid.add_column(escape_markup(heading), justify="right")
    for r in [*report.records, *([report.others] if report.others else [])]:
        cells = [str(r.get("rank", "")), words.item(r, report.by)]
        if priced:
            cells.append(words.figure(r["revenue"], "revenue", currency))
        cells += [
            words.figure(r["units"], "units", currency),
            words.share(r["share"]),
            words.share(r["cumulative_share"]),
        ]
        marked = [escape_markup(c) for c in cells]
        for delta, before in ((r[d], r[b]) for d, b in changes):
            text = escape_markup(words.change(delta, before, m, currency))
            colour = "" if not delta else "green" if (delta > 0) == good else "red"
            marked.append(f"[{colour}]{text}[/]" if colour else text)
        grid.add_row(*marked, style="dim" if "items" in r else None)
    out = console()
    out.print(grid)
    for line in words.summary(report, currency):
        out.print(escape_markup(line), soft_wrap=True)
    for heading, items in words.movers(report, currency):
        out.print(f"[bold]{escape_markup(heading)}[/]")
        for item in items:
            out.print(f"  · {escape_markup(item)}", soft_wrap=True)
