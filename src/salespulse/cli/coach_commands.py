"""`salespulse coach ...`: diagnosis, flags and leaderboards, wins, stretch goals,
peer-coaching pairs and one-on-one packets. A thin shell over `salespulse.insights`:
every number and sentence comes from the library; this module only prints it."""

from __future__ import annotations

import json
import math
from typing import Any

import click

from salespulse.cli import open_workspace
from salespulse.cli.output import add_row, escape_markup, print_line
from salespulse.errors import UserError

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Rich tables for people, JSON for scripts.",
)
as_of_option = click.option(
    "--as-of", "as_of", metavar="DATE", help="Read the data as of this day (default: its end)."
)
rep_option = click.option("--rep", metavar="REP", help="Only this rep (id or full name).")
team_option = click.option("--team", metavar="TEAM", help="Only this team's reps.")


def _open(ctx: click.Context) -> Any:
    ws = open_workspace(ctx)
    if not ws.db_path.exists():
        raise UserError(
            f"{ws.path} holds no data yet.",
            fix="Import your tables (salespulse import deals FILE ...) or try: salespulse demo",
        )
    return ws


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def _json(data: Any) -> None:
    click.echo(json.dumps(_clean(data), indent=2, ensure_ascii=False))


def _console() -> Any:
    from salespulse.cli.output import console

    return console()


def _grid(title: str, columns: list[str], caption: str = "") -> Any:
    """A table whose title, caption and headings print as written."""
    from rich.table import Table

    grid = Table(
        title=escape_markup(title), caption=escape_markup(caption) or None, show_lines=False
    )
    for col in columns:
        grid.add_column(escape_markup(col), overflow="fold")
    return grid


@click.group("coach")
def coach_command() -> None:
    """Coaching insights: why reps are behind, who to celebrate, stretch goals, peer pairs
    and one-on-one packets (see docs/coaching.md)."""


@coach_command.command("diagnose")
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

    ws = _open(ctx)
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
        _json([d.as_dict() for d in found])
        return
    from salespulse.insights import phrases
    from salespulse.insights.one_on_one_tables import driver_value

    out = _console()
    if not found:
        out.print("No rep to diagnose in that window.")
        return
    first = found[0]
    grid = _grid(
        f"Diagnosis over {first.window.label} against the peers' "
        f"{'median' if benchmark == 'median' else 'top quartile'}",
        ["rep", "name", "team", "bookings/month", "benchmark", "gap", "main cause"],
        "Causes are named only when larger than noise. Details: --rep REP, or --format json.",
    )
    for d in found:
        cause = d.main_cause
        add_row(
            grid,
            d.rep,
            d.rep_name,
            d.team or "—",
            phrases.money(d.outcome, currency),
            phrases.money(d.benchmark, currency),
            "—" if d.gap is None else f"{d.gap * 100:+.0f}%",
            f"{cause.label} ({phrases.pct(cause.share)})" if cause and cause.share else "—",
        )
    out.print(grid)
    for d in found:
        print_line(out, "\n[bold]{} {}[/]: {}", d.rep, d.rep_name, d.summary)
        if rep is not None:
            drivers = _grid("", ["driver", "rep", "benchmark", "share", "beyond noise", "test"])
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


@coach_command.command("flags")
@rep_option
@team_option
@click.option(
    "--period",
    type=click.Choice(["month", "quarter"]),
    default="month",
    show_default=True,
    help="Pace is judged for the current month or quarter.",
)
@as_of_option
@click.option("--top", type=int, default=10, show_default=True, help="Leaderboard length.")
@format_option
@click.pass_context
def flags_command(
    ctx: click.Context,
    rep: str | None,
    team: str | None,
    period: str,
    as_of: str | None,
    top: int,
    fmt: str,
) -> None:
    """Struggling and thriving reps with their evidence, and leaderboards on
    percent-to-goal and improvement."""
    from salespulse.insights import flags

    report = flags(_open(ctx), rep=rep, team=team, period=period, as_of=as_of)
    if fmt == "json":
        _json(report.as_dict())
        return
    from rich.text import Text

    from salespulse.insights import phrases

    out = _console()
    grid = _grid(
        f"Flags as of {report.as_of} (current period {report.period.label})",
        ["kind", "flag", "rep", "name", "evidence"],
    )
    style = {"struggling": "red", "watch": "yellow", "thriving": "green"}
    for f in report.flags:
        kind = Text(f.kind, style=style[f.kind])
        add_row(grid, kind, f.flag.replace("_", " "), f.rep, f.rep_name, f.evidence)
    out.print(grid if report.flags else "No flags.")
    for board in report.leaderboards:
        table = _grid(
            f"{board.title} — {board.window.label}",
            ["#", "rep", "name", "team", "value", "detail"],
            board.note,
        )
        for e in board.entries[:top]:
            value = phrases.pct(e.value) if board.unit == "ratio" else f"{e.value * 100:+.0f} pts"
            add_row(table, e.rank, e.rep, e.rep_name, e.team or "—", value, e.detail)
        out.print(table)


# The other subcommands live beside these; importing them registers them on the group.
from salespulse.cli import coach_growth_commands  # noqa: E402, F401
