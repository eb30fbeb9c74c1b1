"""Writing the demo organisation into a workspace (`salespulse demo`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from salespulse.errors import UserError
from salespulse.workspace import Workspace

DEMO_SOURCE = "demo"


def write_demo(
    ws: Workspace,
    seed: int = 7,
    scale: int = 1,
    as_of: date | None = None,
    replace: bool = False,
    progress: Callable[[str, int], None] | None = None,
    only: str | None = None,
) -> dict[str, int]:
    """Generate the seeded demo organisation and store it (all tables or none).

    `only="sales"` writes the products and the sales lines alone (each line naming its rep
    in `rep`) and, in the same transaction, takes out the other tables an earlier demo
    wrote, so that the workspace holds what a shop's sales export holds. Refuses to run on
    a workspace that holds imported (non-demo) data unless `replace` (imported tables the
    demo does not write are kept)."""
    from salespulse.demo import ONLY, generate
    from salespulse.io.canonical import store

    if only is not None and only not in ONLY:
        raise UserError(
            f"`only` {only!r} is not a partial demo.",
            fix=f"Use one of: {', '.join(ONLY)} (or leave it out for the whole organisation).",
            option="only",
        )
    day = as_of or date.today()
    drop: list[str] = []
    if ws.db_path.exists():
        with ws.connect(read_only=True) as con:
            imported = _tables(con, demo=False)
            if only is not None:
                left = set(_tables(con, demo=True)) - set(imported) - set(ONLY[only])
                drop = sorted(left & _existing(con))
        if imported and not replace:
            raise UserError(
                f"The workspace {ws.path} holds imported data ({', '.join(imported)}); the "
                "demo would replace it.",
                fix="Use another `workspace` for the demo, or pass `replace`.",
                option="replace",
            )
    source = f"{DEMO_SOURCE} seed={seed} scale={scale} as_of={day.isoformat()}"
    if only is not None:
        source += f" only={only}"
    chunks = generate(seed=seed, scale=scale, as_of=day, only=only)
    return store(ws, chunks, source, progress, drop=drop)


def _tables(con: Any, demo: bool) -> list[str]:
    """Tables with an import from the demo (`demo`), or from anything else."""
    if not _has_imports(con):
        return []
    where = "file LIKE 'demo %'" if demo else "file NOT LIKE 'demo %'"
    rows = con.execute(
        f"SELECT DISTINCT table_name FROM _imports WHERE {where} ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]


def _existing(con: Any) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def _has_imports(con: Any) -> bool:
    rows = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = '_imports'"
    ).fetchone()
    return bool(rows[0])
