"""`Workspace.kpi`, `explain` and `scorecard` check their period, dates, backend and
output before anything is opened or computed: a bad value is a `UserError` that names it
and the values allowed, never a bare `ValueError`."""

from __future__ import annotations

from typing import Any

import pytest

import salespulse
from salespulse.errors import QuotaDoesNotFit, UserError
from salespulse.model.calendar import GRAINS
from tests.golden import data


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    workspace = salespulse.init(tmp_path_factory.mktemp("boundary") / "ws")
    with workspace.connect() as con:
        data.load_duckdb(con)
    return workspace


def refused(call: Any, *names: str) -> UserError:
    """The `UserError` `call` raises; its text names each of `names`."""
    with pytest.raises(UserError) as info:
        call()
    for name in names:
        assert name in str(info.value), (name, str(info.value))
    return info.value


@pytest.mark.parametrize("method", ["kpi", "explain"])
def test_kpi_and_explain_refuse_bad_arguments(ws: Any, method: str) -> None:
    run = getattr(ws, method)
    refused(lambda: run("win_rate", period="fortnight"), "'fortnight'", *GRAINS)
    refused(lambda: run("win_rate", period=None), "None", "month")
    refused(lambda: run("win_rate", start="31/01/2025"), "'31/01/2025'", "YYYY-MM-DD")
    refused(lambda: run("win_rate", as_of="yesterday"), "'yesterday'", "YYYY-MM-DD")
    refused(lambda: run("win_rate", backend="spark"), "'spark'", "duckdb", "pyspark")
    # A bad period is refused before a Spark session would be started for it.
    refused(lambda: run("win_rate", period="fortnight", backend="pyspark"), "'fortnight'")


def test_kpi_refuses_an_unknown_output(ws: Any) -> None:
    refused(lambda: ws.kpi("win_rate", output="excel"), "'excel'", "pandas", "arrow", "polars")


def test_good_arguments_still_work(ws: Any) -> None:
    df = ws.kpi("win_rate", by="rep", period="month", start="2025-01-01", end="2025-03-31")
    assert set(df["period"].astype(str).str[:7]) <= {"2025-01", "2025-02", "2025-03"}
    assert "select" in ws.explain("win_rate", by="rep", period="month").lower()
    assert ws.kpi("win_rate", output="arrow").num_rows == 1


def test_scorecard_refuses_bad_arguments(ws: Any) -> None:
    allowed = ("week", "month", "quarter", "year")
    refused(lambda: ws.scorecard(period="fortnight"), "'fortnight'", *allowed)
    refused(lambda: ws.scorecard(period="day"), "'day'", *allowed)
    refused(lambda: ws.scorecard(period="all"), "compares periods")
    refused(lambda: ws.scorecard(as_of="31/03/2025"), "'31/03/2025'", "YYYY-MM-DD")
    refused(lambda: ws.scorecard(backend="sparkk"), "'sparkk'", "duckdb", "pyspark")
    refused(lambda: ws.scorecard(period="fortnight", backend="pyspark"), "'fortnight'")
    assert ws.scorecard(period="month", as_of="2025-04-15").window.grain == "month"


def test_quotas_that_do_not_fit_raise_their_own_error(ws: Any) -> None:
    # The golden quotas: revenue per rep and month, bookings per rep and quarter, units
    # per team and quarter.
    kpi = "quota_attainment"
    assert len(ws.kpi(kpi, by="rep", period="month")) > 0  # revenue: fits
    with pytest.raises(QuotaDoesNotFit, match="longer than a month"):
        ws.kpi(kpi, by="rep", period="month", where={"metric": "bookings"})
    assert len(ws.kpi(kpi, by="rep", period="quarter", where={"metric": "bookings"})) > 0
    with pytest.raises(QuotaDoesNotFit, match="per team"):
        ws.kpi(kpi, by="rep", where={"metric": "units"})
    # Asking for what a quota KPI never offers is the caller's error, not a misfit.
    for bad in ({"period": "day"}, {"where": {"metric": "margin"}}):
        error = refused(lambda bad=bad: ws.kpi(kpi, by="rep", **bad))
        assert not isinstance(error, QuotaDoesNotFit), error
