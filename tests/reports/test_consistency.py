"""`Workspace.consistency` on hand-built sales (tests/reports/cases.py): the monthly
series, band, verdicts, quota streaks and CV, per member and in bulk, and the refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import salespulse
from salespulse.errors import UserError
from salespulse.reports.consistency import consistency_by, last_months
from tests.insights.builders import workspace
from tests.reports.cases import ANN_2024, CONSISTENCY_AS_OF, consistency_tables, month_end, sale

AS_OF = CONSISTENCY_AS_OF


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return workspace(tmp_path_factory.mktemp("consistency") / "ws", consistency_tables())


def test_one_rep_by_hand(ws: Any) -> None:
    """ann, as of 5 January 2025, last 12 months (Jan-Dec 2024): her months are
    ANN_2024 (band worked out in test_monthly_band.py, 50.33–166.56: 400 in November a
    great month, 16 in December a bad one, the rest in the band from April on).

    CV (the `consistency` KPI): mean 1426 / 12 = 118.8333; sample standard deviation
    √(Σ(y − 118.8333)² / 11) = √(96833.67 / 11) = 93.8246; CV = 0.789548.
    Quota 100 a month: met in Jan-Apr (4), Jun-Jul (2), Sep-Nov (3); missed May (81), Aug
    (64) and Dec (16): 9 of 12, longest run 4, none in a row now."""
    report = ws.consistency(by="rep", value="ann", months=12, as_of=AS_OF)
    (ann,) = report.members
    assert report.measure == "revenue" and report.cv_kpi == "consistency"
    assert (ann.window.start, ann.window.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert [m.value for m in ann.months] == ANN_2024
    assert ann.name == "Ann Lee" and ann.team == "East"
    assert ann.cv == pytest.approx(0.789548, abs=1e-6)
    assert ann.mean == pytest.approx(118.8333, abs=1e-4)
    assert ann.stdev == pytest.approx(93.8246, abs=1e-4)
    assert ann.great_months == [date(2024, 11, 1)] and ann.bad_months == [date(2024, 12, 1)]
    assert [m.band.verdict for m in ann.months[:3]] == [None, None, None]
    assert ann.months[6].band.low == pytest.approx(50.3263, abs=1e-3)
    q = ann.quota
    assert q is not None and q.grain == "month"
    assert (q.met, len(q.periods), q.longest_streak, q.current_streak) == (9, 12, 4, 0)
    summary = ann.summary()
    assert summary["bad_months"] == 1 and summary["great_months"] == 1
    assert summary["last_month"] == "bad month" and summary["quota_periods_met"] == 9


def test_every_rep_at_once_matches_each_alone(ws: Any) -> None:
    """The bulk form (what a scorecard column reads) gives each member the record the
    one-member form gives. bob sold in five months only: no band, but his CV is there
    (the window's months without sales count as 0): seven months of 0 and five of 50,
    mean 250 / 12 = 20.8333, standard deviation √((7 × 20.8333² + 5 × 29.1667²) / 11) =
    25.7464, CV 1.235829."""
    bulk = ws.consistency(by="rep", months=12, as_of=AS_OF)
    assert [m.member for m in bulk.members] == ["ann", "bob"]
    alone = ws.consistency(by="rep", value="ann", months=12, as_of=AS_OF)
    assert bulk.members[0].as_dict() == alone.members[0].as_dict()
    bob = bulk.members[1]
    assert not bob.has_band and bob.history_months == 5
    assert bob.cv == pytest.approx(1.235829, abs=1e-6)
    assert bob.quota is None


def test_team_product_and_whole_business(ws: Any) -> None:
    """East is ann + bob: bob's 50 adds from August. By product: P1 is ann's, P2 bob's.
    The whole business is East."""
    team = ws.consistency(by="team", months=12, as_of=AS_OF).members
    east = [a + (50 if i >= 7 else 0) for i, a in enumerate(ANN_2024)]
    assert [t.member for t in team] == ["East"] and [m.value for m in team[0].months] == east
    assert team[0].cv == pytest.approx(0.724752, abs=1e-6)
    assert team[0].quota is not None and team[0].quota.met == 9
    products = ws.consistency(by="product", months=12, as_of=AS_OF).members
    assert [p.member for p in products] == ["P1", "P2"] and products[0].quota is None
    whole = ws.consistency(months=12, as_of=AS_OF).members
    assert [m.value for m in whole[0].months] == east and whole[0].label == "the whole business"


def test_refusals(ws: Any, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no rep 'zed'") as info:
        ws.consistency(by="rep", value="zed", as_of=AS_OF)
    assert "ann, bob" in info.value.fix
    with pytest.raises(UserError, match="needs at least 9") as info:
        ws.consistency(value="bob", as_of=AS_OF)
    assert "has 5 months of sales" in info.value.message
    with pytest.raises(UserError, match="`months`"):
        ws.consistency(months=1)
    with pytest.raises(UserError, match="`by`"):
        ws.consistency(by="colour")
    with pytest.raises(UserError, match="no sales in"):
        ws.consistency(by="rep", value="ann", months=3, as_of=date(2026, 6, 1))
    empty = salespulse.init(tmp_path / "empty")
    with pytest.raises(UserError, match="no sales yet"):
        empty.consistency()


def test_units_without_prices(tmp_path: Path) -> None:
    """Without prices the series is units, and the CV is `units_consistency`."""
    rows = [dict(sale(date(2024, m, 3), "ann", None), quantity=float(v)) for m, v in
            enumerate([3, 3, 3, 3, 3, 3, 3, 3, 3, 6, 3, 3], 1)]  # fmt: skip
    ws = workspace(tmp_path / "ws", {"sales": rows})
    report = ws.consistency(months=12, as_of=date(2025, 1, 2))
    assert report.measure == "units" and report.cv_kpi == "units_consistency"
    assert "no prices" in report.notes[0]
    # 6 units where 3 are usual is within counting noise (test_monthly_band.py).
    assert report.members[0].months[9].band.verdict == "in the band"


def test_order_of_the_rows_does_not_matter(ws: Any, tmp_path: Path) -> None:
    tables = consistency_tables()
    tables = {name: list(reversed(rows)) for name, rows in tables.items()}
    other = workspace(tmp_path / "reversed", tables)
    a = ws.consistency(by="rep", months=12, as_of=AS_OF).as_dict()
    assert other.consistency(by="rep", months=12, as_of=AS_OF).as_dict() == a


def test_few_queries_whatever_the_members(ws: Any) -> None:
    """The bulk form runs a fixed handful of KPI queries, not one per member."""
    seen: list[str] = []
    with ws.engine() as engine:
        real = engine.result

        def counted(query: Any) -> Any:
            seen.append(query.kpi.name)
            return real(query)

        engine.result = counted  # type: ignore[method-assign]
        consistency_by(engine, "rep", last_months(AS_OF, 12, engine), AS_OF)
    assert sorted(seen) == ["consistency", "quota_attainment", "revenue", "revenue"]


def test_quarterly_unit_quotas_per_team(tmp_path: Path) -> None:
    """Only units quotas, per team and quarter: 4 units a quarter for East. ann sells one
    unit a month, bob one a month from August, so East sells 3 units in Q1 and in Q2, 5
    in Q3 (ann 3, bob 2) and 6 in Q4 (3 + 3): attainment 0.75, 0.75, 1.25, 1.5 — met in
    Q3 and Q4, 2 in a row. Per rep the team quotas give no streak, and a note says why."""
    tables = consistency_tables()
    tables["quotas"] = [
        {"team": "East", "period": f"2024-Q{q}", "period_start": date(2024, 3 * q - 2, 1),
         "period_end": month_end(date(2024, 3 * q, 1)), "metric": "units", "target": 4}
        for q in range(1, 5)
    ]  # fmt: skip
    ws = workspace(tmp_path / "ws", tables)
    (east,) = ws.consistency(by="team", months=12, as_of=AS_OF).members
    q = east.quota
    assert q is not None and (q.metric, q.grain) == ("units", "quarter")
    assert [p.attainment for p in q.periods] == [0.75, 0.75, 1.25, 1.5]
    assert (q.met, q.current_streak) == (2, 2)
    reps = ws.consistency(by="rep", months=12, as_of=AS_OF)
    assert all(m.quota is None for m in reps.members)
    assert any("per team" in n for n in reps.notes)
