"""A small workspace for the weekly digest whose names are hostile: a rep called
`<script>alert(1)</script>`, one `*bold*`, one `[x](javascript:alert(1))` with the id
`../../etc/passwd`, and a manager `<b>Boss</b>`; twelve weeks of sale lines, read as of
Sunday 2025-03-30 (the digest week: 2025-W13, 2025-03-24..30)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import salespulse

from .builders import workspace

SCRIPT = "<script>alert(1)</script>"
BOLD = "*bold*"
LINK = "[x](javascript:alert(1))"
TRAVERSAL = "../../etc/passwd"
BOSS = "<b>Boss</b>"
AS_OF = date(2025, 3, 30)
#: rep id, name, email (None: no email)
REPS = [
    ("R1", SCRIPT, "r1@example.com"),
    ("R2", BOLD, "r2@example.com"),
    (TRAVERSAL, LINK, None),
]


def hostile_workspace(path: Path) -> salespulse.Workspace:
    reps = [
        {"rep": rep, "name": name, "team": "East", "manager": BOSS, "email": email}
        for rep, name, email in REPS
    ]
    sales: list[dict[str, Any]] = []
    for day in range(84):
        when = AS_OF - timedelta(days=day)
        if when.weekday() >= 5:
            continue
        for i, (rep, _, _) in enumerate(REPS):
            sales.append(
                {
                    "date": when,
                    "product": f"P{(day + i) % 3}",
                    "quantity": 1.0 + (day % 4),
                    "unit_price": 100.0 + 10 * i,
                    "rep": rep,
                    "customer": f"C{(day + i) % 5}",
                    "order_id": f"O{day}-{i}",
                }
            )
    return workspace(path, {"reps": reps, "sales": sales})
