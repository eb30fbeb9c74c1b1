"""`salespulse coach one-on-one REP`: the packet for a one-on-one, as Markdown, HTML or
JSON."""

from __future__ import annotations

from pathlib import Path

import click

from salespulse.cli.coach.shared import (
    as_of_option,
    open_with_data,
)
from salespulse.cli.output import to_json, write_text
from salespulse.cli.output_cache import READING, report_options
from salespulse.cli.workspace_option import open_workspace
from salespulse.errors import UserError
from salespulse.model.wording import plural


@click.command("one-on-one")
@click.argument("rep")
@click.option("--period", metavar="P", help="month (default), quarter, or 2025-03 / 2025-Q1.")
@as_of_option
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE.md or FILE.html (default: Markdown on the terminal).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html", "json"]),
    default=None,
    help="Output format (default: from --out's suffix, else markdown).",
)
@click.pass_context
@report_options(app_data=True)
def one_on_one_command(
    ctx: click.Context,
    rep: str,
    period: str | None,
    as_of: str | None,
    out_path: Path | None,
    fmt: str | None,
) -> None:
    """Everything for a one-on-one with REP: with the app database, the last meeting's
    action items, goals, plan and check-ins first; wins, this week's focus, KPIs,
    diagnosis, deals at risk, prospecting habits and a suggested agenda."""
    from salespulse.insights import one_on_one, one_on_one_html, one_on_one_markdown

    if fmt is None:
        suffix = out_path.suffix.lower() if out_path else ""
        fmt = {".html": "html", ".htm": "html", ".json": "json"}.get(suffix, "markdown")
        if out_path is not None and suffix not in (
            ".md",
            ".markdown",
            ".html",
            ".htm",
            ".json",
            ".txt",
        ):
            raise UserError(
                f"Cannot tell the format of {out_path.name}.",
                fix="Name it FILE.md or FILE.html, or pass --format markdown|html|json.",
            )
    reading = open_with_data(ctx)
    coaching = None
    app_db = (ctx.find_root().obj or {}).get("app_db")
    ws = open_workspace(ctx)
    if ws.app_in_use(app_db):  # the last meeting's actions, goals, plan and check-ins
        from salespulse.workspace_app_packet import packet_inputs

        coaching, unmeasured = packet_inputs(ws.app(app_db), rep, as_of)
        if unmeasured:
            click.echo(
                f"Note: {plural(len(unmeasured), 'goal')} ({', '.join(map(str, unmeasured))}) "
                "left out: the data cannot measure them (salespulse goals show ID says why).",
                err=True,
            )
    backend, source, spark_master = ctx.meta.get(READING, ("duckdb", None, None))
    focus = ws.week_focus(  # this week's focus, from the data alone
        rep, as_of=as_of, backend=backend, source=source, spark_master=spark_master
    )
    packet = one_on_one(reading, rep, period=period, as_of=as_of, coaching=coaching, focus=focus)
    if fmt == "json":
        text = to_json(packet.as_dict()) + "\n"
    elif fmt == "html":
        text = one_on_one_html.render(packet)
    else:
        text = one_on_one_markdown.render(packet)
    write_text(text, out_path, f"Wrote the one-on-one packet for {packet.rep.name} to {out_path}.")
