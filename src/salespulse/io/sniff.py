"""What kind of file this is: format, encoding, delimiter and header."""

from __future__ import annotations

import codecs
import csv
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from salespulse.io import limits
from salespulse.io.findings import Finding, Refused, Report

FORMATS = ("csv", "xlsx", "xls", "ods", "parquet", "jsonl")
#: the spreadsheet formats, read by `salespulse.io.excel`
SPREADSHEETS = ("xlsx", "xls", "ods")
DELIMITERS = (",", ";", "\t", "|")
_SAMPLE = 256 * 1024

_MAGIC = {
    b"PK\x03\x04": "xlsx",
    b"PAR1": "parquet",
}
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an Office document (Word, or an Excel file not named .xls)",
    b"\x1f\x8b": "a gzip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"SQLite format 3": "a SQLite database",
}


_OLE = b"\xd0\xcf\x11\xe0"
#: an OpenDocument file's first zip member is `mimetype`, stored uncompressed
_OPENDOCUMENT = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
_SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "ods": (".ods",)}


@dataclass(frozen=True)
class FileKind:
    format: str
    encoding: str = "utf-8"
    delimiter: str | None = None
    bom: bool = False


def _refuse(report: Report, code: str, message: str, line: int | None = None) -> Refused:
    report.add(Finding(code, report.file, line=line, message=message))
    return Refused(message)


def detect(path: Path, report: Report) -> FileKind:
    """Format, encoding and delimiter of `path`; refuses unreadable files with a finding."""
    head = _head(path, report)
    suffix = path.suffix.lower()
    for magic, fmt in _MAGIC.items():
        if head.startswith(magic):
            if fmt == "xlsx":
                fmt = "ods" if _OPENDOCUMENT in head[:100] else "xlsx"
                if suffix not in _SUFFIXES[fmt]:
                    raise _refuse(
                        report,
                        "binary_file",
                        f"{path.name} is a zip archive (perhaps a spreadsheet); give it the "
                        f"{_SUFFIXES[fmt][0]} extension or export it as CSV.",
                    )
            return FileKind(fmt)
    if head.startswith(_OLE) and suffix == ".xls":
        return FileKind("xls")
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods", ".parquet"):
        raise _refuse(
            report, "binary_file", f"{path.name} is named {suffix} but its content is not."
        )
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise _refuse(report, "binary_file", f"{path.name} is {what}, not a table.")
    encoding, bom = detect_encoding(head)
    if encoding is None:
        raise _refuse(
            report,
            "binary_file",
            f"{path.name} contains binary data (NUL bytes); it is not a text table.",
        )
    text, encoding = _decode_sample(head, encoding)
    if text is None:
        raise _refuse(report, "bad_encoding", f"{path.name} is not readable as text.")
    stripped = text.lstrip()
    if suffix in (".jsonl", ".ndjson", ".json") or stripped.startswith("{"):
        return FileKind("jsonl", encoding, None, bom)
    return FileKind("csv", encoding, sniff_delimiter(text, suffix), bom)


def _head(path: Path, report: Report) -> bytes:
    """The first bytes of a regular file. Anything else (a directory, a FIFO, a device)
    is refused from its status alone: opening a FIFO would wait for a writer."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise _refuse(report, "file_not_found", f"{path} does not exist.") from None
    except OSError as exc:
        raise _refuse(report, "file_not_found", f"{path} cannot be read: {exc}.") from None
    if not stat.S_ISREG(status.st_mode):
        what = (
            "a directory"
            if stat.S_ISDIR(status.st_mode)
            else "a pipe (FIFO)"
            if stat.S_ISFIFO(status.st_mode)
            else "a socket"
            if stat.S_ISSOCK(status.st_mode)
            else "a device"
        )
        raise _refuse(report, "not_a_file", f"{path} is {what}, not a file.")
    try:
        with path.open("rb") as handle:
            head = handle.read(_SAMPLE)
    except OSError as exc:
        raise _refuse(report, "file_not_found", f"{path} cannot be read: {exc}.") from None
    if not head:
        raise _refuse(report, "empty_file", f"{path.name} is empty.")
    return head


def detect_encoding(head: bytes) -> tuple[str | None, bool]:
    """(encoding, has BOM); encoding None for binary data."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", True
    if head.startswith(codecs.BOM_UTF32_LE) or head.startswith(codecs.BOM_UTF32_BE):
        return "utf-32", True
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16", True
    sample = head[:4096]
    if len(sample) >= 4:
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        half = len(sample) // 2
        if odd_zeros > 0.4 * half and even_zeros == 0:
            return "utf-16-le", False
        if even_zeros > 0.4 * half and odd_zeros == 0:
            return "utf-16-be", False
    if b"\x00" in head:
        return None, False
    controls = sum(1 for b in head[:4096] if b < 9 or 13 < b < 32)
    if controls > 0.01 * min(len(head), 4096) + 1:
        return None, False
    return "utf-8", False


def _decode_sample(head: bytes, encoding: str) -> tuple[str | None, str]:
    """The sample as text, and the encoding that read it: cp1252 when a file taken for
    UTF-8 is not valid UTF-8; None when the bytes are not text in `encoding`."""
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        return decoder.decode(head, final=False), encoding
    except UnicodeDecodeError:
        if encoding == "utf-8":
            return head.decode("cp1252", errors="replace"), "cp1252"
        return None, encoding


def sniff_delimiter(text: str, suffix: str = "") -> str:
    """The delimiter that splits the sample's lines into the same number of fields."""
    lines = text.splitlines()[:50]
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end mid-line
    best, best_score = "\t" if suffix in (".tsv", ".tab") else ",", 0.0
    for delim in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delim))
        except csv.Error:
            continue
        widths = [len(r) for r in rows if r]
        if not widths or widths[0] < 2:
            continue
        consistent = sum(1 for w in widths if w == widths[0]) / len(widths)
        score = consistent * 1000 + widths[0]
        if score > best_score:
            best, best_score = delim, score
    return best


def read_header(path: Path, kind: FileKind, report: Report) -> list[str]:
    """The first row of a delimited text file, as the file spells it; refuses a header
    past the limits (see `check_header`)."""
    codec = "utf-8-sig" if kind.encoding == "utf-8" else kind.encoding
    with path.open("r", encoding=codec, errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=kind.delimiter or ",")
        try:
            for row in reader:
                if any(cell.strip() for cell in row):
                    return check_header([cell.strip() for cell in row], report)
        except csv.Error:
            pass  # a field past csv's own limit (131,072 characters)
    message = (
        f"The header is longer than {limits.MAX_HEADER_CHARS:,} characters a column "
        "(a missing quote or line break?)."
    )
    report.add(Finding("value_too_long", report.file, line=1, message=message))
    raise Refused(message)


def check_header(headers: list[str], report: Report, line: int = 1) -> list[str]:
    """`headers`, unless there are too many or one is too long (refused)."""
    if len(headers) > limits.MAX_COLUMNS:
        message = f"The file has {len(headers):,} columns; the limit is {limits.MAX_COLUMNS:,}."
        report.add(Finding("too_many_columns", report.file, line=line, message=message))
        raise Refused(message)
    for number, header in enumerate(headers, start=1):
        if len(header) > limits.MAX_HEADER_CHARS:
            message = (
                f"Header {number} is {len(header):,} characters long; the limit is "
                f"{limits.MAX_HEADER_CHARS:,} (a missing quote or line break?)."
            )
            report.add(
                Finding(
                    "value_too_long",
                    report.file,
                    line=line,
                    column=f"column {number}",
                    value=header[:50] + "…",
                    message=message,
                )
            )
            raise Refused(message)
    return headers
