"""A scorecard with nothing to score says why instead of printing nothing: the Olist
marketing leads alone name no rep, so no KPI can be scored by rep."""

from __future__ import annotations

from pathlib import Path

import pytest

import salespulse
from salespulse.cli import cli
from salespulse.cli.errors import run_safely


@pytest.fixture(scope="module")
def leads_only(tmp_path_factory: pytest.TempPathFactory, realdata: Path) -> Path:
    path = tmp_path_factory.mktemp("leads-only") / "ws"
    leads = realdata / "olist_marketing_funnel" / "olist_marketing_qualified_leads_dataset.csv"
    salespulse.open(path).import_file("leads", leads)
    return path


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_nothing_to_score_is_told(
    capsys: pytest.CaptureFixture[str], leads_only: Path, fmt: str
) -> None:
    capsys.readouterr()
    code = run_safely(cli, ["--workspace", str(leads_only), "scorecard", "--format", fmt])
    out, err = capsys.readouterr()
    assert code == 0
    told = out if fmt == "table" else err
    assert "Nothing to score in May 2018" in " ".join(told.split())
    assert "Import deals" in told and "sales (revenue" in told
    if fmt == "csv":
        assert out.splitlines() == [
            "rep,name,team,kpi,value,previous,change,team_median,gap,n,small_sample"
        ]
    if fmt == "json":
        assert out.strip() == "[]"
