"""Values as real exports write them, round two: missing markers in number and date
columns versus text columns (`NA`, `--missing`), numbers that would corrupt a sum, and
day-first against month-first decided by another column or by the order of the rows, or
refused."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import salespulse
from salespulse.errors import ValidationFailed
from salespulse.io.findings import Report
from tests.io.writers import write_table


def stored(ws: salespulse.Workspace, sql: str) -> list[tuple[Any, ...]]:
    with ws.connect(read_only=True) as con:
        return con.execute(sql).fetchall()


def findings(report: Report, code: str) -> list[tuple[int | None, str | None, str | None]]:
    return [(f.line, f.column, f.value) for f in report.findings if f.code == code]


SALES = ["Order Date", "Product", "Quantity", "Amount", "Customer"]


def test_missing_markers_in_number_and_date_columns(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    markers = ["NA", "N/A", "#N/A", "NULL", "nan", "NaN", "None", "na", "NaT"]
    rows = [["2025-01-01", "Pro", "1", m, "Acme"] for m in markers]
    rows.append(["2025-01-02", "Pro", "2", "250.5", "Bolt"])
    report = workspace.import_file("sales", write_table(tmp_path / "s", SALES, rows))
    assert not report.warnings or all(f.code == "no_reps_table" for f in report.warnings)
    amounts = [r[0] for r in stored(workspace, "SELECT amount FROM sales ORDER BY _line")]
    assert amounts == [None] * len(markers) + [250.5]
    # In a date column too (an optional one: stored empty, nothing to read).
    leads = write_table(
        tmp_path / "l",
        ["lead_id", "created_at", "converted_at"],
        [
            ["L1", "2025-01-01", "NA"],
            ["L2", "2025-01-02", "#N/A"],
            ["L3", "2025-01-03", "2025-02-01"],
        ],
    )
    report = workspace.import_file("leads", leads)
    assert not findings(report, "unreadable_optional_value")
    got = stored(workspace, "SELECT lead_id, converted_at FROM leads ORDER BY lead_id")
    assert got == [("L1", None), ("L2", None), ("L3", datetime(2025, 2, 1))]


def test_na_in_a_required_number_column_is_a_missing_value(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path = write_table(tmp_path / "s", SALES, [["2025-01-01", "Pro", "NA", "10", "Acme"]])
    report = workspace.validate("sales", path)
    assert findings(report, "missing_value") == [(2, "Quantity", None)]


def test_na_in_a_text_column_stays_text_with_a_warning(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    # R wrote NA for 3 customers of 10: kept as text (NA may be North America), warned.
    customers = ["Acme", "NA", "Bolt", "NA", "Core", "Dash", "NA", "Edge", "Fox", "Gem"]
    rows = [["2025-01-01", "Pro", "1", "10", c] for c in customers]
    path = write_table(tmp_path / "s", SALES, rows)
    report = workspace.import_file("sales", path)
    [warning] = [f for f in report.warnings if f.code == "missing_marker_as_text"]
    assert (warning.column, warning.rows) == ("Customer", customers.count("NA"))
    assert "`missing` NA" in warning.message
    assert stored(workspace, "SELECT count(*) FROM sales WHERE customer = 'NA'") == [(3,)]
    # One NA among many is not warned about.
    few = write_table(
        tmp_path / "few",
        SALES,
        [["2025-01-01", "Pro", "1", "10", "NA"]]
        + [["2025-01-01", "Pro", "1", "10", f"C{i}"] for i in range(40)],
    )
    assert "missing_marker_as_text" not in workspace.validate("sales", few).counts()


def test_missing_option_makes_na_missing_in_text(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    customers = ["Acme", "NA", "na", "Bolt"]
    rows = [["2025-01-01", "Pro", "1", "10", c] for c in customers]
    path = write_table(tmp_path / "s", SALES, rows)
    report = workspace.import_file("sales", path, missing=["NA"])
    assert "missing_marker_as_text" not in report.counts()
    got = [r[0] for r in stored(workspace, "SELECT customer FROM sales ORDER BY _line")]
    assert got == ["Acme", None, None, "Bolt"]


def test_missing_option_on_the_command_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = write_table(tmp_path / "s", SALES, [["2025-01-01", "Pro", "1", "10", "unknown"]])
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "salespulse",
            "--workspace",
            str(tmp_path / "ws"),
            "import",
            "sales",
            str(path),
            "--missing",
            "unknown",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert stored(salespulse.open(tmp_path / "ws"), "SELECT customer FROM sales") == [(None,)]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("inf", "inf"),
        ("-Infinity", "-Infinity"),
        ("1e400", "1e400"),
        ("1" + "0" * 399, "1" + "0" * 399),
        ("10000000000000000", "10000000000000000"),  # 10^16
        ("-2e15", "-2e15"),
    ],
)
def test_numbers_that_would_corrupt_a_sum_are_refused(
    workspace: salespulse.Workspace, tmp_path: Path, text: str, shown: str
) -> None:
    rows = [["2025-01-01", "Pro", "1", "10", "Acme"], ["2025-01-02", "Pro", "1", text, "Acme"]]
    path = write_table(tmp_path / "s", SALES, rows)
    report = workspace.validate("sales", path)
    assert findings(report, "number_out_of_range") == [(3, "Amount", shown)]
    with pytest.raises(ValidationFailed):
        workspace.import_file("sales", path)
    assert not workspace.has_table("sales")


def test_the_largest_allowed_number_and_quantities(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    rows = [["2025-01-01", "Pro", "1", "1000000000000000", "Acme"]]  # 10^15 exactly
    workspace.import_file("sales", write_table(tmp_path / "ok", SALES, rows))
    assert stored(workspace, "SELECT amount FROM sales") == [(1e15,)]
    rows = [["2025-01-01", "Pro", "2e15", "10", "Acme"]]
    report = workspace.validate("sales", write_table(tmp_path / "qty", SALES, rows))
    assert findings(report, "number_out_of_range") == [(2, "Quantity", "2e15")]


def test_nan_written_as_a_number_is_refused(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "s.jsonl"
    lines = [
        {"date": "2025-01-01", "product": "Pro", "quantity": 1, "amount": 5.0},
        {"date": "2025-01-02", "product": "Pro", "quantity": 1, "amount": float("nan")},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    assert "NaN" in path.read_text()
    report = workspace.validate("sales", path)
    assert [(f.line, f.column) for f in report.errors if f.code == "number_out_of_range"] == [
        (2, "amount")
    ]


def lead_dates(tmp_path: Path, dates: list[str], name: str = "l") -> Path:
    rows = [[f"L{i:02d}", d] for i, d in enumerate(dates)]
    return write_table(tmp_path / name, ["Lead ID", "Created Date"], rows)


def _written(days: list[date], order: str) -> list[str]:
    fmt = "%d/%m/%Y" if order == "dmy" else "%m/%d/%Y"
    return [d.strftime(fmt) for d in days]


# Days and months all 12 or below: every value reads both ways.
SORTED_DAYS = [
    date(2025, 2, 1),
    date(2025, 2, 5),
    date(2025, 2, 9),
    date(2025, 3, 2),
    date(2025, 3, 7),
    date(2025, 4, 1),
    date(2025, 6, 3),
]


@pytest.mark.parametrize("order", ["dmy", "mdy"])
@pytest.mark.parametrize("descending", [False, True])
def test_ambiguous_dates_decided_by_the_order_of_the_rows(
    workspace: salespulse.Workspace, tmp_path: Path, order: str, descending: bool
) -> None:
    days = sorted(SORTED_DAYS, reverse=descending)
    written = _written(days, order)
    other = "mdy" if order == "dmy" else "dmy"
    # Read the other way, the same text is out of order (else the test decides nothing).
    misread = [datetime.strptime(w, "%d/%m/%Y" if other == "dmy" else "%m/%d/%Y") for w in written]
    assert misread != sorted(misread) and misread != sorted(misread, reverse=True)
    report = workspace.import_file("leads", lead_dates(tmp_path, written))
    got = [r[0].date() for r in stored(workspace, "SELECT created_at FROM leads ORDER BY _line")]
    assert got == days
    assert any("decided by the order of the rows" in n for n in report.notes)
    assert "ambiguous_dates" not in report.counts()


def test_ambiguous_unsorted_dates_are_refused(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    days = [SORTED_DAYS[i] for i in (3, 0, 5, 1, 6, 2, 4)]
    path = lead_dates(tmp_path, _written(days, "dmy"))
    report = workspace.validate("leads", path)
    [error] = [f for f in report.errors if f.code == "ambiguous_dates"]
    assert error.column == "Created Date" and "`dayfirst=True` or `dayfirst=False`" in error.message
    with pytest.raises(ValidationFailed):
        workspace.import_file("leads", path)
    assert not workspace.has_table("leads")
    # Said explicitly, it imports.
    workspace.import_file("leads", path, dayfirst=True)
    got = [r[0].date() for r in stored(workspace, "SELECT created_at FROM leads ORDER BY _line")]
    assert got == days


def test_the_dayfirst_setting_is_an_explicit_choice(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws", dayfirst=True)
    days = [SORTED_DAYS[i] for i in (3, 0, 5)]
    report = ws.import_file("leads", lead_dates(tmp_path, _written(days, "dmy")))
    assert "ambiguous_dates" not in report.counts()
    got = [r[0].date() for r in stored(ws, "SELECT created_at FROM leads ORDER BY _line")]
    assert got == days


def test_one_date_column_decides_for_the_others(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    # created_at has a 13th day (month-first); the close dates alone could be either,
    # and are not sorted.
    rows = [
        ["D1", "ana", "Closed Won", "01/13/2025", "03/02/2025", "10"],
        ["D2", "ana", "Closed Won", "01/02/2025", "02/03/2025", "10"],
        ["D3", "ana", "Closed Lost", "01/05/2025", "04/01/2025", "10"],
    ]
    headers = ["deal_id", "rep", "stage", "created_at", "closed_at", "amount"]
    report = workspace.import_file("deals", write_table(tmp_path / "d", headers, rows))
    got = stored(workspace, "SELECT CAST(closed_at AS DATE) FROM deals ORDER BY deal_id")
    assert [r[0] for r in got] == [date(2025, 3, 2), date(2025, 2, 3), date(2025, 4, 1)]
    assert any("decided by another date column" in n for n in report.notes)


def test_a_single_repeated_date_cannot_be_decided_by_order(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    day = date(2025, 3, 4)
    path = lead_dates(tmp_path, _written([day, day, day + timedelta(0)], "dmy"))
    assert "ambiguous_dates" in workspace.validate("leads", path).counts()
