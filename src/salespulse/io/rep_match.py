"""Matching the reps a file names to the reps table.

Files name reps in different ways: the CRM by id, the quota sheet by employee number,
the spreadsheet by full name. A value that is not a rep id but names exactly one rep by
employee id, email, name (or the id in another case) is stored as that rep's id.
"""

from __future__ import annotations

from typing import Any

from salespulse.io.checks import collect
from salespulse.io.findings import Finding, Report
from salespulse.io.parse import PARSED, Plan
from salespulse.store import quote


def match(con: Any, report: Report, plan: Plan, reps_stored: bool) -> None:
    if not plan.mapping.has("rep") or plan.table.name == "reps":
        return
    if not reps_stored:
        report.add(
            Finding(
                "no_reps_table",
                report.file,
                column=plan.header("rep"),
                message="there is no reps table yet, so the reps in this file are not checked",
            )
        )
        return
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _rep_alias AS
        WITH cand AS (
            SELECT lower(rep) AS alias, rep, 'rep id in another case' AS how FROM reps
            UNION ALL SELECT lower(employee_id), rep, 'employee id' FROM reps
              WHERE employee_id IS NOT NULL
            UNION ALL SELECT lower(email), rep, 'email' FROM reps WHERE email IS NOT NULL
            UNION ALL SELECT lower(name), rep, 'name' FROM reps WHERE name IS NOT NULL
        ), uniq AS (
            SELECT alias, min(rep) AS rep, min(how) AS how FROM cand
            GROUP BY alias HAVING count(DISTINCT rep) = 1
        ), unknown AS (
            SELECT DISTINCT rep AS value FROM {PARSED}
            WHERE rep IS NOT NULL AND rep NOT IN (SELECT rep FROM reps)
        )
        SELECT u.value, q.rep, q.how FROM unknown u JOIN uniq q ON lower(u.value) = q.alias"""
    )
    matched = con.execute(
        "SELECT how, count(*), min(value || ' → ' || rep) FROM _rep_alias GROUP BY how"
    ).fetchall()
    if matched:
        rows = con.execute(
            f"SELECT count(*) FROM {PARSED} p JOIN _rep_alias a ON p.rep = a.value"
        ).fetchone()[0]
        target = quote(plan.target)
        con.execute(
            f"UPDATE {target} SET rep = a.rep FROM _rep_alias a "
            f"WHERE {target}.rep = a.value AND {target}._import_id = {int(plan.import_id)}"
        )
        ways = "; ".join(f"{n} by {how} (e.g. {example})" for how, n, example in matched)
        report.add(
            Finding(
                "rep_matched_by_alias",
                report.file,
                column=plan.header("rep"),
                message=f"reps matched to the reps table: {ways}",
                rows=int(rows),
            )
        )
    collect(
        con,
        report,
        "unknown_rep",
        "SELECT min(__line), rep || ' (' || count(*) || "
        f"CASE count(*) WHEN 1 THEN ' row)' ELSE ' rows)' END FROM {PARSED} "
        "WHERE rep IS NOT NULL AND rep NOT IN (SELECT rep FROM reps) GROUP BY rep",
        "this rep is not in the reps table (first line shown)",
        column=plan.header("rep"),
    )
