"""`salespulse forecast [VALUE]`: where the current month, quarter or year will land.

csv: one row per member — by, member, name, team, measure, period, as_of, actual,
run_rate, projected, low, high, target, chance, pace_per_day, needed_per_day,
selling_days, days_gone, days_left. json: `{by, period, as_of, measure, members: [...],
notes}`. html: one self-contained page with a chart."""

from __future__ import annotations

from typing import Any

import click

from salespulse.cli.output import console, escape_markup, resolve_format, write_json, write_records
from salespulse.cli.output_cache import READING, report_options
from salespulse.cli.workspace_option import open_workspace

COLUMNS = ("by", "member", "name", "team", "measure", "period", "as_of", "actual", "run_rate",
           "projected", "low", "high", "target", "chance", "pace_per_day", "needed_per_day",
           "selling_days", "days_gone", "days_left")  # fmt: skip


@click.command("forecast")
@click.argument("value", required=False)
@click.option(
    "--period",
    type=click.Choice(["month", "quarter", "year"]),
    default="month",
    show_default=True,
    help="The current period to project (the one holding --as-of).",
)
@click.option(
    "--by",
    type=click.Choice(["rep", "team"]),
    default=None,
    help="Each rep or team; with VALUE only that one. Default: the whole business, or a "
    "rep when VALUE is given.",
)
@click.option("--as-of", "as_of", metavar="DATE", help="Project as of this day.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "html"]),
    default=None,
    help="Output format (default: table on a terminal, csv otherwise); html is one page "
    "with a chart (redirect it to a file).",
)
@click.pass_context
@report_options
def forecast_command(
    ctx: click.Context,
    value: str | None,
    period: str,
    by: str | None,
    as_of: str | None,
    fmt: str | None,
) -> None:
    """Where the current period will land: actual so far, run rate, the seasonal
    projection with its 80% interval, the chance of reaching quota and the daily pace it
    needs."""
    ws = open_workspace(ctx)
    backend, source, spark_master = ctx.meta[READING]
    report = ws.projection(
        period=period,
        by=by,
        value=value,
        as_of=as_of,
        backend=backend,
        source=source,
        spark_master=spark_master,
    )
    fmt = resolve_format(fmt)
    if fmt == "json":
        write_json(report.as_dict())
    elif fmt == "csv":
        write_records(report.records(), "csv", COLUMNS)
    elif fmt == "html":
        from salespulse.reports.projection_page import render

        click.echo(render(report, ws.settings.currency), nl=False)
    else:
        show(report, ws.settings.currency)


def sentence(m: Any, currency: str) -> str:
    """One member's projection in words."""
    from salespulse.reports.projection_page import percent, short

    def s(value: float | None) -> str:
        return short(value, m.measure, currency)

    x = m.landing
    if x.over:
        text = f"{m.label}: {m.period.label} is over; it landed at {s(x.actual)}"
        return text + (f" against a quota of {s(m.target)}." if m.target else ".")
    text = f"{m.label}: {s(x.actual)} so far; the run rate says {s(x.run_rate)}"
    if x.projected is not None:
        text += f", the seasonal projection {s(x.projected)}"
        if x.low is not None:
            text += f" (80% between {s(x.low)} and {s(x.high)})"
    text += "."
    if m.target:
        text += f" Quota {s(m.target)}"
        if m.chance is not None:
            text += f": a {percent(m.chance)} chance of reaching it"
        if m.needed_per_day is not None:
            text += (
                f"; it needs {s(m.needed_per_day)} a selling day over the {m.days_left} left "
                f"(so far {s(m.pace_per_day)} a day)"
            )
        text += "."
    return text


def show(report: Any, currency: str) -> None:
    """One row per member; a rep's name under the id, the 80% interval under the
    projection and the pace so far under the pace needed."""
    from rich.table import Table

    from salespulse.reports.projection_page import percent, short

    out = console()
    first = report.members[0] if report.members else None
    days = f" ({first.days_gone} of {first.selling_days} selling days gone)" if first else ""
    who = "" if report.by is None else f" by {report.by}"
    title = f"Where {report.period.label} will land{who}, as of {report.as_of}{days}"
    grid = Table(title=escape_markup(title), show_lines=len(report.members) > 1)
    grid.add_column(escape_markup(report.by or ""))
    for col in ("so far", "run rate", "projected\n(80%)", "quota", "chance",
                "a day needed\n(so far)"):  # fmt: skip
        grid.add_column(col, justify="right", no_wrap=True)
    for m in report.members:
        x = m.landing

        def s(value: float | None, m: Any = m) -> str:
            return escape_markup(short(value, m.measure, currency))

        label = escape_markup(m.label) + (f"\n[dim]{escape_markup(m.name)}[/]" if m.name else "")
        projected = s(x.projected)
        if x.low is not None:
            projected += f"\n[dim]{s(x.low)}–{s(x.high)}[/]"
        needed = s(m.needed_per_day)
        if m.pace_per_day is not None:
            needed += f"\n[dim]{s(m.pace_per_day)}[/]"
        grid.add_row(label, s(x.actual), s(x.run_rate), projected, s(m.target),
                     percent(m.chance), needed)  # fmt: skip
    out.print(grid)
    if len(report.members) == 1:
        words = sentence(report.members[0], currency)
        out.print(escape_markup(words[:1].upper() + words[1:]), soft_wrap=True)
    for note in report.notes:
        out.print(escape_markup(note), soft_wrap=True)
