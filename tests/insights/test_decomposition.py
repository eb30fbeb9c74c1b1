"""The diagnosis on hand-built teams with known answers.

Every team has four peers who each decide 30 deals over January–March 2025 (10 a month)
and win 10 of them (33%) at 8,000 and 12,000 alternately: 100,000 each, so the team
median is 33,333 bookings a month, the pooled win rate 1/3 and the pooled deal size
10,000; the benchmark's deals decided a month is 33,333 ÷ (1/3 × 10,000) = 10.

The subject of each team plants one cause:
- PIPE decides 12 deals (4 a month), wins 3 at 12,000: 12,000 a month, 64% below.
  log(0.36) = log(4/10) + log(0.25/0.3333) + log(12,000/10,000)
            = −0.916 − 0.288 + 0.182: shares 0.896, 0.281, −0.178 (sum 1).
- WIN decides 30, wins 2 at 10,000: 6,667 a month; log(0.2) is all win rate.
- SIZE decides 30, wins 10 at 3,000: 10,000 a month; log(0.3) is all deal size.
- FEW decides 3 and wins none: a win rate of 0 on 3 deals is not evidence of anything.
- NONE is on the roster but decided nothing.
- ZERO decides 30 and wins none: bookings are 0 whatever the rest, so the whole gap is
  win rate (the logarithm of 0 cannot say it; the diagnosis does).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from salespulse.insights import diagnose
from salespulse.insights.coaching.diagnosis_result import Diagnosis

from .builders import AS_OF, deals_for, rep_row, workspace

SUBJECTS = {
    "PIPE": (12, 3, [12000.0]),
    "WIN": (30, 2, [10000.0]),
    "SIZE": (30, 10, [3000.0]),
    "FEW": (3, 0, [10000.0]),
    "NONE": (0, 0, [10000.0]),
    "ZERO": (30, 0, [10000.0]),
}


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Diagnosis]:
    reps, deals = [], []
    for subject, (decided, won, amounts) in SUBJECTS.items():
        team = f"T-{subject}"
        reps.append(rep_row(subject, team))
        deals += deals_for(subject, decided, won, amounts)
        for k in range(4):
            peer = f"{subject}-P{k}"
            reps.append(rep_row(peer, team))
            deals += deals_for(peer, 30, 10, [8000.0, 12000.0])
    ws = workspace(Path(tmp_path_factory.mktemp("hand")) / "ws", {"reps": reps, "deals": deals})
    return {d.rep: d for d in diagnose(ws, as_of=AS_OF) if d.rep in SUBJECTS}


def funnel(d: Diagnosis) -> dict[str, float]:
    return {x.driver: x.share for x in d.drivers if x.role == "funnel" and x.share is not None}


def test_benchmark_is_the_team_median_and_its_implied_pipeline(found: dict[str, Diagnosis]) -> None:
    d = found["PIPE"]
    assert d.window.label == "Jan–Mar 2025"
    assert d.benchmark == pytest.approx(100000 / 3)
    pipe, rate, size = (d.driver(k) for k in ("pipeline", "win_rate", "deal_size"))
    assert pipe and rate and size
    assert pipe.benchmark_value == pytest.approx(10.0)
    assert rate.benchmark_value == pytest.approx(1 / 3)
    assert size.benchmark_value == pytest.approx(10000.0)
    assert d.peers == ("PIPE-P0", "PIPE-P1", "PIPE-P2", "PIPE-P3")


def test_shares_add_up_to_the_whole_gap(found: dict[str, Diagnosis]) -> None:
    for rep in ("PIPE", "WIN", "SIZE"):
        d = found[rep]
        assert d.gap is not None
        effects = [x.effect for x in d.drivers if x.role == "funnel"]
        assert sum(e for e in effects if e is not None) == pytest.approx(math.log(1 + d.gap))
        assert sum(funnel(d).values()) == pytest.approx(1.0)


def test_pipeline_case_worked_by_hand(found: dict[str, Diagnosis]) -> None:
    d = found["PIPE"]
    assert d.gap == pytest.approx(-0.64)
    shares = funnel(d)
    assert shares["pipeline"] == pytest.approx(math.log(0.4) / math.log(0.36))
    assert shares["win_rate"] == pytest.approx(math.log(0.75) / math.log(0.36))
    assert shares["deal_size"] == pytest.approx(math.log(1.2) / math.log(0.36))
    assert d.drivers[0].driver == "pipeline"  # sorted by the size of the share
    assert d.main_cause is not None and d.main_cause.driver == "pipeline"
    assert d.driver("pipeline").significant  # type: ignore[union-attr]
    assert not d.driver("win_rate").significant  # type: ignore[union-attr]  # 3 of 12
    assert d.summary.startswith("Bookings 64% below the team median")
    assert "most of the gap (90%) is pipeline: 4 deals decided a month against 10" in d.summary


@pytest.mark.parametrize(("rep", "cause"), [("WIN", "win_rate"), ("SIZE", "deal_size")])
def test_the_largest_share_is_the_planted_cause(
    found: dict[str, Diagnosis], rep: str, cause: str
) -> None:
    d = found[rep]
    assert d.drivers[0].driver == cause
    assert funnel(d)[cause] == pytest.approx(1.0)
    assert d.main_cause is not None and d.main_cause.driver == cause
    assert d.driver(cause).significant  # type: ignore[union-attr]
    assert "pipeline" not in [x.driver for x in d.causes]


def test_three_decided_deals_are_never_a_win_rate_problem(found: dict[str, Diagnosis]) -> None:
    d = found["FEW"]
    rate = d.driver("win_rate")
    assert rate is not None and rate.rep_value == 0.0
    assert not rate.significant and not rate.enough_data
    assert rate.more_data is not None and "more decided deals" in rate.more_data
    assert "win_rate" not in [x.driver for x in d.causes]
    assert "win rate is" not in d.summary.lower()
    assert "not yet more than noise" in d.summary
    assert d.main_cause is None or d.main_cause.driver != "win_rate"


def test_zeros_are_words_not_nan(found: dict[str, Diagnosis]) -> None:
    for rep in ("FEW", "NONE"):
        d = found[rep]
        json.dumps(d.as_dict(), allow_nan=False)
        assert d.gap == -1.0
    none = found["NONE"]
    assert none.summary.startswith("No deals decided in Jan–Mar 2025")
    assert "cannot be measured yet" in none.summary
    assert none.driver("pipeline").share == 1.0  # type: ignore[union-attr]


def test_top_quartile_benchmark(tmp_path: Path) -> None:
    reps = [rep_row(r, "T") for r in ("S", "A", "B", "C", "D")]
    deals = deals_for("S", 30, 10, [10000.0])
    for i, r in enumerate(("A", "B", "C", "D")):
        deals += deals_for(r, 30, 10, [10000.0 * (i + 1)])  # 100k, 200k, 300k, 400k
    ws = workspace(tmp_path / "ws", {"reps": reps, "deals": deals})
    (med,) = diagnose(ws, rep="S", as_of=AS_OF)
    (top,) = diagnose(ws, rep="S", as_of=AS_OF, benchmark="top-quartile")
    assert med.benchmark == pytest.approx(250000 / 3)
    # 75th percentile of 100k, 200k, 300k, 400k (interpolated) = 325k; only D is at or above.
    assert top.benchmark == pytest.approx(325000 / 3)
    assert "top quartile (1 of 4 reps)" in top.benchmark_label
    assert top.driver("deal_size").benchmark_value == pytest.approx(40000.0)  # type: ignore[union-attr]


def test_no_wins_out_of_thirty_is_the_whole_gap_in_win_rate(found: dict[str, Diagnosis]) -> None:
    d = found["ZERO"]
    json.dumps(d.as_dict(), allow_nan=False)
    assert d.gap == -1.0
    assert d.main_cause is not None and d.main_cause.driver == "win_rate"
    assert d.main_cause.share == 1.0 and d.main_cause.significant
    assert d.summary.startswith("No deals won in Jan–Mar 2025")
    assert "win rate is a cause" in d.summary
