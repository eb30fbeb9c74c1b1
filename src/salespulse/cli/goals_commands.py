"""`salespulse goals add|list|show|update|split|close|history|step|step-done`: goals kept in the
app database, a thin shell over `ws.app()` (salespulse.workspace_app). A goal's JSON is
`AppData.goal_view`'s."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from salespulse.cli.app_options import (
    by_option,
    expect_version_option,
    one_format_option,
    write_listing,
)
from salespulse.cli.kpi_commands import parse_where
from salespulse.cli.output import format_option, resolve_format, write_json
from salespulse.cli.workspace_option import open_app
from salespulse.errors import UserError

if TYPE_CHECKING:
    from salespulse.workspace_app import AppData

LIST_COLUMNS = ["id", "owner", "kpi", "target", "period", "where", "state", "version", "what"]
HISTORY_COLUMNS = ["version", "changed_at", "changed_by", "action", "changes"]


@click.group("goals")
def goals_command() -> None:
    """Goals: a KPI's target for a rep, a team or everyone over a period, with steps and
    the history of every change (kept in the app database)."""


def _print(app: AppData, view: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        write_json(view)
    else:
        from salespulse.cli.goals_view import print_goal

        print_goal(view, app.ws.settings.currency)


@goals_command.command("add")
@click.option("--owner", required=True, metavar="REP|TEAM", help="A rep, a team, or all.")
@click.option(
    "--owner-kind",
    "owner_kind",
    type=click.Choice(["rep", "team", "all"]),
    default=None,
    help="Whether the owner is a rep or a team (found in the data when it is left out).",
)
@click.option("--kpi", required=True, metavar="NAME", help="A KPI of the registry.")
@click.option("--target", required=True, metavar="X", help="The target (a ratio: 0.3 or 30%).")
@click.option("--period", required=True, metavar="LABEL", help="2026-11, 2026-Q4, 2026 ...")
@click.option("--where", "where", multiple=True, metavar="DIM=VALUE", help="Narrow (repeatable).")
@click.option("--what", default=None, help="The goal in words.")
@click.option("--why", default=None, help="Why it matters.")
@click.option(
    "--split",
    type=click.Choice(["quota", "equal", "manual"]),
    default=None,
    help="How a team goal is shared out across its reps: by their quotas, equally, or by --share.",
)
@click.option(
    "--share",
    "shares",
    multiple=True,
    metavar="REP=TARGET",
    help="A rep's part of a team goal split manually (repeatable; they add up to --target).",
)
@by_option
@one_format_option
@click.pass_context
def add_command(ctx: click.Context, /, **options: Any) -> None:
    """Add a goal and print it (JSON: its id and version); with --split, its reps' child
    goals too."""
    app = open_app(ctx)
    fmt = options.pop("fmt")
    options["where"] = parse_where(options["where"])
    options["shares"] = dict(_share(text) for text in options["shares"])
    goal = app.add_goal(**options)
    _print(app, app.goal_view(goal), fmt)


@goals_command.command("list")
@click.option("--owner", default=None, metavar="REP|TEAM", help="Only this owner's goals.")
@click.option("--state", type=click.Choice(["open", "closed"]), default=None)
@format_option
@click.pass_context
def list_command(ctx: click.Context, owner: str | None, state: str | None, fmt: str | None) -> None:
    """The goals, oldest first."""
    app = open_app(ctx)
    views = [app.goal_view(g, detail=False) for g in app.goals(owner, state)]
    from salespulse.cli.goals_view import target_text

    currency = app.ws.settings.currency
    rows = [
        {
            **v,
            "where": _where_text(v["where"]),
            "target": target_text(v["kpi"], v["target"], currency),
        }
        for v in views
    ]
    fmt = resolve_format(fmt)
    write_listing(
        views if fmt == "json" else rows,
        fmt,
        LIST_COLUMNS,
        "Goals",
        "No goals yet. Add one: salespulse goals add --owner REP --kpi NAME --target X "
        "--period LABEL",
    )


def _where_text(where: dict[str, list[str]]) -> str:
    return ", ".join(f"{dim}={'|'.join(values)}" for dim, values in where.items())


@goals_command.command("show")
@click.argument("goal_id", metavar="ID", type=int)
@one_format_option
@click.pass_context
def show_command(ctx: click.Context, goal_id: int, fmt: str) -> None:
    """A goal with its steps, children (a team goal's split) and history."""
    app = open_app(ctx)
    _print(app, app.goal_view(app.goal(goal_id)), fmt)


@goals_command.command("update")
@click.argument("goal_id", metavar="ID", type=int)
@click.option("--target", default=None, metavar="X")
@click.option("--period", default=None, metavar="LABEL")
@click.option("--what", default=None)
@click.option("--why", default=None)
@expect_version_option
@by_option
@one_format_option
@click.pass_context
def update_command(
    ctx: click.Context,
    /,
    goal_id: int,
    expect_version: int | None,
    by: str | None,
    fmt: str,
    **values: Any,
) -> None:
    """Change a goal's target, period, what or why (a new version, with history). Another
    command's change made meanwhile is kept; with --expect-version a goal at any other
    version is refused."""
    changes = {k: v for k, v in values.items() if v is not None}
    if not changes:
        raise click.UsageError("Say what to change: --target, --period, --what or --why.")
    app = open_app(ctx)
    goal = app.update_goal(goal_id, changes, by=by, expect_version=expect_version)
    _print(app, app.goal_view(goal), fmt)


@goals_command.command("split")
@click.argument("goal_id", metavar="ID", type=int)
@click.option(
    "--how",
    type=click.Choice(["quota", "equal", "manual"]),
    required=True,
    help="Share the team goal out by the reps' quotas, equally, or by --share.",
)
@click.option(
    "--share",
    "shares",
    multiple=True,
    metavar="REP=TARGET",
    help="A rep's part, with --how manual (repeatable; they add up to the goal's target).",
)
@expect_version_option
@by_option
@one_format_option
@click.pass_context
def split_command(
    ctx: click.Context,
    /,
    goal_id: int,
    how: str,
    shares: tuple[str, ...],
    expect_version: int | None,
    by: str | None,
    fmt: str,
) -> None:
    """Split a stored team goal across its reps as child goals (as `goals add --split`
    does) and print the team goal with them; refused for a rep's goal or a rep who has a
    share already, and with --expect-version for a goal at any other version."""
    app = open_app(ctx)
    given = dict(_share(text) for text in shares)
    app.split_goal(goal_id, how, given or None, by=by, expect_version=expect_version)
    _print(app, app.goal_view(app.goal(goal_id)), fmt)


@goals_command.command("close")
@click.argument("goal_id", metavar="ID", type=int)
@expect_version_option
@by_option
@click.pass_context
def close_command(
    ctx: click.Context, goal_id: int, expect_version: int | None, by: str | None
) -> None:
    """Close a goal (kept, with its history; no longer changed)."""
    goal = open_app(ctx).close_goal(goal_id, by=by, expect_version=expect_version)
    click.echo(
        f"Closed goal {goal.id} ({goal.owner}: {goal.kpi} {goal.period}), version {goal.version}."
    )


@goals_command.command("history")
@click.argument("goal_id", metavar="ID", type=int)
@format_option
@click.pass_context
def history_command(ctx: click.Context, goal_id: int, fmt: str | None) -> None:
    """Every change to a goal and its steps: version, when, who, what changed."""
    from salespulse.cli.goals_view import changed_fields

    changes = open_app(ctx).goal_history(goal_id)
    fmt = resolve_format(fmt)
    rows = [
        {
            **c.as_dict(),
            "changes": changed_fields(c.entity, c.entity_id, c.action, c.before, c.after),
        }
        for c in changes
    ]
    write_listing(
        [c.as_dict() for c in changes] if fmt == "json" else rows,
        fmt,
        HISTORY_COLUMNS,
        f"History of goal {goal_id}",
        f"Goal {goal_id} has no history.",
    )


@goals_command.command("step")
@click.argument("goal_id", metavar="ID", type=int)
@click.argument("text")
@click.option("--owner", required=True, metavar="NAME", help="Who takes the step.")
@click.option("--due", default=None, metavar="DATE", help="When it is due (YYYY-MM-DD).")
@by_option
@click.pass_context
def step_command(
    ctx: click.Context, goal_id: int, text: str, owner: str, due: str | None, by: str | None
) -> None:
    """Add an operational step to goal ID ("shadow two calls of a senior rep")."""
    step = open_app(ctx).add_step(goal_id, text, owner, due, by=by)
    due_text = f", due {step.due}" if step.due else ""
    click.echo(f"Added step {step.id} to goal {goal_id} for {step.owner}{due_text}.")


@goals_command.command("step-done")
@click.argument("step_id", metavar="STEP_ID", type=int)
@by_option
@click.pass_context
def step_done_command(ctx: click.Context, step_id: int, by: str | None) -> None:
    """Mark a goal's step done."""
    step = open_app(ctx).step_done(step_id, by=by)
    click.echo(f"Step {step.id} of goal {step.goal_id} done ({step.done_by}).")


def _share(text: str) -> tuple[str, str]:
    rep, sign, target = text.partition("=")
    if not sign or not rep.strip() or not target.strip():
        raise UserError(
            f"--share {text!r} is not REP=TARGET.", fix="Write it like --share ana=40000."
        )
    return rep.strip(), target.strip()
