"""A team goal split across its reps and rolled back up (tests/reports/goal_case.py):
the children add up to the parent exactly; the team's achieved is a ratio of sums,
whatever the order of its children."""

from __future__ import annotations

import random
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salespulse.errors import UserError
from salespulse.model.periods import Window
from salespulse.model.settings import Settings
from salespulse.reports.goal_progress import GoalProgress
from salespulse.reports.goal_spec import GoalSpec
from salespulse.reports.goal_split import rollup
from tests.insights.builders import workspace
from tests.reports.goal_case import AS_OF, tables


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return workspace(tmp_path_factory.mktemp("split") / "ws", tables())


def test_split_by_quota(ws: Any) -> None:
    """East's 10,000 of June bookings by the June bookings quotas, ann 6,000 and bob
    3,000: shares 2/3 and 1/3 — 666,666.67 and 333,333.33 cents, floors 666,666 +
    333,333 = 999,999; the cent left goes to ann's larger fraction (.67): 6,666.67 and
    3,333.33."""
    spec = ws.goal_spec("East", "bookings", 10000, "2025-06")
    assert spec.owner_kind == "team"
    assert ws.split_targets(spec, "quota") == {"ann": 6666.67, "bob": 3333.33}


def test_split_equal(ws: Any) -> None:
    """Everyone's 10,000 over ann, bob and cid: 3,333.33 each and the cent left to the
    first (ties go to the earlier rep): 3,333.34 + 3,333.33 + 3,333.33 = 10,000."""
    spec = ws.goal_spec("all", "bookings", 10000, "2025-06")
    assert ws.split_targets(spec, "equal") == {"ann": 3333.34, "bob": 3333.33, "cid": 3333.33}
    east = ws.goal_spec("East", "bookings", 10000, "2025-06")
    assert ws.split_targets(east, "equal") == {"ann": 5000, "bob": 5000}


def test_split_manual(ws: Any) -> None:
    spec = ws.goal_spec("East", "bookings", 10000, "2025-06")
    assert ws.split_targets(spec, "manual", {"ann": 7000, "bob": 3000}) == {
        "ann": 7000, "bob": 3000,
    }  # fmt: skip
    with pytest.raises(
        UserError, match=re.escape("9,999.00, not the team's 10,000.00: 1.00 short")
    ):
        ws.split_targets(spec, "manual", {"ann": 7000, "bob": 2999})
    with pytest.raises(UserError, match="cid is not in East") as caught:
        ws.split_targets(spec, "manual", {"ann": 7000, "cid": 3000})
    assert caught.value.fix == "Use the team's reps: ann, bob."


def test_a_rate_is_not_divided(ws: Any) -> None:
    spec = ws.goal_spec("East", "win_rate", 0.5, "2025-06")
    assert ws.split_targets(spec, "equal") == {"ann": 0.5, "bob": 0.5}


def test_refusals(ws: Any) -> None:
    with pytest.raises(UserError, match="not on win_rate"):
        ws.split_targets(ws.goal_spec("East", "win_rate", 0.5, "2025-06"), "quota")
    with pytest.raises(UserError, match="No rep of East has a bookings quota in May 2025"):
        ws.split_targets(ws.goal_spec("East", "bookings", 1, "2025-05"), "quota")
    with pytest.raises(UserError, match="only a team's goal is split"):
        ws.split_targets(ws.goal_spec("ann", "bookings", 1, "2025-06"), "equal")
    with pytest.raises(UserError, match="quota, equal or manual"):
        ws.split_targets(ws.goal_spec("East", "bookings", 1, "2025-06"), "evenly")


def test_rollup_of_the_split(ws: Any) -> None:
    """ann 3,500 of 6,666.67 and bob 0 of 3,333.33: the team 3,500 of 10,000 = 35% —
    not the mean of 52.5% and 0% (26.25%)."""
    parent = ws.goal_spec("East", "bookings", 10000, "2025-06")
    children = [parent.for_owner(rep, "rep", t) for rep, t in
                ws.split_targets(parent, "quota").items()]  # fmt: skip
    team = ws.rollup(children, as_of=AS_OF)
    assert (team.actual, team.target) == (3500, 10000)
    assert team.achieved == pytest.approx(0.35)
    assert [c.spec.owner for c in team.children] == ["ann", "bob"]
    assert team.as_dict()["children"][0]["actual"] == 3500
    with pytest.raises(UserError, match="is a rate"):
        ws.rollup([ws.goal_spec("ann", "win_rate", 0.5, "2025-06")], as_of=AS_OF)


WINDOW = Window.from_label("2025-06", Settings())


def child(i: int, actual: float, target: float) -> GoalProgress:
    spec = GoalSpec(f"r{i}", "rep", "bookings", target, "2025-06")
    return GoalProgress(spec, WINDOW, date(2025, 6, 11), actual, target * 0.4, actual * 2.5,
                        "on track", 11 / 30, "sum", "money", "", "")  # fmt: skip


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(st.floats(0, 1e7, allow_nan=False), st.floats(1, 1e7, allow_nan=False)),
        min_size=1,
        max_size=12,
    ),
    st.randoms(),
)
def test_the_team_achieved_is_a_ratio_of_sums(pairs: list[Any], rnd: random.Random) -> None:
    """achieved = Σ actual ÷ Σ target of the children (never the mean of their achieved:
    test_rollup_of_the_split has a case where the two differ), and the same whatever
    their order."""
    children = [child(i, a, t) for i, (a, t) in enumerate(pairs)]
    team = rollup(children)
    ratio = sum(Decimal(a) for a, _ in pairs) / sum(Decimal(t) for _, t in pairs)
    assert team.achieved == pytest.approx(float(ratio), rel=1e-12)
    shuffled = children[:]
    rnd.shuffle(shuffled)
    again = rollup(shuffled)
    assert (again.actual, again.target, again.achieved, again.status) == (
        team.actual, team.target, team.achieved, team.status,
    )  # fmt: skip


def test_goal_numbers_for_goals_show(ws: Any) -> None:
    """One call for everything `goals show` prints: the team's progress, its weeks and
    its children rolled up (the same numbers as the separate calls)."""
    parent = ws.goal_spec("East", "bookings", 10000, "2025-06")
    children = [parent.for_owner(r, "rep", t) for r, t in
                ws.split_targets(parent, "quota").items()]  # fmt: skip
    got = ws.goal_numbers(parent, children, as_of=AS_OF)
    alone = ws.goal_progress(parent, as_of=AS_OF)
    assert (got["actual"], got["status"], got["owner"]) == (alone.actual, alone.status, "East")
    assert len(got["milestones"]) == 6
    assert sum(Decimal(str(m["target"])) for m in got["milestones"]) == 10000
    assert got["children"]["achieved"] == pytest.approx(0.35)
    assert [c["owner"] for c in got["children"]["children"]] == ["ann", "bob"]
    assert ws.goal_numbers(children[0], as_of=AS_OF)["children"] is None
