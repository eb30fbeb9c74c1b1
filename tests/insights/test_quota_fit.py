"""Insights leave quota attainment out only where the quotas do not fit the question (per
team, longer than the period, on several metrics, on a table not imported); a bad date
is still the error it is."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from salespulse.errors import QuotaDoesNotFit, UserError
from salespulse.insights import Evidence
from salespulse.insights.core.funnel import collect
from salespulse.insights.core.history import quotas_by_month
from salespulse.insights.core.windows import Window
from salespulse.insights.signals.leaderboards import attainment
from salespulse.insights.signals.pace import paces
from tests.insights.builders import AS_OF, WINDOW_START, deals_for, rep_row, workspace

Q1 = Window(WINDOW_START, AS_OF, "Q1 2025")
MONTHS = [(date(2025, 1, 1), date(2025, 1, 31)), (date(2025, 2, 1), date(2025, 2, 28))]
MONTHS.append((date(2025, 3, 1), date(2025, 3, 31)))


def quota(rep: str | None, team: str | None, start: date, end: date, **kw: Any) -> dict[str, Any]:
    return {"rep": rep, "team": team, "period_start": start, "period_end": end, **kw}


def monthly(rep: str, target: float, metric: str = "bookings") -> list[dict[str, Any]]:
    return [quota(rep, None, s, e, metric=metric, target=target) for s, e in MONTHS]


ANN = deals_for("ann", 6, 3, [1000.0])
BOB = deals_for("bob", 4, 2, [2000.0], first=100)


def won_in(deals: list[dict[str, Any]], start: date, end: date) -> float:
    """Bookings worked out from the rows: won deals closed within start..end."""
    return sum(
        d["amount"] for d in deals if d["status"] == "won" and start <= d["closed_at"].date() <= end
    )


def evidence(
    tmp_path: Path, quotas: list[dict[str, Any]], more: list[dict[str, Any]] | None = None
) -> Evidence:
    tables = {
        "reps": [rep_row("ann", "East"), rep_row("bob", "East")],
        "deals": ANN + BOB + (more or []),
        "quotas": quotas,
    }
    return Evidence(workspace(tmp_path / "ws", tables))


def test_monthly_rep_quotas_give_each_reps_attainment(tmp_path: Path) -> None:
    ev = evidence(tmp_path, monthly("ann", 1500.0) + monthly("bob", 1000.0))
    try:
        ann, bob = won_in(ANN, WINDOW_START, AS_OF), won_in(BOB, WINDOW_START, AS_OF)
        assert ann > 0 and bob > 0
        assert attainment(ev, Q1, AS_OF) == {"ann": (ann, 4500.0), "bob": (bob, 3000.0)}
        by_month = quotas_by_month(ev, WINDOW_START, AS_OF, AS_OF)
        assert by_month == {
            (rep, s): (target, won_in(deals, s, e))
            for rep, deals, target in (("ann", ANN, 1500.0), ("bob", BOB, 1000.0))
            for s, e in MONTHS
        }
        figures = collect(ev, Q1, ev.roster.values(), AS_OF)
        assert (figures["bob"].target, figures["bob"].actual) == (3000.0, bob)
    finally:
        ev.close()


def test_quarterly_quotas_do_not_fit_months(tmp_path: Path) -> None:
    quotas = [quota("ann", None, WINDOW_START, AS_OF, metric="bookings", target=6000.0)]
    ev = evidence(tmp_path, quotas)
    try:
        with pytest.raises(QuotaDoesNotFit, match="longer than a month"):
            ev.kpi("quota_attainment", period="month", start=WINDOW_START, end=AS_OF)
        assert quotas_by_month(ev, WINDOW_START, AS_OF, AS_OF) == {}
        fits = {"ann": (won_in(ANN, WINDOW_START, AS_OF), 6000.0)}
        assert attainment(ev, Q1, AS_OF) == fits  # the quarter fits a quarter
    finally:
        ev.close()


def test_team_quotas_and_several_metrics_leave_rep_attainment_out(tmp_path: Path) -> None:
    team = [quota(None, "East", s, e, metric="bookings", target=5000.0) for s, e in MONTHS]
    several = monthly("ann", 2.0, "deals_won") + monthly("bob", 10.0, "activities")
    for name, quotas in (("team", team), ("several", several)):
        ev = evidence(tmp_path / name, quotas)
        try:
            with pytest.raises(QuotaDoesNotFit):
                ev.kpi("quota_attainment", by=("rep",), start=WINDOW_START, end=AS_OF)
            assert attainment(ev, Q1, AS_OF) == {}
            assert quotas_by_month(ev, WINDOW_START, AS_OF, AS_OF) == {}
            assert collect(ev, Q1, ev.roster.values(), AS_OF)["ann"].target is None
        finally:
            ev.close()


def test_quotas_on_a_table_not_imported_leave_attainment_out(tmp_path: Path) -> None:
    ev = evidence(tmp_path, monthly("ann", 10.0, "activities"))
    try:
        assert attainment(ev, Q1, AS_OF) == {}
        assert quotas_by_month(ev, WINDOW_START, AS_OF, AS_OF) == {}
    finally:
        ev.close()


def test_a_bad_date_is_an_error_not_an_empty_answer(tmp_path: Path) -> None:
    ev = evidence(tmp_path, monthly("ann", 1500.0))
    try:
        with pytest.raises(UserError, match="is not a date"):
            quotas_by_month(ev, WINDOW_START, AS_OF, "31/03/2025")  # type: ignore[arg-type]
        with pytest.raises(UserError, match="after"):
            attainment(ev, Window(AS_OF, WINDOW_START, "backwards"), AS_OF)
        with pytest.raises(UserError, match="is not a date"):
            collect(ev, Q1, ev.roster.values(), "March 31st")  # type: ignore[arg-type]
    finally:
        ev.close()


def test_pace_has_coverage_by_month_and_none_by_week(tmp_path: Path) -> None:
    open_deal = {
        "deal_id": "ann-open",
        "rep": "ann",
        "created_at": datetime(2025, 3, 1, 9),
        "status": "open",
        "amount": 800.0,
        "expected_close": date(2025, 3, 14),
    }
    week = quota("ann", None, date(2025, 3, 10), date(2025, 3, 16), metric="bookings")
    quotas = [*monthly("ann", 1500.0), {**week, "target": 400.0}]
    ev = evidence(tmp_path, quotas, [open_deal])
    try:
        assert paces(ev, date(2025, 3, 12), "month")["ann"].coverage is not None
        # Pipeline coverage is never computed per week: the weekly pace goes without it.
        weekly = paces(ev, date(2025, 3, 12), "week")["ann"]
        assert weekly.target == 400.0 and weekly.coverage is None
    finally:
        ev.close()


def test_a_missing_column_is_an_error_not_an_empty_answer(tmp_path: Path) -> None:
    """Quotas without their `target` column (a table written by hand, not imported) are
    not "quotas that do not fit": every insight that adds attainment says what is wrong
    instead of leaving it out."""
    ws = workspace(
        tmp_path / "ws",
        {"reps": [rep_row("ann", "East")], "deals": ANN, "quotas": monthly("ann", 1500.0)},
    )
    with ws.connect() as con:
        con.execute("ALTER TABLE quotas DROP COLUMN target")
    ev = Evidence(ws)
    try:
        missing = "'quotas' table in .* has no 'target' column"
        with pytest.raises(UserError, match=missing):
            attainment(ev, Q1, AS_OF)
        with pytest.raises(UserError, match=missing):
            quotas_by_month(ev, WINDOW_START, AS_OF, AS_OF)
        with pytest.raises(UserError, match=missing):
            collect(ev, Q1, ev.roster.values(), AS_OF)
        with pytest.raises(UserError, match=missing):
            paces(ev, date(2025, 3, 12), "month")
    finally:
        ev.close()


def test_a_failing_coverage_query_is_an_error_not_a_pace_without_coverage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pace leaves coverage out where the quotas do not fit (by week, above), and
    only there: any other error of the coverage query reaches the caller. (Every column
    pipeline_coverage reads is read before it by the pace's other queries, so the error
    is injected into that one query.)"""
    ev = evidence(tmp_path, monthly("ann", 1500.0))
    kpi = ev.kpi

    def failing(name: str, **params: Any) -> Any:
        if name == "pipeline_coverage":
            raise UserError("The 'deals' table in PostgreSQL has no 'rep' column.")
        return kpi(name, **params)

    monkeypatch.setattr(ev, "kpi", failing)
    try:
        with pytest.raises(UserError, match="has no 'rep' column"):
            paces(ev, date(2025, 3, 12), "month")
    finally:
        ev.close()
