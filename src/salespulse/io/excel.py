"""Spreadsheets (.xlsx, legacy .xls, .ods) read with python-calamine, one sheet: the one
`sheet` names, else the first. The workbook is first checked against the limits
(`workbook_guard`); the rows then go to the staging table like any other rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from salespulse.io import limits, workbook_guard
from salespulse.io.findings import Finding, Refused, Report
from salespulse.io.sniff import check_header

_NAMES = {"xlsx": "an Excel workbook", "xls": "an Excel (.xls) workbook", "ods": "a spreadsheet"}


def sheet_rows(path: Path, fmt: str, report: Report, sheet: str | None) -> Iterator[Any]:
    """The header list, then (row number, values) for every non-empty row of the sheet;
    values as text (see `row_readers.cell_text`)."""
    from python_calamine import CalamineWorkbook

    from salespulse.io.row_readers import cell_text

    workbook_guard.check(path, fmt, report)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        message = f"{path.name} cannot be opened as {_NAMES[fmt]} ({exc})."
        report.add(Finding("binary_file", report.file, message=message))
        raise Refused(message) from None
    try:
        names = list(book.sheet_names)
        if not names:
            report.add(Finding("empty_file", report.file, message="The workbook has no sheet."))
            raise Refused("no sheet")
        name = _choose(names, sheet, report)
        try:
            data = book.get_sheet_by_name(name)
        except Exception as exc:
            message = f"The sheet {name!r} of {path.name} cannot be read ({exc})."
            report.add(Finding("binary_file", report.file, message=message))
            raise Refused(message) from None
        if data.height * max(data.width, 1) > limits.MAX_SHEET_CELLS:
            raise workbook_guard.refuse(
                report,
                "sheet_too_large",
                f"The sheet {name!r} holds {data.height:,} rows × {data.width:,} columns; "
                f"the limit is {limits.MAX_SHEET_CELLS:,} cells: export it as CSV.",
            )
        header: list[str] | None = None
        # calamine leaves out leading empty rows and columns: start from the sheet's corner
        first_row = data.start[0] + 1 if data.start else 1
        for number, row in enumerate(data.iter_rows(), start=first_row):
            values = [cell_text(v) for v in row]
            if header is None:
                if any(v not in (None, "") for v in values):
                    while values and values[-1] in (None, ""):
                        values.pop()
                    header = check_header([(v or "").strip() for v in values], report, number)
                    yield header
                continue
            if any(v not in (None, "") for v in values):
                yield number, values
        if header is None:
            yield []
    finally:
        book.close()


def _choose(names: list[str], sheet: str | None, report: Report) -> str:
    if sheet is None:
        others = f" (of {len(names)}: {', '.join(names)}; `sheet` NAME reads another)"
        report.notes.append(f"read the first sheet, {names[0]!r}" + (others if names[1:] else ""))
        return names[0]
    if sheet in names:
        report.notes.append(f"read the sheet {sheet!r}")
        return sheet
    folded = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
    if len(folded) == 1:
        report.notes.append(f"read the sheet {folded[0]!r}")
        return folded[0]
    message = f"there is no sheet called {sheet!r}; the sheets are: {', '.join(names)}"
    report.add(Finding("unknown_sheet", report.file, value=sheet, message=message))
    raise Refused(message)
