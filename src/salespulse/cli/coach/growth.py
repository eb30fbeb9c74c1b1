"""`salespulse coach wins | stretch | pairs`: what to celebrate, targets for top
performers and peer-coaching pairs."""

from __future__ import annotations

import click

from salespulse.cli.app_options import by_option
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
from salespulse.cli.workspace_option import open_app


@click.command("wins")
@click.option(
    "--period",
    type=click.Choice(["week", "month", "quarter"]),
    default="month",
    show_default=True,
    help="The latest complete week, month or quarter.",
)
@rep_option
@team_option
@as_of_option
@format_option
@click.pass_context
@report_options
def wins_command(
    ctx: click.Context,
    period: str,
    rep: str | None,
    team: str | None,
    as_of: str | None,
    fmt: str,
) -> None:
    """Wins worth celebrating: quota and milestones, personal bests, biggest deals,
    streaks, the most improved, the fastest response, fast ramp-ups."""
    from salespulse.insights import wins

    report = wins(open_with_data(ctx), period=period, rep=rep, team=team, as_of=as_of)
    if fmt == "json":
        write_json(report.as_dict())
        return
    grid = rep_table(
        f"Wins — {report.window.label}",
        ["win", "rep", "name", "what happened"],
        [
            (w.kind.replace("_", " "), w.rep, name_beside(w.rep, w.rep_name), w.text)
            for w in report.wins
        ],
    )
    if report.wins:
        console().print(grid)
    else:
        print_line(console(), "No wins found for {}.", report.window.label)


@click.command("stretch")
@rep_option
@team_option
@as_of_option
@click.option(
    "--accept",
    "accept",
    metavar="REP",
    help="Keep the stretch goal proposed for REP as a goal (its first tier, or --tier).",
)
@click.option(
    "--tier",
    metavar="LEVEL",
    help="With --accept: the tier to keep (120%, 150%; from the sales lines 110%, 125%).",
)
@by_option
@format_option
@click.pass_context
@report_options
def stretch_command(
    ctx: click.Context,
    rep: str | None,
    team: str | None,
    as_of: str | None,
    accept: str | None,
    tier: str | None,
    by: str | None,
    fmt: str,
) -> None:
    """Tiered stretch targets (120%, 150%) for reps consistently at or above quota, and
    (110%, 125%) from each rep's own trend on the sales lines; --accept REP keeps REP's
    as a goal."""
    from salespulse.insights import stretch_goals

    if accept is not None:
        accept_stretch(ctx, accept, tier, by, as_of, fmt)
        return
    if tier is not None:
        raise click.UsageError("--tier goes with --accept REP.")
    ws = open_with_data(ctx)
    found, trend = stretch_goals(ws, rep=rep, team=team, as_of=as_of)
    if fmt == "json":
        write_json([s.as_dict() for s in found] + [s.as_dict() for s in trend])
        return
    out = console()
    from salespulse.insights.core import phrases

    if not found and not trend:
        out.print("No rep has been consistently at or above quota over the last six months.")
    for st in trend:
        grid = titled_table(
            f"{who(st.rep, st.rep_name)} — stretch from their own trend for {st.period}",
            ["tier", "revenue", "orders a month", "or order value", "reached", "label"],
        )
        for x in st.tiers:
            add_row(
                grid,
                f"{x.level:.0%}",
                phrases.money(x.target, ws.settings.currency),
                phrases.number(x.orders_needed),
                phrases.money(x.order_value_needed, ws.settings.currency),
                f"{x.months_reached} of 12 months",
                x.label,
            )
        out.print(grid)
        print_line(out, "{}", st.reasoning)

    for s in found:
        grid = titled_table(
            f"{who(s.rep, s.rep_name)} — stretch targets for {s.period}",
            [
                "tier",
                "target",
                "wins a month",
                "decided deals a month",
                "or win rate",
                "reached",
                "label",
            ],
        )
        for t in s.tiers:
            add_row(
                grid,
                f"{t.level:.0%}",
                phrases.money(t.target, ws.settings.currency),
                phrases.number(t.wins_needed),
                phrases.number(t.decided_needed),
                phrases.pct(t.win_rate_needed),
                f"{t.months_reached} of 12 months",
                t.label,
            )
        out.print(grid)
        print_line(out, "{}", s.reasoning)
        for note in s.notes:
            print_line(out, "[dim]{}[/]", note)


def accept_stretch(
    ctx: click.Context, rep: str, tier: str | None, by: str | None, as_of: str | None, fmt: str
) -> None:
    """Store REP's stretch goal and print it as `goals add` does."""
    from salespulse.cli.goals_view import print_goal

    open_with_data(ctx)  # refused with a way forward while the workspace holds no data
    app = open_app(ctx)
    goal = app.accept_stretch(rep, tier, by=by, as_of=as_of)
    view = app.goal_view(goal)
    if fmt == "json":
        write_json(view)
    else:
        print_goal(view, app.ws.settings.currency)


@click.command("pairs")
@click.option("--max-mentees", type=int, default=2, show_default=True, help="Mentees per mentor.")
@click.option("--same-team", is_flag=True, help="Pair only within a team.")
@team_option
@click.option("--period", metavar="P", help="Window (default: the last 6 complete months).")
@click.option("--from", "start", metavar="DATE", help="First day of the window.")
@click.option("--to", "end", metavar="DATE", help="Last day of the window.")
@as_of_option
@format_option
@click.pass_context
@report_options
def pairs_command(
    ctx: click.Context,
    max_mentees: int,
    same_team: bool,
    team: str | None,
    period: str | None,
    start: str | None,
    end: str | None,
    as_of: str | None,
    fmt: str,
) -> None:
    """Peer-coaching pairs: each mentee's weakest significant driver is a longer-tenured
    mentor's strength (an optimal assignment)."""
    from salespulse.insights import pairs

    result = pairs(
        open_with_data(ctx),
        max_mentees=max_mentees,
        same_team=same_team,
        team=team,
        period=period,
        start=start,
        end=end,
        as_of=as_of,
    )
    if fmt == "json":
        write_json(result.as_dict())
        return
    label = result.window.label if result.window else ""
    grid = titled_table(f"Peer-coaching pairs ({label})", ["mentor", "mentee", "on", "why"])
    for p in result.pairs:
        add_row(
            grid,
            who(p.mentor, p.mentor_name),
            who(p.mentee, p.mentee_name),
            p.driver.replace("_", " "),
            p.reason,
        )
    out = console()
    out.print(
        grid
        if result.pairs
        else "No pairs: no rep has a weakness larger than noise that a longer-tenured rep "
        "is strong at."
    )
    for u in result.unpaired:
        print_line(
            out,
            "[dim]Unpaired: {} ({}): {}.[/]",
            who(u["mentee"], u["mentee_name"]),
            u["driver"].replace("_", " "),
            u["reason"],
        )
