"""`salespulse plans add|show|list|update`: a rep's development plan (focus areas tied to
a KPI, actions with due dates), a thin shell over `ws.app()`.

`--focus "KPI; TARGET; BY_DATE; SKILL"` (the skill in words may hold semicolons) and
`--action "TEXT; DUE"` are repeatable; `plans update REP` takes `--add-focus`,
`--add-action`, `--action-done ID`, `--change-action "ID; TEXT; DUE"`, `--drop-action ID`,
`--change-focus "ID; TARGET; BY_DATE; SKILL"` and `--drop-focus ID` together as one
change."""

from __future__ import annotations

from typing import Any

import click

from salespulse.cli.app_options import (
    by_option,
    expect_version_option,
    one_format_option,
    parts,
    shown,
    write_listing,
)
from salespulse.cli.output import (
    add_row,
    console,
    format_option,
    print_line,
    resolve_format,
    write_json,
)
from salespulse.cli.workspace_option import open_app
from salespulse.errors import UserError

FOCUS = ("kpi", "target", "by", "skill")
ACTION = ("text", "due")


def _focus(items: tuple[str, ...], flag: str) -> list[dict[str, Any]]:
    return [parts(item, FOCUS, flag, 2) for item in items]


def _actions(items: tuple[str, ...], flag: str) -> list[dict[str, Any]]:
    return [parts(item, ACTION, flag, 1) for item in items]


def _changes(items: tuple[str, ...], names: tuple[str, ...], flag: str) -> dict[int, Any]:
    """`"ID; ..."` items as {id: {name: value}}, the parts not given left out."""
    out: dict[int, Any] = {}
    for item in items:
        found = parts(item, ("id", *names), flag, 2)
        number = str(found.pop("id"))
        if not number.isdigit():
            raise UserError(
                f"{flag} {item!r} does not start with the id of one.",
                fix="Its id is the number `plans show REP` prints beside it.",
            )
        out[int(number)] = {k: v for k, v in found.items() if v is not None}
    return out


@click.group("plans")
def plans_command() -> None:
    """Development plans: per rep, focus areas (a KPI, its target and date, the skill) and
    actions, with the history of every change."""


@plans_command.command("add")
@click.argument("rep")
@click.option(
    "--focus",
    "focus",
    multiple=True,
    required=True,
    metavar='"KPI; TARGET; BY_DATE; SKILL"',
    help="A focus area (repeatable): a KPI, its target, by when, the skill in words.",
)
@click.option(
    "--action", "actions", multiple=True, metavar='"TEXT; DUE"', help="An action (repeatable)."
)
@by_option
@one_format_option
@click.pass_context
def add_command(
    ctx: click.Context,
    rep: str,
    focus: tuple[str, ...],
    actions: tuple[str, ...],
    by: str | None,
    fmt: str,
) -> None:
    """Make REP's development plan."""
    app = open_app(ctx)
    plan = app.add_plan(rep, _focus(focus, "--focus"), _actions(actions, "--action"), by=by)
    _print(app, plan, fmt)


@plans_command.command("show")
@click.argument("rep")
@one_format_option
@click.pass_context
def show_command(ctx: click.Context, rep: str, fmt: str) -> None:
    """REP's development plan: focus areas and actions (with their ids)."""
    app = open_app(ctx)
    _print(app, app.plan(rep), fmt)


@plans_command.command("list")
@format_option
@click.pass_context
def list_command(ctx: click.Context, fmt: str | None) -> None:
    """Every rep's plan: focus KPIs, open and done actions, version."""
    plans = open_app(ctx).plans()
    fmt = resolve_format(fmt)
    rows = [
        {
            "rep": p.rep,
            "focus": [f.kpi for f in p.focus],
            "open": sum(a.status == "open" for a in p.actions),
            "done": sum(a.status == "done" for a in p.actions),
            "version": p.version,
            "updated_at": p.updated_at,
            "updated_by": p.updated_by,
        }
        for p in plans
    ]
    write_listing(
        [p.as_dict() for p in plans] if fmt == "json" else rows,
        fmt,
        ["rep", "focus", "open", "done", "version", "updated_at", "updated_by"],
        "Development plans",
        'No plans yet. Make one: salespulse plans add REP --focus "KPI; TARGET; BY_DATE; SKILL"',
    )


@plans_command.command("update")
@click.argument("rep")
@click.option("--add-focus", "add_focus", multiple=True, metavar='"KPI; TARGET; BY_DATE; SKILL"')
@click.option("--add-action", "add_actions", multiple=True, metavar='"TEXT; DUE"')
@click.option(
    "--action-done", "done", multiple=True, type=int, metavar="ID", help="Mark action ID done."
)
@click.option("--change-action", "change_actions", multiple=True, metavar='"ID; TEXT; DUE"')
@click.option(
    "--drop-action", "drop_actions", multiple=True, type=int, metavar="ID", help="Remove action ID."
)
@click.option(
    "--change-focus", "change_focus", multiple=True, metavar='"ID; TARGET; BY_DATE; SKILL"'
)
@click.option(
    "--drop-focus", "drop_focus", multiple=True, type=int, metavar="ID", help="Remove focus ID."
)
@expect_version_option
@by_option
@one_format_option
@click.pass_context
def update_command(
    ctx: click.Context,
    rep: str,
    add_focus: tuple[str, ...],
    add_actions: tuple[str, ...],
    done: tuple[int, ...],
    change_actions: tuple[str, ...],
    drop_actions: tuple[int, ...],
    change_focus: tuple[str, ...],
    drop_focus: tuple[int, ...],
    expect_version: int | None,
    by: str | None,
    fmt: str,
) -> None:
    """Add focus areas or actions to REP's plan, mark actions done, change or remove
    actions and focus areas (by the ids `plans show` prints), as one change (a new
    version, with history). A change names the parts it changes: "7; 35%" changes focus
    7's target only; an action's change needs its text."""
    asked = (add_focus, add_actions, done, change_actions, drop_actions, change_focus, drop_focus)
    if not any(asked):
        raise click.UsageError(
            "Say what to change: --add-focus, --add-action, --action-done, "
            "--change-action, --drop-action, --change-focus or --drop-focus."
        )
    app = open_app(ctx)
    plan = app.update_plan(
        rep,
        add_focus=_focus(add_focus, "--add-focus"),
        add_actions=_actions(add_actions, "--add-action"),
        done_actions=done,
        by=by,
        expect_version=expect_version,
        change_actions=_changes(change_actions, ACTION, "--change-action"),
        drop_actions=drop_actions,
        change_focus=_changes(change_focus, FOCUS[1:], "--change-focus"),
        drop_focus=drop_focus,
    )
    _print(app, plan, fmt)


def _print(app: Any, plan: Any, fmt: str) -> None:
    view = app.plan_view(plan)
    if fmt == "json":
        write_json(view)
        return
    from rich import box
    from rich.table import Table

    from salespulse.cli.goals_view import target_text

    currency = app.ws.settings.currency
    out = console()
    print_line(
        out,
        "[bold]Development plan of {}[/] (version {}, changed {} UTC by {})",
        plan.rep,
        plan.version,
        shown(plan.updated_at),
        plan.updated_by,
    )
    focus = [
        {
            **item,
            **{
                col: target_text(item["kpi"], item[col], currency)
                for col in ("baseline", "current", "target")
                if item[col] is not None
            },
            "progress": None if item["progress"] is None else f"{item['progress']:.0%}",
        }
        for item in view["focus"]
    ]
    for title, rows, cols in (
        ("Focus", focus, ("id", "kpi", "baseline", "current", "target", "by", "progress", "skill")),
        ("Actions", view["actions"], ("id", "text", "due", "status", "done_at")),
        (
            "Steps towards goals",
            view.get("steps", []),
            ("id", "goal", "text", "owner", "due", "done_at"),
        ),
    ):
        grid = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, title_justify="left")
        for col in cols:
            grid.add_column(col.replace("_at", ""), overflow="fold")
        for row in rows:
            add_row(grid, *("" if row[c] is None else shown(row[c]) for c in cols))
        if rows:
            out.print(grid)
    measured = [item for item in view["focus"] if "start" in item]
    if measured:
        first = measured[0]
        print_line(
            out,
            "[dim]current: the 90 days {} to {}; baseline: the 90 days to the day it was taken; "
            "progress = (current − baseline) ÷ (target − baseline)[/]",
            first["start"],
            first["end"],
        )
    for item in view["focus"]:
        if "note" in item:
            print_line(out, "[dim]{} not measured: {}[/]", item["kpi"], item["note"])
