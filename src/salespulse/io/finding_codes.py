"""Every finding code an import can report, declared once: its severity, meaning and fix.

Errors refuse the file (nothing is stored); warnings are stored with the rows and
reported. `docs/importing.md` lists them all (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    meaning: str
    fix: str


_CODES = [
    # Errors: the file is refused, nothing is stored.
    Code(
        "unknown_table",
        "error",
        "the table named is not one salespulse knows",
        "name one of sales, orders, products, categories, reps, deals, deal_stages, leads, "
        "activities, quotas",
    ),
    Code(
        "table_not_recognised",
        "error",
        "the table was left out and the headers do not say which table the file is",
        "name the table: salespulse import TABLE FILE",
    ),
    Code("file_not_found", "error", "the file does not exist or cannot be read", "check the path"),
    Code(
        "unsupported_format",
        "error",
        "the file is not CSV, TSV, Excel, Parquet or JSON Lines",
        "export the data as CSV or .xlsx",
    ),
    Code(
        "binary_file",
        "error",
        "the file holds binary data where text was expected",
        "export the data as CSV, or give the file its real extension (.xlsx, .parquet)",
    ),
    Code(
        "empty_file",
        "error",
        "the file has no header or no rows",
        "check that the export is complete",
    ),
    Code(
        "bad_encoding",
        "error",
        "the file's bytes are not text in any supported encoding",
        "save the file as UTF-8",
    ),
    Code(
        "malformed_row",
        "error",
        "a row has more or fewer fields than the header, or an unclosed quote",
        "check the row in the file: a stray delimiter or quote usually causes it",
    ),
    Code(
        "truncated_file",
        "error",
        "the file ends in the middle of a row",
        "the export or the copy was cut short: export it again",
    ),
    Code(
        "duplicate_header",
        "error",
        "two columns have the same header",
        "rename one of them, or map one explicitly with `mapping`",
    ),
    Code(
        "missing_column",
        "error",
        "a required column is not in the file",
        "add the column, or map the file's column onto it with `mapping` 'Header=column'",
    ),
    Code(
        "ambiguous_column",
        "error",
        "two or more columns could fill the same field",
        "choose one with `mapping` 'Header=column'",
    ),
    Code(
        "bad_mapping",
        "error",
        "a `mapping`, `set_values` or `fill` option names an unknown column",
        "use the file's header as written and a column of the table's contract",
    ),
    Code(
        "missing_value",
        "error",
        "a required value is empty",
        "fill the value in the file, or give a default with `fill` column=value",
    ),
    Code(
        "unreadable_value",
        "error",
        "a value in a required column cannot be read",
        "correct the value; for dates, `dayfirst` decides 03/04 style dates",
    ),
    Code(
        "unknown_status",
        "error",
        "a deal status is not open, won or lost",
        "use open/won/lost, `stages` 'WORD=lost' for one import, or add the word to [stages] "
        "won/lost in salespulse.toml",
    ),
    Code(
        "unknown_period",
        "error",
        "a quota period is not like 2025-03, 2025-Q1 or 2025",
        "write the period like 2025-03, or give period_start and period_end",
    ),
    Code(
        "duplicate_key",
        "error",
        "the same key appears on more than one row",
        "keep one row per key",
    ),
    Code(
        "key_already_stored",
        "error",
        "a key in the file is already in the workspace",
        "use `mode` upsert to update the stored rows by key, `mode` replace to replace the "
        "table, or remove the row",
    ),
    Code(
        "won_without_amount",
        "error",
        "a won deal has no amount",
        "fill in the amount (or `fill` amount=0 if it really is zero)",
    ),
    Code(
        "won_without_close_date", "error", "a won deal has no close date", "fill in the close date"
    ),
    Code(
        "lost_without_close_date",
        "error",
        "a lost deal has no close date",
        "fill in the close date",
    ),
    Code(
        "already_imported",
        "error",
        "this exact file was imported into this table before",
        "nothing to do; use `force` to import it again anyway, or `mode` replace",
    ),
    Code(
        "not_a_file",
        "error",
        "the path is a directory, a pipe (FIFO), a socket or a device, not a file",
        "give the path of the file itself",
    ),
    Code(
        "unknown_sheet",
        "error",
        "`sheet` names a sheet the workbook does not have",
        "use one of the sheet names the message lists",
    ),
    Code(
        "sheet_too_large",
        "error",
        "a spreadsheet declares or holds more rows, cells or shared strings than the limits",
        "export the sheet as CSV (no limit on rows), or split it",
    ),
    Code(
        "inflated_file",
        "error",
        "a compressed spreadsheet inflates past the size or compression-ratio limit (a zip "
        "bomb, or a damaged file)",
        "export the data again as .xlsx or CSV",
    ),
    Code(
        "value_too_long",
        "error",
        "a header, a value or a line is longer than the limit",
        "check the file: a missing quote or line break often turns many lines into one",
    ),
    Code(
        "too_many_columns",
        "error",
        "the file has more columns than the limit",
        "export only the columns salespulse needs",
    ),
    Code(
        "too_deep",
        "error",
        "a JSON value is nested deeper than the limit",
        "export flat records, one object per line",
    ),
    Code(
        "unknown_order",
        "error",
        "a sales line without a date names an order that is not in the orders table",
        "import the orders file that has these orders (salespulse import orders FILE), or "
        "give the lines their dates",
    ),
    Code(
        "orders_not_imported",
        "error",
        "sales lines take their date from their orders, but no orders table is imported yet",
        "import the orders file first (salespulse import orders FILE), then the lines",
    ),
    Code(
        "rows_already_stored",
        "error",
        "rows of the file are already stored, equal on every column (a corrected re-export "
        "or an overlapping date range), so appending them would count them twice",
        "use `skip_existing` to store only the new rows, `mode` replace to replace the table, "
        "or salespulse imports undo ID to take out the earlier import; `force` stores them "
        "again",
    ),
    Code(
        "upsert_needs_key",
        "error",
        "`mode` upsert updates rows by key, and this table has no key",
        "use `mode` append (with `skip_existing` for overlapping exports) or `mode` replace",
    ),
    Code(
        "ambiguous_dates",
        "error",
        "every date could be day-first or month-first (03/04/2025), and neither another "
        "date column nor the order of the rows decides it",
        "pass `dayfirst=True` or `dayfirst=False` (or dayfirst = true in salespulse.toml)",
    ),
    Code(
        "number_out_of_range",
        "error",
        "a number is infinite, not a number (NaN) or beyond ±10^15; it would corrupt every sum",
        "correct the value in the file (leave it empty if it is missing)",
    ),
    # Warnings: the rows are stored and the finding is reported.
    Code(
        "negative_quantity",
        "warning",
        "a negative quantity (a return); kept as it is",
        "nothing, if it is a return",
    ),
    Code("future_date", "warning", "a date after today", "check the date"),
    Code(
        "unknown_rep",
        "warning",
        "a rep that is not in the reps table",
        "import the reps table (salespulse import reps FILE), or correct the name",
    ),
    Code(
        "no_reps_table",
        "warning",
        "there is no reps table yet, so reps cannot be checked",
        "import the reps table to get team and manager breakdowns",
    ),
    Code(
        "open_deal_without_created_at",
        "warning",
        "an open deal has no creation date; cycle and cohort KPIs leave it out",
        "fill in the creation date if the CRM has it",
    ),
    Code(
        "closed_deal_without_created_at",
        "warning",
        "a closed deal has no creation date; cycle and close-rate KPIs leave it out",
        "fill in the creation date if the CRM has it",
    ),
    Code(
        "unreadable_optional_value",
        "warning",
        "a value in an optional column cannot be read; it is stored as empty",
        "correct the value, or leave the column out with `mapping` 'Header='",
    ),
    Code(
        "probability_scaled",
        "warning",
        "probabilities above 1 were read as percentages (70 → 0.70)",
        "nothing, if the column holds percentages",
    ),
    Code(
        "empty_target_cells",
        "warning",
        "empty cells in a quota table with one column per month were skipped",
        "nothing, if those months have no target",
    ),
    Code(
        "quota_scale",
        "warning",
        "the quota targets are far below what the reps did: the median rep did 20 times "
        "their target or more, as when targets are written in thousands",
        "if the targets are in thousands, undo the quotas import (salespulse imports undo ID) "
        "and import the file again with `multiplier` 1000; if they are right, nothing",
    ),
    Code(
        "rep_matched_by_alias",
        "warning",
        "reps were matched to the reps table by name, email or employee id",
        "nothing; the stored rows use the reps table's rep id",
    ),
    Code(
        "money_column_set_aside",
        "warning",
        "a column that looks as if it changes money (discount, rebate, tax, freight, cost, "
        "profit, margin, return) is not imported",
        "map it onto its column with `mapping` 'Header=column' (e.g. discount, discount_amount, "
        "tax, shipping, cost), or ignore the warning if the amount already accounts for it",
    ),
    Code(
        "already_stored_skipped",
        "warning",
        "rows already stored, equal on every column, were left out (`skip_existing`)",
        "nothing, if the file overlaps an earlier export",
    ),
    Code(
        "closed_before_created",
        "warning",
        "a deal closes before it was created (often migrated data, created on the load "
        "date); stored, and left out of cycle and close-rate KPIs",
        "correct one of the two dates if the CRM has the real creation date",
    ),
    Code(
        "missing_marker_as_text",
        "warning",
        "a text column holds NA on many rows; it is kept as text (NA may be a real value)",
        "pass `missing` NA if it means missing",
    ),
]
CODES: dict[str, Code] = {c.code: c for c in _CODES}
