"""`salespulse coach ...`: diagnosis, flags and leaderboards, wins, stretch goals,
peer-coaching pairs and one-on-one packets. A thin shell over `salespulse.insights`:
every number and sentence comes from the library; this module only prints it."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import click

from salespulse.cli import workspace_path
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
    import salespulse

    path = workspace_path(ctx)
    if not (path / "salespulse.duckdb").exists():
        raise UserError(
            f"{path} holds no data yet.",
            fix="Import your tables (salespulse import deals FILE ...) or try: salespulse demo",
        )
    return salespulse.open(path, create=False)


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
    from rich.table import Table

    grid = Table(title=title, caption=caption or None, show_lines=False)
    for col in columns:
        grid.add_column(col, overflow="fold")
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
        grid.add_row(
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
        out.print(f"\n[bold]{d.rep} {d.rep_name}[/]: {d.summary}", soft_wrap=True)
        if rep is not None:
            drivers = _grid("", ["driver", "rep", "benchmark", "share", "beyond noise", "test"])
            for x in d.drivers:
                drivers.add_row(
                    x.label,
                    phrases.value(_DRIVER_UNITS.get(x.driver, ""), x.rep_value, currency),
                    phrases.value(_DRIVER_UNITS.get(x.driver, ""), x.benchmark_value, currency),
                    "—" if x.share is None else phrases.pct(x.share),
                    "yes" if x.significant else ("not enough data" if not x.enough_data else "no"),
                    x.test + (f" — {x.more_data} would decide it" if x.more_data else ""),
                )
            out.print(drivers)


#: How a driver's values are shown (the KPI unit each one is measured in).
_DRIVER_UNITS = {
    "win_rate": "ratio",
    "deal_size": "money",
    "cycle": "days",
    "speed_to_lead": "minutes",
}


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
    from salespulse.insights import phrases

    out = _console()
    grid = _grid(
        f"Flags as of {report.as_of} (current period {report.period.label})",
        ["kind", "flag", "rep", "name", "evidence"],
    )
    style = {"struggling": "red", "watch": "yellow", "thriving": "green"}
    for f in report.flags:
        grid.add_row(
            f"[{style[f.kind]}]{f.kind}[/]", f.flag.replace("_", " "), f.rep, f.rep_name, f.evidence
        )
    out.print(grid if report.flags else "No flags.")
    for board in report.leaderboards:
        table = _grid(
            f"{board.title} — {board.window.label}",
            ["#", "rep", "name", "team", "value", "detail"],
            board.note,
        )
        for e in board.entries[:top]:
            value = phrases.pct(e.value) if board.unit == "ratio" else f"{e.value * 100:+.0f} pts"
            table.add_row(str(e.rank), e.rep, e.rep_name, e.team or "—", value, e.detail)
        out.print(table)


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
        grid.add_row(w.kind.replace("_", " "), w.rep, w.rep_name, w.text)
    _console().print(grid if report.wins else f"No wins found for {report.window.label}.")


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
            grid.add_row(
                f"{t.level:.0%}",
                phrases.money(t.target, ws.settings.currency),
                phrases.number(t.wins_needed),
                phrases.number(t.decided_needed),
                phrases.pct(t.win_rate_needed),
                f"{t.months_reached} of 12 months",
                t.label,
            )
        out.print(grid)
        out.print(s.reasoning, soft_wrap=True)
        for note in s.notes:
            out.print(f"[dim]{note}[/]", soft_wrap=True)


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
        grid.add_row(
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
        out.print(
            f"[dim]Unpaired: {u['mentee']} {u['mentee_name']} "
            f"({u['driver'].replace('_', ' ')}): {u['reason']}.[/]",
            soft_wrap=True,
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
