"""Hostile files are refused within 10 seconds and 500 MB of memory, with a clear finding,
and leave the workspace empty. Each file is made here, small on disk; each import runs
in its own process, as a user would run it."""

from __future__ import annotations

import json
import os
import random
import signal
import string
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

import salespulse
from salespulse.io import limits
from salespulse.store import existing_tables
from tests.io.writers import write_ods_rows

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    "schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    '" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
    'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
    'r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c><c r="B1" t="inlineStr">'
    '<is><t>product</t></is></c><c r="C1" t="inlineStr"><is><t>quantity</t></is></c></row>'
)


def _sheet(rows: str, dimension: str = "A1:C2") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
        f'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/>'
        f"<sheetData>{_HEADER_ROW}{rows}</sheetData></worksheet>"
    )


def _xlsx(
    path: Path, sheet: str | None = None, zeros: int = 0, shared_strings: str | None = None
) -> Path:
    """A workbook written part by part; `zeros` bytes of zeros make the sheet a zip bomb."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
        if zeros:
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
                block = b"0" * (1 << 20)
                for _ in range(zeros >> 20):
                    member.write(block)
        else:
            archive.writestr("xl/worksheets/sheet1.xml", sheet or _sheet(""))
    return path


def _text_cell(value: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


#: Runs the import as its own child and prints that child's peak memory. Linux keeps a
#: process's peak resident size across fork and exec, so a child forked straight from
#: this (large) test worker would report the worker's size: the launcher, a fresh
#: process, forks the import instead. The import may not map more than 2 GB (a
#: backstop: the check below holds it to 500 MB resident).
_LAUNCHER = """
import resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
code = subprocess.call(sys.argv[2:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as report:
    report.write(str(peak))
sys.exit(code)
"""


def _import(tmp_path: Path, target: Path | str) -> str:
    """Import `target` in a child process; return its output once it exits refused."""
    workspace = tmp_path / "ws"
    peak_file = tmp_path / "peak-kb"
    command = [sys.executable, "-m", "salespulse", "--workspace", str(workspace)]
    with tempfile.TemporaryFile("w+") as out:
        launch = [sys.executable, "-c", _LAUNCHER, str(peak_file), *command]
        child = subprocess.Popen(
            [*launch, "import", "sales", str(target)],
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "COLUMNS": "200"},
            start_new_session=True,  # a kill reaches the import too
        )
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            raise AssertionError(f"{target} was not refused within 10 s") from None
        out.seek(0)
        output = out.read()
    assert child.returncode == 2, output
    assert "Traceback" not in output and "unexpected problem" not in output, output
    peak_mb = int(peak_file.read_text()) / 1024
    assert peak_mb < 500, f"an import took {peak_mb:.0f} MB"
    with salespulse.open(workspace).connect(read_only=True) as con:
        assert existing_tables(con) == set()
        assert con.execute("SELECT count(*) FROM _imports").fetchone() == (0,)
    assert not (workspace / "rejects").exists()
    return output


def test_zip_bomb_declaring_its_size_is_refused(tmp_path: Path) -> None:
    bomb = _xlsx(tmp_path / "bomb.xlsx", zeros=limits.MAX_INFLATED_BYTES + (16 << 20))
    assert bomb.stat().st_size < 2_000_000
    assert "inflated_file" in _import(tmp_path, bomb)


def test_zip_bomb_below_the_size_limit_is_refused_for_its_ratio(tmp_path: Path) -> None:
    bomb = _xlsx(tmp_path / "bomb.xlsx", zeros=64 << 20)  # inflates ~1,000 times
    assert bomb.stat().st_size < 200_000
    output = _import(tmp_path, bomb)
    assert "inflated_file" in output and "times" in output


def test_zip_member_that_inflates_past_what_it_declares_is_refused(tmp_path: Path) -> None:
    # The central directory says the sheet is small; its data inflates to much more.
    honest = _xlsx(tmp_path / "honest.xlsx", zeros=8 << 20)
    data = bytearray(honest.read_bytes())
    declared = (8 << 20).to_bytes(4, "little")
    small = (1000).to_bytes(4, "little")
    assert data.count(declared) >= 1
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(bytes(data).replace(declared, small))
    output = _import(tmp_path, liar)
    assert "binary_file" in output or "inflated_file" in output


def test_declared_dimension_of_a_million_rows_is_refused(tmp_path: Path) -> None:
    rows = (
        '<row r="2"><c r="A2"><v>45658</v></c><c r="B2" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    book = _xlsx(tmp_path / "dimension.xlsx", _sheet(rows, dimension="A1:Z1000000"))
    assert book.stat().st_size < 5_000
    output = _import(tmp_path, book)
    assert "sheet_too_large" in output and "1,000,000 rows" in output


def test_one_far_away_cell_is_refused(tmp_path: Path) -> None:
    # The dimension says A1:C2, but one cell sits at Z1000000: read as a dense range,
    # that is 26 million cells.
    far = '<row r="1000000"><c r="Z1000000"><v>1</v></c></row>'
    book = _xlsx(tmp_path / "far.xlsx", _sheet(far))
    assert "sheet_too_large" in _import(tmp_path, book)


def test_xls_with_one_far_away_value_is_refused(tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Sales")
    for col, header in enumerate(["date", "product", "quantity"]):
        sheet.write(0, col, header)
    sheet.write(65535, 255, 1)  # read as a dense range: 16.7 million cells, a gigabyte
    path = tmp_path / "far.xls"
    book.save(str(path))
    assert path.stat().st_size < 10_000
    output = _import(tmp_path, path)
    assert "sheet_too_large" in output and "65,536 rows" in output


def test_a_cell_past_the_length_limit_is_refused(tmp_path: Path) -> None:
    rng = random.Random(7)  # random letters do not compress: no ratio to catch
    huge = "".join(rng.choices(string.ascii_letters, k=limits.MAX_CELL_BYTES + 1000))
    rows = f'<row r="2"><c r="A2" t="inlineStr"><is><t>{huge}</t></is></c></row>'
    book = _xlsx(tmp_path / "cell.xlsx", _sheet(rows))
    assert "value_too_long" in _import(tmp_path, book)


def test_shared_strings_past_the_limit_are_refused(tmp_path: Path) -> None:
    declared = limits.MAX_SHARED_STRINGS * 2
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="{declared}" uniqueCount="{declared}">'
        "<si><t>x</t></si></sst>"
    )
    book = _xlsx(tmp_path / "strings.xlsx", shared_strings=strings)
    output = _import(tmp_path, book)
    assert "sheet_too_large" in output and "shared strings" in output


def test_ods_row_repeated_two_million_times_is_refused(tmp_path: Path) -> None:
    header = f"<table:table-row>{_text_cell('date')}{_text_cell('product')}</table:table-row>"
    repeated = (
        '<table:table-row table:number-rows-repeated="2000000">'
        f"{_text_cell('2025-01-01')}{_text_cell('x')}</table:table-row>"
    )
    book = write_ods_rows(tmp_path / "repeated.ods", header + repeated)
    assert book.stat().st_size < 2_000
    assert "sheet_too_large" in _import(tmp_path, book)


def test_deep_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"date": "2025-01-01", "a": ' + "[" * 5000 + "]" * 5000 + "}\n")
    output = _import(tmp_path, path)
    assert "too_deep" in output and "line 1" in output


def test_json_nested_within_the_limit_is_read() -> None:
    from salespulse.io.row_readers import cell_text

    nested = json.loads('{"a": ' + "[" * 10 + "1" + "]" * 10 + "}")
    assert cell_text(nested["a"]) == "[" * 10 + "1" + "]" * 10


def test_huge_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("date,product," + "q" * 200_000 + "\n2025-01-01,x,1\n")
    assert "value_too_long" in _import(tmp_path, path)


def test_header_over_the_character_limit_but_within_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("date,product," + "q" * (limits.MAX_HEADER_CHARS + 1) + "\n2025-01-01,x,1\n")
    output = _import(tmp_path, path)
    assert "value_too_long" in output and "column 3" in output


def test_line_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "line.csv"
    with path.open("w") as handle:
        handle.write("date,product,quantity\n2025-01-01,x,1\n")
        handle.write("2025-01-02," + "y" * (limits.MAX_LINE_BYTES + 10) + ",2\n")
    assert "value_too_long" in _import(tmp_path, path)


def test_too_many_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    headers = ",".join(f"c{i}" for i in range(limits.MAX_COLUMNS + 1))
    path.write_text("date,product,quantity," + headers + "\n")
    assert "too_many_columns" in _import(tmp_path, path)


def test_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "sales.csv"
    os.mkfifo(fifo)
    output = _import(tmp_path, fifo)
    assert "not_a_file" in output and "FIFO" in output


def test_device_is_refused(tmp_path: Path) -> None:
    output = _import(tmp_path, "/dev/zero")
    assert "not_a_file" in output and "device" in output


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "exports.csv"
    folder.mkdir()
    output = _import(tmp_path, folder)
    assert "not_a_file" in output and "directory" in output


@pytest.mark.parametrize("name", ["book.xlsx", "book.ods", "book.xls"])
def test_damaged_workbook_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".xls"):
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    else:
        good = (
            _xlsx(tmp_path / "good.xlsx")
            if name.endswith("xlsx")
            else write_ods_rows(tmp_path / "good.ods", "<table:table-row></table:table-row>")
        )
        path.write_bytes(good.read_bytes()[:-40])
    output = _import(tmp_path, path)
    assert "binary_file" in output or "empty_file" in output


def test_workbook_with_a_corrupt_compressed_stream_is_refused(tmp_path: Path) -> None:
    """A damaged deflate stream inside the archive (zlib's 'invalid distance') is a
    refusal naming the file, not an unexpected problem."""
    good = _xlsx(tmp_path / "good.xlsx").read_bytes()
    damaged = bytearray(good)
    damaged[len(good) // 2] = 0
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(damaged))
    output = _import(tmp_path, path)
    assert "unexpected problem" not in output
    assert "damaged.xlsx" in output
