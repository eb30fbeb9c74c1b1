"""`salespulse coach wins | stretch | pairs | one-on-one`: what to celebrate, targets for
top performers, peer-coaching pairs and one-on-one packets. Registered on the `coach`
group by `coach_commands`; like it, a thin shell over `salespulse.insights`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from salespulse.cli.coach_commands import (
    _clean,
    _console,
    _grid,
    _json,
    _open,
    as_of_option,
    coach_command,
    format_option,
    rep_option,
    team_option,
)
from salespulse.cli.output import add_row, print_line
from salespulse.errors import UserError


@coach_command.command("wins")
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

    report = wins(_open(ctx), period=period, rep=rep, team=team, as_of=as_of)
    if fmt == "json":
        _json(report.as_dict())
        return
    grid = _grid(f"Wins — {report.window.label}", ["win", "rep", "name", "what happened"])
    for w in report.wins:
        add_row(grid, w.kind.replace("_", " "), w.rep, w.rep_name, w.text)
    if report.wins:
        _console().print(grid)
    else:
        print_line(_console(), "No wins found for {}.", report.window.label)


@coach_command.command("stretch")
@rep_option
@team_option
@as_of_option
@format_option
@click.pass_context
def stretch_command(
    ctx: click.Context, rep: str | None, team: str | None, as_of: str | None, fmt: str
) -> None:
    """Tiered stretch targets (120%, 150%) for reps consistently at or above quota."""
    from salespulse.insights import stretch

    ws = _open(ctx)
    found = stretch(ws, rep=rep, team=team, as_of=as_of)
    if fmt == "json":
        _json([s.as_dict() for s in found])
        return
    out = _console()
    if not found:
        out.print("No rep has been consistently at or above quota over the last six months.")
        return
    from salespulse.insights import phrases

    for s in found:
        grid = _grid(
            f"{s.rep} {s.rep_name} — stretch targets for {s.period}",
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


@coach_command.command("pairs")
@click.option("--max-mentees", type=int, default=2, show_default=True, help="Mentees per mentor.")
@click.option("--same-team", is_flag=True, help="Pair only within a team.")
@team_option
@click.option("--period", metavar="P", help="Window (default: the last 6 complete months).")
@click.option("--from", "start", metavar="DATE", help="First day of the window.")
@click.option("--to", "end", metavar="DATE", help="Last day of the window.")
@as_of_option
@format_option
@click.pass_context
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
        _open(ctx),
        max_mentees=max_mentees,
        same_team=same_team,
        team=team,
        period=period,
        start=start,
        end=end,
        as_of=as_of,
    )
    if fmt == "json":
        _json(result.as_dict())
        return
    label = result.window.label if result.window else ""
    grid = _grid(f"Peer-coaching pairs ({label})", ["mentor", "mentee", "on", "why"])
    for p in result.pairs:
        add_row(
            grid,
            f"{p.mentor} {p.mentor_name}",
            f"{p.mentee} {p.mentee_name}",
            p.driver.replace("_", " "),
            p.reason,
        )
    out = _console()
    out.print(
        grid
        if result.pairs
        else "No pairs: no rep has a weakness larger than noise that a longer-tenured rep "
        "is strong at."
    )
    for u in result.unpaired:
        print_line(
            out,
            "[dim]Unpaired: {} {} ({}): {}.[/]",
            u["mentee"],
            u["mentee_name"],
            u["driver"].replace("_", " "),
            u["reason"],
        )


@coach_command.command("one-on-one")
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
def one_on_one_command(
    ctx: click.Context,
    rep: str,
    period: str | None,
    as_of: str | None,
    out_path: Path | None,
    fmt: str | None,
) -> None:
    """Everything for a one-on-one with REP: wins, KPIs, diagnosis, deals at risk,
    prospecting habits and a suggested agenda."""
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
    packet = one_on_one(_open(ctx), rep, period=period, as_of=as_of)
    if fmt == "json":
        text = json.dumps(_clean(packet.as_dict()), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "html":
        text = one_on_one_html.render(packet)
    else:
        text = one_on_one_markdown.render(packet)
    if out_path is None:
        click.echo(text, nl=False)
        return
    try:
        out_path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(
            f"Cannot write {out_path}: {exc.strerror}.", fix="Choose another --out."
        ) from None
    click.echo(f"Wrote the one-on-one packet for {packet.rep.name} to {out_path}.", err=True)
