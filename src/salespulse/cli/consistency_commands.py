"""`salespulse consistency [VALUE]`: month to month, against each month's expected band.

csv: one row per member and month — by, member, name, month, label, value, expected, low,
high, basis, verdict. json: `{by, window, measure, cv_kpi, members: [...], notes}`, each
member with its summary, `series` (the months) and `quota` (its streaks). html: one
self-contained page with a chart per member."""

from __future__ import annotations

from typing import Any

import click

from salespulse.cli.output import console, escape_markup, resolve_format, write_json, write_records
from salespulse.cli.output_cache import READING, report_options
from salespulse.cli.workspace_option import open_workspace

MONTH_COLUMNS = ("by", "member", "name", "month", "label", "value", "expected", "low", "high",
                 "basis", "verdict")  # fmt: skip
VERDICT_STYLE = {"bad month": "red", "great month": "green"}

report_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "html"]),
    default=None,
    help="Output format (default: table on a terminal, csv otherwise); html is one page "
    "with charts (redirect it to a file).",
)


@click.command("consistency")
@click.argument("value", required=False)
@click.option(
    "--by",
    metavar="DIMENSION",
    default=None,
    help="Follow each rep, team, product, category (or region, channel, customer...); "
    "with VALUE only that one. Default: the whole business, or a rep when VALUE is given.",
)
@click.option(
    "--months",
    type=int,
    default=24,
    show_default=True,
    help="Complete months shown, up to --as-of.",
)
@click.option("--as-of", "as_of", metavar="DATE", help="Read the data as of this day.")
@report_format_option
@click.pass_context
@report_options
def consistency_command(
    ctx: click.Context,
    value: str | None,
    by: str | None,
    months: int,
    as_of: str | None,
    fmt: str | None,
) -> None:
    """Month to month: each month against the band its own past expected (bad and great
    months beyond noise), streaks at quota and the CV, for VALUE (a rep unless --by
    says), each member of --by, or the whole business."""
    ws = open_workspace(ctx)
    backend, source, spark_master = ctx.meta[READING]
    report = ws.consistency(
        by=by,
        value=value,
        months=months,
        as_of=as_of,
        backend=backend,
        source=source,
        spark_master=spark_master,
    )
    fmt = resolve_format(fmt)
    if fmt == "json":
        write_json(report.as_dict())
    elif fmt == "csv":
        write_records(report.month_rows(), "csv", MONTH_COLUMNS)
    elif fmt == "html":
        from salespulse.reports.consistency_chart import render

        click.echo(render(report, ws.settings.currency), nl=False)
    elif len(report.members) == 1:
        show_member(report, ws.settings.currency)
    else:
        show_members(report)


def _spark(member: Any) -> str:
    """The sparkline, bad months red and great months green."""
    from salespulse.reports.consistency_chart import sparkline

    marks = sparkline([m.value for m in member.months])
    return "".join(
        f"[{VERDICT_STYLE[m.band.verdict]}]{c}[/]" if m.band.verdict in VERDICT_STYLE else c
        for c, m in zip(marks, member.months, strict=True)
    )


def show_member(report: Any, currency: str) -> None:
    from rich.table import Table

    from salespulse import kpis
    from salespulse.reports.consistency_chart import facts, short

    m = report.members[0]
    out = console()
    who = escape_markup(m.label) + (f" {escape_markup(m.name)}" if m.name else "")
    label = kpis.get(m.measure).label
    out.print(
        f"[bold]{escape_markup(label)} by month, {who}: {escape_markup(report.window.label)}[/]"
    )
    out.print(_spark(m))
    grid = Table(show_lines=False)
    for col in ("month", label.lower(), "expected", f"band ({report.band_percent}%)", "basis", ""):
        grid.add_column(
            escape_markup(col), justify="right" if col not in ("month", "basis", "") else "left"
        )
    for month in m.months:
        b = month.band
        band = (
            f"{short(b.low, m.measure, currency)}–{short(b.high, m.measure, currency)}"
            if b.low is not None
            else ""
        )
        verdict = escape_markup(b.verdict or "")
        style = VERDICT_STYLE.get(b.verdict or "")
        grid.add_row(
            escape_markup(month.label),
            escape_markup(short(month.value, m.measure, currency)),
            escape_markup(short(b.expected, m.measure, currency) if b.expected is not None else ""),
            escape_markup(band),
            escape_markup(b.basis or ""),
            f"[{style}]{verdict}[/]" if style else verdict,
        )
    out.print(grid)
    for line in [*facts(m, currency), *report.notes]:
        out.print(escape_markup(line), soft_wrap=True)


def show_members(report: Any) -> None:
    from rich.table import Table

    out = console()
    title = f"Consistency by {report.by}: {report.window.label}"
    grid = Table(title=escape_markup(title), show_lines=False)
    names = report.by == "rep"
    lead = (report.by, "name") if names else (report.by,)
    for col in (*lead, "months", "CV", "bad", "great", "at quota", "streak"):
        grid.add_column(
            escape_markup(col), justify="left" if col in (report.by, "name", "months") else "right"
        )
    for m in report.members:
        q = m.quota
        grid.add_row(
            *[escape_markup(m.label), *([escape_markup(m.name or "")] if names else [])],
            _spark(m),
            "—" if m.cv is None else f"{m.cv:.2f}",
            str(len(m.bad_months)) if m.has_band else "—",
            str(len(m.great_months)) if m.has_band else "—",
            f"{q.met}/{len(q.periods)}" if q else "—",
            str(q.current_streak) if q else "—",
        )
    grid.caption = escape_markup(
        "Months: 0 at the bottom, red a bad month, green a great one (outside the band its "
        f"own past expected, {report.band_percent}%). CV: month-to-month swing ÷ the "
        "average month (lower is "
        "steadier). At quota: months met of months with a quota; streak: met in a row now."
        + "".join(f" {n}" for n in report.notes)
    )
    out.print(grid)
