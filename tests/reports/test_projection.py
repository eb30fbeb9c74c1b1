"""`Workspace.projection` on hand-built sales (tests/reports/cases.py), the refusals, and
a backtest on a synthetic series where the seasonal projection must beat the run rate."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import salespulse
from salespulse.errors import UserError
from salespulse.model.periods import Window
from salespulse.reports.projection_backtest import backtest
from tests.insights.builders import workspace
from tests.reports.cases import PROJECTION_AS_OF, month_end_push, projection_tables

AS_OF = PROJECTION_AS_OF


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return workspace(tmp_path_factory.mktemp("projection") / "ws", projection_tables())


def test_one_rep_by_hand(ws: Any) -> None:
    """ann as of Friday 13 June 2025: June has 21 selling days, 10 gone, 45 in.

    - run rate 45 × 21 / 10 = 94.5;
    - in each of the 12 months before, by the same point (its 10th or 11th selling day,
      always between the 5th and the 25th) 30 was in of 100: usual share 0.3; the usual
      month (last six) 100;
    - projected = 45 + 0.7 × (45 + 0.7 × 100) = 45 + 0.7 × 115 = 125.5;
    - each past month projected without itself: 30 + 0.7 × (30 + 70) = 100, whole 100:
      every error is 1, so the 80% interval is 125.5 to 125.5 and the quota of 120 is
      reached under every one of them (chance 1);
    - reaching 120 needs (120 − 45) / 11 = 6.818 a selling day; the pace so far is 4.5."""
    report = ws.projection(by="rep", value="ann", as_of=AS_OF)
    (ann,) = report.members
    assert (report.period.start, report.period.end) == (date(2025, 6, 1), date(2025, 6, 30))
    assert (ann.selling_days, ann.days_gone, ann.days_left) == (21, 10, 11)
    x = ann.landing
    assert x.actual == 45 and x.run_rate == pytest.approx(94.5)
    assert x.share == pytest.approx(0.3) and ann.past_periods == 12
    assert x.projected == pytest.approx(125.5)
    assert x.low == pytest.approx(125.5) and x.high == pytest.approx(125.5)
    assert ann.target == 120 and ann.chance == 1.0
    assert ann.needed_per_day == pytest.approx(75 / 11) and ann.pace_per_day == 4.5
    assert ann.name == "Ann Lee"


def test_every_rep_team_and_business(ws: Any) -> None:
    """bob sells twice what ann does: every figure doubles (projected 251) and his quota
    of 300 is beyond every past error (chance 0). The team (East) and the whole business
    are ann + bob: 135 in, projected 376.5 against 420."""
    reps = ws.projection(by="rep", as_of=AS_OF)
    assert [m.member for m in reps.members] == ["bob", "ann"]  # biggest projection first
    bob = reps.members[0]
    assert bob.projected == pytest.approx(251) and bob.chance == 0.0
    alone = ws.projection(by="rep", value="ann", as_of=AS_OF).members[0]
    assert reps.members[1].as_dict() == alone.as_dict()
    for by in ("team", None):
        (total,) = ws.projection(by=by, as_of=AS_OF).members
        assert total.actual == 135 and total.projected == pytest.approx(376.5)
        assert total.target == 420 and total.run_rate == pytest.approx(283.5)


def test_a_period_that_is_over(ws: Any) -> None:
    report = ws.projection(value="ann", as_of=date(2025, 5, 31))
    x = report.members[0].landing
    assert x.over and x.projected == x.actual == 100 and report.members[0].chance is None


def test_refusals(ws: Any, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no rep 'zed'"):
        ws.projection(value="zed", as_of=AS_OF)
    with pytest.raises(UserError, match="needs 3"):
        ws.projection(value="ann", as_of=date(2024, 8, 14))  # only June and July before
    with pytest.raises(UserError, match="projection period"):
        ws.projection(period="week")
    with pytest.raises(UserError, match="`by`"):
        ws.projection(by="product")
    with pytest.raises(UserError, match="no sales yet"):
        salespulse.init(tmp_path / "empty").projection()


def test_seasonal_beats_the_run_rate_on_a_month_end_push(tmp_path: Path) -> None:
    """Each month brings 20% of its revenue by the 15th and 80% after. As of the 15th the
    run rate doubles the 20% (≈ 40% of the month: off by about 55%); the seasonal
    projection knows a fifth is usually in by then and lands near the month."""
    ws = workspace(tmp_path / "ws", {"sales": month_end_push()})
    months = [Window.period(date(2025, m, 1), "month", ws.settings) for m in range(1, 13)]
    with ws.engine() as engine:
        result = backtest(engine, None, months, day=15)
    assert len(result.cases) == 12
    seasonal, naive = result.mape("seasonal"), result.mape("run_rate")
    assert seasonal is not None and naive is not None
    assert naive > 0.4 and seasonal < 0.15 and result.beats_run_rate
