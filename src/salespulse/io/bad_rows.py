"""Malformed rows of a CSV file: every one of them listed, not only the first.

DuckDB's strict read stops at the first row that does not fit the header. The file is
then read once more tolerating errors, which notes each malformed row (its line and its
text) in a temporary table; each becomes a finding. They refuse the file, unless the
import skips bad rows (`on_error="skip"`), in which case the rest of the file is read and
the malformed rows go to the rejects file with the other refused rows.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from salespulse.io.findings import Finding, Refused, Report

if TYPE_CHECKING:
    from salespulse.io.fingerprint import Fingerprint

#: Codes of rows that do not fit the file's shape (the row is not in the table at all).
MALFORMED = ("malformed_row", "value_too_long")
#: Findings listed one by one; beyond this a last finding counts the rest.
MAX_LISTED = 100_000

_LINE = re.compile(r"CSV Error on Line: (\d+)")
_ORIGINAL = re.compile(r"Original Line: ?(.*)")
_COUNTS = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def count(report: Report) -> int:
    """Rows of the file that were read but do not fit its shape (they are not staged)."""
    return sum(f.rows for f in report.findings if f.code in MALFORMED and (f.line or 0) > 1)


def list_all(
    con: Any,
    tolerant_read: str,
    report: Report,
    print_: Fingerprint,
    skip_bad_rows: bool,
    first_error: str,
) -> list[int]:
    """Add a finding for every malformed row of a CSV file (`tolerant_read`: its
    `read_csv` call that notes them) and return their lines; refuse the file unless it
    skips bad rows (a truncated file is refused anyway)."""
    import duckdb

    try:
        good = int(con.execute(f"SELECT count(*) FROM {tolerant_read}").fetchall()[0][0])
        found = con.execute(
            "SELECT line, any_value(error_type), any_value(csv_line), any_value(error_message) "
            "FROM _csv_rejects WHERE scan_id = (SELECT max(scan_id) FROM _csv_rejects) "
            "GROUP BY line ORDER BY line"
        ).fetchall()
    except duckdb.Error:
        found = []
    if not found:
        raise csv_error(report, first_error, print_) from None
    total_lines = print_.newlines + (0 if print_.ends_with_newline else 1)
    refuse = not skip_bad_rows
    for number, (line, kind, text, message) in enumerate(found):
        line = int(line)
        if number == MAX_LISTED:
            report.add(
                Finding(
                    "malformed_row",
                    report.file,
                    message="This row does not fit the header (and more rows like it).",
                    rows=len(found) - MAX_LISTED,
                )
            )
            refuse = True  # the rejects could not all be named
            break
        code, why = _reason(str(kind), str(message or ""))
        unclosed = "quote" in why
        if (line >= total_lines and not print_.ends_with_newline) or (
            unclosed and line >= total_lines - 1
        ):
            code, text_ = "truncated_file", f"The file ends in the middle of a row ({why})."
            refuse = True
        elif code == "value_too_long":
            text_ = f"This row is longer than the limit ({why})."
        else:
            text_ = f"This row does not fit the header: {why}."
        value = None if text is None else str(text).strip("\r\n")[:200]
        # set aside at once when skipping, so that the import goes on to the other checks
        rejected = skip_bad_rows and code != "truncated_file"
        report.add(
            Finding(code, report.file, line=line, value=value, message=text_, rejected=rejected)
        )
    report.rows_read = good + len(found)
    if refuse:
        raise Refused(f"{len(found)} malformed rows")
    return [int(row[0]) for row in found]


def _reason(kind: str, message: str) -> tuple[str, str]:
    counts = _COUNTS.search(message)
    if counts:
        return "malformed_row", f"expected {counts[1]} fields, found {counts[2]}"
    if "quote" in message.lower() or kind == "UNQUOTED VALUE":
        return "malformed_row", "a quote is opened and never closed"
    if kind == "LINE SIZE OVER MAXIMUM":
        return "value_too_long", message.splitlines()[0] if message else kind.lower()
    return "malformed_row", (message.splitlines()[0] if message else kind.lower())


def csv_error(report: Report, message: str, print_: Fingerprint) -> Refused:
    """The finding for DuckDB's error `message` when the rows could not be listed."""
    line_match = _LINE.search(message)
    line = int(line_match[1]) if line_match else None
    original = _ORIGINAL.search(message)
    value = original[1].strip()[:200] if original else None
    total_lines = print_.newlines + (0 if print_.ends_with_newline else 1)
    truncated = line is not None and line >= total_lines and not print_.ends_with_newline
    if "unterminated quote" in message.lower() and line is not None:
        truncated = truncated or line >= total_lines - 1
    first_line = message.splitlines()[0] if message else ""
    if "Expected Number of Columns" in message:
        detail = message.split("Expected Number of Columns", 1)[1].splitlines()[0]
        why = f"expected {detail.strip(': ').replace(' Found:', ' fields, found')}"
    elif "unterminated quote" in message.lower():
        why = "a quote is opened and never closed"
    elif "maximum line size" in message.lower():
        code = "value_too_long"
        text = f"A line is longer than the limit ({first_line})."
        report.add(Finding(code, report.file, line=line, value=value, message=text))
        return Refused(text)
    else:
        why = first_line.replace("Invalid Input Error: ", "")
    code = "truncated_file" if truncated else "malformed_row"
    text = (
        f"The file ends in the middle of a row ({why})."
        if truncated
        else f"This row does not fit the header: {why}."
    )
    report.add(Finding(code, report.file, line=line, value=value, message=text))
    return Refused(text)
