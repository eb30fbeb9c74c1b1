"""Peer-coaching pairs: each mentee's weakest significant driver is a mentor's strength,
and the mentor has been with the company longer.

Every rep's drivers come from a diagnosis over the last six complete months (more data
than the three months of a gap diagnosis, so more differences clear the noise). A
driver's *edge* is log(rep ÷ benchmark), turned round for drivers where lower is better
(cycle; speed to lead is compared on the share answered within an hour), so a positive
edge is a strength. A mentee's weakest driver is their most negative significant edge.

Complementarity of mentor m for mentee e on that driver d: log(value_m ÷ value_e), turned
round where lower is better, when the mentor does better than the mentee and than their
own benchmark (edge_m(d) > 0); times 1.5 when the mentor's strength is itself
significant; 0 otherwise. Mentors are reps whose bookings are at or above their
benchmark (a rep who books less than their peers is not a model, whatever one driver
says). The pairs maximise the total complementarity under the constraints (mentor's
tenure longer; at most `max_mentees` per mentor; optionally the same team), solved
exactly as an assignment problem (Hungarian algorithm, scipy's `linear_sum_assignment`)
over mentor slots plus a "no mentor" option per mentee.

Without deals, the drivers are the sales lines' (customers, orders per customer, lines per
order, line value, product mix: `sales_diagnosis`), the benchmark gap is in revenue, and
without hire dates a rep's tenure counts from their first sale line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse.insights.coaching.diagnosis import diagnose_window
from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.coaching.sales_diagnosis import sales_diagnose_window
from salespulse.insights.core import phrases
from salespulse.insights.core.evidence import Evidence, Readable, evidence
from salespulse.insights.core.sales_figures import first_sales, require_sellers, sells_by_rep
from salespulse.insights.core.windows import Window, resolve
from salespulse.insights.signals.drivers import LABELS, Driver
from salespulse.model.wording import one_in_the_singular

DEFAULT_MONTHS = 6
SIGNIFICANT_BONUS = 1.5


@dataclass(frozen=True)
class Skill:
    """One driver of one rep: its value, the edge over the benchmark, and if significant."""

    value: float | None
    edge: float | None
    significant: bool
    shown: float | None = None  # the value quoted in a reason (e.g. share within an hour)


@dataclass(frozen=True)
class Profile:
    rep: str
    name: str
    team: str | None
    tenure_years: float | None
    skills: dict[str, Skill] = field(default_factory=dict)
    #: Bookings ÷ benchmark − 1 over the window; mentors are at or above their benchmark.
    gap: float | None = None

    @property
    def weakest(self) -> str | None:
        """The driver with the most negative significant edge (None: no weakness)."""
        weak = [
            (s.edge, d)
            for d, s in self.skills.items()
            if s.significant and s.edge is not None and s.edge < 0
        ]
        return min(weak)[1] if weak else None


@dataclass(frozen=True)
class Pair:
    mentor: str
    mentor_name: str
    mentee: str
    mentee_name: str
    driver: str
    score: float
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "mentor": self.mentor,
            "mentor_name": self.mentor_name,
            "mentee": self.mentee,
            "mentee_name": self.mentee_name,
            "driver": self.driver,
            "score": self.score,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Pairing:
    window: Window | None
    max_mentees: int
    same_team: bool
    pairs: list[Pair]
    unpaired: list[dict[str, str]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "window": self.window.as_dict() if self.window else None,
            "max_mentees": self.max_mentees,
            "same_team": self.same_team,
            "pairs": [p.as_dict() for p in self.pairs],
            "unpaired": self.unpaired,
        }


def score(mentor: Profile, mentee: Profile, same_team: bool = False) -> float:
    """How much `mentor` can help `mentee` with the mentee's weakest driver (0: not at all,
    or not allowed)."""
    driver = mentee.weakest
    if driver is None or mentor.rep == mentee.rep:
        return 0.0
    if mentor.tenure_years is None or mentee.tenure_years is None:
        return 0.0
    if mentor.tenure_years <= mentee.tenure_years:
        return 0.0
    if mentor.gap is None or mentor.gap < 0:
        return 0.0
    if same_team and mentor.team != mentee.team:
        return 0.0
    m, e = mentor.skills.get(driver), mentee.skills.get(driver)
    if m is None or e is None or m.edge is None or m.edge <= 0 or not m.shown or not e.shown:
        return 0.0
    advantage = math.log(m.shown / e.shown) if m.shown > 0 and e.shown > 0 else 0.0
    if driver == "cycle":
        advantage = -advantage
    if advantage <= 0:
        return 0.0
    return advantage * (SIGNIFICANT_BONUS if m.significant else 1.0)


def match(
    profiles: list[Profile], max_mentees: int = 2, same_team: bool = False, currency: str = "USD"
) -> tuple[list[Pair], list[dict[str, str]]]:
    """The pairs with the largest total complementarity, and the mentees left unpaired."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if max_mentees < 1:
        from salespulse.errors import UserError

        raise UserError("`max_mentees` must be 1 or more.", option="max_mentees")
    people = sorted(profiles, key=lambda p: p.rep)
    mentees = [p for p in people if p.weakest is not None]
    mentors = [p for p in people if p.tenure_years is not None]
    slots = [m for m in mentors for _ in range(max_mentees)]
    if not mentees:
        return [], []
    cost = np.zeros((len(mentees), len(slots) + len(mentees)))
    for i, e in enumerate(mentees):
        for j, m in enumerate(slots):
            cost[i, j] = -score(m, e, same_team)
    rows, cols = linear_sum_assignment(cost)
    pairs, unpaired = [], []
    for i, j in zip(rows, cols, strict=True):
        e = mentees[i]
        driver = e.weakest
        assert driver is not None
        if j < len(slots) and cost[i, j] < 0:
            m = slots[j]
            pairs.append(
                Pair(
                    m.rep,
                    m.name,
                    e.rep,
                    e.name,
                    driver,
                    -float(cost[i, j]),
                    reason(m, e, driver, currency),
                )
            )
        else:
            why = "no rep at or above the benchmark with longer tenure" + (
                " in the same team" if same_team else ""
            )
            if e.tenure_years is None:
                why = "the tenure is unknown (no hire date)"
            else:
                why += f" is stronger at {LABELS[driver]}, or every such mentor is taken"
            unpaired.append(
                {"mentee": e.rep, "mentee_name": e.name, "driver": driver, "reason": why}
            )
    pairs.sort(key=lambda p: (p.mentor, p.mentee))
    return pairs, unpaired


def _tenure(years: float | None) -> str:
    if years is None:
        return "unknown tenure"
    if years >= 2:
        return f"{years:.0f} years' tenure"
    return f"{years * 12:.0f} months' tenure"


def reason(mentor: Profile, mentee: Profile, driver: str, currency: str = "USD") -> str:
    m, e = mentor.skills[driver].shown, mentee.skills[driver].shown
    a, b = mentee.name, mentor.name

    def fmt(v: float | None) -> str:
        if driver in ("win_rate", "speed_to_lead", "mix"):
            return phrases.pct(v)
        if driver in ("deal_size", "line_value"):
            return phrases.money(v, currency)
        return phrases.number(v, 0 if driver in ("activity", "cycle") else 1)

    what = {
        "win_rate": "{a} wins {e} of decided deals",
        "deal_size": "{a}'s average deal is {e}",
        "pipeline": "{a} gets {e} deals decided a month",
        "activity": "{a} logs {e} activities a month",
        "speed_to_lead": "{a} answers {e} of inbound leads within an hour",
        "cycle": "{a}'s deals take {e} days to win",
        "customers": "{a} sells to {e} customers a month",
        "orders_per_month": "{a} takes {e} orders a month",
        "orders_per_customer": "{a}'s customers order {e} times each",
        "lines_per_order": "{a}'s orders carry {e} lines",
        "line_value": "{a}'s average line is {e}",
        "mix": "{a}'s product mix is worth {e} of the peers' average price",
    }[driver]
    text = one_in_the_singular(what.format(a=a, e=fmt(e))) + f" against {b}'s {fmt(m)}"
    return f"{text}; {b} has {_tenure(mentor.tenure_years)}."


def profile(d: Diagnosis, tenure_years: float | None) -> Profile:
    skills = {x.driver: _skill(x) for x in d.drivers}
    return Profile(d.rep, d.rep_name, d.team, tenure_years, skills, d.gap)


def _skill(x: Driver) -> Skill:
    if x.driver == "speed_to_lead":
        rep, bench = x.extra.get("within_60_min"), x.extra.get("benchmark_within_60_min")
        edge = math.log(rep / bench) if rep and bench else None
        return Skill(x.rep_value, edge, x.significant, rep)
    if x.rep_value is None or not x.benchmark_value or x.rep_value <= 0:
        return Skill(x.rep_value, None, x.significant, x.rep_value)
    edge = math.log(x.rep_value / x.benchmark_value)
    if x.driver == "cycle":
        edge = -edge
    return Skill(x.rep_value, edge, x.significant, x.rep_value)


def _tenure_years(ev: Evidence, rep: str, day: date) -> float | None:
    """Years since hire; without a hire date, years since the rep's first sale line."""
    r = ev.roster[rep]
    if r.hire_date is not None or not ev.has("sales"):
        return r.tenure_years(day)
    first = first_sales(ev).get(rep)
    return (day - first).days / 365.25 if first is not None else None


def pairs(
    target: Readable | Evidence,
    *,
    max_mentees: int = 2,
    same_team: bool = False,
    team: str | None = None,
    period: str | None = None,
    start: Any = None,
    end: Any = None,
    as_of: Any = None,
) -> Pairing:
    """Peer-coaching pairs over the last six complete months (or the given window)."""
    with evidence(target) as ev:
        require_sellers(ev, "Peer coaching")
        day = ev.as_of(as_of)
        window = resolve(ev.settings, day, period, start, end, DEFAULT_MONTHS)
        if ev.has("deals") or not sells_by_rep(ev):
            found = diagnose_window(ev, window, day, team=team)
        else:  # the sales lines' drivers: customers, orders, lines, line value, mix
            found = sales_diagnose_window(ev, window, day, team=team)
        profiles = [profile(d, _tenure_years(ev, d.rep, day)) for d in found]
        matched, unpaired = match(profiles, max_mentees, same_team, ev.currency)
        return Pairing(window, max_mentees, same_team, matched, unpaired)
