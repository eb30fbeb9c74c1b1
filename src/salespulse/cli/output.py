"""Writing results as a Rich table, CSV or JSON (the machine-readable formats are a
contract: scripts parse them)."""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import click

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


def plain(value: Any) -> Any:
    """A JSON/CSV-friendly scalar: ISO dates, no NaN (empty instead), and floats without
    the noise of binary sums: 9915186.869999927 is written 9915186.87 (12 significant
    digits; at least the cents of amounts above ten billion)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return (
            value.isoformat(sep=" ")
            if value.time() != datetime.min.time()
            else value.date().isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return float(f"{value:.12g}") if abs(value) < 1e10 else round(value, 2)
    if hasattr(value, "item"):  # numpy scalars
        return plain(value.item())
    return value


def write_records(
    records: Sequence[Mapping[str, Any]], fmt: str, columns: Sequence[str] | None = None
) -> None:
    cols = list(columns) if columns is not None else (list(records[0]) if records else [])
    if fmt == "json":
        click.echo(
            json.dumps(
                [{c: plain(r.get(c)) for c in cols} for r in records], indent=2, ensure_ascii=False
            )
        )
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(cols)
        for r in records:
            writer.writerow(["" if plain(r.get(c)) is None else plain(r.get(c)) for c in cols])
    else:
        raise ValueError(fmt)


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(highlight=False, stderr=stderr)
