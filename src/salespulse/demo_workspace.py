"""Writing the demo organisation into a workspace (`salespulse demo`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

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
) -> dict[str, int]:
    """Generate the seeded demo organisation and store it (all tables or none).

    Refuses to overwrite tables that hold imported (non-demo) data unless `replace`."""
    from salespulse.demo import generate
    from salespulse.io.canonical import store

    day = as_of or date.today()
    if not replace and ws.db_path.exists():
        with ws.connect(read_only=True) as con:
            imported = (
                con.execute(
                    "SELECT DISTINCT table_name FROM _imports WHERE file NOT LIKE 'demo %'"
                ).fetchall()
                if _has_imports(con)
                else []
            )
        if imported:
            names = ", ".join(sorted(r[0] for r in imported))
            raise UserError(
                f"The workspace {ws.path} holds imported data ({names}); the demo would "
                "replace it.",
                fix="Use another --workspace for the demo, or pass --replace.",
            )
    source = f"{DEMO_SOURCE} seed={seed} scale={scale} as_of={day.isoformat()}"
    return store(ws, generate(seed=seed, scale=scale, as_of=day), source, progress)


def _has_imports(con: object) -> bool:
    rows = con.execute(  # type: ignore[attr-defined]
        "SELECT count(*) FROM information_schema.tables WHERE table_name = '_imports'"
    ).fetchone()
    return bool(rows[0])
