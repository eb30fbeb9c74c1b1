"""What the app-database commands (goals, plans, one-on-ones, check-in, users) share:
`--by NAME` (who makes a change), `--expect-version V`, a `--format table|json` for one
thing, the "A; B; C" form of `--focus` and `--action`, and printing a list of records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import click

from salespulse.cli.output import add_row, console, write_json, write_records
from salespulse.errors import UserError

by_option = click.option(
    "--by",
    "by",
    default=None,
    metavar="NAME",
    help="Who makes the change (default: the OS user); recorded with the time in the history.",
)
expect_version_option = click.option(
    "--expect-version",
    "expect_version",
    type=int,
    default=None,
    metavar="V",
    help="Refuse the change unless it is still at version V (the version you read).",
)
one_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)


def parts(text: str, names: Sequence[str], flag: str, required: int) -> dict[str, str | None]:
    """`"A; B; C"` as {name: part} (missing or empty parts None); at least `required`."""
    pieces = [p.strip() for p in text.split(";")]
    if len(pieces) > len(names):  # the last part (free text) may hold semicolons
        pieces = [*pieces[: len(names) - 1], "; ".join(pieces[len(names) - 1 :])]
    found = {n: (pieces[i] or None) if i < len(pieces) else None for i, n in enumerate(names)}
    if any(found[n] is None for n in names[:required]):
        shown = "; ".join(n.upper() for n in names)
        raise UserError(
            f"{flag} {text!r} is not {shown}.",
            fix=f'Write {flag} "{shown}" (the first {required} are needed), separated by '
            "semicolons.",
        )
    return found


def write_listing(
    records: Sequence[Mapping[str, Any]],
    fmt: str,
    columns: Sequence[str],
    title: str,
    empty: str,
) -> None:
    """Records as a Rich table (the `columns`), CSV or JSON (every field)."""
    if fmt == "json":
        write_json(list(records))
        return
    if fmt == "csv":
        write_records(records, fmt, columns)
        return
    from rich import box
    from rich.table import Table

    out = console()
    if not records:
        out.print(empty, soft_wrap=True)
        return
    grid = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for col in columns:
        grid.add_column(
            col, justify="right" if col in ("id", "version") else "left", overflow="fold"
        )
    for r in records:
        add_row(grid, *("" if r.get(c) is None else shown(r.get(c)) for c in columns))
    out.print(grid)


def shown(value: Any) -> str:
    """A value in a table cell: times to the minute (UTC), lists joined."""
    from datetime import datetime

    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
