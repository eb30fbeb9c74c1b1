"""Validation: each finding names its code, the file's line and column, the value and a
fix; errors store nothing; warnings are stored and reported."""

from __future__ import annotations

from pathlib import Path

import pytest

import salespulse
from salespulse.errors import ValidationFailed
from salespulse.io.findings import CODES, Report
from tests.io.writers import write_table

DEAL_HEADERS = ["Opportunity ID", "Owner", "Stage", "Created Date", "Close Date", "Amount"]


def findings(report: Report, code: str) -> list[tuple[int | None, str | None, str | None]]:
    return [(f.line, f.column, f.value) for f in report.findings if f.code == code]


def deals_file(tmp_path: Path, rows: list[list[str]]) -> Path:
    return write_table(tmp_path / "deals", DEAL_HEADERS, rows)


def test_deal_errors_name_line_column_and_value(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path = deals_file(
        tmp_path,
        [
            ["D1", "ana", "Closed Won", "2025-01-10", "2025-01-05", "100"],  # line 2: closes early
            ["D2", "ana", "Closed Won", "2025-01-10", "", "100"],  # line 3: no close date
            ["D3", "ben", "Closed Won", "2025-01-10", "2025-02-01", ""],  # line 4: no amount
            ["D1", "ben", "Prospecting", "2025-01-10", "", ""],  # line 5: duplicate id
            ["D5", "ben", "Closed Lost", "2025-01-10", "", "5"],  # line 6: no close date
            ["D6", "cy", "Proposal", "not a date", "", "abc"],  # line 7: unreadable
            ["", "cy", "Proposal", "2025-01-10", "", "5"],  # line 8: no id
        ],
    )
    report = workspace.validate("deals", path)
    assert findings(report, "closed_before_created") == [
        (2, "Close Date", "2025-01-05 00:00 < 2025-01-10 00:00")
    ]
    assert findings(report, "won_without_close_date") == [(3, "Close Date", None)]
    assert findings(report, "won_without_amount") == [(4, "Amount", None)]
    closed_early = next(f for f in report.warnings if f.code == "closed_before_created")
    assert closed_early.message.endswith("(deal D1)")
    assert findings(report, "duplicate_key") == [(5, "Opportunity ID", "D1")]
    assert findings(report, "lost_without_close_date") == [(6, "Close Date", None)]
    assert findings(report, "unreadable_optional_value") == [
        (7, "Created Date", "not a date"),
        (7, "Amount", "abc"),
    ]
    assert findings(report, "missing_value") == [(8, "Opportunity ID", None)]
    assert not report.stored
    with pytest.raises(ValidationFailed):
        workspace.import_file("deals", path)
    assert not workspace.has_table("deals")


def test_unreadable_required_value_is_an_error(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path = write_table(
        tmp_path / "s",
        ["Order Date", "Product", "Qty"],
        [["2025-01-01", "x", "1"], ["2025-13-45", "x", "one"]],
    )
    report = workspace.validate("sales", path)
    assert findings(report, "unreadable_value") == [
        (3, "Order Date", "2025-13-45"),
        (3, "Qty", "one"),
    ]
    assert report.errors[0].fix == CODES["unreadable_value"].fix


def test_warnings_are_stored_and_reported(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    workspace.import_file("reps", write_table(tmp_path / "r", ["rep", "name"], [["ana", "Ana"]]))
    path = write_table(
        tmp_path / "s",
        ["date", "product", "quantity", "rep"],
        [
            ["2025-01-01", "x", "-2", "ana"],
            ["2099-01-01", "x", "1", "zed"],
            ["2025-01-02", "x", "1", "Ana"],
        ],
    )
    report = workspace.import_file("sales", path)
    assert report.stored and report.rows_stored == 3
    assert findings(report, "negative_quantity") == [(2, "quantity", "-2.0")]
    assert findings(report, "future_date") == [(3, "date", "2099-01-01")]
    assert findings(report, "unknown_rep") == [(3, "rep", "zed (1 row)")]
    # "Ana" names the rep ana by name: stored as ana.
    assert report.counts()["rep_matched_by_alias"] == 1
    with workspace.connect(read_only=True) as con:
        assert con.execute("SELECT rep FROM sales ORDER BY date").fetchall() == [
            ("ana",),
            ("ana",),
            ("zed",),
        ]


def test_missing_column_lists_the_file_headers(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path = write_table(tmp_path / "d", ["Opportunity ID", "Amount"], [["1", "2"]])
    report = workspace.validate("deals", path)
    assert [(f.code, f.column) for f in report.errors] == [
        ("missing_column", "rep"),
        ("missing_column", "status (or stage)"),
    ]
    assert "Opportunity ID, Amount" in report.errors[0].message


def test_unknown_status(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    path = write_table(tmp_path / "d", ["deal_id", "rep", "status"], [["1", "a", "deleted"]])
    report = workspace.validate("deals", path)
    assert findings(report, "unknown_status") == [(2, "status", "deleted")]


def test_unknown_quota_period(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    path = write_table(
        tmp_path / "q", ["rep", "period", "target"], [["a", "2025-03", "1"], ["a", "March", "1"]]
    )
    report = workspace.validate("quotas", path)
    assert findings(report, "unknown_period") == [(3, "period", "March")]


def test_append_refuses_the_same_file_and_stored_keys(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    first = write_table(tmp_path / "a", ["deal_id", "rep", "status"], [["1", "a", "open"]])
    workspace.import_file("deals", first)
    again = workspace.validate("deals", first)
    assert [f.code for f in again.errors] == ["already_imported"]
    assert workspace.import_file("deals", first, mode="replace").rows_stored == 1
    second = write_table(
        tmp_path / "b", ["deal_id", "rep", "status"], [["2", "a", "open"], ["1", "b", "open"]]
    )
    report = workspace.validate("deals", second)
    assert findings(report, "key_already_stored") == [(3, "deal_id", "1")]
    workspace.import_file("deals", second, mode="replace")
    with workspace.connect(read_only=True) as con:
        assert con.execute("SELECT deal_id, rep FROM deals ORDER BY 1").fetchall() == [
            ("1", "b"),
            ("2", "a"),
        ]


def test_force_imports_the_same_file_again(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    path = write_table(tmp_path / "s", ["date", "product", "quantity"], [["2025-01-01", "x", "1"]])
    workspace.import_file("sales", path)
    workspace.import_file("sales", path, force=True)
    [summary] = workspace.tables()
    assert summary.rows == 2 and len(summary.files) == 2


def test_dry_run_stores_nothing(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    path = write_table(tmp_path / "s", ["date", "product", "quantity"], [["2025-01-01", "x", "1"]])
    report = workspace.import_file("sales", path, dry_run=True)
    assert report.ok and not report.stored and not workspace.has_table("sales")


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        (
            b"date,product,quantity\n2025-01-01,x,1\n2025-01-02,y\n2025-01-03,z,3\n",
            "malformed_row",
            3,
        ),
        (b'date,product,quantity\n2025-01-01,x,1\n2025-01-02,"y,2\n', "truncated_file", 3),
        (b"date,product,quantity\n2025-01-01,x,1\n2025-01-02,y", "truncated_file", 3),
        (b"", "empty_file", None),
        (b"\x00\x01\x02\x03binary\x00\xff" * 50, "binary_file", None),
        (b"%PDF-1.4 not a table", "binary_file", None),
    ],
)
def test_broken_files(
    workspace: salespulse.Workspace, tmp_path: Path, content: bytes, code: str, line: int | None
) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    report = workspace.validate("sales", path)
    assert [(f.code, f.line) for f in report.errors] == [(code, line)]


def test_line_numbers_survive_quoted_line_breaks_and_blank_lines(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        'date,product,quantity\n2025-01-01,"two\nlines",1\n\n2025-01-02,x,-4\n', encoding="utf-8"
    )
    report = workspace.import_file("sales", path)
    assert findings(report, "negative_quantity") == [(5, "quantity", "-4.0")]


def test_every_code_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "importing.md").read_text()
    for code in CODES:
        assert f"`{code}`" in docs, f"{code} is not in docs/importing.md"


def test_deal_status_from_won_and_lost_dates(tmp_path: Path) -> None:
    """A deals file with won and lost dates and no status: a won date is won, a lost date
    lost, neither open (its close date none)."""
    import salespulse

    path = tmp_path / "deals.csv"
    path.write_text(
        "deal_id,rep,created_at,amount,won_date,lost_date\n"
        "d1,ann,2025-01-02,100,2025-02-01,\n"
        "d2,ann,2025-01-03,200,,2025-02-10\n"
        "d3,bo,2025-01-04,300,,\n",
        encoding="utf-8",
    )
    ws = salespulse.open(tmp_path / "ws")
    report = ws.import_file("deals", path, {"won_date": "won_at", "lost_date": "lost_at"})
    assert (
        "status from won_date and lost_date (a won date: won; a lost date: lost; none: open)"
        in report.notes
    )
    with ws.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT deal_id, status, CAST(closed_at AS DATE) FROM deals ORDER BY deal_id"
        ).fetchall()
    assert [(d, s, str(c) if c else None) for d, s, c in rows] == [
        ("d1", "won", "2025-02-01"),
        ("d2", "lost", "2025-02-10"),
        ("d3", "open", None),
    ]
