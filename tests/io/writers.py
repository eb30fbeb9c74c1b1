"""Writing test tables in the formats users bring: CSV/TSV in several encodings and
delimiters, Excel, Parquet and JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

SUFFIX = {"csv": ".csv", "tsv": ".tsv", "xlsx": ".xlsx", "parquet": ".parquet", "jsonl": ".jsonl"}


def write_table(
    path: Path,
    headers: list[str],
    rows: list[list[Any]],
    fmt: str = "csv",
    encoding: str = "utf-8",
    delimiter: str = ",",
    newline: str = "\n",
) -> Path:
    path = path.with_suffix(SUFFIX[fmt])
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(
            buffer, delimiter="\t" if fmt == "tsv" else delimiter, lineterminator=newline
        )
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
        path.write_bytes(buffer.getvalue().encode(encoding))
    elif fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        book.save(path)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = {h: [row[i] for row in rows] for i, h in enumerate(headers)}
        pq.write_table(pa.table(columns), path)
    elif fmt == "jsonl":
        with path.open("w", encoding=encoding) as handle:
            for row in rows:
                handle.write(json.dumps(dict(zip(headers, row, strict=True)), default=str) + "\n")
    else:
        raise ValueError(fmt)
    return path


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
    'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
    'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
    'manifest:media-type="text/xml"/></manifest:manifest>'
)


def write_ods_rows(path: Path, rows: str, sheet: str = "Data") -> Path:
    """An OpenDocument spreadsheet of one sheet whose `<table:table-row>` XML is `rows`."""
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:'
        'oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:'
        'opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:'
        'text:1.0" office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="{sheet}">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
    return path
