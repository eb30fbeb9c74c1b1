"""`on_error="skip"`: store the good rows, set the refused ones aside.

A row refused by a row-level check (a malformed row, a missing or unreadable required
value, an unknown status, a duplicate key, ...) then no longer refuses the file: its
findings are marked `rejected`, its rows are deleted from the target inside the
import's transaction, and its lines are written to the workspace's rejects folder:

- `rejects/<import id>.csv`: the file's header and each refused row exactly as the file
  has it (the same bytes, in file order), ready to be corrected and imported again; for
  spreadsheets and Parquet, which have no lines of text, the row's values as CSV; for
  text that is not UTF-8 or Windows-1252 (UTF-16), the lines in UTF-8;
- `rejects/<import id>.reasons.csv`: `line, code, column, value, message`, one row per
  finding (a row may have several).

Both are written next to the folder before the commit and moved in after it. Findings
that are not about rows (missing columns, a bad mapping, an unreadable file) still
refuse the whole file. The summary's counts add up: rows read = stored + rejected.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salespulse.io.findings import Finding, Report
from salespulse.io.parse import PARSED
from salespulse.model.safe_text import write_csv
from salespulse.store import quote

if TYPE_CHECKING:
    from salespulse.io.parse import Plan
    from salespulse.io.sniff import FileKind

#: Codes of findings about one row, which `on_error="skip"` sets aside.
ROW_CODES = frozenset(
    {
        "malformed_row",
        "value_too_long",
        "missing_value",
        "unreadable_value",
        "unknown_status",
        "unknown_period",
        "duplicate_key",
        "key_already_stored",
        "closed_before_created",
        "won_without_amount",
        "won_without_close_date",
        "lost_without_close_date",
    }
)
FOLDER = "rejects"


def _about_a_row(finding: Finding) -> bool:
    return (
        finding.code in ROW_CODES
        and finding.line is not None
        and not (finding.code == "value_too_long" and finding.line == 1)
    )


def skippable(report: Report, on_error: str) -> bool:
    """True when the import skips bad rows and every error is about a row it names."""
    return on_error == "skip" and all(_about_a_row(f) for f in report.errors)


@dataclass
class Rejects:
    import_id: int
    lines: list[int]
    findings: list[Finding]
    #: the two files, written before the commit under a temporary name
    pending: list[tuple[Path, Path]] = dataclasses.field(default_factory=list)


def set_aside(con: Any, report: Report, plan: Plan, on_error: str) -> Rejects | None:
    """Inside the import's transaction: mark the row errors rejected and delete their
    rows from the target. None when there is nothing to set aside (or it cannot be)."""
    if not (report.errors or report.rejections) or not skippable(report, on_error):
        return None
    import pyarrow as pa

    refused = report.errors + report.rejections
    lines = sorted({int(f.line or 0) for f in refused})
    ids = {id(f) for f in refused}
    report.findings = [
        dataclasses.replace(f, rejected=True) if id(f) in ids else f for f in report.findings
    ]
    con.register("_reject_lines_arrow", pa.table({"line": pa.array(lines, pa.int64())}))
    con.execute(
        f"DELETE FROM {quote(plan.target)} WHERE _import_id = {int(plan.import_id)} "
        "AND _line IN (SELECT line FROM _reject_lines_arrow)"
    )
    con.unregister("_reject_lines_arrow")
    report.rows_rejected = len(lines)
    if report.rows_stored:  # not a dry run
        report.rows_stored = int(con.execute(f"SELECT count(*) FROM {PARSED}").fetchone()[0])
    return Rejects(int(plan.import_id), lines, [f for f in report.findings if f.rejected])


def prepare(
    rejects: Rejects | None,
    con: Any,
    workspace: Path,
    path: Path,
    kind: FileKind,
    headers: list[str],
) -> None:
    """Before the commit: write the rejects files under temporary names."""
    if rejects is None:
        return
    folder = workspace / FOLDER
    folder.mkdir(exist_ok=True)
    rows = folder / f"{rejects.import_id}.csv"
    reasons = folder / f"{rejects.import_id}.reasons.csv"
    with (folder / f".{rows.name}.tmp").open("wb") as out:
        for chunk in _rows(con, path, kind, headers, set(rejects.lines)):
            out.write(chunk)
    with (folder / f".{reasons.name}.tmp").open("w", encoding="utf-8", newline="") as out:
        # The reasons are salespulse's own CSV: formula-like cells neutralised.
        write_csv(
            out,
            [
                ["line", "code", "column", "value", "message"],
                *(
                    [f.line, f.code, f.column or "", f.value or "", f.message]
                    for f in sorted(rejects.findings, key=lambda f: (f.line or 0, f.code))
                ),
            ],
        )
    rejects.pending = [
        (folder / f".{rows.name}.tmp", rows),
        (folder / f".{reasons.name}.tmp", reasons),
    ]


def publish(rejects: Rejects | None, report: Report, committed: bool) -> None:
    """After the transaction: move the files in (committed) or remove them."""
    if rejects is None:
        return
    for temporary, final in rejects.pending:
        if committed:
            os.replace(temporary, final)
        else:
            temporary.unlink(missing_ok=True)
    if committed and rejects.pending:
        report.rejects_file = str(rejects.pending[0][1])


def _rows(
    con: Any, path: Path, kind: FileKind, headers: list[str], wanted: set[int]
) -> Iterator[bytes]:
    """The header and the wanted lines of the file, as bytes."""
    if kind.format == "csv":
        yield from _csv_records(path, kind, wanted)
    elif kind.format == "jsonl":
        yield from _json_lines(path, kind, wanted)
    else:
        yield from _staged_rows(con, headers, wanted)


def _lines(path: Path, kind: FileKind) -> Iterator[tuple[bytes, str]]:
    """Each physical line as its bytes and as text (for splitting records only)."""
    if kind.encoding in ("utf-8", "cp1252"):
        with path.open("rb") as handle:
            for raw in handle:
                yield raw, raw.decode("latin-1")
    else:  # UTF-16 and UTF-32: lines are not bytes ending in b"\n"; written as UTF-8
        with path.open("r", encoding=kind.encoding, newline="") as text:
            for line in text:
                yield line.lstrip("\ufeff").encode("utf-8"), line


def _csv_records(path: Path, kind: FileKind, wanted: set[int]) -> Iterator[bytes]:
    buffer: list[bytes] = []

    def feed() -> Iterator[str]:
        for raw, text in _lines(path, kind):
            buffer.append(raw)
            yield text

    reader = csv.reader(feed(), delimiter=kind.delimiter or ",")
    previous, header_done = 0, False
    try:
        for record in reader:
            start = previous + 1
            previous = reader.line_num
            if record and any(record) and (not header_done or start in wanted):
                header_done = True
                chunk = b"".join(buffer)
                yield chunk if chunk.endswith(b"\n") else chunk + b"\n"
            buffer.clear()
    except csv.Error:  # an unclosed quote: the rest of the file is the last record
        if previous + 1 in wanted:
            yield b"".join(buffer)


def _json_lines(path: Path, kind: FileKind, wanted: set[int]) -> Iterator[bytes]:
    for number, (raw, _) in enumerate(_lines(path, kind), start=1):
        if number in wanted:
            yield raw if raw.endswith(b"\n") else raw + b"\n"


def _staged_rows(con: Any, headers: list[str], wanted: set[int]) -> Iterator[bytes]:
    from salespulse.io.staging import STAGE

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    import pyarrow as pa

    cols = ", ".join(f"c{i}" for i in range(len(headers)))
    con.register("_wanted_arrow", pa.table({"line": pa.array(sorted(wanted), pa.int64())}))
    rows = con.execute(
        f"SELECT {cols} FROM {STAGE} WHERE __line IN (SELECT line FROM _wanted_arrow) "
        "ORDER BY __line"
    ).fetchall()
    con.unregister("_wanted_arrow")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    yield out.getvalue().encode("utf-8")
