"""`salespulse coach diagnose`: the cause behind each rep's gap to the benchmark."""

from __future__ import annotations

from typing import Any

import click

from salespulse.cli.coach.shared import (
    as_of_option,
    format_option,
    name_beside,
    open_with_data,
    rep_option,
    rep_table,
    team_option,
    titled_table,
    who,
)
from salespulse.cli.output import add_row, console, print_line, write_json
from salespulse.cli.output_cache import report_options


@click.command("diagnose")
@rep_option
@team_option
@click.option(
    "--period",
    metavar="P",
    help="month, quarter, year, or 2025-03 / 2025-Q1 / 2025 (default: the last 3 complete months).",
)
@click.option("--from", "start", metavar="DATE", help="First day of the window.")
@click.option("--to", "end", metavar="DATE", help="Last day of the window.")
@as_of_option
@click.option(
    "--benchmark",
    type=click.Choice(["median", "top-quartile"]),
    default="median",
    show_default=True,
    help="Compare with the peers' median or their top quartile.",
)
@format_option
@click.pass_context
@report_options
def diagnose_command(
    ctx: click.Context,
    rep: str | None,
    team: str | None,
    period: str | None,
    start: str | None,
    end: str | None,
    as_of: str | None,
    benchmark: str,
    fmt: str,
) -> None:
    """The cause behind each rep's gap to the benchmark, driver by driver."""
    from salespulse.insights import diagnose

    ws = open_with_data(ctx)
    currency = ws.settings.currency
    found = diagnose(
        ws,
        rep=rep,
        team=team,
        period=period,
        start=start,
        end=end,
        as_of=as_of,
        benchmark=benchmark,
    )
    if fmt == "json":
        write_json([d.as_dict() for d in found])
        return
    out = console()
    if not found:
        out.print("No rep to diagnose in that window.")
        return
    against = "median" if benchmark == "median" else "top quartile"
    first = found[0]
    if first.view == "sales":
        title = (
            f"Revenue from the sales lines over {first.window.label}, against the peers' {against}"
        )
    else:
        title = f"Diagnosis over {first.window.label} against the peers' {against}"
    print_view(out, found, title, currency, rep is not None)
    beside = [d.sales for d in found if d.sales is not None]
    if beside:
        title = (
            f"Revenue from the sales lines over {first.window.label}, against the peers' {against}"
        )
        print_view(out, beside, "\n" + title, currency, rep is not None)


def print_view(out: Any, found: list[Any], title: str, currency: str, details: bool) -> None:
    """One view's table (deals: bookings; sales lines: revenue), its sentences and, for
    one rep, its drivers."""
    from salespulse.insights.core import phrases
    from salespulse.insights.packet.one_on_one_tables import driver_value

    unit = "revenue/month" if found[0].view == "sales" else "bookings/month"
    rows = []
    for d in found:
        cause = d.main_cause
        rows.append(
            (
                d.rep,
                name_beside(d.rep, d.rep_name),
                d.team or "—",
                phrases.money(d.outcome, currency),
                phrases.money(d.benchmark, currency),
                "—" if d.gap is None else f"{d.gap * 100:+.0f}%",
                f"{cause.label} ({phrases.pct(cause.share)})" if cause and cause.share else "—",
            )
        )
    grid = rep_table(
        title,
        ["rep", "name", "team", unit, "benchmark", "gap", "main cause"],
        rows,
        "Causes are named only when larger than noise. Details: --rep REP, or --format json.",
    )
    out.print(grid)
    for d in found:
        print_line(out, "\n[bold]{}[/]: {}", who(d.rep, d.rep_name), d.summary)
        if details:
            drivers = titled_table(
                "", ["driver", "rep", "benchmark", "share", "beyond noise", "test"]
            )
            for x in d.drivers:
                add_row(
                    drivers,
                    x.label,
                    driver_value(x.driver, x.rep_value, currency),
                    driver_value(x.driver, x.benchmark_value, currency),
                    "—" if x.share is None else phrases.pct(x.share),
                    "yes" if x.significant else ("not enough data" if not x.enough_data else "no"),
                    x.test + (f" — {x.more_data} would decide it" if x.more_data else ""),
                )
            out.print(drivers)
