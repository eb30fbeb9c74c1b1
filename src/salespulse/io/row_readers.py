"""Excel, JSON Lines and Parquet into the staging table (see `staging`): rows are read
one by one (Excel, JSON Lines) or by DuckDB (Parquet), values turned into text, missing
markers into NULL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from salespulse.io.findings import Finding, Refused, Report
from salespulse.io.sniff import FileKind
from salespulse.io.staging import STAGE, Fingerprint, Staged, bad_encoding, create_stage
from salespulse.io.values import is_missing, literal, missing_to_null
from salespulse.store import quote

Rows = Iterator[tuple[int, list[str | None]]]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return None if is_missing(value) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def stage_rows(con: Any, rows: Iterator[Any], report: Report) -> Staged:
    """Stage (line, values) rows; the first item yielded is the header list."""
    import pyarrow as pa

    headers: list[str] = next(rows, [])
    if not headers:
        report.add(Finding("empty_file", report.file, line=1, message="The file has no header."))
        raise Refused("no header")
    width = len(headers)
    create_stage(con, width)
    count = 0
    lines: list[int] = []
    cols: list[list[str | None]] = [[] for _ in range(width)]

    def flush() -> None:
        arrays = {"__line": pa.array(lines, pa.int64())}
        arrays.update({f"c{i}": pa.array(cols[i], pa.string()) for i in range(width)})
        batch = pa.table(arrays)
        con.register("_batch", batch)
        con.execute(f"INSERT INTO {STAGE} SELECT * FROM _batch")
        con.unregister("_batch")
        lines.clear()
        for col in cols:
            col.clear()

    for line, values in rows:
        lines.append(line)
        for i in range(width):
            cols[i].append(values[i] if i < len(values) else None)
        count += 1
        if len(lines) >= 50_000:
            flush()
    if lines:
        flush()
    return Staged([h or f"column {i + 1}" for i, h in enumerate(headers)], count, STAGE)


def xlsx_rows(path: Path, report: Report) -> Iterator[Any]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        message = f"{path.name} cannot be opened as an Excel workbook ({exc})."
        report.add(Finding("binary_file", report.file, message=message))
        raise Refused(message) from None
    try:
        sheet = book.worksheets[0]
        report.notes.append(f"read the first sheet, {sheet.title!r}")
        header: list[str] | None = None
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = [_text(v) for v in row]
            if header is None:
                if any(v not in (None, "") for v in values):
                    while values and values[-1] in (None, ""):
                        values.pop()
                    header = [(v or "").strip() for v in values]
                    yield header
                continue
            if any(v not in (None, "") for v in values):
                yield number, values
        if header is None:
            yield []
    finally:
        book.close()


def jsonl_rows(path: Path, kind: FileKind, report: Report, print_: Fingerprint) -> Iterator[Any]:
    codec = "utf-8-sig" if kind.encoding == "utf-8" else kind.encoding
    keys: dict[str, None] = {}

    def records() -> Iterator[tuple[int, dict[str, Any]]]:
        with path.open("r", encoding=codec, errors="strict") as handle:
            try:
                for number, raw in enumerate(handle, start=1):
                    text = raw.strip()
                    if not text:
                        continue
                    try:
                        obj = json.loads(text)
                    except json.JSONDecodeError as exc:
                        last = number >= print_.newlines + (0 if print_.ends_with_newline else 1)
                        code = (
                            "truncated_file" if last and not raw.endswith("\n") else "malformed_row"
                        )
                        message = f"This line is not a JSON object ({exc.msg})."
                        report.add(
                            Finding(
                                code, report.file, line=number, value=text[:200], message=message
                            )
                        )
                        raise Refused(message) from None
                    if not isinstance(obj, dict):
                        message = "Each line of a JSON Lines file must be an object {...}."
                        report.add(
                            Finding(
                                "malformed_row",
                                report.file,
                                line=number,
                                value=text[:200],
                                message=message,
                            )
                        )
                        raise Refused(message)
                    yield number, obj
            except UnicodeDecodeError:
                raise bad_encoding(report, path, kind.encoding, 0) from None

    for _, obj in records():
        keys.update(dict.fromkeys(obj))
    header = list(keys)
    yield header
    for number, obj in records():
        yield number, [_text(obj.get(k)) for k in header]


def stage_parquet(con: Any, path: Path, report: Report) -> Staged:
    import duckdb

    source = literal(str(path))  # quoted, not bound: binding imports pandas (~0.4 s)
    try:
        names = [
            r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet({source})").fetchall()
        ]
        select = ", ".join(
            f"{missing_to_null(f'CAST({quote(n)} AS VARCHAR)')} AS c{i}"
            for i, n in enumerate(names)
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {STAGE} AS SELECT file_row_number + 1 AS __line, "
            f"{select} FROM read_parquet({source}, file_row_number=true)"
        )
    except duckdb.Error as exc:
        message = f"{path.name} cannot be read as Parquet ({str(exc).splitlines()[0]})."
        report.add(Finding("binary_file", report.file, message=message))
        raise Refused(message) from None
    rows = con.execute(f"SELECT count(*) FROM {STAGE}").fetchone()[0]
    report.notes.append("Parquet rows are numbered from 1 (there is no header line)")
    return Staged(names, rows, STAGE)
