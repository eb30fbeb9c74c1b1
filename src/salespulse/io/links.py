"""Completing rows from the tables they point to: sales lines from their orders (date,
rep, customer, region, country, channel), and reps' managers named by an id (an ERP's
`reportsTo`) from the reps they name."""

from __future__ import annotations

from typing import Any

from salespulse.io.checks import MAX_PER_CODE, collect
from salespulse.io.findings import Finding, Report
from salespulse.io.parse import PARSED, Plan
from salespulse.store import quote

#: Columns a sales line takes from its order where the line leaves them empty.
FROM_ORDER = ("date", "rep", "customer", "customer_name", "region", "country", "channel")


def complete(con: Any, report: Report, plan: Plan, stored_tables: set[str]) -> None:
    """Run after the rows are inserted (inside the import's transaction)."""
    if plan.table.name == "sales" and plan.mapping.has("order_id"):
        _lines_from_orders(con, report, plan, "orders" in stored_tables)
    if plan.table.name == "reps" and plan.mapping.has("manager"):
        _managers_by_id(con, report, plan)


def _this_import(plan: Plan) -> str:
    return f"{quote(plan.target)}._import_id = {int(plan.import_id)}"


def _lines_from_orders(con: Any, report: Report, plan: Plan, orders_stored: bool) -> None:
    order_header = plan.header("order_id")
    if not orders_stored:
        undated, first = con.execute(
            f"SELECT count(*), min(__line) FROM {PARSED} WHERE date IS NULL"
        ).fetchone()
        if undated:
            report.add(
                Finding(
                    "orders_not_imported",
                    report.file,
                    line=first,
                    column=order_header,
                    rows=undated,
                    message=f"{undated} lines have no date and take it from their order "
                    f"({order_header}), but no orders table is imported yet: import the "
                    "orders file first (salespulse import orders FILE), then this file",
                )
            )
        return
    target = quote(plan.target)
    sets = ", ".join(
        f"{quote(c)} = COALESCE({target}.{quote(c)}, o.{quote(c)})" for c in FROM_ORDER
    )
    filled = con.execute(
        f"SELECT count(*) FROM {PARSED} p SEMI JOIN orders o ON p.order_id = o.order_id"
    ).fetchone()[0]
    con.execute(
        f"UPDATE {target} SET {sets} FROM orders o "
        f"WHERE {target}.order_id = o.order_id AND {_this_import(plan)}"
    )
    if filled:
        have = con.execute(
            "SELECT " + ", ".join(f"count({quote(c)})" for c in FROM_ORDER) + " FROM orders"
        ).fetchone()
        taken = [c for c, n in zip(FROM_ORDER, have, strict=True) if n and not plan.mapping.has(c)]
        what = ", ".join(taken) if taken else "empty values"
        report.notes.append(f"{what} taken from the orders table for {filled} lines")
    _unknown_orders(con, report, order_header)
    collect(
        con,
        report,
        "missing_value",
        f"SELECT __line, NULL FROM {PARSED} WHERE date IS NULL AND order_id IS NULL",
        "date is required and this line has neither a date nor an order",
        column=order_header,
    )


def _unknown_orders(con: Any, report: Report, order_header: str) -> None:
    """One finding per unknown order, at its first line, counting all its lines."""
    rows = con.execute(
        f"SELECT min(__line), order_id, count(*) FROM {PARSED} "
        "WHERE date IS NULL AND order_id IS NOT NULL "
        "AND order_id NOT IN (SELECT order_id FROM orders WHERE order_id IS NOT NULL) "
        f"GROUP BY order_id ORDER BY 1 LIMIT {MAX_PER_CODE + 1}"
    ).fetchall()
    for line, order, n in rows[:MAX_PER_CODE]:
        lines = "1 line without a date names" if n == 1 else f"{n} lines without a date name"
        report.add(
            Finding(
                "unknown_order",
                report.file,
                line=line,
                column=order_header,
                value=order,
                rows=n,
                message=f"order {order} is not in the orders table; {lines} it (the first "
                "is shown)",
            )
        )
    if len(rows) > MAX_PER_CODE:
        report.add(
            Finding(
                "unknown_order",
                report.file,
                column=order_header,
                message="more lines name orders that are not in the orders table",
            )
        )


def _managers_by_id(con: Any, report: Report, plan: Plan) -> None:
    """A manager written as another rep's id (or employee id) becomes that rep's name."""
    target = quote(plan.target)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _manager_ids AS
        WITH cand AS (
            SELECT rep AS id, name FROM {target} WHERE name IS NOT NULL
            UNION ALL SELECT employee_id, name FROM {target}
              WHERE employee_id IS NOT NULL AND name IS NOT NULL
        )
        SELECT id, min(name) AS name FROM cand
        WHERE id NOT IN (SELECT name FROM {target} WHERE name IS NOT NULL)
        GROUP BY id HAVING count(DISTINCT name) = 1"""
    )
    found = con.execute(
        f"SELECT count(*), min(p.manager || ' → ' || m.name) FROM {PARSED} p "
        "JOIN _manager_ids m ON p.manager = m.id"
    ).fetchone()
    if not found[0]:
        return
    con.execute(
        f"UPDATE {target} SET manager = m.name FROM _manager_ids m "
        f"WHERE {target}.manager = m.id AND {_this_import(plan)}"
    )
    report.notes.append(
        f"managers given as rep ids ({plan.header('manager')}) replaced by those reps' "
        f"names for {found[0]} reps (e.g. {found[1]})"
    )
