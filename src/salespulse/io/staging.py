"""Reading a file, as text, into a DuckDB staging table: one VARCHAR column per file
column (`c0`, `c1`, ...) and `__line`, the row's line number in the file (header = 1).

Large CSV files stream through DuckDB's parallel reader with bounded memory; other
encodings are first transcoded to UTF-8, chunk by chunk.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salespulse.io.findings import Finding, Refused, Report
from salespulse.io.sniff import FileKind, read_header
from salespulse.io.values import literal, missing_spellings

STAGE = "_stage"
_CHUNK = 8 * 1024 * 1024
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    size: int
    newlines: int
    ends_with_newline: bool


@dataclass
class Staged:
    headers: list[str]
    rows: int
    #: a relation with `__line` and `c0..cN`
    relation: str

    def column(self, header: str) -> str:
        return f"c{self.headers.index(header)}"


def fingerprint(path: Path, progress: Progress | None = None) -> Fingerprint:
    digest = hashlib.sha256()
    newlines = 0
    size = path.stat().st_size
    done = 0
    last = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            newlines += chunk.count(b"\n")
            done += len(chunk)
            last = chunk[-1:]
            if progress:
                progress("checking the file", done / max(size, 1))
    return Fingerprint(digest.hexdigest(), size, newlines, last == b"\n")


def stage(
    con: Any,
    path: Path,
    kind: FileKind,
    report: Report,
    scratch: Path,
    print_: Fingerprint,
    progress: Progress | None = None,
) -> Staged:
    if kind.format == "csv":
        return _stage_csv(con, path, kind, report, scratch, print_, progress)
    from salespulse.io import row_readers

    if kind.format == "xlsx":
        return row_readers.stage_rows(con, row_readers.xlsx_rows(path, report), report)
    if kind.format == "jsonl":
        rows = row_readers.jsonl_rows(path, kind, report, print_)
        return row_readers.stage_rows(con, rows, report)
    if kind.format == "parquet":
        return row_readers.stage_parquet(con, path, report)
    raise AssertionError(kind.format)


def create_stage(con: Any, width: int) -> None:
    cols = ", ".join(f"c{i} VARCHAR" for i in range(width))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {STAGE} (__line BIGINT, {cols})")


# --- CSV ------------------------------------------------------------------------------------


def _transcode(path: Path, encoding: str, scratch: Path, report: Report) -> Path:
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    target = scratch / "transcoded.csv"
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    line = 1
    with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(_CHUNK):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise bad_encoding(report, path, encoding, line) from exc
            line += text.count("\n")
            dst.write(text)
        try:
            dst.write(decoder.decode(b"", final=True))
        except UnicodeDecodeError as exc:
            raise bad_encoding(report, path, encoding, line) from exc
    return target


def bad_encoding(report: Report, path: Path, encoding: str, line: int) -> Refused:
    message = f"{path.name} is not valid {encoding} text (around line {line})."
    report.add(Finding("bad_encoding", report.file, line=line, message=message))
    return Refused(message)


_LINE = re.compile(r"CSV Error on Line: (\d+)")
_ORIGINAL = re.compile(r"Original Line: ?(.*)")


def _stage_csv(
    con: Any,
    path: Path,
    kind: FileKind,
    report: Report,
    scratch: Path,
    print_: Fingerprint,
    progress: Progress | None,
) -> Staged:
    import duckdb

    headers = read_header(path, kind)
    if not headers or not any(headers):
        report.add(Finding("empty_file", report.file, line=1, message="The file has no header."))
        raise Refused("no header")
    source = path
    if kind.encoding != "utf-8" or kind.bom:
        source = _transcode(path, kind.encoding, scratch, report)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(headers))) + "}"
    delim = (kind.delimiter or ",").replace("'", "''")
    nulls = "[" + ", ".join(literal(m) for m in missing_spellings()) + "]"

    def load(src: Path) -> None:
        sql = (
            f"CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM read_csv("
            f"'{str(src).replace(chr(39), chr(39) * 2)}', delim='{delim}', quote='\"', "
            f"escape='\"', header=true, auto_detect=false, columns={columns}, "
            f"strict_mode=true, max_line_size=10000000, parallel=true, nullstr={nulls})"
        )
        _run_with_progress(con, sql, progress, "reading")

    try:
        try:
            load(source)
        except duckdb.InvalidInputException as exc:
            if "unicode" not in str(exc).lower() or source != path:
                raise
            report.encoding = "cp1252"
            report.notes.append("the file is not UTF-8: read as Windows-1252 (cp1252)")
            source = _transcode(path, "cp1252", scratch, report)
            load(source)
    except duckdb.InvalidInputException as exc:
        raise _csv_error(report, str(exc), print_) from None
    rows = con.execute("SELECT count(*) FROM _raw").fetchone()[0]
    lines_expected = rows + 1
    lines_in_file = print_.newlines + (0 if print_.ends_with_newline else 1)
    if lines_expected == lines_in_file:
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {STAGE} AS SELECT rowid + 2 AS __line, * FROM _raw"
        )
    else:
        _line_map(con, source, kind.delimiter or ",", rows)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {STAGE} AS SELECT m.line AS __line, r.* "
            "FROM _raw r POSITIONAL JOIN _linemap m"
        )
    return Staged(headers, rows, STAGE)


def _line_map(con: Any, source: Path, delimiter: str, rows: int) -> None:
    """Line numbers of each record when they are not row + 2 (quoted line breaks, blank
    lines): read once more with Python's csv module, which counts lines as it goes."""
    import pyarrow as pa

    starts: list[int] = []
    with source.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        previous = reader.line_num
        first = True
        for record in reader:
            start = previous + 1
            previous = reader.line_num
            if not record or (len(record) == 1 and not record[0]):
                continue
            if first:
                first = False
                continue
            starts.append(start)
    starts = starts[:rows] + [0] * (rows - len(starts))
    table = pa.table({"line": pa.array(starts, pa.int64())})
    con.register("_linemap_arrow", table)
    con.execute("CREATE OR REPLACE TEMP TABLE _linemap AS SELECT * FROM _linemap_arrow")
    con.unregister("_linemap_arrow")


def _csv_error(report: Report, message: str, print_: Fingerprint) -> Refused:
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


def _run_with_progress(con: Any, sql: str, progress: Progress | None, step: str) -> None:
    if progress is None:
        con.execute(sql)
        return
    import threading

    done = threading.Event()

    def poll() -> None:
        while not done.wait(0.2):
            try:
                pct = con.query_progress()
            except Exception:
                return
            if pct is not None and pct >= 0:
                progress(step, min(pct / 100.0, 1.0))

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        con.execute(sql)
    finally:
        done.set()
        watcher.join()
    progress(step, 1.0)
