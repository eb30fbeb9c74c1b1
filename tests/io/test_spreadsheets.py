"""Spreadsheets as CRMs and office suites write them: .xlsx (openpyxl), legacy .xls
(xlwt), OpenDocument .ods (written here part by part), one sheet chosen with --sheet."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import salespulse
from salespulse.errors import ValidationFailed
from tests.io.writers import write_ods_rows

ROWS = [
    (date(2025, 1, 3), "Widget", 4, 2.5),
    (date(2025, 1, 4), "Gadget", 1, 10.0),
    (date(2025, 2, 1), "Widget", 3, 2.5),
]
HEADERS = ["Order Date", "Product", "Quantity", "Unit Price"]


def _totals(ws: salespulse.Workspace) -> tuple[object, ...]:
    with ws.connect(read_only=True) as con:
        return con.execute(
            "SELECT count(*), sum(quantity), sum(amount), min(date), max(date) FROM sales"
        ).fetchone()


EXPECTED = (
    len(ROWS),
    float(sum(q for _, _, q, _ in ROWS)),
    sum(q * p for _, _, q, p in ROWS),
    min(d for d, *_ in ROWS),
    max(d for d, *_ in ROWS),
)


def write_xlsx(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Read me"
    notes.append(["This export holds the sales on the next sheet."])
    sheet = book.create_sheet("Sales")
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(list(row))
    book.save(path)
    return path


def write_xls(path: Path) -> Path:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Orders")
    day = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for col, header in enumerate(HEADERS):
        sheet.write(0, col, header)
    for r, (when, product, quantity, price) in enumerate(ROWS, start=1):
        sheet.write(r, 0, when, day)
        sheet.write(r, 1, product)
        sheet.write(r, 2, quantity)
        sheet.write(r, 3, price)
    book.save(str(path))
    return path


def write_ods(path: Path) -> Path:
    def cell(value: object) -> str:
        if isinstance(value, date):
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        if isinstance(value, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return (
            f'<table:table-cell office:value-type="string"><text:p>{value}</text:p>'
            "</table:table-cell>"
        )

    rows = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
        for row in [HEADERS, *ROWS]
    )
    # LibreOffice ends a sheet with its empty rows, repeated: they are not data.
    rows += (
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
    )
    return write_ods_rows(path, rows, sheet="Q1 sales")


def test_xlsx_reads_the_first_sheet_and_names_the_others(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "export.xlsx")
    report = workspace.validate("sales", path)
    assert any("'Read me'" in n and "Sales" in n and "`sheet`" in n for n in report.notes)
    assert not report.ok  # the first sheet is not a sales table


def test_xlsx_sheet_chosen_by_name(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx")
    report = workspace.import_file("sales", path, sheet="sales")  # letter case aside
    assert report.stored and report.rows_read == len(ROWS)
    assert "read the sheet 'Sales'" in report.notes
    assert _totals(workspace) == EXPECTED


def test_unknown_sheet_is_refused_naming_the_sheets(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "export.xlsx")
    with pytest.raises(ValidationFailed) as failed:
        workspace.import_file("sales", path, sheet="Orders")
    (finding,) = failed.value.report.errors
    assert finding.code == "unknown_sheet"
    assert "'Read me'" not in finding.message and "Read me, Sales" in finding.message


def test_sheet_option_on_the_command_line(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx")
    command = [sys.executable, "-m", "salespulse", "--workspace", str(tmp_path / "ws")]
    refused = subprocess.run(
        [*command, "import", "sales", str(path), "--sheet", "Nope"], capture_output=True, text=True
    )
    assert refused.returncode == 2 and "unknown_sheet" in refused.stdout
    stored = subprocess.run(
        [*command, "import", "sales", str(path), "--sheet", "Sales"], capture_output=True, text=True
    )
    assert stored.returncode == 0, stored.stdout + stored.stderr
    assert "Stored 3 rows in sales" in stored.stdout


def test_legacy_xls(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    path = write_xls(tmp_path / "crm-export.xls")
    report = workspace.import_file("sales", path)
    assert report.format == "xls" and report.stored
    assert "read the first sheet, 'Orders'" in report.notes
    assert _totals(workspace) == EXPECTED


def test_opendocument_spreadsheet(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    path = write_ods(tmp_path / "sales.ods")
    report = workspace.import_file(None, path)
    assert report.format == "ods" and report.table == "sales" and report.stored
    assert report.rows_read == len(ROWS)
    assert _totals(workspace) == EXPECTED


def test_spreadsheet_with_the_wrong_extension(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    ods = write_ods(tmp_path / "sales.ods")
    renamed = tmp_path / "sales.xlsx"
    renamed.write_bytes(ods.read_bytes())
    report = workspace.validate("sales", renamed)
    assert [f.code for f in report.errors] == ["binary_file"]
    assert ".ods" in report.errors[0].message
    xls = write_xls(tmp_path / "old.xls")
    misnamed = tmp_path / "old.xlsx"
    misnamed.write_bytes(xls.read_bytes())
    assert [f.code for f in workspace.validate("sales", misnamed).errors] == ["binary_file"]
