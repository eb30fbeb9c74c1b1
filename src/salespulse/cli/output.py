"""Writing results as a Rich table, CSV or JSON (the machine-readable formats are a
contract: scripts parse them). Values are written as `salespulse.model.json_values`
writes them (`plain`: ISO dates, NaN as empty, floats without binary noise; the web
dashboard's JSON shares it), `to_json`/`write_json` write any result as JSON through it,
and `write_records` writes rows as CSV or JSON. CSV cells are
made safe for spreadsheets (`salespulse.model.safe_text`); values printed through Rich go
through `escape_markup`."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from salespulse.model.json_values import json_ready, plain
from salespulse.model.safe_text import write_csv

FORMATS = ("table", "csv", "json")

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: table on a terminal, csv otherwise).",
)


def resolve_format(fmt: str | None) -> str:
    if fmt:
        return fmt
    return "table" if sys.stdout.isatty() else "csv"


def to_json(value: Any) -> str:
    """`value` as the JSON every `--format json` writes (indented, UTF-8 as written)."""
    return json.dumps(json_ready(value), indent=2, ensure_ascii=False, allow_nan=False)


def write_json(value: Any) -> None:
    click.echo(to_json(value))


def write_records(
    records: Sequence[Mapping[str, Any]], fmt: str, columns: Sequence[str] | None = None
) -> None:
    cols = list(columns) if columns is not None else (list(records[0]) if records else [])
    if fmt == "json":
        write_json([{c: r.get(c) for c in cols} for r in records])
    elif fmt == "csv":
        write_csv(sys.stdout, [cols, *([plain(r.get(c)) for c in cols] for r in records)])
    else:
        raise ValueError(fmt)


def escape_markup(value: object) -> str:
    """`value` as text to put into a Rich string or table cell: printed as written, so a
    fix text naming `[stages]` or a rep named `[bold red]x[/]` shows literally."""
    from rich.markup import escape

    return escape(str(value))


def add_row(grid: Any, *cells: object) -> None:
    """Add a row of values to a Rich table, each printed as written (a Rich `Text` keeps
    its style)."""
    from rich.text import Text

    grid.add_row(*(c if isinstance(c, Text) else escape_markup(c) for c in cells))


def print_line(out: Any, markup: str, *values: object) -> None:
    """Print `markup` (the CLI's own) with `values` put into its `{}` as written."""
    out.print(markup.format(*(escape_markup(v) for v in values)), soft_wrap=True)


def console(stderr: bool = False) -> Any:
    """The Rich console: no highlighting and no emoji codes (`:thumbs_up:` in a value
    prints as written); markup only where the CLI writes it, values through
    `escape_markup`."""
    from rich.console import Console

    return Console(highlight=False, emoji=False, stderr=stderr)


def write_text(text: str, out_path: Path | None, wrote: str | None = None) -> None:
    """`text` to stdout, or to the `--out` file (then "Wrote ..." on stderr: `wrote`, or
    the file's name); a file that cannot be written is a message, not a traceback."""
    if out_path is None:
        click.echo(text, nl=False)
        return
    try:
        out_path.write_text(text, encoding="utf-8")
    except OSError as exc:
        from salespulse.errors import UserError

        raise UserError(
            f"Cannot write {out_path}: {exc.strerror}.", fix="Choose another --out."
        ) from None
    click.echo(wrote or f"Wrote {out_path}.", err=True)
