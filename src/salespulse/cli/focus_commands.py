"""`salespulse focus REP`: what a rep should work first this week.

csv: one row per item (deals, then leads, then customers) — rep, kind, rank, key, label,
score, reason and the item's facts. json: `{rep, period, as_of, deals, leads, customers,
notes}`."""

from __future__ import annotations

from typing import Any

import click

from salespulse.cli.output import console, escape_markup, resolve_format, write_json, write_records
from salespulse.cli.output_cache import READING, report_options
from salespulse.cli.workspace_option import open_workspace

COLUMNS = (
    "rep",
    "kind",
    "rank",
    "key",
    "label",
    "score",
    "reason",
    "amount",
    "probability",
    "stage",
    "expected_close",
    "days_in_stage",
    "created_at",
    "age_days",
    "source",
    "source_rate",
    "past_revenue",
    "last_month",
)


@click.command("focus")
@click.argument("rep")
@click.option(
    "--week",
    metavar="LABEL",
    help="The week: an ISO week (2025-W24) or its first day (week of 2025-06-09). Default: "
    "the week holding --as-of (else the end of the data).",
)
@click.option("--as-of", "as_of", metavar="DATE", help="Read the data as it stood that day.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default=None,
    help="Output format (default: table on a terminal, csv otherwise).",
)
@click.pass_context
@report_options
def focus_command(
    ctx: click.Context, rep: str, week: str | None, as_of: str | None, fmt: str | None
) -> None:
    """This week's focus list: the open deals by their expected contribution to the week,
    the leads not yet worked by their source's conversion and age (or, with sale lines
    only, the customers to win back), each with its reason."""
    ws = open_workspace(ctx)
    backend, source, spark_master = ctx.meta[READING]
    found = ws.focus(
        rep, week=week, as_of=as_of, backend=backend, source=source, spark_master=spark_master
    )
    fmt = resolve_format(fmt)
    if fmt == "json":
        write_json(found.as_dict())
    elif fmt == "csv":
        write_records(found.records(), "csv", COLUMNS)
    else:
        show(found, ws.settings.currency)


def show(found: Any, currency: str) -> None:
    """One table per kind of item, best first, then the notes."""
    from rich.table import Table

    from salespulse.kpis.display import fmt_unit

    out = console()
    heads = {
        "deals": ("deal", "customer", "expected"),
        "leads": ("lead", "", "score"),
        "customers": ("customer", "", "bought before"),
    }
    for kind in ("deals", "leads", "customers"):
        items = getattr(found, kind)
        if not items:
            continue
        key, label, score = heads[kind]
        title = f"{found.rep}: {kind} to work first, {found.window.label} (as of {found.as_of})"
        grid = Table(title=escape_markup(title))
        grid.add_column("#", justify="right")
        grid.add_column(key)
        if label:
            grid.add_column(label)
        grid.add_column(score, justify="right")
        grid.add_column("why")
        for rank, item in enumerate(items, 1):
            value = (
                f"{item.score:.2f}" if kind == "leads" else fmt_unit(item.score, "money", currency)
            )
            cells = [str(rank), item.key] + ([item.label] if label else []) + [value, item.reason]
            grid.add_row(*(escape_markup(c) for c in cells))
        out.print(grid)
    if not (found.deals or found.leads or found.customers):
        out.print(escape_markup(f"Nothing to work for {found.rep} in {found.window.label}."))
    for note in found.notes:
        out.print(escape_markup(note), soft_wrap=True)
