"""Goal progress: the actual is `salespulse kpi`'s number for the same owner, KPI,
filters and period (on the demo workspace, for several KPIs and owners); expected,
projection and status on the hand case (tests/reports/goal_case.py); the statuses'
thresholds; the refusals."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

import salespulse
from salespulse.demo_workspace import write_demo
from salespulse.errors import UserError
from salespulse.reports.goal_spec import GoalSpec
from salespulse.reports.goal_status import status_of
from tests.insights.builders import workspace
from tests.reports.goal_case import AS_OF, tables


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    ws = salespulse.init(tmp_path_factory.mktemp("goal-demo") / "ws")
    write_demo(ws, seed=7, as_of=date(2025, 6, 15))
    return ws


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return workspace(tmp_path_factory.mktemp("goals") / "ws", tables())


CASES = [
    ("R0001", "revenue", "2025-06", {}),
    ("R0001", "units", "2025-Q2", {}),
    ("R0002", "win_rate", "2025-05", {}),
    ("R0003", "deals_won", "2025", {}),
    ("R0004", "bookings", "2025-W23", {}),
    ("Atlas", "revenue", "2025-06", {}),
    ("Beacon", "avg_deal_size", "2025-Q1", {}),
    ("all", "activities", "2025-05", {}),
    ("R0001", "units", "2025-05", {"category": "Seats"}),
    ("Atlas", "orders", "2025-04", {}),
]


@pytest.mark.parametrize(("owner", "kpi", "period", "where"), CASES)
def test_the_actual_is_the_kpi_engine_number(
    demo: Any, owner: str, kpi: str, period: str, where: dict[str, str]
) -> None:
    """goal actual == ws.kpi(NAME, where={rep|team: OWNER, ...}, start, end) — with no
    as-of date (as `salespulse kpi --from --to`), and as of the day half-way through
    the period (the KPI to that day, read as of it). A sum with nothing in is 0, where
    the KPI has no row; a rate with nothing to divide is None."""
    spec = demo.goal_spec(owner, kpi, 1.0 if kpi != "win_rate" else 0.3, period, where)
    w = spec.window(demo.settings)
    owner_filter = {} if owner == "all" else {spec.owner_kind: owner}

    def kpi_value(**kw: Any) -> float | None:
        rows = demo.kpi(kpi, where={**owner_filter, **where}, start=w.start, **kw)
        value = float(rows["value"].iloc[0]) if len(rows) else float("nan")
        if value == value:
            return value
        return 0.0 if spec.pace == "sum" else None

    got = demo.goal_progress(spec)
    assert got.actual == pytest.approx(kpi_value(end=w.end), rel=1e-12)
    day = min(w.start + timedelta(days=w.days // 2), date(2025, 6, 13))
    assert demo.goal_progress(spec, as_of=day).actual == pytest.approx(
        kpi_value(end=day, as_of=day), rel=1e-12
    )


def test_a_team_owner_is_its_reps(demo: Any) -> None:
    """A team's actual is its reps' KPI together (the team filter reads the reps table)."""
    spec = demo.goal_spec("Atlas", "revenue", 1e6, "2025-05")
    reps = demo.kpi("revenue", by="rep", where={"team": "Atlas"}, start="2025-05-01",
                    end="2025-05-31")  # fmt: skip
    assert demo.goal_progress(spec).actual == pytest.approx(reps["value"].sum())


def test_progress_by_hand(ws: Any) -> None:
    """ann, bookings 12,000 for June 2025, as of Wednesday 11 June: won 1,500 + 2,000 =
    3,500 (achieved 3,500 ÷ 12,000); 11 of June's 30 days gone.

    Expected: 8 of June's 21 selling days are gone (2–6, 9–11). In each past month the
    same point is its k-th selling day, k = ⌊8/21 × N + ½⌋: 8 for N = 20, 21, 22 and 9
    for N = 23 — after the 7th selling day's 2,000 and before the 13th's 3,000, so 3,000
    of each 10,000 was in: usual share 36,000 ÷ 120,000 = 0.3, expected 12,000 × 0.3 =
    3,600. Projection: bookings has no seasonal forecast, so the run rate 3,500 ÷ 11/30
    = 9,545.45. Below 90% of 12,000 (10,800): at risk."""
    got = ws.goal_progress(ws.goal_spec("ann", "bookings", 12000, "2025-06"), as_of=AS_OF)
    assert got.actual == 3500 and got.achieved == pytest.approx(3500 / 12000)
    assert got.elapsed == pytest.approx(11 / 30)
    assert got.expected == pytest.approx(3600)
    assert got.projection == pytest.approx(3500 * 30 / 11)
    assert got.status == "at risk"
    assert got.expected_basis.startswith("seasonal: by this point 30%")
    assert got.as_dict()["status"] == "at risk" and got.as_dict()["start"] == "2025-06-01"


def test_without_history_the_pace_is_linear(ws: Any) -> None:
    """bob has bookings in one past month (< 3): expected = 5,000 × 11/30 = 1,833.33;
    nothing won in June yet, projection 0: at risk."""
    got = ws.goal_progress(ws.goal_spec("bob", "bookings", 5000, "2025-06"), as_of=AS_OF)
    assert got.actual == 0 and got.expected == pytest.approx(5000 * 11 / 30)
    assert got.expected_basis.startswith("linear") and got.status == "at risk"


def test_a_ratio_goal(ws: Any) -> None:
    """ann's June win rate: 2 won of 3 decided = 0.667 against 0.6; a rate does not
    accumulate, so expected = 0.6 and the projection is the rate itself; 0.667 ÷ 0.6 =
    1.11 > 1.05: ahead."""
    got = ws.goal_progress(ws.goal_spec("ann", "win_rate", 0.6, "2025-06"), as_of=AS_OF)
    assert got.actual == pytest.approx(2 / 3)
    assert got.expected == 0.6 and got.projection == pytest.approx(2 / 3)
    assert got.status == "ahead" and got.achieved == pytest.approx(2 / 3 / 0.6)


def test_over_and_upcoming(ws: Any) -> None:
    """May is over by 11 June: ann won 10,000 — met against 10,000, missed against
    10,000.01. July has not begun: upcoming."""
    met = ws.goal_progress(ws.goal_spec("ann", "bookings", 10000, "2025-05"), as_of=AS_OF)
    assert (met.actual, met.status, met.projection) == (10000, "met", 10000)
    missed = ws.goal_progress(ws.goal_spec("ann", "bookings", 10000.01, "2025-05"), as_of=AS_OF)
    assert missed.status == "missed"
    july = ws.goal_progress(ws.goal_spec("ann", "bookings", 1, "2025-07"), as_of=AS_OF)
    assert july.status == "upcoming" and july.elapsed == 0


@pytest.mark.parametrize(
    ("pace", "direction", "actual", "expected", "projection", "over", "status"),
    [
        ("sum", "higher", 100.0, 50.0, 200.0, False, "met"),  # reached early
        ("sum", "higher", 50.0, 50.0, 89.0, False, "at risk"),  # projection < 90
        ("sum", "higher", 47.0, 50.0, 95.0, False, "behind"),  # 47 < 95% of 50
        ("sum", "higher", 48.0, 50.0, 95.0, False, "on track"),
        ("sum", "higher", 53.0, 50.0, 95.0, False, "ahead"),  # 53 > 105% of 50
        ("sum", "higher", 99.0, 100.0, 99.0, True, "missed"),
        ("sum", "lower", 101.0, 50.0, 101.0, False, "missed"),  # a cap already passed
        ("sum", "lower", 40.0, 50.0, 80.0, False, "ahead"),
        ("ratio", "higher", 0.26, 0.3, 0.26, False, "at risk"),  # 0.26 < 0.9 × 0.3
        ("ratio", "higher", 0.3, 0.3, 0.3, False, "on track"),
        ("ratio", "lower", 10.0, 12.0, 10.0, False, "ahead"),  # 12 ÷ 10 = 1.2
        ("ratio", "higher", None, 0.3, None, False, "no data"),
    ],
)
def test_status_thresholds(
    pace: Any, direction: Any, actual: Any, expected: Any, projection: Any, over: bool,
    status: str,
) -> None:  # fmt: skip
    """Target 100 for sums, the expected/target shown for ratios (goal_status)."""
    target = 100.0 if pace == "sum" else expected
    got = status_of(pace, direction, actual, target, expected, projection, True, over)
    assert got == status


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"kpi": "nope"}, "no KPI called 'nope'"),
        ({"owner_kind": "boss"}, "rep, team or all"),
        ({"kpi": "pipeline_open"}, "snapshot"),
        ({"kpi": "win_rate", "target": 30}, "Write 30% as 0.3"),
        ({"target": -1}, "0 or more"),
        ({"where": (("rep", "bob"),)}, "the owner sets it"),
        ({"where": (("stage", "x"),)}, "cannot be narrowed by 'stage'"),
    ],
)
def test_a_bad_goal_is_refused(kwargs: dict[str, Any], words: str) -> None:
    base: dict[str, Any] = {"owner": "ann", "owner_kind": "rep", "kpi": "bookings",
                            "target": 1.0, "period": "2025-06"}  # fmt: skip
    with pytest.raises(UserError) as caught:
        GoalSpec(**{**base, **kwargs})
    assert words in str(caught.value)


def test_a_bad_period_or_owner_is_refused(ws: Any) -> None:
    with pytest.raises(UserError, match="2025-13"):
        ws.goal_spec("ann", "bookings", 1, "2025-13")
    with pytest.raises(UserError, match="no rep or team 'zed'") as caught:
        ws.goal_spec("zed", "bookings", 1, "2025-06")
    assert "ann" in caught.value.fix and "East" in caught.value.fix


def test_sales_line_drivers_are_the_registry_rates(demo: Any) -> None:
    """A revenue goal's drivers on the demo: orders = the week's target ÷ the rep's
    average order value over Dec 2024–May 2025, customers = orders ÷ (Σ weekly orders
    ÷ Σ weekly active customers) over the same months — each the KPI engine's number."""
    spec = demo.goal_spec("R0001", "revenue", 70000, "2025-06")
    week = demo.milestones(spec, as_of="2025-06-13")[2]
    rates = {"start": "2024-12-01", "end": "2025-05-31", "where": {"rep": "R0001"}}
    aov = float(demo.kpi("avg_order_value", **rates)["value"].iloc[0])
    orders = demo.kpi("orders", period="week", **rates)["value"].sum()
    customers = demo.kpi("active_customers", period="week", **rates)["value"].sum()
    assert week.basis == "R0001's own rates over Dec 2024–May 2025"
    (o, c) = week.drivers
    assert (o.name, c.name) == ("orders", "customers to reach")
    assert o.value == pytest.approx(week.target / aov)
    assert c.value == pytest.approx(week.target / aov / (orders / customers))
