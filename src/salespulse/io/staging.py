"""Reading a file, as text, into a DuckDB staging table: one VARCHAR column per file
column (`c0`, `c1`, ...) and `__line`, the row's line number in the file (header = 1).

Large CSV files stream through DuckDB's parallel reader with bounded memory; other
encodings are first transcoded to UTF-8, chunk by chunk.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salespulse.io import bad_rows, limits
from salespulse.io.findings import Finding, Refused, Report
from salespulse.io.fingerprint import CHUNK_BYTES, Fingerprint
from salespulse.io.sniff import FileKind, read_header
from salespulse.io.values import literal, missing_spellings

STAGE = "_stage"
Progress = Callable[[str, float], None]


@dataclass
class Staged:
    headers: list[str]
    rows: int
    #: a relation with `c0..cN` and, unless the file is a CSV read in place, `__line`
    relation: str
    #: a CSV file DuckDB reads in place: its first full read also checks it and numbers
    #: its rows (see `CsvFile`)
    csv: CsvFile | None = None

    def column(self, header: str) -> str:
        return f"c{self.headers.index(header)}"


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
        while chunk := src.read(CHUNK_BYTES):
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


def stage_csv(
    con: Any,
    path: Path,
    kind: FileKind,
    report: Report,
    scratch: Path,
    print_: Fingerprint,
    skip_bad_rows: bool,
) -> Staged:
    headers = read_header(path, kind, report)
    if not headers or not any(headers):
        report.add(Finding("empty_file", report.file, line=1, message="The file has no header."))
        raise Refused("no header")
    csv_file = CsvFile(path, kind, report, scratch, print_, len(headers), skip_bad_rows)
    csv_file.view(con)
    return Staged(headers, 0, "_scan", csv=csv_file)


@dataclass
class CsvFile:
    """A CSV file DuckDB reads in place (the view `_scan`), never copied as text."""

    path: Path
    kind: FileKind
    report: Report
    scratch: Path
    print_: Fingerprint
    width: int
    #: read past malformed rows (`on_error="skip"`) instead of refusing the file
    skip_bad_rows: bool = False
    source: Path | None = None
    #: the lines where malformed rows start, once listed (see `bad_rows`)
    malformed: list[int] = field(default_factory=list)

    def view(self, con: Any) -> None:
        if self.source is None:
            self.source = self.path
            if self.kind.encoding != "utf-8" or self.kind.bom:
                self.source = _transcode(self.path, self.kind.encoding, self.scratch, self.report)
        tolerant = bool(self.malformed)
        con.execute(f"CREATE OR REPLACE TEMP VIEW _scan AS SELECT * FROM {self.read(tolerant)}")

    def read(self, tolerant: bool) -> str:
        """The `read_csv` call; `tolerant` reads past malformed rows, noting each one in
        the temporary table `_csv_rejects`."""
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(self.width)) + "}"
        delim = (self.kind.delimiter or ",").replace("'", "''")
        nulls = "[" + ", ".join(literal(m) for m in missing_spellings()) + "]"
        rejects = (
            ", store_rejects=true, rejects_table='_csv_rejects', rejects_scan='_csv_reject_scans'"
            if tolerant
            else ""
        )
        return (
            f"read_csv({literal(str(self.source))}, delim='{delim}', "
            f"quote='\"', escape='\"', header=true, auto_detect=false, columns={columns}, "
            f"strict_mode=true, max_line_size={limits.MAX_LINE_BYTES}, parallel=true, "
            f"nullstr={nulls}{rejects})"
        )

    def run(self, con: Any, sql: str, progress: Progress | None) -> None:
        """Run the first full read of the file (`sql` reads `_scan`): malformed rows are
        reported here, and a file that is not UTF-8 is read again as cp1252."""
        import duckdb

        try:
            try:
                run_with_progress(con, sql, progress, "reading")
            except duckdb.InvalidInputException as exc:
                if "unicode" not in str(exc).lower() or self.source != self.path:
                    raise
                self.report.encoding = "cp1252"
                self.report.notes.append("the file is not UTF-8: read as Windows-1252 (cp1252)")
                self.source = _transcode(self.path, "cp1252", self.scratch, self.report)
                self.view(con)
                run_with_progress(con, sql, progress, "reading")
        except duckdb.InvalidInputException as exc:
            # every malformed row a finding; refuses the file unless skipping
            self.malformed = bad_rows.list_all(
                con,
                self.read(tolerant=True),
                self.report,
                self.print_,
                self.skip_bad_rows,
                str(exc),
            )
            self.view(con)
            run_with_progress(con, sql, progress, "reading")

    def numbered(self, con: Any, table: str, rows: int, view: str) -> None:
        """A view of `table` (the file's rows in file order, as DuckDB keeps insertion
        order) with `__line`, each row's line in the file."""
        lines_in_file = self.print_.newlines + (0 if self.print_.ends_with_newline else 1)
        if rows + 1 == lines_in_file:
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT rowid + 2 AS __line, * FROM {table}"
            )
            return
        # Quoted line breaks, blank lines or malformed rows read past: number the records
        # from the file itself.
        assert self.source is not None
        _line_map(con, self.source, self.kind.delimiter or ",", rows, set(self.malformed))
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT m.line AS __line, r.* "
            f"FROM {table} r POSITIONAL JOIN _linemap m"
        )

    def materialize(self, con: Any, staged: Staged, progress: Progress | None) -> Staged:
        """The whole file as a table with line numbers (for small files reshaped before
        reading, like quota tables with a column per month)."""
        self.run(con, "CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM _scan", progress)
        rows = int(con.execute("SELECT count(*) FROM _raw").fetchone()[0])
        self.numbered(con, "_raw", rows, STAGE)
        return Staged(staged.headers, rows, STAGE)


def _line_map(con: Any, source: Path, delimiter: str, rows: int, skipped: set[int]) -> None:
    """Line numbers of each record when they are not row + 2 (quoted line breaks, blank
    lines, `skipped` malformed rows): read once more with Python's csv module, which
    counts lines as it goes."""
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
            if start not in skipped:
                starts.append(start)
    starts = starts[:rows] + [0] * (rows - len(starts))
    table = pa.table({"line": pa.array(starts, pa.int64())})
    con.register("_linemap_arrow", table)
    con.execute("CREATE OR REPLACE TEMP TABLE _linemap AS SELECT * FROM _linemap_arrow")
    con.unregister("_linemap_arrow")


def run_with_progress(
    con: Any, sql: str, progress: Progress | None, step: str, into: list[Any] | None = None
) -> None:
    """Run `sql`; while it runs, report DuckDB's progress (from another thread, as DuckDB
    allows). `into` receives the first row of the result."""
    import threading

    done = threading.Event()

    def poll() -> None:
        assert progress is not None
        while not done.wait(0.2):
            try:
                pct = con.query_progress()
            except Exception:
                return
            if pct is not None and pct >= 0:
                progress(step, min(pct / 100.0, 1.0))

    watcher = threading.Thread(target=poll, daemon=True)
    if progress is not None:
        watcher.start()
    try:
        row = con.execute(sql).fetchone()
    finally:
        done.set()
        if progress is not None:
            watcher.join()
    if into is not None:
        into.append(row)
    if progress is not None:
        progress(step, 1.0)
