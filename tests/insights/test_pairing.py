"""Peer pairing: the constraints hold, and the assignment is optimal where a greedy
choice is not."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from salespulse.errors import UserError
from salespulse.insights import Evidence, pairs
from salespulse.insights.coaching.pairing import Pairing, Profile, Skill, match, score

from .conftest import AS_OF


def person(rep: str, tenure: float, win_rate: float, edge: float, team: str = "T") -> Profile:
    skill = Skill(win_rate, edge, True, win_rate)
    return Profile(rep, rep, team, tenure, {"win_rate": skill}, gap=0.1 if edge > 0 else -0.3)


# Two mentees weak at win rate, two mentors strong at it, one mentee each:
#   E1 wins 10% (1 year), E2 wins 11% (5 years); M1 wins 45% (10 years), M2 wins 40%
#   (4 years, so M2 may not mentor E2). Both mentors' strengths are significant (× 1.5).
#   score(M1, E1) = 1.5 · ln(0.45 / 0.10) = 2.256
#   score(M1, E2) = 1.5 · ln(0.45 / 0.11) = 2.113
#   score(M2, E1) = 1.5 · ln(0.40 / 0.10) = 2.079
#   score(M2, E2) = 0 (M2's tenure is shorter than E2's)
# Greedy (best score first) takes M1–E1 and leaves E2 without a mentor: total 2.256.
# The optimum is M1–E2 + M2–E1 = 4.192. With two mentees per mentor, M1 takes both:
# 2.256 + 2.113 = 4.369 > 4.192.
PEOPLE = [
    person("E1", 1, 0.10, -1.2),
    person("E2", 5, 0.11, -1.1),
    person("M1", 10, 0.45, 0.3),
    person("M2", 4, 0.40, 0.2),
]


def total(found: list) -> float:  # type: ignore[type-arg]
    return sum(p.score for p in found)


def test_scores_by_hand() -> None:
    e1, e2, m1, m2 = PEOPLE
    assert score(m1, e1) == pytest.approx(1.5 * math.log(4.5))
    assert score(m1, e2) == pytest.approx(1.5 * math.log(0.45 / 0.11))
    assert score(m2, e1) == pytest.approx(1.5 * math.log(4.0))
    assert score(m2, e2) == 0.0  # tenure order
    assert score(e1, e1) == 0.0  # never oneself
    assert score(e2, e1) == 0.0  # a rep below the benchmark is no mentor


def test_optimal_where_greedy_is_not() -> None:
    found, unpaired = match(PEOPLE, max_mentees=1)
    assert {(p.mentor, p.mentee) for p in found} == {("M1", "E2"), ("M2", "E1")}
    assert total(found) == pytest.approx(1.5 * (math.log(0.45 / 0.11) + math.log(4.0)))
    assert unpaired == []


def test_capacity_changes_the_optimum() -> None:
    found, _ = match(PEOPLE, max_mentees=2)
    assert {(p.mentor, p.mentee) for p in found} == {("M1", "E1"), ("M1", "E2")}
    assert total(found) == pytest.approx(1.5 * (math.log(4.5) + math.log(0.45 / 0.11)))


def test_same_team_option() -> None:
    people = [*PEOPLE[:3], person("M2", 4, 0.40, 0.2, team="Other")]
    found, unpaired = match(people, max_mentees=1, same_team=True)
    assert {(p.mentor, p.mentee) for p in found} == {("M1", "E1")}
    assert [u["mentee"] for u in unpaired] == ["E2"]
    assert "same team" in unpaired[0]["reason"]


def test_max_mentees_must_be_positive() -> None:
    with pytest.raises(UserError):
        match(PEOPLE, max_mentees=0)


@pytest.fixture(scope="module", params=[(2, False), (1, True)])
def demo_pairs(request: pytest.FixtureRequest, demo_ev: Evidence) -> Pairing:
    max_mentees, same_team = request.param
    return pairs(demo_ev, max_mentees=max_mentees, same_team=same_team, as_of=AS_OF)


def test_constraints_on_the_demo(demo_pairs: Pairing, demo_ev: Evidence) -> None:
    roster = demo_ev.roster
    assert demo_pairs.pairs
    load = Counter(p.mentor for p in demo_pairs.pairs)
    assert max(load.values()) <= demo_pairs.max_mentees
    mentees = [p.mentee for p in demo_pairs.pairs]
    assert len(mentees) == len(set(mentees))  # one mentor each
    for p in demo_pairs.pairs:
        mentor, mentee = roster[p.mentor], roster[p.mentee]
        assert p.mentor != p.mentee
        assert mentor.hire_date is not None and mentee.hire_date is not None
        assert mentor.hire_date < mentee.hire_date  # longer tenure
        if demo_pairs.same_team:
            assert mentor.team == mentee.team
        assert p.score > 0 and p.reason.endswith("tenure.")
    assert not set(mentees) & {u["mentee"] for u in demo_pairs.unpaired}
