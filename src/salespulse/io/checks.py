"""Validation rules, run by DuckDB over the staged and parsed rows.

Each rule adds findings naming the file's line and the file's column. Errors stop the
import; warnings are stored with the rows and reported.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from salespulse.io.findings import Finding, Report
from salespulse.io.parse import PARSED, Plan
from salespulse.io.typed import ROWS, TYPED, raw
from salespulse.io.values import NUMBER_LIMIT, TEXT_MARKERS, literal, spellings
from salespulse.io.wide import TARGET_HEADER
from salespulse.store import quote

#: Findings listed one by one per code; beyond this a last finding counts the rest.
MAX_PER_CODE = 100_000


def collect(
    con: Any,
    report: Report,
    code: str,
    sql: str,
    message: str,
    column: str | None = None,
    params: list[Any] | None = None,
) -> int:
    """Add one finding per row of `sql` (columns: line, value[, column header[, what
    the row is, e.g. its deal id]])."""
    rows = con.execute(f"{sql} ORDER BY 1 LIMIT {MAX_PER_CODE + 1}", params or []).fetchall()
    for row in rows[:MAX_PER_CODE]:
        header = row[2] if len(row) > 2 and row[2] else column
        value = None if row[1] is None else str(row[1])
        text = f"{message} ({row[3]})" if len(row) > 3 and row[3] is not None else message
        report.add(
            Finding(code, report.file, line=row[0], column=header, value=value, message=text)
        )
    if len(rows) > MAX_PER_CODE:
        total = con.execute(f"SELECT count(*) FROM ({sql})", params or []).fetchone()[0]
        report.add(
            Finding(
                code,
                report.file,
                message=f"{message} (and more rows like it)",
                rows=total - MAX_PER_CODE,
            )
        )
        return int(total)
    return len(rows)


def _header_expr(plan: Plan, column: str) -> str:
    """SQL for the file's header of `column` (per row in a wide quota table)."""
    if column == "target" and plan.wide:
        return TARGET_HEADER
    return "'" + plan.header(column).replace("'", "''") + "'"


def missing_values(con: Any, report: Report, plan: Plan) -> None:
    """Required values left empty (counted by the first read), and column warnings."""
    for col in plan.table.columns:
        if col.required and plan.empty.get(col.name):
            empty = f"{quote(col.name)} IS NULL"
            if col.type in ("number", "date", "timestamp"):
                empty += f" AND {raw(col.name)} IS NULL"
            collect(
                con,
                report,
                "missing_value",
                f"SELECT __line, NULL, {_header_expr(plan, col.name)} FROM {ROWS} WHERE {empty}",
                f"{col.name} is required and this row has none",
                column=plan.header(col.name),
            )
    for name, reading in plan.readings.items():
        for code, message in reading.errors + reading.warnings:
            report.add(Finding(code, report.file, column=plan.header(name), message=message))
    markers_in_text(con, report, plan)


#: A text column holding a missing marker (NA) on at least this share of its values, and
#: on at least MIN_MARKED rows, is warned about.
MARKED_SHARE = 0.05
MIN_MARKED = 2


def markers_in_text(con: Any, report: Report, plan: Plan) -> None:
    """Text columns where a marker that means missing elsewhere (NA) fills many rows: it
    is kept as text (it may be a real value), and said."""
    texts = [
        c.name
        for c in plan.table.columns
        if c.type == "text" and c.name in plan.mapping.columns and plan.present.get(c.name)
    ]
    if not texts:
        return
    markers = ", ".join(literal(m) for m in spellings(TEXT_MARKERS))
    row = con.execute(
        "SELECT "
        + ", ".join(f"count(*) FILTER (WHERE {quote(c)} IN ({markers}))" for c in texts)
        + f" FROM {TYPED}"
    ).fetchone()
    for name, marked in zip(texts, row, strict=True):
        present = plan.present[name]
        if marked >= MIN_MARKED and marked >= MARKED_SHARE * present:
            report.add(
                Finding(
                    "missing_marker_as_text",
                    report.file,
                    column=plan.header(name),
                    value="NA",
                    rows=int(marked),
                    message=f"{marked:,} of {present:,} values of {name} are NA, kept as "
                    "text; pass `missing` NA if it means missing",
                )
            )


def numbers_in_range(con: Any, report: Report, plan: Plan) -> None:
    """Numbers that would corrupt a sum: infinite, NaN, or beyond ±10^15 (also amounts
    computed from others). The value shown is the file's text where it has one."""
    names = [c.name for c in plan.table.columns if c.type == "number" and not c.helper]
    names = [n for n in names if n in plan.readings or n in plan.derived]
    if not names:
        return

    def bad(name: str) -> str:
        c = f"p.{quote(name)}"
        return f"(isinf({c}) OR isnan({c}) OR abs({c}) > {NUMBER_LIMIT:.0e})"

    row = con.execute(
        "SELECT "
        + ", ".join(f"count(*) FILTER (WHERE {bad(n)})" for n in names)
        + f" FROM {PARSED} p"
    ).fetchone()
    for name, count in zip(names, row, strict=True):
        if not count:
            continue
        text = f"CAST(p.{quote(name)} AS VARCHAR)"
        join = ""
        if name in plan.readings:
            text = f"coalesce(r.{raw(name)}, {text})"
            join = f" LEFT JOIN {ROWS} r ON r.__line = p.__line"
        collect(
            con,
            report,
            "number_out_of_range",
            f"SELECT p.__line, {text} FROM {PARSED} p{join} WHERE {bad(name)}",
            f"{name} is infinite, not a number or beyond ±10^15: no {name} is that large",
            column=plan.header(name) if plan.mapping.has(name) else name,
        )


def unreadable_values(con: Any, report: Report, plan: Plan) -> None:
    """Values present in the file that could not be read."""
    for name, text in plan.fallible.items():
        col = plan.table.column(name)
        code = "unreadable_value" if col.required else "unreadable_optional_value"
        if (plan.table.name, name) == ("deals", "status"):
            code = "unknown_status"
        what = {
            "number": "a number",
            "date": "a date",
            "timestamp": "a date and time",
            "boolean": "yes/no",
        }.get(col.type, "a known value")
        collect(
            con,
            report,
            code,
            f"SELECT __line, {text}, {_header_expr(plan, name)} FROM {ROWS} "
            f"WHERE {text} IS NOT NULL AND ({plan.readings[name].sql}) IS NULL",
            f"cannot read this as {what} for {name}",
            column=plan.header(name),
        )
    numbers_in_range(con, report, plan)


def _shown(columns: tuple[str, ...], alias: str) -> str:
    return " || ' / ' || ".join(
        f"coalesce(CAST({alias}.{quote(c)} AS VARCHAR), '')" for c in columns
    )


def keys(con: Any, report: Report, plan: Plan, stored: str | None) -> None:
    """Duplicate keys within the file, and keys already stored (`stored`: the relation
    of the rows already in the workspace, in append mode)."""
    key = plan.table.key
    if not key or plan.table.name == "activities":
        return
    cols = ", ".join(quote(c) for c in key)
    header = ", ".join(plan.header(c) for c in key if plan.mapping.has(c))
    collect(
        con,
        report,
        "duplicate_key",
        f"SELECT __line, {_shown(key, 'd')} FROM (SELECT *, "
        f"count(*) OVER (PARTITION BY {cols}) AS n, "
        f"row_number() OVER (PARTITION BY {cols} ORDER BY __line) AS k FROM {PARSED}) d "
        "WHERE n > 1 AND k > 1",
        f"the same {' / '.join(key)} is on an earlier line of the file",
        column=header,
    )
    if stored:
        on = " AND ".join(f"p.{quote(c)} IS NOT DISTINCT FROM t.{quote(c)}" for c in key)
        collect(
            con,
            report,
            "key_already_stored",
            f"SELECT p.__line, {_shown(key, 'p')} FROM {PARSED} p SEMI JOIN ({stored}) t ON {on}",
            f"this {' / '.join(key)} is already in the workspace",
            column=header,
        )


def deals(con: Any, report: Report, plan: Plan) -> None:
    h = plan.header
    rules = [
        (
            "closed_before_created",
            "closed_at < created_at",
            "strftime(closed_at, '%Y-%m-%d %H:%M') || ' < '"
            " || strftime(created_at, '%Y-%m-%d %H:%M')",
            h("closed_at"),
            "the close date is before the creation date: stored, left out of cycle KPIs",
        ),
        (
            "won_without_amount",
            "status = 'won' AND amount IS NULL",
            "NULL",
            h("amount") if plan.mapping.has("amount") else "amount",
            "a won deal needs an amount",
        ),
        (
            "won_without_close_date",
            "status = 'won' AND closed_at IS NULL",
            "NULL",
            h("closed_at") if plan.mapping.has("closed_at") else "closed_at",
            "a won deal needs a close date",
        ),
        (
            "lost_without_close_date",
            "status = 'lost' AND closed_at IS NULL",
            "NULL",
            h("closed_at") if plan.mapping.has("closed_at") else "closed_at",
            "a lost deal needs a close date",
        ),
        (
            "open_deal_without_created_at",
            "status = 'open' AND created_at IS NULL",
            "NULL",
            h("created_at") if plan.mapping.has("created_at") else "created_at",
            "an open deal without a creation date is left out of cycle and cohort KPIs",
        ),
        (
            "closed_deal_without_created_at",
            "status <> 'open' AND created_at IS NULL",
            "NULL",
            h("created_at") if plan.mapping.has("created_at") else "created_at",
            "a closed deal without a creation date is left out of cycle and close-rate KPIs",
        ),
    ]
    for code, where, value, column, message in rules:
        collect(
            con,
            report,
            code,
            f"SELECT __line, {value}, NULL, 'deal ' || deal_id FROM {PARSED} WHERE {where}",
            message,
            column=column,
        )


def sales(con: Any, report: Report, plan: Plan) -> None:
    collect(
        con,
        report,
        "negative_quantity",
        f"SELECT __line, quantity FROM {PARSED} WHERE quantity < 0",
        "a negative quantity is kept as a return",
        column=plan.header("quantity"),
    )


def future_dates(con: Any, report: Report, plan: Plan, today: date) -> None:
    for col in plan.table.columns:
        if col.type not in ("date", "timestamp") or col.helper or not plan.mapping.has(col.name):
            continue
        if col.name in ("expected_close", "period_start", "period_end"):
            continue  # expected and planned dates are in the future by nature
        collect(
            con,
            report,
            "future_date",
            f"SELECT __line, CAST({quote(col.name)} AS VARCHAR) FROM {PARSED} "
            f"WHERE CAST({quote(col.name)} AS DATE) > DATE '{today.isoformat()}'",
            f"{col.name} is after today",
            column=plan.header(col.name),
        )
