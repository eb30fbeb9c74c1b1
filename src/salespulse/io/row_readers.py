"""Spreadsheets, JSON Lines and Parquet into the staging table (see `staging`): rows are
read one by one (spreadsheets through `excel`, JSON Lines) or by DuckDB (Parquet), values
turned into text, missing markers into NULL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from salespulse.io import limits
from salespulse.io.findings import Finding, Refused, Report
from salespulse.io.fingerprint import Fingerprint
from salespulse.io.sniff import FileKind, check_header
from salespulse.io.staging import STAGE, Staged, bad_encoding, create_stage
from salespulse.io.values import is_missing, literal, missing_to_null
from salespulse.store import quote

Rows = Iterator[tuple[int, list[str | None]]]


def cell_text(value: Any) -> str | None:
    """A spreadsheet or JSON value as text (None when missing)."""
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


def jsonl_rows(
    path: Path, kind: FileKind, report: Report, print_: Fingerprint, skip: bool = False
) -> Iterator[Any]:
    """The keys of all objects (the header), then (line, values) per object. Lines that
    are not JSON objects are all listed; they refuse the file unless `skip`."""
    codec = "utf-8-sig" if kind.encoding == "utf-8" else kind.encoding
    last_line = print_.newlines + (0 if print_.ends_with_newline else 1)
    keys: dict[str, None] = {}
    bad: set[int] = set()

    def records(first_pass: bool) -> Iterator[tuple[int, dict[str, Any]]]:
        with path.open("r", encoding=codec, errors="strict") as handle:
            number = 0
            try:
                while raw := handle.readline(limits.MAX_LINE_BYTES + 1):
                    number += 1
                    if first_pass:
                        obj = _json_object(raw, number, number >= last_line, report, skip)
                        if obj is None:
                            bad.add(number)
                        elif obj:
                            yield number, obj
                    elif number not in bad and raw.strip():
                        yield number, json.loads(raw)
                    if len(raw) > limits.MAX_LINE_BYTES:
                        return  # refused by _json_object
            except UnicodeDecodeError:
                raise bad_encoding(report, path, kind.encoding, number) from None

    for _, obj in records(first_pass=True):
        keys.update(dict.fromkeys(obj))
    if bad and not skip:
        raise Refused(f"{len(bad)} lines are not JSON objects")
    header = check_header(list(keys), report)
    yield header
    for number, obj in records(first_pass=False):
        yield number, [cell_text(obj.get(k)) for k in header]


def _json_object(
    raw: str, number: int, last: bool, report: Report, skip: bool
) -> dict[str, Any] | None:
    """The object on one line ({} for a blank line), or None after adding the finding
    that says why it is not one (set aside when `skip`). A line past the limits refuses
    the file."""
    text = raw.strip()
    if not text:
        return {}
    if len(raw) > limits.MAX_LINE_BYTES:
        message = f"A line is longer than {limits.MAX_LINE_BYTES:,} characters (the limit)."
        report.add(Finding("value_too_long", report.file, line=number, message=message))
        raise Refused(message)
    if _depth(text) > limits.MAX_JSON_DEPTH:
        message = f"This line nests values deeper than {limits.MAX_JSON_DEPTH} levels (the limit)."
        report.add(Finding("too_deep", report.file, line=number, value=text[:200], message=message))
        raise Refused(message)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        code = "truncated_file" if last and not raw.endswith("\n") else "malformed_row"
        message = f"This line is not a JSON object ({exc.msg})."
    else:
        if isinstance(obj, dict):
            return obj
        code, message = "malformed_row", "Each line of a JSON Lines file must be an object {...}."
    rejected = skip and code == "malformed_row"
    report.add(
        Finding(
            code, report.file, line=number, value=text[:200], message=message, rejected=rejected
        )
    )
    return None


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _depth(text: str) -> int:
    """How deep the line's values nest (brackets inside strings do not count)."""
    if text.count("[") + text.count("{") <= limits.MAX_JSON_DEPTH:
        return 0
    depth = deepest = 0
    for token in _JSON_TOKEN.finditer(text):
        mark = token[0]
        if mark in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif mark in "]}":
            depth -= 1
    return deepest


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
