"""Rows already stored: an append that would count rows twice.

A corrected re-export, or an export whose date range overlaps one imported before, holds
rows the workspace already has. A row is already stored when a row of an earlier import
is equal to it on every stored contract column. An append of such rows is refused with
their count and date range (`rows_already_stored`), unless `force` (store them anyway)
or `skip_existing` (store only the others, counted in `already_stored_skipped`).
Keyed tables already refuse stored keys (`key_already_stored`); there `skip_existing`
leaves out the rows stored exactly as they are, and a row whose key is stored with other
values is still refused (`mode="upsert"` updates it).
"""

from __future__ import annotations

from typing import Any

from salespulse.io.findings import Finding, Report
from salespulse.io.parse import Plan
from salespulse.store import quote


def check(con: Any, report: Report, plan: Plan, *, skip: bool, force: bool) -> None:
    """Inside the import's transaction, after its rows are in `plan.target`."""
    table = plan.table
    if table.key and table.name != "activities" and not skip:
        return  # the key check reports these rows
    x = int(plan.import_id)
    same = " AND ".join(
        f"s.{quote(c.name)} IS NOT DISTINCT FROM p.{quote(c.name)}" for c in table.stored
    )
    stored = f"SELECT * FROM {quote(table.name)} WHERE _import_id <> {x}"
    match = f"p._import_id = {x} AND EXISTS (SELECT 1 FROM ({stored}) s WHERE {same})"
    when = quote(table.time_column) if table.time_column else "NULL"
    found = con.execute(
        f"SELECT count(*), min(p._line), strftime(min(p.{when}), '%Y-%m-%d'), "
        f"strftime(max(p.{when}), '%Y-%m-%d') FROM {quote(plan.target)} p WHERE {match}"
        if table.time_column
        else f"SELECT count(*), min(p._line), NULL, NULL FROM {quote(plan.target)} p WHERE {match}"
    ).fetchone()
    count = int(found[0]) if found else 0
    if not count:
        return
    _, line, first, last = found
    dates = (
        "" if not first else f" (dated {first})" if first == last else f" (dated {first} to {last})"
    )
    earlier = _earlier_imports(con, plan, same)
    if skip:
        con.execute(f"DELETE FROM {quote(plan.target)} p WHERE {match}")
        report.add(
            Finding(
                "already_stored_skipped",
                report.file,
                line=line,
                rows=count,
                message=f"{_rows(count)}{dates} already stored {earlier} "
                f"{'was' if count == 1 else 'were'} left out, as `skip_existing` asks",
            )
        )
    elif force:
        report.notes.append(
            f"{_rows(count)}{dates} equal to rows already stored {earlier} stored again (`force`)"
        )
    else:
        report.add(
            Finding(
                "rows_already_stored",
                report.file,
                line=line,
                rows=count,
                message=f"{_rows(count)} of the file{dates} {'is' if count == 1 else 'are'} "
                f"already stored {earlier}: appending would count "
                f"{'it' if count == 1 else 'them'} twice",
            )
        )


def _earlier_imports(con: Any, plan: Plan, same: str) -> str:
    x = int(plan.import_id)
    rows = con.execute(
        f"SELECT i.import_id, i.file FROM _imports i WHERE i.import_id IN (SELECT s._import_id "
        f"FROM {quote(plan.table.name)} s SEMI JOIN {quote(plan.target)} p ON {same} "
        f"AND p._import_id = {x} WHERE s._import_id <> {x}) ORDER BY 1 LIMIT 4"
    ).fetchall()
    if not rows:
        return "by an earlier import"
    shown = ", ".join(f"import {i} of {f.rsplit('/', 1)[-1]}" for i, f in rows[:3])
    return "by " + shown + (" and others" if len(rows) > 3 else "")


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")
