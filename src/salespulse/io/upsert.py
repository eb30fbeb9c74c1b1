"""What a replace or an upsert takes out of a table, and the stage history upserts build.

A replace takes out every row the table held; an upsert the rows whose key is in the file.
They are moved, not deleted, to the table's archive `_replaced_<table>` (tagged with the
import that replaced them), so that undoing the import puts them back. The archive is
written before the rows leave the table, so an import interrupted at any point leaves the
rows in one of the two places (see `salespulse.store_repair`).

Upserting a deals export records each stage change in `deal_stages`, entered at the
import's as-of date (a deal seen for the first time enters its stage then), tagged with
the import so that undoing it removes them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from salespulse.io.findings import Finding, Refused, Report
from salespulse.io.parse import Plan
from salespulse.model.contract import TABLES, Table
from salespulse.store import (
    add_missing_columns,
    all_columns,
    archive_ddl,
    archive_name,
    quote,
    table_ddl,
)


def refuse_without_key(report: Report, table: Table, mode: str) -> None:
    if mode == "upsert" and not table.key:
        report.add(
            Finding(
                "upsert_needs_key",
                report.file,
                value=table.name,
                message=f"the {table.name} table has no key to upsert by",
            )
        )
        raise Refused("upsert without a key")


def set_aside_replaced(con: Any, plan: Plan, mode: str) -> int:
    """Move the rows this import replaces to the archive (inside its transaction, once its
    own rows are in and final: reps matched, quota periods resolved); returns how many."""
    if mode not in ("replace", "upsert"):
        return 0
    table = plan.table
    x = int(plan.import_id)
    t = quote(table.name)
    where = f"t._import_id <> {x}"
    if mode == "upsert":
        same = " AND ".join(f"n.{quote(c)} IS NOT DISTINCT FROM t.{quote(c)}" for c in table.key)
        where += f" AND EXISTS (SELECT 1 FROM {t} n WHERE n._import_id = {x} AND {same})"
    con.execute(archive_ddl(table))
    add_missing_columns(con, table, archive_name(table.name))
    names = ", ".join([*all_columns(table), "_replaced_by"])
    cols = ", ".join(f"t.{c}" for c in all_columns(table))
    moved = con.execute(
        f"INSERT INTO {quote(archive_name(table.name))} ({names}) "
        f"SELECT {cols}, {x} FROM {t} t WHERE {where}"
    ).fetchone()
    con.execute(f"DELETE FROM {t} AS t WHERE {where}")
    return int(moved[0]) if moved else 0


def record_stage_changes(con: Any, plan: Plan, as_of: date) -> int:
    """Add to `deal_stages` each upserted deal whose stage differs from the last one the
    history holds at `as_of` (or that the history does not hold yet); returns how many."""
    if plan.table.name != "deals" or not plan.mapping.has("stage"):
        return 0
    con.execute(table_ddl(TABLES["deal_stages"]))
    x = int(plan.import_id)
    at = f"TIMESTAMP '{as_of.isoformat()}'"
    added = con.execute(
        "INSERT INTO deal_stages (deal_id, stage, entered_at, _import_id, _line) "
        f"SELECT d.deal_id, d.stage, {at}, {x}, d._line FROM deals d LEFT JOIN ("
        "SELECT deal_id, arg_max(stage, row(entered_at, _import_id)) AS stage "
        f"FROM deal_stages WHERE entered_at <= {at} GROUP BY deal_id) h USING (deal_id) "
        f"WHERE d._import_id = {x} AND d.stage IS NOT NULL "
        "AND h.stage IS DISTINCT FROM d.stage"
    ).fetchone()
    return int(added[0]) if added else 0


def finish(con: Any, plan: Plan, report: Report, replaced: int, as_of: date) -> None:
    """After an upsert's checks: say what it did and record the stage changes."""
    added = report.rows_stored - replaced
    report.notes.append(f"upsert: {replaced} rows updated by key, {added} added")
    changes = record_stage_changes(con, plan, as_of)
    if changes:
        report.notes.append(f"{changes} stage changes recorded in deal_stages at {as_of}")
