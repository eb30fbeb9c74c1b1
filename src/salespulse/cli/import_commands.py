"""`salespulse import` and `salespulse validate`."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from salespulse.cli.output import write_json
from salespulse.cli.report_view import report_json, show_report
from salespulse.cli.workspace_option import open_workspace, workspace_path
from salespulse.errors import UserError
from salespulse.model.contract import TABLES
from salespulse.workspace import for_validation

TABLE_NAMES = tuple(TABLES)


def _pairs(
    values: tuple[str, ...], option: str, allow_empty: bool = False
) -> list[tuple[str, str]]:
    pairs = []
    shape = "'Stage=lost'" if option == "--stage" else "'Header=column'"
    for item in values:
        if "=" not in item:
            raise click.BadParameter(f"{item!r} should look like {shape}.", param_hint=option)
        left, right = item.rsplit("=", 1) if option in ("--map", "--stage") else item.split("=", 1)
        if not left.strip() or (not right.strip() and not allow_empty):
            raise click.BadParameter(f"{item!r} should look like {shape}.", param_hint=option)
        pairs.append((left.strip(), right.strip()))
    return pairs


def _split_args(args: tuple[str, ...]) -> tuple[str | None, str]:
    if len(args) == 1:
        return None, args[0]
    if len(args) == 2:
        if args[0] not in TABLE_NAMES:
            raise click.BadParameter(
                f"{args[0]!r} is not a table; use one of {', '.join(TABLE_NAMES)}.",
                param_hint="TABLE",
            )
        return args[0], args[1]
    raise click.UsageError(
        "Give the file to import, optionally preceded by the table: [TABLE] FILE"
    )


def _common(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.argument("args", nargs=-1, required=True, metavar="[TABLE] FILE"),
        click.option(
            "--map",
            "maps",
            multiple=True,
            metavar="'HEADER=column'",
            help="Map a file header onto a column (repeatable); 'HEADER=' sets it aside.",
        ),
        click.option(
            "--set",
            "sets",
            multiple=True,
            metavar="column=VALUE",
            help="Give a column the file lacks one value on every row (e.g. status=won).",
        ),
        click.option(
            "--fill",
            "fills",
            multiple=True,
            metavar="column=VALUE",
            help="Use VALUE where the column is empty.",
        ),
        click.option(
            "--stage",
            "stage_words",
            multiple=True,
            metavar="'STAGE=status'",
            help="Read a stage as open, won or lost for this import (repeatable), "
            "e.g. 'Declined=lost'.",
        ),
        click.option(
            "--missing",
            "missing",
            multiple=True,
            metavar="TEXT",
            help="A value that means missing in every column, text too (repeatable), e.g. NA.",
        ),
        click.option(
            "--dayfirst/--monthfirst",
            default=None,
            help="How to read dates like 03/04/2025 when the file does not say.",
        ),
        click.option(
            "--multiplier",
            type=float,
            default=1.0,
            show_default=True,
            help="Multiply quota targets (1000 for targets in thousands).",
        ),
        click.option(
            "--sheet",
            metavar="NAME",
            default=None,
            help="The spreadsheet's sheet to read (default: the first).",
        ),
        click.option(
            "--on-error",
            "on_error",
            type=click.Choice(["refuse", "skip"]),
            default="refuse",
            show_default=True,
            help="refuse: a bad row refuses the file; skip: store the good rows and write "
            "the refused ones to rejects/<import id>.csv in the workspace.",
        ),
        click.option(
            "--format",
            "fmt",
            type=click.Choice(["table", "json"]),
            default="table",
            show_default=True,
            help="Human summary or every finding as JSON.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, float], None] | None]:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from salespulse.cli.output import console

    bar = Progress(
        TextColumn("{task.description:<18}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def update(step: str, fraction: float) -> None:
        if step not in tasks:
            tasks[step] = bar.add_task(step, total=1.0)
        bar.update(tasks[step], completed=fraction)

    with bar:
        yield update


def _one_each(pairs: list[tuple[str, str]], option: str) -> dict[str, str]:
    """The `column=VALUE` (or `STAGE=status`) pairs as a mapping, refused when one column
    (or stage) is given two values."""
    found: dict[str, str] = {}
    for left, right in pairs:
        if left in found and found[left] != right:
            raise click.BadParameter(
                f"{left!r} is given twice ({left}={found[left]} and {left}={right}).",
                param_hint=option,
            )
        found[left] = right
    return found


def _import(
    ws: Any, table: str | None, file: str, dry_run: bool, kw: dict[str, Any], progress: Any
) -> Any:
    """The import (or with `dry_run` the validation) through the API,
    `Workspace.import_file`: its report, errors included."""
    from salespulse.errors import ValidationFailed

    try:
        return ws.import_file(
            table,
            file,
            _pairs(kw["maps"], "--map", allow_empty=True),  # a header may fill two columns
            mode=kw.get("mode", "append"),
            force=kw.get("force", False),
            skip_existing=kw.get("skip_existing", False),
            as_of=kw["as_of"].date() if kw.get("as_of") else None,
            dry_run=dry_run,
            set_values=_one_each(_pairs(kw["sets"], "--set"), "--set"),
            fill=_one_each(_pairs(kw["fills"], "--fill"), "--fill"),
            dayfirst=kw["dayfirst"],
            multiplier=kw["multiplier"],
            progress=progress,
            sheet=kw["sheet"],
            on_error=kw["on_error"],
            stages=_one_each(_pairs(kw["stage_words"], "--stage"), "--stage"),
            missing=list(kw["missing"]),
        )
    except ValidationFailed as failed:
        return failed.report


def _run(ctx: click.Context, args: tuple[str, ...], dry_run: bool, fmt: str, **kw: Any) -> None:
    table, file = _split_args(args)
    with contextlib.ExitStack() as stack:
        if dry_run:  # checks against the workspace if there is one, never creates one
            ws = stack.enter_context(
                for_validation(workspace_path(ctx), wait=ctx.find_root().obj.get("wait"))
            )
        else:
            ws = open_workspace(ctx, create=True)
        with _progress(fmt == "table" and sys.stderr.isatty()) as progress:
            report = _import(ws, table, file, dry_run, kw, progress)
    if fmt == "json":
        write_json(report_json(report))
    else:
        show_report(report, validate_only=dry_run)
    if not report.ok:
        ctx.exit(2)


@click.command("import")
@_common
@click.option(
    "--mode",
    type=click.Choice(["append", "replace", "upsert"]),
    default="append",
    show_default=True,
    help="Add to the table, replace its contents, or (keyed tables) update rows by key "
    "and add the others.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Import a file even if it was imported before, or its rows are already stored.",
)
@click.option(
    "--skip-existing",
    is_flag=True,
    help="Append only the rows not already stored (an overlapping or corrected export).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="With --mode upsert: the date a deals snapshot's stage changes are entered at "
    "(default: today).",
)
@click.option("--dry-run", is_flag=True, help="Validate and report; store nothing.")
@click.option(
    "--server",
    metavar="URL",
    default=None,
    help="Import through a running `salespulse serve` at URL (it writes its workspace) "
    "instead of waiting for it; needs an admin's API token.",
)
@click.option(
    "--token",
    default=None,
    envvar="SALESPULSE_TOKEN",
    help="With --server: the API token (`salespulse users token NAME`; also SALESPULSE_TOKEN).",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    /,
    args: tuple[str, ...],
    dry_run: bool,
    fmt: str,
    server: str | None,
    token: str | None,
    **kw: Any,
) -> None:
    """Import FILE (CSV, TSV, Excel, OpenDocument, Parquet, JSON Lines) into TABLE.

    Every import is listed by `salespulse imports` and can be undone.

    TABLE is one of sales, orders, products, categories, reps, deals, deal_stages, leads,
    activities, quotas; leave it out to have it guessed from the headers. The import
    lands whole or not at all.
    """
    if server is not None:
        _through_server(ctx, server, token, args, dry_run, fmt, **kw)
        return
    _run(ctx, args, dry_run, fmt, **kw)


def _through_server(
    ctx: click.Context,
    server: str,
    token: str | None,
    args: tuple[str, ...],
    dry_run: bool,
    fmt: str,
    **kw: Any,
) -> None:
    from salespulse.cli.import_server import post

    table, file = _split_args(args)
    flags = {"maps": "--map", "sets": "--set", "fills": "--fill", "stage_words": "--stage"}
    flags |= {"dayfirst": "--dayfirst/--monthfirst", "skip_existing": "--skip-existing"}
    given = [
        flags.get(name, f"--{name.replace('_', '-')}")
        for name, value in kw.items()
        if name not in ("mode", "force") and value not in (None, (), [], False, 1.0, "refuse")
    ]
    if given:
        raise UserError(
            f"{', '.join(sorted(given))} cannot go through --server yet.",
            fix="Import on the server's machine while it is stopped, or leave them out.",
        )
    report = post(
        server, token, table, Path(file), mode=kw["mode"], force=kw["force"], dry_run=dry_run
    )
    if fmt == "json":
        write_json(report_json(report))
    else:
        show_report(report, validate_only=dry_run)
    if not report.ok:
        ctx.exit(2)


@click.command("validate")
@_common
@click.pass_context
def validate_command(ctx: click.Context, /, args: tuple[str, ...], fmt: str, **kw: Any) -> None:
    """Check FILE as an import would, and report; store nothing.

    Exit code 2 when the file has errors.
    """
    _run(ctx, args, True, fmt, **kw)
