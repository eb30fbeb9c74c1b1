"""Import and validate: read a file, map its columns, read its values, check its rows,
and store it whole, in one transaction, or not at all."""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from salespulse.io import (
    bad_rows,
    checks,
    column_mapping,
    deal_status,
    disk,
    links,
    money,
    overlap,
    parse,
    rejects,
    rep_match,
    sniff,
    stage_file,
    staging,
    typed,
    upsert,
    wide,
)
from salespulse.io.findings import Finding, Refused, Report
from salespulse.io.fingerprint import Fingerprint, fingerprint
from salespulse.io.headers import Mapping, guess_table
from salespulse.io.values import literal
from salespulse.model.contract import TABLES
from salespulse.store import add_missing_columns, existing_tables, quote, table_ddl

if TYPE_CHECKING:
    from salespulse.database import Database
    from salespulse.model.settings import Settings

Mode = Literal["append", "replace", "upsert"]
OnError = Literal["refuse", "skip"]


@dataclass
class ImportOptions:
    table: str | None = None
    #: (file header, canonical column) pairs; an empty column sets the header aside
    mapping: list[tuple[str, str]] = field(default_factory=list)
    #: `set_values`: a column the file lacks, with one value for every row
    constants: dict[str, str] = field(default_factory=dict)
    #: `fill`: the value to use where a column is empty
    fills: dict[str, str] = field(default_factory=dict)
    mode: Mode = "append"
    force: bool = False
    #: append: leave out the rows already stored (see `overlap`)
    skip_existing: bool = False
    #: upsert: the date stage changes are entered at in deal_stages (default: today)
    as_of: date | None = None
    dry_run: bool = False
    #: None: decided from the data, else the settings
    dayfirst: bool | None = None
    multiplier: float = 1.0
    #: "today" for the future-date check (default: the real today)
    today: date | None = None
    #: the spreadsheet's sheet to read (default: the first)
    sheet: str | None = None
    #: "refuse": a refused row refuses the file; "skip": store the good rows and write
    #: the refused ones to the workspace's rejects folder (see `rejects`)
    on_error: OnError = "refuse"
    #: `stages`: stage name -> open, won or lost for this import (before the stage words)
    stages: dict[str, str] = field(default_factory=dict)
    #: `missing`: more values that mean "missing" in every column (e.g. NA in text)
    missing: list[str] = field(default_factory=list)
    #: the file's name as the import records it (default: the path read); the server
    #: gives an upload's own name, not where it kept it
    file_name: str | None = None
    #: who imports, as recorded (default: the OS user running salespulse)
    user: str | None = None


def run(
    db: Database,
    settings: Settings,
    path: Path | str,
    options: ImportOptions,
    progress: staging.Progress | None = None,
) -> Report:
    """Validate `path` against `settings` and, unless it is a dry run or has errors, store
    it in `db` (the workspace's DuckDB file)."""
    path = Path(path)
    report = Report(file=str(path))
    try:
        with contextlib.suppress(Refused):
            _run(db, settings, path, options, report, progress)
    except Exception as exc:  # a full disk is a message, not a crash (see io.disk)
        if disk.is_disk_full(exc):
            raise disk.disk_full_error(exc, db.path, path) from None
        raise
    return report


def _run(
    db: Database,
    settings: Settings,
    path: Path,
    options: ImportOptions,
    report: Report,
    progress: staging.Progress | None,
) -> None:
    if options.table is not None and options.table not in TABLES:
        report.add(
            Finding(
                "unknown_table",
                report.file,
                value=options.table,
                message=f"there is no table called {options.table!r}",
            )
        )
        raise Refused("unknown table")
    kind = sniff.detect(path, report)
    report.format = kind.format
    report.encoding = kind.encoding + (" with BOM" if kind.bom else "")
    report.delimiter = kind.delimiter
    print_ = fingerprint(path, progress)
    with db.connect() as con:
        scratch = Path(tempfile.mkdtemp(prefix="import-", dir=db.scratch_dir()))
        try:
            # A quoted literal, not a bound parameter: binding makes DuckDB import pandas
            # (~0.4 s with duckdb 1.5).
            con.execute(f"SET temp_directory = {literal(scratch.as_posix())}")
            con.execute("SET memory_limit = '1GB'")
            con.execute("SET preserve_insertion_order = true")
            _import(db, settings, con, path, kind, print_, options, report, scratch, progress)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def _import(
    db: Database,
    settings: Settings,
    con: Any,
    path: Path,
    kind: sniff.FileKind,
    print_: Fingerprint,
    options: ImportOptions,
    report: Report,
    scratch: Path,
    progress: staging.Progress | None,
) -> None:
    if options.table is not None:
        _refuse_if_imported(con, options.table, print_, options, report)
    staged = stage_file.stage(
        con,
        path,
        kind,
        report,
        scratch,
        print_,
        progress,
        sheet=options.sheet,
        skip_bad_rows=options.on_error == "skip",
    )
    report.rows_read = staged.rows  # known here for all but CSV (counted as it is read)
    layout = wide.detect(staged.headers) if options.table in (None, "quotas") else None
    if layout is not None:  # a small table: read it whole, then turn it into rows
        if staged.csv is not None:
            staged = staged.csv.materialize(con, staged, progress)
        report.rows_read = staged.rows
        staged, empty = wide.unpivot(con, staged, layout)
        report.notes.append(layout.description)
        if empty:
            report.add(
                Finding(
                    "empty_target_cells",
                    report.file,
                    rows=empty,
                    message=f"{empty} empty month cells skipped (no target)",
                )
            )
    table_name = options.table
    if table_name is None:
        guess = guess_table(staged.headers, wide_quota=layout is not None)
        if guess.table is None:
            report.add(
                Finding(
                    "table_not_recognised",
                    report.file,
                    line=1,
                    message=f"the headers do not say clearly which table this is: {guess.reason}",
                )
            )
            raise Refused("table not recognised")
        table_name = guess.table
        report.table_guessed = True
        report.notes.append(f"table guessed from the headers: {table_name} ({guess.reason})")
    report.table = table_name
    table = TABLES[table_name]
    upsert.refuse_without_key(report, table, options.mode)
    mapping = column_mapping.check(
        table_name, staged.headers, options.mapping, options.constants, report
    )
    money.warn_unmapped(report, mapping)
    if options.table is None:
        _refuse_if_imported(con, table_name, print_, options, report)
    rows = typed.read(con, staged, table, mapping, options.fills, progress, options.missing)
    if layout is None:
        report.rows_read = rows + bad_rows.count(report)
    if not report.rows_read:
        report.add(
            Finding("empty_file", report.file, line=2, message="The file has a header but no rows.")
        )
        raise Refused("no rows")
    if layout is not None:
        months = list(layout.months)
        cells = f"{months[0]}..{months[-1]}"
        report.mapping["period"] = f"{layout.year} + {cells}" if layout.year else cells
        report.mapping["target"] = f"the cells of {cells}"
    stored_tables = existing_tables(con)
    dayfirst = options.dayfirst
    if dayfirst is None and settings.dayfirst:
        dayfirst = True
    plan = parse.plan(con, table, mapping, settings, dayfirst, rows, options.fills, options.stages)
    plan.wide = layout is not None
    for reading in plan.readings.values():
        report.notes.extend(n for n in reading.notes if n not in report.notes)
    checks.missing_values(con, report, plan)
    if not report.ok and not rejects.skippable(report, options.on_error):
        # nothing will be stored: check the rest on a temporary copy
        options = dataclasses.replace(options, dry_run=True)
    intent = None
    if not options.dry_run:  # names the import if it is interrupted (see store_repair)
        from salespulse.store_repair import write_intent

        intent = write_intent(scratch.parent, table_name, str(path.resolve()), options.mode)
    con.execute("BEGIN TRANSACTION")
    refused = None
    try:
        _load_and_check(
            con,
            plan,
            table_name in stored_tables,
            "reps" in stored_tables,
            options,
            report,
            settings,
            progress,
        )
        refused = rejects.set_aside(con, report, plan, options.on_error)
        if report.ok and not options.dry_run:
            _record(con, plan, path, print_, options, report, mapping)
            rejects.prepare(refused, con, db.path, path, kind, staged.headers)
            con.execute("COMMIT")
            report.stored = True
        else:
            con.execute("ROLLBACK")
    except BaseException:
        with contextlib.suppress(Exception):  # the error that stopped it tells more
            con.execute("ROLLBACK")
        raise
    finally:
        rejects.publish(refused, report, report.stored)
        if intent is not None:
            intent.unlink(missing_ok=True)


def _load_and_check(
    con: Any,
    plan: parse.Plan,
    table_stored: bool,
    reps_stored: bool,
    options: ImportOptions,
    report: Report,
    settings: Settings,
    progress: staging.Progress | None,
) -> None:
    """Insert the rows into the table (a temporary copy for a dry run), inside the open
    transaction, and check them there."""
    table = plan.table
    if options.dry_run:
        plan.target = "_dry_run"
        con.execute(table_ddl(table, plan.target).replace("CREATE TABLE", "CREATE TEMP TABLE"))
    else:
        plan.target = table.name
        con.execute(table_ddl(table))
        added = add_missing_columns(con, table)
        if added:
            report.notes.append(f"columns added to the stored {table.name}: {', '.join(added)}")
    plan.import_id = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM _imports").fetchone()[
        0
    ]
    parse.insert_rows(con, plan, settings, options.multiplier, progress)
    checks.unreadable_values(con, report, plan)
    links.complete(con, report, plan, existing_tables(con))
    if table.name == "deals":
        plan.notes.extend(deal_status.notes(con, plan.mapping, typed.ROWS, parse.PARSED))
    report.notes.extend(plan.notes)
    if options.multiplier != 1:
        report.notes.append(f"targets multiplied by {options.multiplier:g}")
    if table.name == "quotas":
        from salespulse.io import quota_periods

        quota_periods.resolve(con, report, plan, settings)
    rep_match.match(con, report, plan, reps_stored)
    replaced = 0
    if not options.dry_run:  # once the rows are final: the rows they replace go to the archive
        replaced = upsert.set_aside_replaced(con, plan, options.mode)
    stored = None
    if options.mode == "append" and table_stored:
        overlap.check(con, report, plan, skip=options.skip_existing, force=options.force)
        stored = f"SELECT * FROM {quote(table.name)} WHERE _import_id <> {int(plan.import_id)}"
    checks.keys(con, report, plan, stored)
    if table.name == "deals":
        checks.deals(con, report, plan)
    if table.name == "sales":
        checks.sales(con, report, plan)
    checks.future_dates(con, report, plan, options.today or date.today())
    report.rows_stored = (
        0
        if options.dry_run
        else int(con.execute(f"SELECT count(*) FROM {parse.PARSED}").fetchone()[0])
    )
    if options.mode == "upsert" and not options.dry_run:
        upsert.finish(con, plan, report, replaced, options.as_of or date.today())


def _refuse_if_imported(
    con: Any, table_name: str, print_: Fingerprint, options: ImportOptions, report: Report
) -> None:
    # Literals, not parameters: binding parameters makes DuckDB import pandas (~0.4 s).
    assert table_name in TABLES and print_.sha256.isalnum()
    previous = con.execute(
        "SELECT file, imported_at FROM _imports WHERE undone_at IS NULL "
        f"AND table_name = '{table_name}' AND sha256 = '{print_.sha256}'"
    ).fetchone()
    if previous and options.mode == "append" and not options.force:
        report.add(
            Finding(
                "already_imported",
                report.file,
                message=f"this file was imported into {table_name} on "
                f"{previous[1]:%Y-%m-%d %H:%M} (as {previous[0]})",
            )
        )
        raise Refused("already imported")


def _record(
    con: Any,
    plan: parse.Plan,
    path: Path,
    print_: Fingerprint,
    options: ImportOptions,
    report: Report,
    mapping: Mapping,
) -> None:
    """Note the import in `_imports`, in the same transaction as its rows."""
    from salespulse.store import record_import

    record_import(
        con,
        import_id=plan.import_id,
        table=plan.table.name,
        file=options.file_name or str(path.resolve()),
        sha256=print_.sha256,
        size=print_.size,
        rows=report.rows_stored,
        mode=options.mode,
        mapping={
            "columns": mapping.columns,
            "constants": mapping.constants,
            "fills": options.fills,
        },
        warnings=sum(f.rows for f in report.warnings),
        user=options.user,
        as_of=(options.as_of or date.today()) if options.mode == "upsert" else options.as_of,
    )
