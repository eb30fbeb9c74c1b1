"""`--where DIM=VALUE` (repeatable): the filters of `kpi` and the report commands, read
into the API's `where` (a repeated DIM keeps every value)."""

from __future__ import annotations

import click

from salespulse.errors import UserError

where_option = click.option(
    "--where", "where", multiple=True, metavar="DIM=VALUE", help="Filter (repeatable)."
)


def parse_where(items: tuple[str, ...]) -> dict[str, list[str]]:
    """`--where DIM=VALUE` options as the API's filters (a repeated DIM keeps every value)."""
    out: dict[str, list[str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(
                f"--where {item!r} is not DIM=VALUE.", fix="For example --where team=East"
            )
        out.setdefault(key.strip(), []).append(value)
    return out
