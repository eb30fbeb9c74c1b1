"""Deciding how each column is read, and storing the rows.

The first read (`typed`) read every value the quick way; a column whose values did not
all read that way gets its style decided from the data and only those values read
again. `insert_rows` then stores the rows with derived columns (status from stage,
closed date from won/lost dates, amount from quantity × unit price); `_parsed` shows
them, with their lines, to the checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from salespulse.io import dates, deal_status, values
from salespulse.io.headers import Mapping
from salespulse.io.staging import Progress, run_with_progress
from salespulse.io.typed import ROWS, counts, raw
from salespulse.io.values import Reading, choose, word_key
from salespulse.model.contract import Table
from salespulse.model.settings import Settings
from salespulse.store import quote

PARSED = "_parsed"

_METRICS = {
    "revenue": ("revenue", "sales", "amount", "salesamount", "turnover", "netsales"),
    "units": ("units", "unit", "quantity", "qty", "volume"),
    "bookings": ("bookings", "booking", "booked", "wonamount", "acv", "tcv"),
    "deals_won": ("dealswon", "wins", "won", "deals", "closedwon", "dealcount"),
    "activities": ("activities", "activity", "touches", "calls"),
}


@dataclass
class Plan:
    """What parsing decided, column by column."""

    table: Table
    mapping: Mapping
    readings: dict[str, Reading] = field(default_factory=dict)
    #: canonical column -> the `_rows` column holding its values that may not be read
    #: (the raw text, or the text itself for words and yes/no)
    fallible: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: rows come from a quota table with one column per month
    wide: bool = False
    #: required column -> how many rows leave it empty
    empty: dict[str, int] = field(default_factory=dict)
    #: column -> how many rows have a value for it
    present: dict[str, int] = field(default_factory=dict)
    #: columns computed from others (a file's value may be filled in from elsewhere)
    derived: set[str] = field(default_factory=set)
    #: `stages`: stage -> status for this import, before the stage words
    stages: dict[str, str] = field(default_factory=dict)

    #: the table the rows go to (a temporary copy for a dry run) and this import's id
    target: str = ""
    import_id: int = 0

    def header(self, column: str) -> str:
        return self.mapping.header(column)


def _percent_header(header: str) -> bool:
    return "%" in header or bool(re.search(r"percent|pct", header, re.IGNORECASE))


def plan(
    con: Any,
    table: Table,
    mapping: Mapping,
    settings: Settings,
    dayfirst: bool | None,
    rows: int,
    fills: dict[str, str],
    stages: dict[str, str] | None = None,
) -> Plan:
    """Decide how each present column is read: the first read's value where it read them
    all, else the style decided from the values it could not read (and those read
    again)."""
    result = Plan(table, mapping, stages=dict(stages or {}))
    present = [c for c in table.columns if mapping.has(c.name) or c.name in fills]
    seen = counts(con, present)
    result.present = {name: n.present for name, n in seen.items()}
    result.empty = {c.name: rows - seen[c.name].present for c in present if c.required}
    styles = {
        col.name: dates.date_style(con, ROWS, raw(col.name))
        for col in present
        if col.type in ("timestamp", "date") and (seen[col.name].unread or seen[col.name].doubtful)
    }
    # A date column whose values decide day-first or month-first decides it for the others.
    orders = {style.order for style in styles.values() if style.order}
    file_order = orders.pop() if len(orders) == 1 else None
    for col in present:
        c = quote(col.name)
        got = seen[col.name]
        if col.type == "number":
            percent = (table.name, col.name) in RATES and _percent_header(result.header(col.name))
            fast = f"({c} / 100)" if percent else c
            reading = Reading(sql=fast)
            if got.unread:
                reading = values.read_number(con, ROWS, raw(col.name), percent_header=percent)
                if percent:  # `20%` under a percent header is 0.20 too, not 0.002
                    unscaled = values.read_number(con, ROWS, raw(col.name)).sql
                    reading.sql = (
                        f"CASE WHEN {raw(col.name)} LIKE '%\\%' ESCAPE '\\' THEN {unscaled} "
                        f"ELSE {reading.sql} END"
                    )
                reading.sql = (
                    f"CASE WHEN {raw(col.name)} IS NOT NULL THEN {reading.sql} ELSE {fast} END"
                )
                result.fallible[col.name] = raw(col.name)
            elif percent:
                reading.notes.append("percent header: values divided by 100")
        elif col.type in ("timestamp", "date"):
            reading = Reading(sql=c)
            if got.unread or got.doubtful:
                reading = dates.read_timestamp(
                    con,
                    ROWS,
                    raw(col.name),
                    dayfirst,
                    settings.time_zone,
                    styles[col.name],
                    file_order,
                )
                reading.sql = (
                    f"CASE WHEN {raw(col.name)} IS NOT NULL THEN {reading.sql} ELSE {c} END"
                )
                result.fallible[col.name] = raw(col.name)
        elif col.type == "boolean":
            reading = values.read_boolean(c)
            result.fallible[col.name] = c
        else:
            reading = _read_word(table.name, col.name, c, settings, result.stages)
            if (table.name, col.name) in _FALLIBLE_WORDS:
                result.fallible[col.name] = c
        result.readings[col.name] = reading
    for name in [c for t, c in RATES if t == table.name and c in result.readings]:
        _scale_rate(con, result, name)
    if table.name == "sales" and mapping.has("order_id") and "date" in result.empty:
        del result.empty["date"]  # a line without a date takes its order's (io.links)
    return result


#: Columns holding a rate 0–1 that exports often write as a percentage.
RATES = (("deals", "probability"), ("sales", "discount"), ("sales", "margin"))


_FALLIBLE_WORDS = {("deals", "status"), ("quotas", "metric")}


def _read_word(
    table: str, column: str, c: str, settings: Settings, stages: dict[str, str]
) -> Reading:
    if (table, column) == ("deals", "status"):
        return deal_status.status_reading(c, settings, stages)
    if (table, column) == ("activities", "type"):
        key = word_key(c)
        return Reading(
            sql=f"CASE WHEN {c} IS NULL THEN NULL "
            f"WHEN {key} SIMILAR TO '.*(call|phone|dial).*' THEN 'call' "
            f"WHEN {key} SIMILAR TO '.*(mail).*' THEN 'email' "
            f"WHEN {key} SIMILAR TO '.*(meet|demo|visit|appointment|video|zoom).*' "
            "THEN 'meeting' ELSE 'other' END"
        )
    if (table, column) == ("activities", "direction"):
        return Reading(sql=f"CASE WHEN {word_key(c)} LIKE 'in%' THEN 'inbound' ELSE 'outbound' END")
    if (table, column) == ("activities", "outcome"):
        return Reading(sql=f"trim(regexp_replace(lower({c}), '[^0-9a-z]+', '_', 'g'), '_')")
    if (table, column) == ("quotas", "metric"):
        return Reading(sql=choose(c, _METRICS))
    return Reading(sql=c)


def _scale_rate(con: Any, result: Plan, name: str) -> None:
    """A rate column whose values go above 1 holds percentages: 20 → 0.20."""
    reading = result.readings[name]
    if _percent_header(result.header(name)):
        return  # already divided by 100
    row = con.execute(f"SELECT max(abs({reading.sql})) FROM {ROWS}").fetchone()
    if row and row[0] is not None and row[0] > 1:
        reading.sql = f"({reading.sql} / 100)"
        if name == "probability":
            reading.warnings.append(
                ("probability_scaled", "probabilities above 1 were read as percentages (70 → 0.70)")
            )
        else:
            reading.notes.append(
                f"{name}: values above 1 ({result.header(name)}) read as percentages (20 → 0.20)"
            )


def insert_rows(
    con: Any,
    result: Plan,
    settings: Settings,
    multiplier: float,
    progress: Progress | None = None,
) -> None:
    """Read every row and insert it into the plan's target, with its import and line, as
    one statement. `_parsed` then shows this import's rows (with `__line`) to the checks."""
    table = result.table
    base = ["__line"]
    for col in table.columns:
        reading = result.readings.get(col.name)
        sql = reading.sql if reading else "NULL"
        if col.name == "target" and multiplier != 1:
            sql = f"({sql}) * {float(multiplier)!r}"
        base.append(f"CAST({sql} AS {_sql_type(col.type)}) AS {quote(col.name)}")
    derived = _derived(result, settings)
    result.derived = set(derived)
    outer = [f"{derived.get(c.name, quote(c.name))} AS {quote(c.name)}" for c in table.stored]
    outer += [str(int(result.import_id)), "__line"]
    # By name: a stored table may have gained columns at its end (`add_missing_columns`).
    names = ", ".join([*(quote(c.name) for c in table.stored), "_import_id", "_line"])
    run_with_progress(
        con,
        f"INSERT INTO {quote(result.target)} ({names}) SELECT {', '.join(outer)} FROM "
        f"(SELECT {', '.join(base)} FROM {ROWS})",
        progress,
        "storing",
    )
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {PARSED} AS SELECT *, _line AS __line "
        f"FROM {quote(result.target)} WHERE _import_id = {int(result.import_id)}"
    )


def _sql_type(kind: str) -> str:
    from salespulse.model.contract import SQL_TYPES

    return SQL_TYPES[kind]  # type: ignore[index]


def _derived(result: Plan, settings: Settings) -> dict[str, str]:
    mapping, name = result.mapping, result.table.name
    out: dict[str, str] = {}
    if name == "deals":
        deals, notes = deal_status.derived(mapping, settings, result.stages)
        out.update(deals)
        result.notes.extend(notes)
    if name == "sales":
        out.update(_sales_derived(result))
    if name in ("sales", "orders") and mapping.has("rep_name"):
        out["rep"] = "COALESCE(rep, rep_name)"
        if mapping.has("rep"):
            result.notes.append(
                f"{result.header('rep_name')} names the reps and {result.header('rep')} "
                "identifies them: the id is stored (names come from the reps table), the "
                "name where a row has no id"
            )
    if name == "reps":
        out.update(_reps_derived(result))
    if name == "products" and mapping.has("category_name"):
        out["category"] = "COALESCE(category_name, category)"
        if mapping.has("category"):
            result.notes.append(
                f"category: the name ({result.header('category_name')}) is stored, the code "
                f"({result.header('category')}) where a product has no name"
            )
    if name == "activities":
        out["direction"] = "COALESCE(direction, 'outbound')"
    if name == "quotas":
        out["metric"] = "COALESCE(metric, 'revenue')"
    return out


def _sales_derived(result: Plan) -> dict[str, str]:
    """Amount from quantity, unit price and discounts when a line has none: quantity ×
    unit_price × (1 − discount) − discount_amount."""
    mapping = result.mapping
    if not (mapping.has("quantity") and mapping.has("unit_price")):
        return {}
    net = "quantity * unit_price * (1 - COALESCE(discount, 0)) - COALESCE(discount_amount, 0)"
    if not mapping.has("amount"):
        parts = ["quantity × unit price"]
        if mapping.has("discount"):
            parts.append("× (1 − discount)")
        if mapping.has("discount_amount"):
            parts.append("− discount amount")
        result.notes.append("amount computed as " + " ".join(parts))
    elif mapping.has("discount") or mapping.has("discount_amount"):
        result.notes.append(
            f"{result.header('amount')} is taken as the line's revenue net of discount; "
            "lines without it get quantity × unit price less the discount"
        )
    return {"amount": f"COALESCE(amount, {net})"}


def _reps_derived(result: Plan) -> dict[str, str]:
    """The name from first and last names; the id from the employee id, else the name."""
    mapping = result.mapping
    out: dict[str, str] = {}
    name = quote("name")
    if mapping.has("first_name") or mapping.has("last_name"):
        name = "COALESCE(name, NULLIF(trim(concat_ws(' ', first_name, last_name)), ''))"
        out["name"] = name
        if not mapping.has("name"):
            result.notes.append("name made of the first and last names")
    if not mapping.has("rep"):
        if mapping.has("employee_id"):
            out["rep"] = "employee_id"
            result.notes.append(
                f"no rep id column: the employee id ({result.header('employee_id')}) serves "
                "as the rep id"
            )
        else:
            out["rep"] = name
            result.notes.append("no rep id column: the name serves as the rep id")
    return out
