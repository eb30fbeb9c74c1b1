"""Quota periods: labels like `2025-03`, `2025-Q1`, `2025` (fiscal, from the settings), or
an explicit start and end, stored as period_start, period_end and a normalised label."""

from __future__ import annotations

from datetime import date
from typing import Any

from salespulse.io.checks import collect
from salespulse.io.findings import Report
from salespulse.io.parse import PARSED, Plan
from salespulse.model.calendar import parse_period, period_label
from salespulse.model.settings import Settings
from salespulse.store import quote


def resolve(con: Any, report: Report, plan: Plan, settings: Settings) -> None:
    import pyarrow as pa

    target = quote(plan.target)
    this = f"{target}._import_id = {int(plan.import_id)}"
    labels = [
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT period FROM {PARSED} WHERE period IS NOT NULL "
            "AND period_start IS NULL"
        ).fetchall()
    ]
    known: list[tuple[str, date, date, str]] = []
    for label in labels:
        parsed = parse_period(label, settings)
        if parsed is not None:
            known.append((label, *parsed))
    if labels:
        table = pa.table(
            {
                "label": pa.array([k[0] for k in known], pa.string()),
                "start_date": pa.array([k[1] for k in known], pa.date32()),
                "end_date": pa.array([k[2] for k in known], pa.date32()),
                "norm": pa.array([k[3] for k in known], pa.string()),
            }
        )
        con.register("_periods", table)
        con.execute(
            f"UPDATE {target} SET period_start = p.start_date, period_end = p.end_date, "
            f"period = p.norm FROM _periods p WHERE {target}.period = p.label "
            f"AND {target}.period_start IS NULL AND {this}"
        )
        con.unregister("_periods")
    collect(
        con,
        report,
        "unknown_period",
        f"SELECT __line, period FROM {PARSED} WHERE period IS NOT NULL AND period_start IS NULL",
        "this period is not like 2025-03, 2025-Q1 or 2025",
        column=plan.header("period"),
    )
    if plan.mapping.has("period_start"):
        collect(
            con,
            report,
            "missing_value",
            f"SELECT __line, NULL FROM {PARSED} WHERE period_start IS NOT NULL "
            "AND period_end IS NULL",
            "a period with a start needs an end (period_end)",
            column=plan.header("period_end") if plan.mapping.has("period_end") else "period_end",
        )
        pairs = con.execute(
            f"SELECT DISTINCT period_start, period_end FROM {PARSED} WHERE period IS NULL "
            "AND period_start IS NOT NULL AND period_end IS NOT NULL"
        ).fetchall()
        if pairs:
            table = pa.table(
                {
                    "start_date": pa.array([p[0] for p in pairs], pa.date32()),
                    "end_date": pa.array([p[1] for p in pairs], pa.date32()),
                    "norm": pa.array(
                        [period_label(p[0], p[1], settings) for p in pairs], pa.string()
                    ),
                }
            )
            con.register("_labels", table)
            con.execute(
                f"UPDATE {target} SET period = l.norm FROM _labels l "
                f"WHERE {target}.period_start = l.start_date AND {target}.period_end = l.end_date "
                f"AND {target}.period IS NULL AND {this}"
            )
            con.unregister("_labels")
