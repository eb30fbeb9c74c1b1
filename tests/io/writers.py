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
