"""What salespulse writes is safe whatever the names in the data: CSV cells that a
spreadsheet would run as formulas are neutralised (numbers stay numbers), the Markdown
one-on-one packet holds no raw HTML, Rich output prints values as written, and counts
read "1 row", "2 rows".

The workspace is made here from small CSV files written by the test."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import salespulse
from salespulse.cli import cli
from salespulse.cli.errors import as_flags
from salespulse.cli.report_view import show_report
from salespulse.io.findings import CODES, Finding, Report
from salespulse.model.safe_text import FORMULA_STARTS

#: Names a spreadsheet would run as formulas, each sold once for 10, 20, 30, ...
HOSTILE = ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-x", "\tx"]
MARKUP = "[bold red]x[/]"
SCRIPT = "<script>alert(1)</script>"
AS_OF = "2025-02-28"
DEAL_COLUMNS = ["deal_id", "rep", "status", "created_at", "closed_at", "expected_close"]
DEAL_COLUMNS += ["amount", "customer", "stage"]


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("safe-output")
    workspace = salespulse.open(folder / "ws")
    reps = write_csv(
        folder / "reps.csv",
        ["rep", "name", "team"],
        [["R1", SCRIPT, "<b>East</b>"], ["R2", "Ann | Lee", "East"], ["R3", MARKUP, "[dim]W[/]"]],
    )
    sales_rows: list[list[Any]] = [
        ["2025-01-0" + str(i + 1), name, 1, 10 * (i + 1), name] for i, name in enumerate(HOSTILE)
    ]
    sales_rows += [
        ["2025-01-07", "-5", 1, 100, "R1"],  # a product code that is a number
        ["2025-01-08", "widget", 2, 20, "R2"],
        ["2025-01-09", "widget", -1, -25, "R2"],  # a return: widget nets -5
        ["2025-02-03", MARKUP, 1, 3, MARKUP],
    ]
    sales = write_csv(
        folder / "sales.csv", ["date", "product", "quantity", "amount", "rep"], sales_rows
    )
    deals = write_csv(
        folder / "deals.csv",
        DEAL_COLUMNS,
        [
            ["D1", "R1", "won", "2025-01-02", "2025-01-20", "", 100, "<i>Big</i>", "won"],
            ["D2", "R1", "open", "2025-01-05", "", "2025-01-31", 500, "Acme | Co", "<b>Pr</b>"],
            ["D3", "R2", "lost", "2025-01-05", "2025-02-10", "", 50, "B", "lost"],
        ],
    )
    workspace.import_file("reps", reps)
    workspace.import_file("sales", sales)
    workspace.import_file("deals", deals)
    return workspace


def run(ws: Any, *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["--workspace", str(ws.path), *args], env={"COLUMNS": "250"}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_kpi_csv_neutralises_formulas_and_keeps_numbers(ws: Any) -> None:
    rows = csv_rows(run(ws, "kpi", "revenue", "--by", "product", "--format", "csv"))
    assert rows[0] == ["product", "value", "numerator", "denominator", "n"]
    value = {r[0]: r[1] for r in rows[1:]}
    assert value["'" + '=HYPERLINK("http://x")'] == "10.0"
    assert value["'+1"] == "20.0"
    assert value["'@SUM(A1)"] == "30.0"
    assert value["'-x"] == "40.0"
    assert value["-5"] == "100.0"  # text that is exactly a number is left as it is
    assert value["widget"] == "-5.0"  # 20 sold, 25 returned: a negative number stays one
    assert value[MARKUP] == "3.0"
    for cell in (c for r in rows for c in r):
        assert not cell.startswith(FORMULA_STARTS) or re.fullmatch(r"-[0-9.]+", cell), cell
    # and JSON, for scripts, keeps every name exactly as stored
    names = {
        r["product"]
        for r in json.loads(run(ws, "kpi", "revenue", "--by", "product", "--format", "json"))
    }
    assert {'=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-x", "-5", MARKUP} <= names
    if "\tx" in names:  # the importer keeps a leading tab: its cell is neutralised too
        assert value["'\tx"] == "50.0"


def test_csv_by_rep_neutralises_rep_names(ws: Any) -> None:
    rows = csv_rows(run(ws, "kpi", "revenue", "--by", "rep", "--format", "csv"))
    value = {r[0]: r[1] for r in rows[1:]}
    assert value["'@SUM(A1)"] == "30.0" and value["R2"] == "-5.0" and value["R1"] == "100.0"


def test_markdown_packet_holds_no_raw_html(ws: Any, tmp_path: Path) -> None:
    out = tmp_path / "packet.md"
    run(ws, "coach", "one-on-one", "R1", "--as-of", AS_OF, "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# One-on-one: &lt;script&gt;alert(1)&lt;/script&gt; (R1)")
    assert "team &lt;b&gt;East&lt;/b&gt;" in text
    assert not re.search(r"<\s*/?\s*[a-zA-Z]", text), "raw HTML in the Markdown packet"
    head = next(line for line in text.splitlines() if line.startswith("| deal |"))
    [row] = [line for line in text.splitlines() if line.startswith("| D2 |")]
    cells = re.split(r"(?<!\\)\|", row)
    assert len(cells) == len(head.split("|"))  # "Acme | Co" did not add a cell
    assert "Acme \\| Co" in row and "&lt;b&gt;Pr&lt;/b&gt;" in row
    assert "only 1 decided deal:" in text and "1 decided deals" not in text


def test_html_packet_holds_no_raw_script(ws: Any, tmp_path: Path) -> None:
    out = tmp_path / "packet.html"
    run(ws, "coach", "one-on-one", "R1", "--as-of", AS_OF, "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_rich_tables_print_names_as_written(ws: Any) -> None:
    by_product = run(ws, "kpi", "revenue", "--by", "product", "--format", "table")
    assert MARKUP in by_product and '=HYPERLINK("http://x")' in by_product
    assert SCRIPT in run(ws, "coach", "diagnose", "--as-of", AS_OF)
    card = run(ws, "scorecard", "--as-of", AS_OF, "--format", "table")
    assert MARKUP in card and "[dim]W[/]" in card and SCRIPT in card


def test_import_report_prints_brackets_as_written(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    bracketed = next((c for c in CODES.values() if "[" in c.fix), CODES["duplicate_key"])
    report = Report(file="[bold]deals[/].csv", table="deals", format="csv", encoding="utf-8")
    report.rows_read = 1
    report.mapping = {"amount": "[Amount]"}
    report.add(
        Finding(
            bracketed.code,
            report.file,
            line=2,
            column="[status]",
            value="[red]maybe[/]",
            message="add the word to [stages] won in salespulse.toml",
        )
    )
    show_report(report, validate_only=True)
    out = capsys.readouterr().out
    assert "Read [bold]deals[/].csv: CSV, utf-8; 1 row." in out
    assert "[Amount]" in out and "[stages] won" in out and "'[red]maybe[/]'" in out
    # the CLI names the flags where the library names the parameters (`stages`: --stage)
    meaning, fix = as_flags(bracketed.meaning), as_flags(bracketed.fix)
    assert f"{bracketed.code} — 1 row: {meaning}. Fix: {fix}." in out


def test_validate_prints_the_fix_as_written_and_counts_in_words(ws: Any, tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path / "[red]bad.csv",
        ["deal_id", "rep", "status", "created_at", "closed_at", "amount"],
        [["D9", "R1", "maybe", "2025-01-02", "2025-01-20", 100]],
    )
    result = CliRunner().invoke(
        cli, ["--workspace", str(ws.path), "validate", "deals", str(bad)], env={"COLUMNS": "250"}
    )
    assert result.exit_code != 0
    out = result.output
    assert "[red]bad.csv" in out and "1 row." in out
    [code] = [c for c in CODES.values() if re.search(rf"^{c.code} — ", out, flags=re.M)]
    assert f"{code.code} — 1 row: {as_flags(code.meaning)}. Fix: {as_flags(code.fix)}." in out
    assert "row(s)" not in out and " 1 rows" not in out


def test_import_counts_read_1_row_and_2_rows(tmp_path: Path) -> None:
    header = ["date", "product", "quantity"]
    one = write_csv(tmp_path / "[red]one.csv", header, [["2025-01-01", "a", 1]])
    two = write_csv(tmp_path / "two.csv", header, [["2025-01-01", "a", 1], ["2025-01-02", "b", 2]])
    runner = CliRunner(env={"COLUMNS": "250"})
    first = runner.invoke(cli, ["-w", str(tmp_path / "ws1"), "import", "sales", str(one)])
    assert first.exit_code == 0, first.output
    assert "; 1 row." in first.output and "Stored 1 row in sales." in first.output
    second = runner.invoke(cli, ["-w", str(tmp_path / "ws2"), "import", "sales", str(two)])
    assert second.exit_code == 0, second.output
    assert "; 2 rows." in second.output and "Stored 2 rows in sales." in second.output
    assert "row(s)" not in first.output + second.output
    tables = runner.invoke(cli, ["-w", str(tmp_path / "ws1"), "tables", "--format", "table"])
    assert "[red]one.csv" in tables.output
