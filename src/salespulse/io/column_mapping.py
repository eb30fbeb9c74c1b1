"""Mapping a file's headers onto a table's columns, with the findings a mapping can
raise (the matching rules themselves are in `headers`)."""

from __future__ import annotations

from salespulse.io.findings import Finding, Refused, Report
from salespulse.io.headers import Mapping, MappingError, map_headers, normalise
from salespulse.model.contract import TABLES


def check(
    table_name: str,
    headers: list[str],
    explicit: list[tuple[str, str]],
    constants: dict[str, str],
    report: Report,
) -> Mapping:
    """How the file's headers fill `table_name`'s columns (`explicit`: `mapping` pairs,
    `constants`: `set_values`), noted in the report; refuses (with findings) a bad
    mapping, ambiguous or duplicate headers and missing required columns."""
    table = TABLES[table_name]
    seen: dict[str, str] = {}
    duplicates = []
    for h in headers:
        if normalise(h) in seen and normalise(h):
            duplicates.append(h)
        seen.setdefault(normalise(h), h)
    try:
        mapping = map_headers(table, headers, explicit, constants)
    except MappingError as exc:
        for header, message in exc.problems:
            report.add(Finding("bad_mapping", report.file, column=header, message=message))
        raise Refused("bad mapping") from None
    for column, found in mapping.ambiguous.items():
        report.add(
            Finding(
                "ambiguous_column",
                report.file,
                line=1,
                column=", ".join(found),
                message=f"{len(found)} columns could fill {column}: {', '.join(found)}; choose "
                f"one with `mapping` '{found[0]}={column}'",
            )
        )
    for dup in duplicates:
        if dup in mapping.columns.values():
            report.add(
                Finding(
                    "duplicate_header",
                    report.file,
                    line=1,
                    column=dup,
                    message=f"two columns are headed {dup!r}",
                )
            )
    for missing in mapping.missing_required():
        report.add(
            Finding(
                "missing_column",
                report.file,
                line=1,
                column=missing,
                message=f"the {table_name} table needs a {missing} column; the file has: "
                + ", ".join(headers),
            )
        )
    report.mapping = dict(mapping.columns)
    report.mapping.update({c: f"(`set_values` {v})" for c, v in mapping.constants.items()})
    report.set_aside = list(mapping.set_aside)
    if not report.ok:
        raise Refused("mapping")
    return mapping
