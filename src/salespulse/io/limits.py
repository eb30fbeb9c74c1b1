"""The limits a file must stay within to be read: one place for all of them.

Real exports never come near these values; a file that passes one is hostile or broken
(a zip bomb, a sheet declaring a million empty rows, a missing quote that turns the rest
of a file into one field). Each limit keeps an import within about 10 seconds and 500 MB
of memory before it refuses. docs/importing.md ("Limits") lists them.
"""

from __future__ import annotations

#: Columns in a file (Excel's own maximum is 16,384).
MAX_COLUMNS = 16_384
#: Characters in one header cell.
MAX_HEADER_CHARS = 1_000
#: Bytes in one line of a CSV or JSON Lines file (a record with quoted line breaks
#: counts as one line).
MAX_LINE_BYTES = 10_000_000
#: Bytes of text in one spreadsheet cell, as stored in the file (Excel itself holds at
#: most 32,767 characters in a cell).
MAX_CELL_BYTES = 1_000_000
#: How deep JSON values may nest ({"a": [{"b": 1}]} is 3 deep).
MAX_JSON_DEPTH = 64

#: Rows of one sheet (Excel's own maximum is 1,048,576).
MAX_SHEET_ROWS = 1_048_576
#: Cells of one sheet, counted as rows × columns of its used range (a sheet is read
#: whole into memory; larger tables are better exported as CSV).
MAX_SHEET_CELLS = 5_000_000
#: Distinct shared strings a workbook may declare.
MAX_SHARED_STRINGS = 5_000_000
#: Bytes a spreadsheet's zip members inflate to, all together.
MAX_INFLATED_BYTES = 300_000_000
#: How many times larger than its compressed size a zip member may inflate (real
#: workbooks inflate 5 to 30 times; a run of zeros inflates 1,000 times).
MAX_COMPRESSION_RATIO = 200
#: Members below this size are not held to the ratio (tiny files compress oddly).
RATIO_FLOOR_BYTES = 1_000_000
#: Bytes of a legacy Excel (.xls) file (the format holds at most 65,536 rows; a full
#: sheet of 65,536 rows × 40 text columns takes about 40 MB).
MAX_XLS_BYTES = 64_000_000
