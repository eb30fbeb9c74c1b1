"""Checking a spreadsheet against the limits before it is read.

A workbook is read whole into memory, so a hostile one must be refused from what its
zip archive says and holds, before any reader sees it: the sizes its members declare
and really inflate to, their compression ratio, the dimension and cell references of
each sheet, the shared strings it declares, and the longest text run (a cell's value).
The members are inflated once, a chunk at a time, and nothing of them is kept.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from salespulse.io import limits, xls_guard
from salespulse.io.findings import Finding, Refused, Report

_CHUNK = 1024 * 1024
_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]*\d*:?([A-Z]{1,3})(\d+)"')
_ROW_REF = re.compile(rb'<row\b[^>]*?\sr="(\d+)"')
_CELL_REF = re.compile(rb'<c\b[^>]*?\sr="([A-Z]{1,3})\d+"')
_UNIQUE = re.compile(rb'<sst\b[^>]*?\suniqueCount="(\d+)"')
_ODS_TOKEN = re.compile(
    rb"<table:table-row\b([^>]*)>|</table:table-row>|<table:table-cell\b([^>]*)>"
)
_ODS_ROWS = re.compile(rb'number-rows-repeated="(\d+)"')
_ODS_COLUMNS = re.compile(rb'number-columns-repeated="(\d+)"')


def refuse(report: Report, code: str, message: str) -> Refused:
    report.add(Finding(code, report.file, message=message))
    return Refused(message)


def column_number(letters: bytes) -> int:
    """Excel's column letters as a number: A is 1, Z 26, AA 27."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def check(path: Path, fmt: str, report: Report) -> None:
    """Refuse `path` (an .xlsx, .xls or .ods file) when it passes a limit."""
    if fmt == "xls":
        size = path.stat().st_size
        if size > limits.MAX_XLS_BYTES:
            raise refuse(
                report,
                "sheet_too_large",
                f"{path.name} is {size:,} bytes; an .xls file may be at most "
                f"{limits.MAX_XLS_BYTES:,}: save it as .xlsx or CSV.",
            )
        try:
            rows, columns = xls_guard.largest_sheet(path)
        except (xls_guard.Damaged, struct.error, IndexError) as exc:
            message = f"{path.name} cannot be opened as an Excel workbook ({exc})."
            report.add(Finding("binary_file", report.file, message=message))
            raise Refused(message) from None
        _Scan(path.name, "a sheet", report)._cells(rows, columns)
        return
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(path, archive, fmt, report)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
    ) as exc:
        message = f"{path.name} cannot be opened as a workbook ({exc}); it may be damaged."
        report.add(Finding("binary_file", report.file, message=message))
        raise Refused(message) from None


def _check_archive(path: Path, archive: zipfile.ZipFile, fmt: str, report: Report) -> None:
    members = archive.infolist()
    declared = sum(m.file_size for m in members)
    if declared > limits.MAX_INFLATED_BYTES:
        raise _inflated(path, report, f"declares {declared:,} bytes once inflated")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.RATIO_FLOOR_BYTES and ratio > limits.MAX_COMPRESSION_RATIO:
            raise _inflated(path, report, f"its part {member.filename} inflates {ratio:,.0f} times")
    inflated = 0
    for member in members:
        sheet = fmt == "xlsx" and member.filename.startswith("xl/worksheets/")
        scan = _Scan(path.name, member.filename, report)
        for piece in _pieces(archive, member):
            inflated += len(piece)
            if inflated > limits.MAX_INFLATED_BYTES:
                raise _inflated(path, report, f"inflates past {limits.MAX_INFLATED_BYTES:,} bytes")
            if member.filename.endswith(".xml"):
                scan.text_runs(piece)
                if sheet:
                    scan.sheet(piece)
                elif member.filename == "xl/sharedStrings.xml":
                    scan.shared_strings(piece)
                elif fmt == "ods" and member.filename == "content.xml":
                    scan.ods(piece)
        scan.done()


def _pieces(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's inflated bytes in pieces that each end before a `<` (so no tag is
    cut in two); the last piece holds the rest."""
    carry = b""
    with archive.open(member) as handle:
        while chunk := handle.read(_CHUNK):
            data = carry + chunk
            cut = data.rfind(b"<")
            if cut <= 0:
                carry = data
                if len(carry) > limits.MAX_CELL_BYTES:
                    yield carry  # one run of text: the scan refuses it
                    carry = b""
                continue
            carry = data[cut:]
            yield data[:cut]
    if carry:
        yield carry


def _inflated(path: Path, report: Report, what: str) -> Refused:
    return refuse(
        report,
        "inflated_file",
        f"{path.name} {what}; the limits are {limits.MAX_INFLATED_BYTES:,} bytes and "
        f"{limits.MAX_COMPRESSION_RATIO} times (a zip bomb, or a damaged file).",
    )


class _Scan:
    """What one member's pieces say, checked as they come."""

    def __init__(self, name: str, member: str, report: Report) -> None:
        self.name, self.member, self.report = name, member, report
        self.rows = self.columns = self.strings = 0
        self.tail = 0  # length of the text run the previous piece ended in
        self.ods_row = (1, False, 0, 0)  # repeat, has a value, columns, columns to value

    def _too_large(self, what: str) -> Refused:
        return refuse(
            self.report,
            "sheet_too_large",
            f"{self.name}: {self.member} {what}; the limits are {limits.MAX_SHEET_ROWS:,} "
            f"rows, {limits.MAX_SHEET_CELLS:,} cells and {limits.MAX_SHARED_STRINGS:,} "
            "shared strings: export the sheet as CSV.",
        )

    def _cells(self, rows: int, columns: int, declared: str = "holds") -> None:
        if rows > limits.MAX_SHEET_ROWS or rows * columns > limits.MAX_SHEET_CELLS:
            raise self._too_large(f"{declared} {rows:,} rows × {columns:,} columns")

    def text_runs(self, piece: bytes) -> None:
        runs = piece.split(b"<")
        longest = max(self.tail + len(runs[0]), *(len(r) for r in runs[1:]))
        self.tail = len(runs[-1]) if len(runs) > 1 else self.tail + len(runs[0])
        if longest > limits.MAX_CELL_BYTES:
            raise refuse(
                self.report,
                "value_too_long",
                f"{self.name}: {self.member} holds a value of more than "
                f"{limits.MAX_CELL_BYTES:,} bytes (the limit).",
            )

    def sheet(self, piece: bytes) -> None:
        if self.rows == 0 and (dimension := _DIMENSION.search(piece)):
            self._cells(int(dimension[2]), column_number(dimension[1]), "declares")
        rows = _ROW_REF.findall(piece)
        if rows:
            self.rows = max(self.rows, *map(int, rows))
        columns = set(_CELL_REF.findall(piece))
        if columns:
            self.columns = max(self.columns, *map(column_number, columns))
        self._cells(self.rows, self.columns)

    def shared_strings(self, piece: bytes) -> None:
        declared = _UNIQUE.search(piece)
        self.strings += piece.count(b"<si>") + piece.count(b"<si ")
        count = max(int(declared[1]) if declared else 0, self.strings)
        if count > limits.MAX_SHARED_STRINGS:
            raise self._too_large(f"holds {count:,} shared strings")

    def ods(self, piece: bytes) -> None:
        repeat, valued, columns, used = self.ods_row
        for token in _ODS_TOKEN.finditer(piece):
            row, cell = token[1], token[2]
            if row is not None:
                found = _ODS_ROWS.search(row)
                repeat, valued, columns, used = (int(found[1]) if found else 1), False, 0, 0
                if not row.endswith(b"/"):
                    continue
            if cell is not None:
                found = _ODS_COLUMNS.search(cell)
                columns += int(found[1]) if found else 1
                if b"value-type" in cell:
                    valued, used = True, columns
                continue
            if valued:  # the end of a row with values: the reader repeats it
                self.rows += repeat
                self.columns = max(self.columns, used)
                self._cells(self.rows, self.columns)
            repeat, valued, columns, used = 1, False, 0, 0
        self.ods_row = (repeat, valued, columns, used)

    def done(self) -> None:
        self._cells(self.rows, self.columns)
