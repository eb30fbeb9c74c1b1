"""Every planted story of the demo organisation (seed 7, as of 2025-06-15) is found by
the right command with the right driver or flag (docs/demo-data.md)."""

from __future__ import annotations

import pytest

from salespulse.insights import Evidence, diagnose, flags, pairs, stretch, wins
from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.coaching.flags import FlagReport
from salespulse.insights.coaching.wins import WinReport

from .conftest import AS_OF, REP


@pytest.fixture(scope="module")
def diagnoses(demo_ev: Evidence) -> dict[str, Diagnosis]:
    return {d.rep: d for d in diagnose(demo_ev, as_of=AS_OF)}


@pytest.fixture(scope="module")
def report(demo_ev: Evidence) -> FlagReport:
    return flags(demo_ev, as_of=AS_OF)


@pytest.fixture(scope="module")
def month_wins(demo_ev: Evidence) -> WinReport:
    return wins(demo_ev, period="month", as_of=AS_OF)


def kinds(report: FlagReport, rep: str) -> dict[str, str]:
    return {f.flag: f.kind for f in report.for_rep(rep)}


def test_diagnosis_window_is_the_last_three_complete_months(
    diagnoses: dict[str, Diagnosis],
) -> None:
    d = diagnoses[REP["activity_drop"]]
    assert (d.window.start.isoformat(), d.window.end.isoformat()) == ("2025-03-01", "2025-05-31")
    assert len(diagnoses) == 24


def test_activity_drop(diagnoses: dict[str, Diagnosis], report: FlagReport) -> None:
    d = diagnoses[REP["activity_drop"]]
    assert d.gap is not None and d.gap < -0.5
    assert d.main_cause is not None and d.main_cause.driver == "pipeline"
    act = d.driver("activity")
    assert act is not None and act.significant and act.better is False
    assert act.extra["change"] < -0.4 and act.extra["change_significant"]
    assert act.extra["lead_work_rate"] < 0.8 and act.extra["lead_work_rate_significant"]
    for calm in ("win_rate", "deal_size"):
        assert not d.driver(calm).significant  # type: ignore[union-attr]
    assert "Activity is down" in d.summary and "Win rate is in line" in d.summary
    # Three won deals in three months: too few to say anything about deal size.
    assert "Deal size: not enough data yet (only 3 won deals" in d.summary
    assert kinds(report, REP["activity_drop"]).get("falling") == "struggling"
    falling = next(f for f in report.for_rep(REP["activity_drop"]) if f.flag == "falling")
    assert {m["measure"] for m in falling.data["moves"]} >= {"activities", "deals_won"}


def test_poor_win_rate(diagnoses: dict[str, Diagnosis], report: FlagReport) -> None:
    d = diagnoses[REP["poor_win_rate"]]
    rate = d.driver("win_rate")
    assert rate is not None and rate.significant and rate.rep_value < 0.2  # type: ignore[operator]
    assert "excludes" in rate.test
    assert d.main_cause is not None and d.main_cause.driver == "win_rate"
    assert d.drivers[0].driver == "win_rate"
    below = next(f for f in report.for_rep(REP["poor_win_rate"]) if f.flag == "below_peers")
    assert below.kind == "struggling" and below.data["cause"]["driver"] == "win_rate"


def test_small_deals(diagnoses: dict[str, Diagnosis]) -> None:
    d = diagnoses[REP["small_deals"]]
    size = d.driver("deal_size")
    assert size is not None and size.significant and size.better is False
    assert size.ratio is not None and size.ratio < 0.5
    assert d.drivers[0].driver == "deal_size"  # the largest share of the gap
    assert not d.driver("win_rate").significant  # type: ignore[union-attr]
    assert "deal size explains all of it" in d.summary


def test_slow_inbound(diagnoses: dict[str, Diagnosis]) -> None:
    d = diagnoses[REP["slow_inbound"]]
    speed = d.driver("speed_to_lead")
    assert speed is not None and speed.significant and speed.better is False
    assert speed.rep_value is not None and speed.rep_value > 120
    assert speed.benchmark_value is not None and speed.benchmark_value < 30
    assert "Slow to answer inbound leads" in d.summary
    others = [r for r, x in diagnoses.items() if r != d.rep and "Slow to answer" in x.summary]
    assert len(others) <= 3  # the story stands out; a few ordinary reps may be a bit slow


def test_steady_top(report: FlagReport, month_wins: WinReport, demo_ev: Evidence) -> None:
    rep = REP["steady_top"]
    assert kinds(report, rep).get("consistent") == "thriving"
    streak = next(w for w in month_wins.for_rep(rep) if w.kind == "streak")
    assert streak.value is not None and streak.value >= 12
    assert any(w.kind == "quota" for w in month_wins.for_rep(rep))
    goals = {s.rep: s for s in stretch(demo_ev, as_of=AS_OF)}
    assert rep in goals
    assert [t.level for t in goals[rep].tiers] == [1.2, 1.5]
    assert goals[rep].months_at_quota == goals[rep].quota_months == 6
    assert "needs" in goals[rep].reasoning
    assert REP["poor_win_rate"] not in goals and REP["activity_drop"] not in goals


def test_spiky(report: FlagReport) -> None:
    rep = REP["spiky"]
    volatile = next(f for f in report.for_rep(rep) if f.flag == "volatile")
    assert volatile.kind == "watch" and volatile.significant
    assert volatile.data["swing"] > 1.0 and volatile.data["alternation_p"] < 0.05
    assert [f.rep for f in report.flags if f.flag == "volatile"] == [rep]
    assert "consistent" not in kinds(report, rep)


def test_fast_ramp(report: FlagReport, month_wins: WinReport) -> None:
    rep = REP["fast_ramp"]
    assert kinds(report, rep).get("ramping_fast") == "thriving"
    ramp = next(w for w in month_wins.for_rep(rep) if w.kind == "ramp")
    assert "full productivity from month 3" in ramp.text
    assert [w.rep for w in month_wins.wins if w.kind == "ramp"] == [rep]
    assert "below_peers" not in kinds(report, rep)


def test_pairs_give_the_poor_win_rate_rep_a_win_rate_mentor(demo_ev: Evidence) -> None:
    result = pairs(demo_ev, as_of=AS_OF)
    pair = next(p for p in result.pairs if p.mentee == REP["poor_win_rate"])
    assert pair.driver == "win_rate"
    assert "wins" in pair.reason and "tenure" in pair.reason
    slow = next(p for p in result.pairs if p.mentee == REP["slow_inbound"])
    assert slow.driver == "speed_to_lead"
