"""Deals as CRMs export them through their APIs (Salesforce, HubSpot, Pipedrive field
names): the table guessed, the status from stage words or IsWon/IsClosed, open deals'
close dates as expected closes, migrated rows kept out of cycle KPIs; table guesses
refused when they are not clear. (Stage words: test_stage_words.py.)"""

from __future__ import annotations

import statistics
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import salespulse
from salespulse.errors import ValidationFailed
from salespulse.io.findings import Report
from tests.io.writers import write_table

SALESFORCE = [
    "Id",
    "Name",
    "OwnerId",
    "StageName",
    "Amount",
    "CloseDate",
    "CreatedDate",
    "Probability",
    "ForecastCategoryName",
    "IsWon",
    "IsClosed",
    "AccountId",
    "LeadSource",
    "Type",
]


def stored(ws: salespulse.Workspace, sql: str) -> list[tuple[Any, ...]]:
    with ws.connect(read_only=True) as con:
        return con.execute(sql).fetchall()


def kpi_value(ws: salespulse.Workspace, name: str) -> float:
    frame = ws.kpi(name)
    assert len(frame) == 1
    return float(frame["value"][0])


def table(text: str) -> list[list[str]]:
    """Rows written one a line, fields separated by |."""
    return [line.strip().split("|") for line in text.strip().splitlines()]


def notes_with(report: Report, text: str) -> list[str]:
    return [n for n in report.notes if text in n]


def _sf(
    deal: str, stage: str, amount: int, close: str, created: str, won: bool, closed: bool
) -> dict[str, Any]:
    return {
        "deal": deal,
        "stage": stage,
        "amount": amount,
        "close": date.fromisoformat(close),
        "created": date.fromisoformat(created),
        "won": won,
        "closed": closed,
    }


# The status each row must get: by its stage word where there is one, else IsClosed/IsWon.
# M1 and M2 are migrated: created on the load date, 2025-06-01, closed years before.
SF_DEALS = [
    (_sf("006O1", "Prospecting", 800, "2025-09-30", "2025-01-05", False, False), "open"),
    (_sf("006O2", "Negotiation/Review", 900, "2025-08-15", "2025-01-06", False, False), "open"),
    (_sf("006W1", "Closed Won", 1000, "2025-02-09", "2025-01-10", True, True), "won"),
    (_sf("006W2", "Deal Done", 3000, "2025-03-01", "2025-01-20", True, True), "won"),
    (_sf("006W3", "Closed Won", 1500, "2025-04-20", "2025-03-01", True, True), "won"),
    (_sf("006L1", "Closed Lost", 500, "2025-02-11", "2025-02-01", False, True), "lost"),
    (_sf("006L2", "No Budget", 700, "2025-02-23", "2025-02-03", False, True), "lost"),
    (_sf("006M1", "Closed Won", 2000, "2019-05-01", "2025-06-01", True, True), "won"),
    (_sf("006M2", "Closed Lost", 400, "2019-07-01", "2025-06-01", False, True), "lost"),
]


def salesforce_file(tmp_path: Path) -> Path:
    rows = [
        [
            d["deal"],
            f"Opportunity {d['deal']}",
            "005Ana" if i % 2 else "005Ben",
            d["stage"],
            d["amount"],
            d["close"].isoformat(),
            f"{d['created'].isoformat()}T09:30:00.000+0000",
            100 if d["won"] else (0 if d["closed"] else 40),
            "Closed" if d["won"] else ("Omitted" if d["closed"] else "Pipeline"),
            "true" if d["won"] else "false",
            "true" if d["closed"] else "false",
            "001Acme",
            "Web",
            "New Business",
        ]
        for i, (d, _) in enumerate(SF_DEALS)
    ]
    return write_table(tmp_path / "Opportunity", SALESFORCE, rows)


def test_salesforce_api_export(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    report = workspace.import_file(None, salesforce_file(tmp_path))
    assert report.table == "deals" and report.table_guessed and report.stored
    assert report.mapping["rep"] == "OwnerId" and report.mapping["stage"] == "StageName"
    assert report.mapping["is_won"] == "IsWon" and report.mapping["is_closed"] == "IsClosed"
    assert report.mapping["closed_at"] == "CloseDate" and report.mapping["name"] == "Name"
    got = dict(stored(workspace, "SELECT deal_id, status FROM deals"))
    assert got == {d["deal"]: status for d, status in SF_DEALS}
    # Open deals: CloseDate is the expected close, never a close.
    open_rows = stored(
        workspace,
        "SELECT deal_id, closed_at, expected_close FROM deals WHERE status = 'open' "
        "ORDER BY deal_id",
    )
    expected_open = sorted((d["deal"], None, d["close"]) for d, s in SF_DEALS if s == "open")
    assert open_rows == expected_open
    assert notes_with(report, "CloseDate of 2 open deals read as the expected close")
    assert notes_with(report, "read as open: Prospecting (1), Negotiation/Review (1)")
    # Closed deals keep their close.
    closes = dict(stored(workspace, "SELECT deal_id, CAST(closed_at AS DATE) FROM deals"))
    assert all(closes[d["deal"]] == d["close"] for d, s in SF_DEALS if s != "open")
    # The migrated rows: stored, warned about, one finding each.
    migrated = [d["deal"] for d, _ in SF_DEALS if d["close"] < d["created"]]
    assert report.counts()["closed_before_created"] == len(migrated) == 2
    assert [f.line for f in report.warnings if f.code == "closed_before_created"] == [9, 10]
    # Win rate counts every closed deal (it needs only the close) ...
    won = sum(1 for _, s in SF_DEALS if s == "won")
    lost = sum(1 for _, s in SF_DEALS if s == "lost")
    assert (won, lost) == (4, 3)
    assert kpi_value(workspace, "win_rate") == pytest.approx(won / (won + lost))
    # ... the cycles leave out the migrated rows (their cycle would be negative).
    kept = [(d, s) for d, s in SF_DEALS if d["deal"] not in migrated]
    # created at 09:30, closed at midnight: 9.5 hours less than whole days
    cycles = [(d["close"] - d["created"]).days - 9.5 / 24 for d, s in kept if s == "won"]
    assert cycles == pytest.approx([30 - 9.5 / 24, 40 - 9.5 / 24, 50 - 9.5 / 24])
    assert kpi_value(workspace, "sales_cycle_days") == pytest.approx(statistics.median(cycles))
    losses = [(d["close"] - d["created"]).days - 9.5 / 24 for d, s in kept if s == "lost"]
    assert kpi_value(workspace, "loss_cycle_days") == pytest.approx(statistics.median(losses))
    # Close rate: of the deals created (the migrated ones left out), the share won.
    created_won = sum(1 for _, s in kept if s == "won")
    assert kpi_value(workspace, "close_rate") == pytest.approx(created_won / len(kept))
    assert created_won / len(kept) == pytest.approx(3 / 7)


def test_hubspot_api_export(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    headers, *rows = table(
        """
        hs_object_id|dealname|dealstage|closedate|createdate|hubspot_owner_id|amount|pipeline|hs_deal_stage_probability
        11|Acme renewal|closedwon|2025-03-01T00:00:00Z|2025-01-01T10:00:00Z|7|1200|default|1
        12|Bolt pilot|closedlost|2025-03-05T00:00:00Z|2025-01-02T10:00:00Z|7|300|default|0
        13|Core|appointmentscheduled|2025-10-01T00:00:00Z|2025-02-01T10:00:00Z|8|500|default|0.2
        14|Dash|appointmentscheduled||2025-02-02T10:00:00Z|8||default|0.2
        15|Edge|contractsent|2025-11-15T00:00:00Z|2025-02-03T10:00:00Z|8|900|default|0.8
        """
    )
    report = workspace.import_file(None, write_table(tmp_path / "hubspot-deals", headers, rows))
    assert report.table == "deals" and report.table_guessed
    got = stored(
        workspace,
        "SELECT deal_id, name, rep, status, CAST(closed_at AS DATE), expected_close, pipeline, "
        "probability FROM deals ORDER BY deal_id",
    )
    assert got == [
        ("11", "Acme renewal", "7", "won", date(2025, 3, 1), None, "default", 1.0),
        ("12", "Bolt pilot", "7", "lost", date(2025, 3, 5), None, "default", 0.0),
        ("13", "Core", "8", "open", None, date(2025, 10, 1), "default", 0.2),
        ("14", "Dash", "8", "open", None, None, "default", 0.2),
        ("15", "Edge", "8", "open", None, date(2025, 11, 15), "default", 0.8),
    ]
    assert notes_with(report, "read as open: appointmentscheduled (2), contractsent (1)")
    assert notes_with(report, "closedate of 2 open deals read as the expected close")
    assert kpi_value(workspace, "win_rate") == pytest.approx(1 / 2)


def test_pipedrive_api_export(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    headers, *rows = table(
        """
        id|title|value|status|stage_id|user_id|add_time|won_time|lost_time|close_time|expected_close_date|org_id|probability|lost_reason
        1|Acme|1000|won|4|u1|2025-01-02 10:00|2025-02-01 09:00||2025-02-01 09:00|2025-02-15|o1||
        2|Bolt|500|lost|2|u2|2025-01-03 10:00||2025-03-01 09:00|2025-03-01 09:00||o2||Price
        3|Core|700|open|3|u2|2025-01-04 10:00||||2025-09-30|o3|60|
        """
    )
    report = workspace.import_file(None, write_table(tmp_path / "pipedrive", headers, rows))
    assert report.table == "deals"
    got = stored(
        workspace,
        "SELECT deal_id, name, rep, customer, status, closed_at, expected_close, stage, "
        "lost_reason FROM deals ORDER BY deal_id",
    )
    assert got == [
        ("1", "Acme", "u1", "o1", "won", datetime(2025, 2, 1, 9), date(2025, 2, 15), "4", None),
        ("2", "Bolt", "u2", "o2", "lost", datetime(2025, 3, 1, 9), None, "2", "Price"),
        ("3", "Core", "u2", "o3", "open", None, date(2025, 9, 30), "3", None),
    ]
    # A status column decides: nothing is "read as open" from the stage ids.
    assert not notes_with(report, "read as open")


def test_a_weak_table_guess_stores_nothing(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    # The owner column is not recognised: the file fits leads (Id, CreatedDate) while
    # deals recognises far more of it. Guessing leads would store a deals file as leads.
    headers = ["Id", "Owner Alias", "StageName", "Amount", "CloseDate", "CreatedDate", "IsWon"]
    rows = [["006A", "ana", "Closed Won", "10", "2025-02-01", "2025-01-01", "true"]]
    path = write_table(tmp_path / "weak", headers, rows)
    report = workspace.validate(None, path)
    [refusal] = [f for f in report.errors if f.code == "table_not_recognised"]
    assert "deals (6 columns, lacks rep)" in refusal.message
    assert "leads (2 columns, has every required column)" in refusal.message
    with pytest.raises(ValidationFailed):
        workspace.import_file(None, path)
    assert not workspace.has_table("leads") and not workspace.has_table("deals")
    # Two tables fit, neither clearly better (deals 4 columns, leads 3): refused too.
    close = write_table(
        tmp_path / "close",
        ["Id", "OwnerId", "CreatedDate", "StageName"],
        [["1", "a", "2025-01-01", "x"]],
    )
    report = workspace.validate(None, close)
    [refusal] = [f for f in report.errors if f.code == "table_not_recognised"]
    assert "deals (4 columns, has every required column)" in refusal.message
    assert "leads (3 columns, has every required column)" in refusal.message
    # Named, it imports.
    assert workspace.import_file("deals", close).stored


def test_clear_guesses_still_store(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    leads = write_table(
        tmp_path / "leads",
        ["Lead ID", "Created Date", "Lead Owner", "Lead Source"],
        [["L1", "2025-01-01", "ana", "web"]],
    )
    assert workspace.import_file(None, leads).table == "leads"
    sales = write_table(
        tmp_path / "sales",
        ["Order Date", "Product", "Quantity", "Sales Rep", "Customer"],
        [["2025-01-01", "Pro", "2", "ana", "Acme"]],
    )
    assert workspace.import_file(None, sales).table == "sales"


def test_salesforce_tasks_are_activities(workspace: salespulse.Workspace, tmp_path: Path) -> None:
    headers, *rows = table(
        """
        Id|OwnerId|ActivityDate|Type|WhoId|WhatId|Status
        00T1|005A|2025-01-02|Call|00Q1||Completed
        00T2|005A|2025-01-03|Email|00Q1|006A|Completed
        00T3|005B|2025-01-03|Meeting||006B|Not Started
        """
    )
    report = workspace.import_file(None, write_table(tmp_path / "Task", headers, rows))
    assert report.table == "activities" and report.table_guessed
    got = stored(
        workspace, "SELECT activity_id, rep, type, lead_id, deal_id FROM activities ORDER BY 1"
    )
    assert got == [
        ("00T1", "005A", "call", "00Q1", None),
        ("00T2", "005A", "email", "00Q1", "006A"),
        ("00T3", "005B", "meeting", None, "006B"),
    ]


def test_a_deals_table_stored_before_the_new_columns_gains_them(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    first = write_table(
        tmp_path / "old",
        ["deal_id", "rep", "stage", "created_at", "closed_at", "amount"],
        [["D1", "ana", "Won", "2025-01-01", "2025-01-02", "5"]],
    )
    workspace.import_file("deals", first)
    with workspace.connect() as con:  # as a workspace made before deals had them
        for column in ("name", "type", "pipeline"):
            con.execute(f"ALTER TABLE deals DROP COLUMN {column}")
    report = workspace.import_file(None, salesforce_file(tmp_path))
    assert any("columns added to the stored deals: name, type, pipeline" in n for n in report.notes)
    got = stored(
        workspace, "SELECT deal_id, name, type, amount FROM deals WHERE deal_id IN ('D1', '006W1')"
    )
    assert sorted(got) == [
        ("006W1", "Opportunity 006W1", "New Business", 1000.0),
        ("D1", None, None, 5.0),
    ]
