"""Any supported file into the DuckDB staging table: a CSV file read in place by DuckDB
(`staging`), spreadsheets, JSON Lines and Parquet row by row (`row_readers`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from salespulse.io import staging
from salespulse.io.findings import Report
from salespulse.io.fingerprint import Fingerprint
from salespulse.io.sniff import SPREADSHEETS, FileKind
from salespulse.io.staging import Progress, Staged


def stage(
    con: Any,
    path: Path,
    kind: FileKind,
    report: Report,
    scratch: Path,
    print_: Fingerprint,
    progress: Progress | None = None,
    *,
    sheet: str | None = None,
    skip_bad_rows: bool = False,
) -> Staged:
    """Stage the file; `sheet` chooses a spreadsheet's sheet, `skip_bad_rows` reads past
    malformed rows (each one still reported) instead of refusing the file."""
    if kind.format == "csv":
        return staging.stage_csv(con, path, kind, report, scratch, print_, skip_bad_rows)
    from salespulse.io import excel, row_readers

    if kind.format in SPREADSHEETS:
        rows = excel.sheet_rows(path, kind.format, report, sheet)
        return row_readers.stage_rows(con, rows, report)
    if kind.format == "jsonl":
        rows = row_readers.jsonl_rows(path, kind, report, print_, skip_bad_rows)
        return row_readers.stage_rows(con, rows, report)
    if kind.format == "parquet":
        return row_readers.stage_parquet(con, path, report)
    raise AssertionError(kind.format)
