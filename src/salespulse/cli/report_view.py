"""The human summary of an import or validation report."""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby
from typing import Any

from salespulse.cli.errors import as_flags
from salespulse.io.findings import CODES, Report
from salespulse.model.wording import plural

SHOWN_PER_CODE = 20


def in_cli_terms(report: Report) -> Report:
    """The report as the CLI shows it: the import options its texts name (`mapping`,
    `on_error`, ...) written as the flags a user types (--map, --on-error, ...)."""
    return replace(
        report,
        mapping={column: as_flags(header) for column, header in report.mapping.items()},
        notes=[as_flags(note) for note in report.notes],
        findings=[
            replace(
                f,
                message=as_flags(f.message),
                column=as_flags(f.column) if f.column is not None else None,
            )
            for f in report.findings
        ],
    )


def report_json(report: Report) -> dict[str, Any]:
    """The report's JSON in the CLI's terms (see `in_cli_terms`), fixes included."""
    data = in_cli_terms(report).as_dict()
    for finding in data["findings"]:
        finding["fix"] = as_flags(finding["fix"])
    return data


def show_report(report: Report, validate_only: bool) -> None:
    from rich.table import Table

    from salespulse.cli.output import console
    from salespulse.cli.output import escape_markup as escape

    report = in_cli_terms(report)
    out = console()
    if report.format:
        delim = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(
            report.delimiter or "", ""
        )
        is_text = report.format in ("csv", "jsonl")
        what = report.format.upper() + (f", {report.encoding}" if is_text else "")
        what += f", {delim}-separated" if delim else ""
        # A file refused before its rows were counted says nothing of them.
        counted = report.rows_read or report.ok or "empty_file" in report.counts()
        read = f"; {plural(report.rows_read, 'row')}" if counted else ""
        out.print(f"Read [bold]{escape(report.file)}[/]: {escape(what)}{read}.")
    if report.table:
        guessed = " (guessed from the headers)" if report.table_guessed else ""
        out.print(f"Table: [bold]{escape(report.table)}[/]{guessed}")
    if report.mapping:
        grid = Table(box=None, show_header=True, padding=(0, 2))
        grid.add_column("column")
        grid.add_column("from the file's")
        for column, header in report.mapping.items():
            grid.add_row(escape(column), escape(header))
        out.print(grid)
    if report.set_aside:
        out.print("Kept aside (not imported): " + escape(", ".join(report.set_aside)))
    for note in report.notes:
        out.print(f"  · {escape(note)}")
    groups = [
        ("error", "red", report.errors),
        ("rejected", "magenta", report.rejections),
        ("warning", "yellow", report.warnings),
    ]
    for severity, colour, found in groups:
        if not found:
            continue
        total = sum(f.rows for f in found)
        title = {
            "error": "Errors (nothing is stored)",
            "rejected": "Rows set aside (not stored; written to the rejects file)"
            if report.stored
            else "Rows that would be set aside",
            "warning": "Warnings",
        }[severity]
        if severity == "warning" and report.ok:
            title = "Warnings (the rows are stored; check them)"
        out.print(f"\n[bold {colour}]{title}: {plural(total, 'row')}[/]")
        found.sort(key=lambda f: f.code)
        for code, group in groupby(found, key=lambda f: f.code):
            items = list(group)
            count = sum(f.rows for f in items)
            info = CODES[code]
            out.print(
                f"[{colour}]{escape(code)}[/] — {plural(count, 'row')}: "
                f"{escape(as_flags(info.meaning))}. Fix: {escape(as_flags(info.fix))}."
            )
            bases = {_base(f.message) for f in items}
            shared = bases.pop() if len(bases) == 1 else ""
            if not (len(items) > 1 or items[0].line):
                shared = ""  # one finding of the file, not of a line: its message in full
            if shared:
                out.print(f"    {escape(shared)}:")
            for f in items[:SHOWN_PER_CODE]:
                where = ", ".join(
                    part
                    for part in (
                        f"line {f.line}" if f.line else "",
                        f"column {f.column!r}" if f.column else "",
                        f"value {f.value!r}" if f.value is not None else "",
                    )
                    if part
                )
                text = f.message[len(shared) :].strip(" ()") if shared and where else f.message
                out.print(f"    {escape(where)}{': ' if where and text else ''}{escape(text)}")
            if len(items) > SHOWN_PER_CODE:
                more = sum(f.rows for f in items[SHOWN_PER_CODE:])
                out.print(f"    … and {more:,} more (--format json lists them all)")
    out.print()
    if not report.ok:
        out.print("[bold red]Nothing was stored.[/] Fix the errors above and run it again.")
    elif validate_only:
        out.print("[bold green]The file is valid.[/] Nothing was stored (validation only).")
    elif report.stored:
        out.print(
            f"[bold green]Stored {plural(report.rows_stored, 'row')} in {escape(report.table)}.[/]"
        )
    if report.rows_rejected:
        where = f" in {escape(report.rejects_file)}" if report.rejects_file else ""
        out.print(
            f"[bold magenta]{plural(report.rows_rejected, 'row').capitalize()} set aside{where}[/] "
            f"(with their reasons beside it): {plural(report.rows_read, 'row')} read = "
            f"{report.rows_stored:,} stored + {report.rows_rejected:,} set aside."
        )


def _base(message: str) -> str:
    """A finding's message without the trailing detail in brackets, e.g. "(deal D1)"."""
    if message.endswith(")") and " (" in message:
        return message.rsplit(" (", 1)[0]
    return message
