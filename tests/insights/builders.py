"""Small hand-built workspaces: canonical rows written straight into the contract tables."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

import salespulse
from salespulse.demo.tables import schema
from salespulse.io.canonical import store

WINDOW_START = date(2025, 1, 1)
#: The hand-built window: January to March 2025, read as of March 31.
AS_OF = date(2025, 3, 31)


def workspace(path: Path, tables: dict[str, list[dict[str, Any]]]) -> salespulse.Workspace:
    ws = salespulse.open(path)
    chunks = [
        (name, pa.Table.from_pylist(rows, schema=schema(name))) for name, rows in tables.items()
    ]
    store(ws, chunks, "test")
    return ws


def deals_for(
    rep: str, decided: int, won: int, amounts: list[float], first: int = 0
) -> list[dict[str, Any]]:
    """`decided` deals closed in Jan–Mar 2025, the first `won` of them won with the given
    amounts (cycled); ids numbered from `first`."""
    out = []
    for i in range(decided):
        closed = datetime(2025, 1, 3, 11) + timedelta(days=i * 85 // max(decided, 1))
        is_won = i < won
        out.append(
            {
                "deal_id": f"{rep}-{first + i:03d}",
                "rep": rep,
                "created_at": closed - timedelta(days=30 + i % 7),
                "status": "won" if is_won else "lost",
                "closed_at": closed,
                "amount": amounts[i % len(amounts)] if is_won else 5000.0,
            }
        )
    return out


def rep_row(rep: str, team: str, hired: date = date(2015, 3, 2)) -> dict[str, Any]:
    return {"rep": rep, "name": f"Rep {rep}", "team": team, "hire_date": hired}
