"""The rules that make written values safe (spreadsheet cells, Markdown, Rich markup) and
the wording of counts, tested on their own and on any text (hypothesis)."""

from __future__ import annotations

import ast
import csv
import html
import io
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from salespulse.cli.output import console, escape_markup
from salespulse.model.safe_text import (
    FORMULA_STARTS,
    is_number_text,
    markdown_text,
    spreadsheet_cell,
    write_csv,
)
from salespulse.model.wording import plural

SRC = Path(__file__).resolve().parents[2] / "src" / "salespulse"

#: Text weighted towards what matters here: formula starts, markup, pipes, line breaks.
TEXT = st.text(
    alphabet=st.sampled_from(
        [*FORMULA_STARTS, "'", "|", "\\", "[", "]", "/", "<", ">", "&", "*", "_", "`", "~"]
    )
    | st.characters(),
    max_size=30,
)


def csv_round_trip(value: str) -> str:
    """`value` written by `write_csv` (then the line must end in a newline, alone) and read
    back as a spreadsheet or a script would."""
    buffer = io.StringIO(newline="")
    write_csv(buffer, [[value, "next"]])
    assert buffer.getvalue().endswith(",next\n") and not buffer.getvalue().endswith("\r\n")
    [[back, _]] = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    return back


def test_formula_cells_get_a_quote_and_numbers_stay_numbers() -> None:
    assert spreadsheet_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert spreadsheet_cell("+1") == "'+1"  # a spreadsheet runs +1 as a formula
    assert spreadsheet_cell("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_cell("-x") == "'-x"
    assert spreadsheet_cell("\tx") == "'\tx"
    assert spreadsheet_cell("\rx") == "'\rx"
    assert spreadsheet_cell("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0"
    for number in ("-5", "-5.25", "-0.5", "-.5", "-1e-3", "12", "3.0"):
        assert spreadsheet_cell(number) == number, number
    for value in (-5, -5.25, 0, 3.5, None, True):
        assert spreadsheet_cell(value) == value
    assert spreadsheet_cell("widget") == "widget" and spreadsheet_cell("a=b") == "a=b"
    assert spreadsheet_cell("'=already") == "'=already"


def test_a_carriage_return_never_splits_a_row() -> None:
    buffer = io.StringIO(newline="")
    write_csv(buffer, [["a\r=1+1", "\r=cmd", None, -5, "-5"]])
    assert buffer.getvalue() == '"a\r=1+1","\'\r=cmd",,-5,-5\n'


def test_what_counts_as_a_number() -> None:
    assert is_number_text("-5") and is_number_text("-5.25") and is_number_text("1E10")
    for text in ("+1", "-", "-x", "--5", "-5-", "- 5", "-inf", "-nan", "-1,5", "-٣", "-5\n"):
        assert not is_number_text(text), text


@given(TEXT)
def test_any_text_survives_a_csv_round_trip_with_at_most_one_quote_added(text: str) -> None:
    back = csv_round_trip(text)
    assert back == spreadsheet_cell(text)
    assert back in (text, "'" + text)
    if back != text:
        assert text.startswith(FORMULA_STARTS)


@given(TEXT)
def test_a_neutralised_cell_never_starts_with_a_formula_character(text: str) -> None:
    cell = spreadsheet_cell(text)
    assert not cell.startswith(FORMULA_STARTS) or is_number_text(cell)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_numbers_written_as_text_are_never_quoted(number: float) -> None:
    assert spreadsheet_cell(str(number)) == str(number)


def test_markdown_escapes_html_and_what_breaks_a_table() -> None:
    assert markdown_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert markdown_text("Ann | Lee") == "Ann \\| Lee"
    assert markdown_text("one\ntwo\r\nthree\rfour") == "one two three four"
    assert markdown_text("R&D") == "R&amp;D"
    assert markdown_text(12.5) == "12.5"


def test_markdown_syntax_in_a_value_renders_as_text() -> None:
    assert markdown_text("*bold*") == "\\*bold\\*"
    assert markdown_text("__x__ ~~y~~") == "\\_\\_x\\_\\_ \\~\\~y\\~\\~"
    assert markdown_text("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert markdown_text("![i](http://x/a.png)") == "!\\[i\\](http://x/a.png)"
    assert markdown_text("`code` a\\b") == "\\`code\\` a\\\\b"


@given(TEXT)
def test_markdown_text_has_no_raw_html_no_line_break_and_no_bare_pipe(text: str) -> None:
    out = markdown_text(text)
    assert "<" not in out and ">" not in out
    assert not re.search(r"[\r\n\u2028\u2029\x0b\x0c\x85]", out)
    # every Markdown syntax character is escaped, and each backslash escapes one
    unescaped = re.sub(r"\\.", "", out)
    assert not re.search(r"[\\`*_\[\]~|]", unescaped)
    # nothing else is lost: undoing the escapes gives the text, line breaks as spaces
    flat = re.sub(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]", " ", text)
    assert html.unescape(re.sub(r"\\(.)", r"\1", out)) == flat


def rendered(markup: str) -> str:
    out = Console(file=io.StringIO(), width=200, highlight=False, emoji=False)
    out.print(markup, soft_wrap=True)
    return out.file.getvalue().removesuffix("\n")  # type: ignore[attr-defined]


def test_rich_markup_in_values_prints_as_written() -> None:
    for value in ("[stages]", "[bold red]x[/]", "[/]", "a\\", "[link=http://x]y[/link]"):
        assert rendered(f"[bold]{escape_markup(value)}[/]") == value


@given(TEXT.filter(lambda t: t.isprintable()))
def test_any_printable_value_prints_as_written(text: str) -> None:
    assert rendered(f"|[bold]{escape_markup(text)}[/]|") == f"|{text}|"


def test_the_console_leaves_emoji_codes_alone() -> None:
    out = console()
    out.file = io.StringIO()
    out.print(escape_markup(":thumbs_up: rep"))
    assert out.file.getvalue() == ":thumbs_up: rep\n"


def test_plural() -> None:
    assert plural(1, "row") == "1 row"
    assert plural(2, "row") == "2 rows"
    assert plural(0, "row") == "0 rows"
    assert plural(1250, "row") == "1,250 rows"
    assert plural(-1, "row") == "-1 row"
    assert plural(3, "activity", "activities") == "3 activities"
    assert plural(1, "activity", "activities") == "1 activity"


def strings_in(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
    return found


def test_no_message_says_row_s() -> None:
    """Counts are worded with `salespulse.model.wording.plural`, never "row(s)"."""
    offending = [
        f"{path.relative_to(SRC)}:{line}: {text!r}"
        for path in sorted(SRC.rglob("*.py"))
        for line, text in strings_in(path)
        if re.search(r"[A-Za-z]\(s\)", text)
    ]
    assert not offending, "use salespulse.model.wording.plural:\n" + "\n".join(offending)
