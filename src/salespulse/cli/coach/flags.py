"""`salespulse coach flags`: struggling and thriving reps, and the leaderboards."""

from __future__ import annotations

import click

from salespulse.cli.coach.shared import (
    as_of_option,
    format_option,
    name_beside,
    open_with_data,
    rep_option,
    rep_table,
    team_option,
)
from salespulse.cli.output import console, write_json
from salespulse.cli.output_cache import report_options


@click.command("flags")
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
@report_options
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

    report = flags(open_with_data(ctx), rep=rep, team=team, period=period, as_of=as_of)
    if fmt == "json":
        write_json(report.as_dict())
        return
    from rich.text import Text

    from salespulse.insights.core import phrases

    out = console()
    style = {"struggling": "red", "watch": "yellow", "thriving": "green"}
    grid = rep_table(
        f"Flags as of {report.as_of} (current period {report.period.label})",
        ["kind", "flag", "rep", "name", "evidence"],
        [
            (
                Text(f.kind, style=style[f.kind]),
                f.flag.replace("_", " "),
                f.rep,
                name_beside(f.rep, f.rep_name),
                f.evidence,
            )
            for f in report.flags
        ],
    )
    out.print(grid if report.flags else "No flags.")
    for board in report.leaderboards:
        rows = []
        for e in board.entries[:top]:
            value = phrases.pct(e.value) if board.unit == "ratio" else f"{e.value * 100:+.0f} pts"
            rows.append(
                (e.rank, e.rep, name_beside(e.rep, e.rep_name), e.team or "—", value, e.detail)
            )
        table = rep_table(
            f"{board.title} — {board.window.label}",
            ["#", "rep", "name", "team", "value", "detail"],
            rows,
            board.note,
        )
        out.print(table)
