"""What a workspace holds: `salespulse tables`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from salespulse.model.contract import TABLES
from salespulse.store import existing_tables, quote


@dataclass(frozen=True)
class ImportedFile:
    file: str
    imported_at: datetime
    rows: int
    mode: str


@dataclass(frozen=True)
class TableSummary:
    name: str
    rows: int
    first: datetime | None
    last: datetime | None
    reps: int | None
    files: tuple[ImportedFile, ...]


def summarise(con: Any) -> list[TableSummary]:
    present = existing_tables(con)
    out = []
    for name, table in TABLES.items():
        if name not in present:
            continue
        cols = {c.name for c in table.stored}
        time_col = table.time_column
        parts = ["count(*)"]
        parts.append(
            f"min({quote(time_col)}), max({quote(time_col)})" if time_col else "NULL, NULL"
        )
        parts.append("count(DISTINCT rep)" if "rep" in cols else "NULL")
        rows, first, last, reps = con.execute(
            f"SELECT {', '.join(parts)} FROM {quote(name)}"
        ).fetchone()
        files = con.execute(
            "SELECT file, imported_at, rows, mode FROM _imports WHERE table_name = ? "
            "AND import_id IN (SELECT DISTINCT _import_id FROM " + quote(name) + ") "
            "ORDER BY import_id",
            [name],
        ).fetchall()
        out.append(
            TableSummary(
                name=name,
                rows=rows,
                first=first,
                last=last,
                reps=reps,
                files=tuple(ImportedFile(*f) for f in files),
            )
        )
    return out


@dataclass(frozen=True)
class Members:
    """The reps and teams the stored tables name: who a goal, a plan or a user can be for."""

    reps: frozenset[str]
    teams: frozenset[str]


def members(con: Any) -> Members:
    """Every rep and team named in any stored table (empty sets when nothing is stored)."""
    present = existing_tables(con)
    found: dict[str, set[str]] = {"rep": set(), "team": set()}
    for name, table in TABLES.items():
        if name not in present:
            continue
        cols = {c.name for c in table.stored}
        for col in ("rep", "team"):
            if col in cols:
                rows = con.execute(
                    f"SELECT DISTINCT CAST({quote(col)} AS VARCHAR) FROM {quote(name)} "
                    f"WHERE {quote(col)} IS NOT NULL"
                ).fetchall()
                found[col] |= {str(r[0]) for r in rows}
    return Members(frozenset(found["rep"]), frozenset(found["team"]))
