"""`salespulse one-on-ones add|list|update|done` and `salespulse check-in`: meetings with their
notes, ratings and action items, and the rep's weekly self-assessment; a thin shell over
`ws.app()`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from salespulse.cli.app_options import (
    by_option,
    expect_version_option,
    one_format_option,
    parts,
    write_listing,
)
from salespulse.cli.output import format_option, resolve_format, write_json
from salespulse.cli.workspace_option import open_app
from salespulse.errors import UserError

ACTION = ("text", "owner", "due")
rating = click.IntRange(1, 5)


@click.group("one-on-ones")
def one_on_ones_command() -> None:
    """One-on-ones: Markdown notes, the rep's confidence and workload (1-5) and the
    action items agreed."""


def _notes(source: str | None) -> str:
    if source is None:
        return ""
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(
            f"Cannot read the notes from {source}: {getattr(exc, 'strerror', None) or exc}.",
            fix="Give --notes a UTF-8 text (Markdown) file, or - to read them from stdin.",
        ) from None


@one_on_ones_command.command("add")
@click.argument("rep")
@click.option("--date", "date", default=None, metavar="DATE", help="When (default: today).")
@click.option("--notes", default=None, metavar="FILE|-", help="Markdown notes: a file, or -.")
@click.option("--confidence", type=rating, default=None, help="The rep's confidence, 1-5.")
@click.option("--workload", type=rating, default=None, help="The rep's workload, 1-5.")
@click.option(
    "--action",
    "actions",
    multiple=True,
    metavar='"TEXT; OWNER; DUE"',
    help="An action item agreed (repeatable).",
)
@by_option
@one_format_option
@click.pass_context
def add_command(
    ctx: click.Context,
    rep: str,
    date: str | None,
    notes: str | None,
    confidence: int | None,
    workload: int | None,
    actions: tuple[str, ...],
    by: str | None,
    fmt: str,
) -> None:
    """Record a one-on-one with REP."""
    items = [parts(a, ACTION, "--action", 2) for a in actions]
    meeting = open_app(ctx).add_one_on_one(
        rep, date, _notes(notes), confidence, workload, items, by=by
    )
    if fmt == "json":
        write_json(meeting)
        return
    ids = ", ".join(str(a.id) for a in meeting.actions)
    more = f", action items {ids}" if ids else ""
    click.echo(f"Recorded one-on-one {meeting.id} with {meeting.rep} on {meeting.date}{more}.")


@one_on_ones_command.command("list")
@click.argument("rep")
@format_option
@click.pass_context
def list_command(ctx: click.Context, rep: str, fmt: str | None) -> None:
    """REP's one-on-ones, the latest first, with their action items."""
    meetings = open_app(ctx).one_on_ones(rep)
    fmt = resolve_format(fmt)
    if fmt == "json":
        write_json(meetings)
        return
    if fmt == "csv":
        rows = [
            {"one_on_one": m.id, "date": m.date, **a.as_dict()} for m in meetings for a in m.actions
        ]
        columns = ["one_on_one", "date", "id", "text", "owner", "due", "done_at", "done_by"]
        write_listing(rows, fmt, columns, "", "")
        return
    _print_meetings(rep, meetings)


def _print_meetings(rep: str, meetings: list[Any]) -> None:
    from rich import box
    from rich.table import Table

    from salespulse.cli.output import add_row, console, escape_markup, print_line

    out = console()
    if not meetings:
        out.print(
            escape_markup(
                f"No one-on-ones with {rep} yet. Record one: salespulse one-on-ones add {rep}"
            )
        )
        return
    for m in meetings:
        ratings = [
            f"{k} {v}/5" for k, v in (("confidence", m.confidence), ("workload", m.workload))
        ]
        shown = ", ".join(r for r, v in zip(ratings, (m.confidence, m.workload), strict=True) if v)
        print_line(
            out,
            "[bold]One-on-one {} with {} on {}[/]{} (by {}, version {})",
            m.id,
            m.rep,
            m.date,
            f": {shown}" if shown else "",
            m.created_by,
            m.version,
        )
        for line in m.notes.strip().splitlines():
            print_line(out, "  {}", line)
        if m.actions:
            grid = Table(box=box.SIMPLE_HEAD, show_edge=False)
            for col in ("action", "text", "owner", "due", "done"):
                grid.add_column(col)
            for a in m.actions:
                done = f"{a.done_at:%Y-%m-%d} ({a.done_by})" if a.done_at else ""
                add_row(grid, a.id, a.text, a.owner, a.due or "", done)
            out.print(grid)


@one_on_ones_command.command("update")
@click.argument("meeting_id", metavar="ID", type=int)
@click.option("--notes", default=None, metavar="FILE|-", help="New Markdown notes: a file, or -.")
@click.option("--confidence", type=rating, default=None, help="The rep's confidence, 1-5.")
@click.option("--workload", type=rating, default=None, help="The rep's workload, 1-5.")
@click.option(
    "--clear",
    "clear",
    multiple=True,
    type=click.Choice(["confidence", "workload"]),
    help="Remove a rating (repeatable).",
)
@expect_version_option
@by_option
@one_format_option
@click.pass_context
def update_command(
    ctx: click.Context,
    meeting_id: int,
    notes: str | None,
    confidence: int | None,
    workload: int | None,
    clear: tuple[str, ...],
    expect_version: int | None,
    by: str | None,
    fmt: str,
) -> None:
    """Change one-on-one ID's notes or ratings (the ones given; the ids `one-on-ones
    list` prints), as a new version with history."""
    changes: dict[str, Any] = {name: None for name in clear}
    if notes is not None:
        changes["notes"] = _notes(notes)
    for name, value in (("confidence", confidence), ("workload", workload)):
        if value is not None:
            if name in clear:
                raise click.UsageError(f"Give --{name} or --clear {name}, not both.")
            changes[name] = value
    if not changes:
        raise click.UsageError("Say what to change: --notes, --confidence, --workload or --clear.")
    meeting = open_app(ctx).update_one_on_one(
        meeting_id, changes, by=by, expect_version=expect_version
    )
    if fmt == "json":
        write_json(meeting)
        return
    click.echo(
        f"One-on-one {meeting.id} with {meeting.rep} on {meeting.date} changed "
        f"(version {meeting.version}, by {meeting.updated_by})."
    )


@one_on_ones_command.command("done")
@click.argument("action_id", metavar="ACTION_ID", type=int)
@by_option
@click.pass_context
def done_command(ctx: click.Context, action_id: int, by: str | None) -> None:
    """Mark a one-on-one's action item done."""
    item = open_app(ctx).action_done(action_id, by=by)
    click.echo(f"Action item {item.id} ({item.text}) done by {item.done_by}.")


@click.command("check-in")
@click.argument("rep")
@click.option("--week", required=True, metavar="LABEL", help="2026-W45, or the week's first day.")
@click.option("--confidence", type=rating, default=None, help="How confident, 1-5.")
@click.option("--wins", default=None, metavar="TEXT", help="What went well.")
@click.option("--blockers", default=None, metavar="TEXT", help="What is in the way.")
@by_option
@one_format_option
@click.pass_context
def check_in_command(
    ctx: click.Context,
    rep: str,
    week: str,
    confidence: int | None,
    wins: str | None,
    blockers: str | None,
    by: str | None,
    fmt: str,
) -> None:
    """REP's own weekly check-in; a second one for the same week changes it (with
    history)."""
    done = open_app(ctx).check_in(rep, week, confidence, wins, blockers, by=by)
    if fmt == "json":
        write_json(done)
        return
    again = " (changed)" if done.updated_at != done.created_at else ""
    click.echo(f"Check-in of {done.rep} for {done.week} recorded{again}.")
