"""`--mode upsert`: weekly deal snapshots update deals by key and build the stage history."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

import salespulse
from salespulse.errors import UserError, ValidationFailed

HEADER = "deal_id,rep,stage,amount,created_at,closed_at\n"
#: Three weekly exports of the same CRM: (as-of date, {deal: (stage, amount, closed_at)})
WEEKS: list[tuple[date, dict[str, tuple[str, int, str]]]] = [
    (
        date(2025, 1, 6),
        {"D1": ("Prospect", 100, ""), "D2": ("Prospect", 200, ""), "D3": ("Qualify", 300, "")},
    ),
    (
        date(2025, 1, 13),
        {
            "D1": ("Qualify", 100, ""),
            "D2": ("Prospect", 250, ""),
            "D3": ("Qualify", 300, ""),
            "D4": ("Prospect", 400, ""),
        },
    ),
    (
        date(2025, 1, 20),
        {
            "D1": ("Closed Won", 120, "2025-01-17"),
            "D2": ("Closed Lost", 250, "2025-01-16"),
            "D3": ("Proposal", 300, ""),
            "D4": ("Prospect", 400, ""),
        },
    ),
]


def write_week(folder: Path, n: int) -> Path:
    path = folder / f"deals-week{n + 1}.csv"
    rows = [
        f"{deal},ann,{stage},{amount},2025-01-02,{closed}\n"
        for deal, (stage, amount, closed) in WEEKS[n][1].items()
    ]
    path.write_text(HEADER + "".join(rows))
    return path


def history_of_snapshots(weeks: int) -> set[tuple[str, str, datetime]]:
    """The stage entries the snapshots imply: a deal enters its stage at the as-of date of
    the first snapshot showing it there."""
    last: dict[str, str] = {}
    entries = set()
    for as_of, deals in WEEKS[:weeks]:
        for deal, (stage, _, _) in deals.items():
            if last.get(deal) != stage:
                entries.add((deal, stage, datetime(as_of.year, as_of.month, as_of.day)))
                last[deal] = stage
    return entries


def stored(ws: salespulse.Workspace, sql: str) -> list[tuple[object, ...]]:
    with ws.connect(read_only=True) as con:
        return con.execute(sql).fetchall()


def upsert_weeks(ws: salespulse.Workspace, folder: Path, weeks: int) -> None:
    for n in range(weeks):
        ws.import_file("deals", write_week(folder, n), mode="upsert", as_of=WEEKS[n][0])


def test_three_weekly_snapshots_build_the_stage_history(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    upsert_weeks(ws, tmp_path, 3)
    history = set(stored(ws, "SELECT deal_id, stage, entered_at FROM deal_stages"))
    assert history == history_of_snapshots(3)
    assert len(history) == 8
    # deals holds each deal once, as the last snapshot shows it
    deals = stored(ws, "SELECT deal_id, stage, status, amount FROM deals ORDER BY deal_id")
    assert deals == [
        ("D1", "Closed Won", "won", 120.0),
        ("D2", "Closed Lost", "lost", 250.0),
        ("D3", "Proposal", "open", 300.0),
        ("D4", "Prospect", "open", 400.0),
    ]
    # Prospect: D1 moved on (to Qualify), D2 was lost, D4 is still there -> 1 of 3.
    # Qualify: D1 won, D3 moved to Proposal -> 2 of 2. Proposal: D3 still there -> 0 of 1.
    kpi = ws.kpi("stage_conversion", by=["stage"]).set_index("stage")
    assert kpi.loc["Prospect", "numerator"] == 1 and kpi.loc["Prospect", "denominator"] == 3
    assert kpi.loc["Qualify", "numerator"] == 2 and kpi.loc["Qualify", "denominator"] == 2
    assert kpi.loc["Proposal", "numerator"] == 0 and kpi.loc["Proposal", "denominator"] == 1
    assert kpi.loc["Prospect", "value"] == pytest.approx(1 / 3)


def test_upserting_a_snapshot_again_changes_nothing(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    upsert_weeks(ws, tmp_path, 2)
    before = stored(ws, "SELECT deal_id, stage, amount FROM deals ORDER BY ALL")
    report = ws.import_file("deals", write_week(tmp_path, 1), mode="upsert", as_of="2025-01-14")
    assert "upsert: 4 rows updated by key, 0 added" in report.notes
    assert stored(ws, "SELECT deal_id, stage, amount FROM deals ORDER BY ALL") == before
    assert stored(ws, "SELECT count(*) FROM deal_stages") == [(len(history_of_snapshots(2)),)]


def test_undo_of_an_upsert_puts_the_week_before_back(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    upsert_weeks(ws, tmp_path, 2)
    week2 = stored(ws, "SELECT deal_id, stage, amount, _import_id FROM deals ORDER BY ALL")
    ws.import_file("deals", write_week(tmp_path, 2), mode="upsert", as_of=WEEKS[2][0])
    with pytest.raises(UserError, match=r"later imports into deals \(3\)"):
        ws.undo_import(2)  # week 3 was upserted on top of it
    done = ws.undo_import(3)
    assert done.removed == {"deals": 4, "deal_stages": 3}
    assert done.restored == {"deals": 4}
    assert stored(ws, "SELECT deal_id, stage, amount, _import_id FROM deals ORDER BY ALL") == week2
    history = set(stored(ws, "SELECT deal_id, stage, entered_at FROM deal_stages"))
    assert history == history_of_snapshots(2)
    # and then week 2, which leaves week 1
    ws.undo_import(2)
    assert stored(ws, "SELECT count(*), sum(amount) FROM deals") == [(3, 600.0)]
    assert set(stored(ws, "SELECT deal_id, stage, entered_at FROM deal_stages")) == (
        history_of_snapshots(1)
    )


def test_upsert_needs_a_keyed_table(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    path = tmp_path / "sales.csv"
    path.write_text("date,product,quantity\n2025-01-01,x,5\n")
    with pytest.raises(ValidationFailed) as refused:
        ws.import_file("sales", path, mode="upsert")
    assert [f.code for f in refused.value.report.errors] == ["upsert_needs_key"]
    assert not ws.has_table("sales")


def test_upsert_of_quotas_matches_keys_with_empty_parts(tmp_path: Path) -> None:
    """The quota key (rep, team, period, metric) has an empty rep or team: upsert still
    finds the stored row."""
    ws = salespulse.open(tmp_path / "ws")
    first = tmp_path / "q1.csv"
    first.write_text("rep,team,period,target\nann,,2025-01,1000\n,East,2025-01,5000\n")
    ws.import_file("quotas", first)
    revised = tmp_path / "q2.csv"
    revised.write_text("rep,team,period,target\n,East,2025-01,6000\nbob,,2025-01,800\n")
    report = ws.import_file("quotas", revised, mode="upsert")
    assert "upsert: 1 rows updated by key, 1 added" in report.notes
    rows = stored(ws, "SELECT rep, team, target FROM quotas ORDER BY ALL")
    assert rows == [("ann", None, 1000.0), ("bob", None, 800.0), (None, "East", 6000.0)]
    ws.undo_import(2)
    rows = stored(ws, "SELECT rep, team, target FROM quotas ORDER BY ALL")
    assert rows == [("ann", None, 1000.0), (None, "East", 5000.0)]
