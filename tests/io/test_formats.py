"""Files as exports write them: formats, encodings, delimiters, values, headers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import salespulse
from salespulse.errors import ValidationFailed
from tests.io.writers import write_table


def stored(ws: salespulse.Workspace, sql: str) -> list[tuple[Any, ...]]:
    with ws.connect(read_only=True) as con:
        return con.execute(sql).fetchall()


SALES_HEADERS = ["Order Date", "Product Name", "Quantity", "Unit Price", "Sales", "Sales Rep"]
SALES_ROWS = [
    ["2025-01-05", "Widget", 3, 9.5, 28.5, "ana"],
    ["2025-01-06", "Gadget, large", 1, 120.0, 120.0, "ben"],
    ["2025-02-10", "Widget", -1, 9.5, -9.5, "ana"],
]


@pytest.mark.parametrize(
    ("fmt", "encoding", "delimiter", "newline"),
    [
        ("csv", "utf-8", ",", "\n"),
        ("csv", "utf-8-sig", ";", "\r\n"),
        ("csv", "utf-16", ",", "\r\n"),
        ("csv", "cp1252", "|", "\n"),
        ("tsv", "utf-8", "\t", "\n"),
        ("xlsx", "", "", ""),
        ("parquet", "", "", ""),
        ("jsonl", "utf-8", "", ""),
    ],
)
def test_every_format_gives_the_same_table(
    workspace: salespulse.Workspace,
    tmp_path: Path,
    fmt: str,
    encoding: str,
    delimiter: str,
    newline: str,
) -> None:
    path = write_table(
        tmp_path / "sales",
        SALES_HEADERS,
        SALES_ROWS,
        fmt,
        encoding or "utf-8",
        delimiter or ",",
        newline or "\n",
    )
    report = workspace.import_file(None, path)
    assert report.table == "sales"
    assert report.mapping == {
        "date": "Order Date",
        "product": "Product Name",
        "quantity": "Quantity",
        "unit_price": "Unit Price",
        "amount": "Sales",
        "rep": "Sales Rep",
    }
    rows = stored(workspace, "SELECT date, product, quantity, unit_price, amount, rep FROM sales")
    assert rows == [
        (date(2025, 1, 5), "Widget", 3.0, 9.5, 28.5, "ana"),
        (date(2025, 1, 6), "Gadget, large", 1.0, 120.0, 120.0, "ben"),
        (date(2025, 2, 10), "Widget", -1.0, 9.5, -9.5, "ana"),
    ]
    assert report.counts()["negative_quantity"] == 1
    negative = next(f for f in report.findings if f.code == "negative_quantity")
    assert (
        negative.line == (3 if fmt in ("parquet", "jsonl") else 4) and negative.column == "Quantity"
    )


def test_cp1252_text_is_read(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    path = write_table(
        tmp_path / "s",
        ["date", "product", "quantity", "rep"],
        [["2025-01-05", "Crème brûlée €", 1, "Zoë"]],
        encoding="cp1252",
    )
    report = workspace.import_file("sales", path)
    assert report.encoding == "cp1252"
    assert stored(workspace, "SELECT product, rep FROM sales") == [("Crème brûlée €", "Zoë")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["$1,234.50", "€99", "(12.00)", "USD 7", "1 000"], [1234.5, 99.0, -12.0, 7.0, 1000.0]),
        (["1.234,50 €", "0,5", "12,00", "-3,25", "2.000.000,00"], [1234.5, 0.5, 12.0, -3.25, 2e6]),
        (["10", "2.5", "", "NULL", "-"], [10.0, 2.5, None, None, None]),
        (["50%", "12.5%", "100%", "3", "0"], [0.5, 0.125, 1.0, 3.0, 0.0]),
    ],
)
def test_numbers_as_exports_write_them(
    workspace: salespulse.Workspace, tmp_path: Path, raw: list[str], expected: list[Any]
) -> None:
    rows = [[f"2025-01-0{i + 1}", "p", 1, value] for i, value in enumerate(raw)]
    delimiter = ";" if any("," in v for v in raw) else ","
    path = write_table(
        tmp_path / "s", ["date", "product", "quantity", "amount"], rows, delimiter=delimiter
    )
    workspace.import_file("sales", path)
    got = [r[0] for r in stored(workspace, "SELECT amount FROM sales ORDER BY date")]
    assert got == pytest.approx(expected) if None not in expected else got == expected


@pytest.mark.parametrize(
    ("header", "raw", "expected"),
    [
        ("Probability (%)", ["70", "10", "100"], [0.7, 0.1, 1.0]),
        ("Probability", ["70%", "5%", "0%"], [0.7, 0.05, 0.0]),
        ("Probability", ["0.7", "0.1", "1"], [0.7, 0.1, 1.0]),
        ("Probability", ["70", "10", "0.5"], [0.7, 0.1, 0.005]),
    ],
)
def test_probabilities(
    workspace: salespulse.Workspace,
    tmp_path: Path,
    header: str,
    raw: list[str],
    expected: list[float],
) -> None:
    rows = [[f"D{i}", "ana", "Proposal", v] for i, v in enumerate(raw)]
    path = write_table(tmp_path / "d", ["Opportunity ID", "Owner", "Stage", header], rows)
    report = workspace.import_file("deals", path)
    got = [r[0] for r in stored(workspace, "SELECT probability FROM deals ORDER BY deal_id")]
    assert got == pytest.approx(expected)
    assert ("probability_scaled" in report.counts()) == (header == "Probability" and raw[0] == "70")


@pytest.mark.parametrize(
    ("raw", "dayfirst", "expected"),
    [
        (["2025-03-04", "2025-12-31"], None, ["2025-03-04 00:00", "2025-12-31 00:00"]),
        (["3/4/2025", "12/31/2025"], None, ["2025-03-04 00:00", "2025-12-31 00:00"]),
        (["3/4/2025", "31/12/2025"], None, ["2025-04-03 00:00", "2025-12-31 00:00"]),
        (["04.03.2025", "31.12.2025 17:05"], None, ["2025-03-04 00:00", "2025-12-31 17:05"]),
        (["03/04/2025", "01/02/2025"], True, ["2025-04-03 00:00", "2025-02-01 00:00"]),
        (["45658", "45658.75"], None, ["2025-01-01 00:00", "2025-01-01 18:00"]),
        (
            ["2025-03-04T10:00:00Z", "2025-03-04 12:30:00+02:00"],
            None,
            ["2025-03-04 10:00", "2025-03-04 10:30"],
        ),
        (
            ["3/4/2025 2:15 PM", "12/31/2025 9:00 AM"],
            None,
            ["2025-03-04 14:15", "2025-12-31 09:00"],
        ),
        (["5 Jan 2025", "Feb 3, 2025"], None, ["2025-01-05 00:00", "2025-02-03 00:00"]),
    ],
)
def test_dates(
    workspace: salespulse.Workspace,
    tmp_path: Path,
    raw: list[str],
    dayfirst: bool | None,
    expected: list[str],
) -> None:
    rows = [[f"L{i}", v] for i, v in enumerate(raw)]
    path = write_table(tmp_path / "l", ["Lead ID", "Created Date"], rows)
    workspace.import_file("leads", path, dayfirst=dayfirst)
    got = [r[0] for r in stored(workspace, "SELECT created_at FROM leads ORDER BY lead_id")]
    assert [g.strftime("%Y-%m-%d %H:%M") for g in got] == expected


def test_ambiguous_dates_are_refused_until_the_order_is_given(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path = write_table(tmp_path / "l", ["lead_id", "created_at"], [["a", "03/04/2025"]])
    report = workspace.validate("leads", path)
    assert report.counts()["ambiguous_dates"] == 1 and not report.ok
    workspace.import_file("leads", path, dayfirst=False)
    assert stored(workspace, "SELECT created_at FROM leads")[0][0] == datetime(2025, 3, 4)


def test_workspace_time_zone_converts_offsets(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws", time_zone="America/New_York")
    path = write_table(
        tmp_path / "l",
        ["lead_id", "created_at"],
        [["a", "2025-03-04T15:00:00Z"], ["b", "2025-03-04 09:00"]],
    )
    ws.import_file("leads", path)
    got = [r[0] for r in stored(ws, "SELECT created_at FROM leads ORDER BY lead_id")]
    assert got == [datetime(2025, 3, 4, 10, 0), datetime(2025, 3, 4, 9, 0)]


def test_booleans_and_missing_markers(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    rows = [
        ["a", "2025-01-01", "yes"],
        ["b", "2025-01-01", "N"],
        ["c", "2025-01-01", "TRUE"],
        ["d", "2025-01-01", "0"],
        ["e", "2025-01-01", "N/A"],
        ["f", "2025-01-01", "-"],
    ]
    path = write_table(tmp_path / "l", ["Lead ID", "Created", "Inbound"], rows)
    workspace.import_file("leads", path)
    got = stored(workspace, "SELECT inbound FROM leads ORDER BY lead_id")
    assert [r[0] for r in got] == [True, False, True, False, None, None]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            [
                "Opportunity ID",
                "Opportunity Owner",
                "Created Date",
                "Close Date",
                "Stage",
                "Amount",
                "Probability (%)",
                "Forecast Category",
            ],
            "salesforce",
        ),
        (
            ["Record ID", "Deal owner", "Create Date", "Close Date", "Deal Stage", "Amount"],
            "hubspot",
        ),
        (
            [
                "Deal - ID",
                "Deal - Owner",
                "Deal - Value",
                "Deal - Status",
                "Deal - Deal created",
                "Deal - Won time",
                "Deal - Lost time",
            ],
            "pipedrive",
        ),
    ],
)
def test_crm_exports_are_recognised(
    workspace: salespulse.Workspace, tmp_path: Path, headers: list[str], expected: str
) -> None:
    rows = {
        "salesforce": [
            ["006A", "Ana", "2025-01-02", "2025-02-01", "Closed Won", "$1,000.00", "100", "Closed"],
            ["006B", "Ben", "2025-01-03", "2025-03-01", "Closed Lost", "500", "0", "Omitted"],
            ["006C", "Ben", "2025-01-04", "2025-06-30", "Negotiation", "700", "60", "Commit"],
        ],
        "hubspot": [
            # 01/22 says month-first, for the close dates too (which alone could be
            # read either way).
            ["1", "Ana", "01/22/2025 10:00", "02/01/2025", "closedwon", "1000"],
            ["2", "Ben", "01/23/2025 11:00", "03/01/2025", "Closed lost", "500"],
            ["3", "Ben", "01/24/2025 12:00", "", "Contract sent", "700"],
        ],
        "pipedrive": [
            ["1", "Ana", "1000", "won", "2025-01-02 10:00:00", "2025-02-01 09:00:00", ""],
            ["2", "Ben", "500", "lost", "2025-01-03 10:00:00", "", "2025-03-01 09:00:00"],
            ["3", "Ben", "700", "open", "2025-01-04 10:00:00", "", ""],
        ],
    }[expected]
    path = write_table(tmp_path / expected, headers, rows)
    report = workspace.import_file(None, path)
    assert report.table == "deals"
    got = stored(
        workspace,
        "SELECT rep, status, amount, CAST(closed_at AS DATE) FROM deals ORDER BY created_at",
    )
    assert [(r[0], r[1], r[2]) for r in got] == [
        ("Ana", "won", 1000.0),
        ("Ben", "lost", 500.0),
        ("Ben", "open", 700.0),
    ]
    assert [str(r[3]) for r in got[:2]] == ["2025-02-01", "2025-03-01"]


@pytest.mark.parametrize("stage", ["Closed Won", "Won", "closed won", "Closed - Won", "CLOSED_WON"])
def test_won_stage_spellings(workspace: salespulse.Workspace, tmp_path: Path, stage: str) -> None:
    path = write_table(
        tmp_path / "d",
        ["deal_id", "rep", "stage", "created_at", "closed_at", "amount"],
        [["1", "a", stage, "2025-01-01", "2025-01-02", "10"]],
    )
    workspace.import_file("deals", path)
    assert stored(workspace, "SELECT status FROM deals") == [("won",)]


def test_stage_mapping_comes_from_settings(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    text = ws.settings_path.read_text().replace('won = ["won"', 'won = ["Signed contract", "won"')
    ws.settings_path.write_text(text)
    ws = salespulse.open(tmp_path / "ws")
    path = write_table(
        tmp_path / "d",
        ["deal_id", "rep", "stage", "created_at", "closed_at", "amount"],
        [["1", "a", "Signed Contract", "2025-01-01", "2025-01-02", "10"]],
    )
    ws.import_file("deals", path)
    assert stored(ws, "SELECT status FROM deals") == [("won",)]


@pytest.mark.parametrize(
    ("headers", "prefix"),
    [
        (["Rep", "Year", "Jan", "Feb", "Mar"], None),
        (["Rep", "Year", "M01", "M02", "M03"], None),
        (["Rep", "2025-01", "2025-02", "2025-03"], "2025-"),
    ],
)
def test_wide_quota_tables_are_unpivoted(
    workspace: salespulse.Workspace, tmp_path: Path, headers: list[str], prefix: str | None
) -> None:
    rows = [["ana", "2025", "10", "20", "-"], ["ben", "2025", "5", "", "7"]]
    if prefix:
        rows = [[r[0], *r[2:]] for r in rows]
    path = write_table(tmp_path / "q", headers, rows)
    report = workspace.import_file(None, path, multiplier=1000)
    assert report.table == "quotas"
    assert report.counts()["empty_target_cells"] == 2
    got = stored(workspace, "SELECT rep, period, period_start, target FROM quotas ORDER BY 1, 2")
    assert got == [
        ("ana", "2025-01", date(2025, 1, 1), 10000.0),
        ("ana", "2025-02", date(2025, 2, 1), 20000.0),
        ("ben", "2025-01", date(2025, 1, 1), 5000.0),
        ("ben", "2025-03", date(2025, 3, 1), 7000.0),
    ]


def test_quota_periods_follow_the_fiscal_year(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws", fiscal_year_start_month=4)
    path = write_table(
        tmp_path / "q",
        ["team", "period", "metric", "target"],
        [
            ["east", "2025-Q1", "Revenue", "100"],
            ["east", "2025", "deals won", "40"],
            ["west", "2025-07", "units", "9"],
        ],
    )
    ws.import_file("quotas", path)
    got = stored(ws, "SELECT team, period, period_start, period_end, metric FROM quotas ORDER BY 2")
    assert got == [
        ("east", "2025", date(2024, 4, 1), date(2025, 3, 31), "deals_won"),
        ("west", "2025-07", date(2025, 7, 1), date(2025, 7, 31), "units"),
        ("east", "2025-Q1", date(2024, 4, 1), date(2024, 6, 30), "revenue"),
    ]


def test_explicit_mapping_and_set_aside(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    path = write_table(
        tmp_path / "s", ["When", "What", "How many", "Notes"], [["2025-01-01", "x", "2", "hi"]]
    )
    with pytest.raises(ValidationFailed) as failed:
        workspace.import_file("sales", path)
    assert {f.code for f in failed.value.report.errors} == {"missing_column"}  # type: ignore[attr-defined]
    report = workspace.import_file(
        "sales", path, {"When": "date", "what": "product", "HOW MANY": "quantity", "Notes": ""}
    )
    assert report.set_aside == ["Notes"]
    assert stored(workspace, "SELECT product, quantity FROM sales") == [("x", 2.0)]


def test_two_candidates_for_one_field_stop_the_import(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path = write_table(
        tmp_path / "s",
        ["date", "product", "quantity", "Amount", "Sales"],
        [["2025-01-01", "x", "2", "3", "4"]],
    )
    report = workspace.validate("sales", path)
    [finding] = report.errors
    assert finding.code == "ambiguous_column" and "Amount" in finding.message
    assert "Sales" in finding.message
    assert workspace.import_file("sales", path, {"Sales": ""}).rows_stored == 1


def test_sales_amount_from_quantity_and_price(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path = write_table(
        tmp_path / "s",
        ["date", "product", "quantity", "unit price"],
        [["2025-01-01", "x", "3", "2.5"], ["2025-01-02", "y", "1", ""]],
    )
    report = workspace.import_file("sales", path)
    assert "amount computed as quantity × unit price" in report.notes
    assert stored(workspace, "SELECT amount FROM sales ORDER BY date") == [(7.5,), (None,)]


def test_minimal_sales_table(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    path = write_table(tmp_path / "s", ["date", "product", "quantity"], [["2025-01-01", "x", "3"]])
    report = workspace.import_file(None, path)
    assert report.table == "sales" and report.rows_stored == 1
    assert "no_reps_table" not in report.counts()  # no rep column: nothing to check


def test_activities_words_are_normalised(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    path = write_table(
        tmp_path / "a",
        ["Owner", "Date", "Activity Type", "Direction", "Result"],
        [
            ["a", "2025-01-01 10:00", "Phone Call", "", "No Answer"],
            ["a", "2025-01-01 11:00", "E-mail", "Inbound", "Replied"],
            ["a", "2025-01-01 12:00", "Demo", "outbound", ""],
            ["a", "2025-01-01 13:00", "LinkedIn", "", ""],
        ],
    )
    workspace.import_file("activities", path)
    assert stored(workspace, 'SELECT type, direction, outcome FROM activities ORDER BY "at"') == [
        ("call", "outbound", "no_answer"),
        ("email", "inbound", "replied"),
        ("meeting", "outbound", None),
        ("other", "outbound", None),
    ]
