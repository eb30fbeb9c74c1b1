"""Stage words: won and lost by the built-in words after the settings' stage mapping,
`--stage` before both for one import, every other stage open and listed with its count;
the engine reads stage names with the same words."""

from __future__ import annotations

from pathlib import Path

import pytest

import salespulse
from salespulse.errors import UserError
from tests.io.test_cli_import import salespulse as salespulse_cli
from tests.io.test_crm_exports import kpi_value, notes_with, stored
from tests.io.writers import write_table

STAGE_HEADERS = ["deal_id", "rep", "stage", "created_at", "closed_at", "amount"]


def stage_file(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    stages = {"Signed": 1, "Declined": 2, "Churned": 1, "Discovery": 3, "Demo booked": 1}
    rows, n = [], 0
    for stage, count in stages.items():
        for _ in range(count):
            n += 1
            rows.append([f"D{n}", "ana", stage, "2025-01-01", "2025-02-01", "100"])
    return write_table(tmp_path / "stages", STAGE_HEADERS, rows), stages


def test_stage_words_and_the_stages_read_as_open(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path, stages = stage_file(tmp_path)
    report = workspace.import_file("deals", path)
    got = dict(stored(workspace, "SELECT stage, any_value(status) FROM deals GROUP BY 1"))
    assert got == {
        "Signed": "won",
        "Declined": "lost",
        "Churned": "lost",
        "Discovery": "open",
        "Demo booked": "open",  # "booked" is a won word, "Demo booked" is not
    }
    assert notes_with(report, "read as open: Discovery (3), Demo booked (1)")
    # An open deal's close date is its expected close.
    assert stored(
        workspace,
        "SELECT count(*) FROM deals WHERE status = 'open' "
        "AND closed_at IS NULL AND expected_close = DATE '2025-02-01'",
    ) == [(4,)]
    won, lost = stages["Signed"], stages["Declined"] + stages["Churned"]
    assert kpi_value(workspace, "win_rate") == pytest.approx(won / (won + lost))


def test_stage_option_overrides_for_one_import(
    workspace: salespulse.Workspace, tmp_path: Path
) -> None:
    path, _ = stage_file(tmp_path)
    report = workspace.import_file(
        "deals", path, stages={"Discovery": "lost", "declined": "won", "Signed": "open"}
    )
    got = dict(stored(workspace, "SELECT stage, any_value(status) FROM deals GROUP BY 1"))
    assert got == {
        "Signed": "open",
        "Declined": "won",
        "Churned": "lost",
        "Discovery": "lost",
        "Demo booked": "open",
    }
    assert notes_with(report, "read as open: Signed (1), Demo booked (1)")
    with pytest.raises(UserError):
        workspace.import_file("deals", path, stages={"Discovery": "maybe"})


def test_settings_mapping_comes_before_the_built_in_words(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws", lost_stages=("Signed",), won_stages=("Discovery",))
    path, _ = stage_file(tmp_path)
    ws.import_file("deals", path)
    got = dict(stored(ws, "SELECT stage, any_value(status) FROM deals GROUP BY 1"))
    assert got["Signed"] == "lost" and got["Discovery"] == "won" and got["Declined"] == "lost"
    assert ws.settings.status_of_stage("declined") == "lost"
    assert ws.settings.status_of_stage("Closed - Won") == "won"


def test_the_engine_reads_stage_names_with_the_same_words() -> None:
    import ibis

    from salespulse.engine.stage_names import stage_status
    from salespulse.model.settings import Settings
    from salespulse.model.stage_words import status_of_stage

    names = ["Declined", "No Decision", "Purchased", "closed_won", "Discovery", None]
    t = ibis.memtable({"stage": names}, schema={"stage": "string"})
    settings = Settings()
    expected = [None if n is None else status_of_stage(n, settings) for n in names]
    assert expected == ["lost", "lost", "won", "won", "open", None]
    for listed in (names, None):  # names known (plain strings) or keys computed in SQL
        result = t.select(s=stage_status(t.stage, settings, listed)).execute()["s"].tolist()
        assert [None if v is None or v != v else v for v in result] == expected


def test_stage_option_on_the_command_line(tmp_path: Path) -> None:
    path, _ = stage_file(tmp_path)
    args = ["deals", str(path), "--stage", "Discovery=lost", "--stage", "Demo booked=won"]
    result = salespulse_cli(tmp_path / "ws", "import", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    ws = salespulse.open(tmp_path / "ws")
    got = dict(stored(ws, "SELECT status, count(*) FROM deals GROUP BY 1"))
    assert got == {"won": 2, "lost": 6}
    bad = salespulse_cli(tmp_path / "ws", "validate", "deals", str(path), "--stage", "D=maybe")
    assert bad.returncode != 0 and "Traceback" not in bad.stdout + bad.stderr
    assert "open, won or lost" in bad.stdout + bad.stderr
