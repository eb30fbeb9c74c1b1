"""The first full read: every canonical column read the quick way, in one parallel pass.

`_typed` holds, per canonical column, its value read by a plain cast (numbers, dates) or
its cleaned text, and, for numbers and dates, the text itself where the plain cast could
not read it or could have misread it (`__raw_<column>`: NULL for almost every row of a
clean export, so it costs next to nothing). Columns whose raw text is all NULL need no
second look; the others are read again from their raw text only (see `parse`). `_rows`
is `_typed` with `__line`, each row's line in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salespulse.io.dates import maybe_offset
from salespulse.io.headers import Mapping
from salespulse.io.staging import Progress, Staged, run_with_progress
from salespulse.io.values import NUMBER_LIMIT, clean, literal, not_number_marker
from salespulse.io.wide import TARGET_HEADER
from salespulse.model.contract import Column, Table
from salespulse.store import quote

TYPED = "_typed"
ROWS = "_rows"


def raw(column: str) -> str:
    """The `_typed` column holding the text of `column` that needs a second look."""
    return quote(f"__raw_{column}")


def _text(
    staged: Staged, col: Column, mapping: Mapping, fills: dict[str, str], missing: list[str]
) -> str:
    if col.name in mapping.columns:
        expr = clean(staged.column(mapping.columns[col.name]))
        if missing:
            markers = ", ".join(literal(m.strip().lower()) for m in missing)
            expr = f"CASE WHEN lower(trim({expr})) IN ({markers}) THEN NULL ELSE {expr} END"
        if col.name in fills:
            expr = f"COALESCE({expr}, {literal(fills[col.name])})"
        return expr
    if col.name in mapping.constants:
        return literal(mapping.constants[col.name])
    if col.name in fills:
        return literal(fills[col.name])
    return "CAST(NULL AS VARCHAR)"


def _columns(text: str, col: Column) -> list[str]:
    name = quote(col.name)
    if col.type == "number":
        cast = f"TRY_CAST({text} AS DOUBLE)"
        # "1.234" reads as 1.234, but in a file with decimal commas it means 1234; the
        # text of a value out of range (inf, NaN, 1e400) is kept for the finding. NaN
        # compares above every number.
        doubtful = f"{cast} IS NULL OR {text} LIKE '%.___' OR abs({cast}) > {NUMBER_LIMIT:.0e}"
    elif col.type in ("date", "timestamp"):
        cast = f"TRY_CAST({text} AS TIMESTAMP)"
        # A plain cast would ignore a time zone offset.
        doubtful = f"{cast} IS NULL OR {maybe_offset(text)}"
    else:
        return [f"{text} AS {name}"]
    # NA (as R writes it) is a missing number or date; in a text column it stays text.
    keep = (
        f"CASE WHEN {text} IS NOT NULL AND ({doubtful}) AND {not_number_marker(text)} "
        f"THEN {text} END"
    )
    return [f"{cast} AS {name}", f"{keep} AS {raw(col.name)}"]


def read(
    con: Any,
    staged: Staged,
    table: Table,
    mapping: Mapping,
    fills: dict[str, str],
    progress: Progress | None = None,
    missing: list[str] | None = None,
) -> int:
    """Build `_typed` and `_rows`; return the number of rows."""
    described = {r[0] for r in con.execute(f"DESCRIBE {staged.relation}").fetchall()}
    selects = [c for c in ("__line", TARGET_HEADER) if c in described]
    for col in table.columns:
        if mapping.has(col.name) or col.name in fills:
            selects += _columns(_text(staged, col, mapping, fills, missing or []), col)
        else:
            selects.append(f"CAST(NULL AS VARCHAR) AS {quote(col.name)}")
    sql = (
        f"CREATE OR REPLACE TEMP TABLE {TYPED} AS SELECT {', '.join(selects)} "
        f"FROM {staged.relation}"
    )
    if staged.csv is not None:
        staged.csv.run(con, sql, progress)
    else:
        run_with_progress(con, sql, progress, "reading")
    rows = int(con.execute(f"SELECT count(*) FROM {TYPED}").fetchone()[0])
    if "__line" in described:
        con.execute(f"CREATE OR REPLACE TEMP VIEW {ROWS} AS SELECT * FROM {TYPED}")
    else:
        assert staged.csv is not None
        staged.csv.numbered(con, TYPED, rows, ROWS)
    return rows


@dataclass(frozen=True)
class Counts:
    """What the first read learnt of one column."""

    present: int
    #: values a plain cast could not read
    unread: int
    #: values a plain cast read but that need a second look (offsets, "1.234")
    doubtful: int


def counts(con: Any, present: list[Column]) -> dict[str, Counts]:
    """Per present column, in one pass over `_typed`."""
    parts: list[str] = []
    for col in present:
        name = quote(col.name)
        if col.type in ("number", "date", "timestamp"):
            r = raw(col.name)
            parts += [
                f"count(*) FILTER (WHERE {name} IS NOT NULL OR {r} IS NOT NULL)",
                f"count(*) FILTER (WHERE {r} IS NOT NULL AND {name} IS NULL)",
                f"count(*) FILTER (WHERE {r} IS NOT NULL AND {name} IS NOT NULL)",
            ]
        else:
            parts += [f"count({name})", "0", "0"]
    if not parts:
        return {}
    row = con.execute(f"SELECT {', '.join(parts)} FROM {TYPED}").fetchone()
    return {
        col.name: Counts(*(int(v or 0) for v in row[3 * i : 3 * i + 3]))
        for i, col in enumerate(present)
    }
