"""Values made safe for the files salespulse writes — the one home of these rules.

- **Spreadsheet cells (CSV).** A spreadsheet runs a cell beginning with `=`, `+`, `-` or
  `@` as a formula (and one beginning with a tab or a carriage return after trimming it),
  so a rep named `=HYPERLINK("http://…")` becomes a live link in the manager's Excel.
  Such a cell is written with a leading `'`, which spreadsheets show as text; a number
  (a Python int or float, or text that is exactly a number such as `-5` or `-5.25`) is
  written as it is, so negative returns stay numbers. `write_csv` writes rows that way,
  and quotes every field holding a line break (a bare carriage return left unquoted
  would start a new row in a spreadsheet — and a formula with it).
- **Markdown.** Every value is written with HTML escaped (`<script>` becomes
  `&lt;script&gt;`), without what would break a table row or a line (`|` becomes `\\|`,
  line breaks become spaces) and with Markdown's inline syntax escaped, so that a value
  is never emphasis, code, a link or a strike-through: `*bold*` becomes `\\*bold\\*` and
  `[x](javascript:…)` becomes `\\[x\\](javascript:…)`.

- **File names.** A file name from outside (an upload's) is recorded as its last path
  part only, without control or format characters (a right-to-left override would make
  `exe.csv` read as `vsc.exe`), its spaces collapsed, at most `FILE_NAME_MAX` characters
  (`file_name`).

- **Command hints.** A command printed for the reader to run (`salespulse check-in R0004
  ...`) names a value from the data only when a shell reads it as one word
  (`shell_word`); otherwise a placeholder (`REP`) stands in for it.

Rich terminal markup is the CLI's concern (`salespulse.cli.output.escape_markup`).
"""

from __future__ import annotations

import csv
import html
import re
import shlex
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Text that is exactly a number as salespulse writes one: digits, an optional leading
#: minus, decimals and an exponent (no leading `+`: a spreadsheet runs `+1` as a formula).
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|-?\.[0-9]+([eE][-+]?[0-9]+)?")

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")

#: A command hint names a value only when a shell reads it as one word.
_SHELL_SAFE = re.compile(r"[A-Za-z0-9 ._-]+")

#: Markdown's inline syntax (and the table's cell separator), each escaped with a `\`.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]~|])")


def is_number_text(text: str) -> bool:
    """True when `text` is exactly a number such as `12`, `-5`, `-5.25` or `1e-3`."""
    return _NUMBER.fullmatch(text) is not None


def spreadsheet_cell(value: Any) -> Any:
    """`value` as a CSV cell a spreadsheet shows and never runs: text beginning with a
    formula character gets a leading `'`; numbers and every other value are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not is_number_text(value):
        return "'" + value
    return value


def write_csv(out: TextIO, rows: Iterable[Sequence[Any]]) -> None:
    r"""Write `rows` to `out` as CSV lines ending in "\n", every cell through
    `spreadsheet_cell` (None is an empty cell)."""
    writer = csv.writer(_RowEnds(out), lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet_cell(cell) for cell in row])


class _RowEnds:
    r"""What `csv.writer` writes to. It ends each row with "\r\n", so that it quotes every
    field holding a "\r" or a "\n" (ending rows with "\n" alone, it leaves "\r"
    unquoted); each row is passed on ending with "\n"."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, row: str) -> int:
        return self.out.write(row.removesuffix("\r\n") + "\n")


def markdown_text(value: object) -> str:
    """`value` as text for a Markdown document, inside a paragraph, a heading, a list item
    or a table cell: HTML escaped, line breaks turned into spaces, and `\\`, a backtick,
    `*`, `_`, `[`, `]`, `~` and `|` escaped with a `\\`, so it renders as the text it is."""
    text = html.escape(str(value), quote=False)
    return _MARKDOWN_SYNTAX.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


#: The longest file name recorded (the rest is cut, keeping the extension).
FILE_NAME_MAX = 200


def file_name(name: str, default: str = "upload") -> str:
    """An outside file's name as text to record and show: its last path part (after `/`
    or `\\`), without control or format characters, spaces collapsed, cut to
    `FILE_NAME_MAX` characters with its extension kept; `default` when nothing is left."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(
        " " if c.isspace() else c for c in last if unicodedata.category(c)[0] != "C" or c.isspace()
    )
    text = " ".join(kept.split()).strip(" .") or default
    if len(text) > FILE_NAME_MAX:
        _, dot, ext = text.rpartition(".")
        ext = dot + ext if dot and len(ext) <= 10 else ""
        text = text[: FILE_NAME_MAX - len(ext)] + ext
    return text


def shell_word(value: str, placeholder: str) -> str:
    """`value` as one shell word for a command hint, or `placeholder` when it holds
    anything beyond letters, digits, spaces, dots, dashes and underscores."""
    return shlex.quote(value) if _SHELL_SAFE.fullmatch(value) else placeholder
