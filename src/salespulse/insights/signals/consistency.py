"""Steady or spiky? Over the last twelve complete months:

- **swing**: the median change in quota attainment from one month to the next (in
  points of quota). A rep is *volatile* when their swing is at least 0.75 (75 points)
  and at least 2.5 times their ramped teammates' median swing. The evidence adds the
  coefficient of variation of monthly revenue (the `consistency` KPI) and a permutation
  test of whether big and small months alternate more regularly than chance.
- **months at quota**: a rep is *consistent* when they met quota in at least 80% of their
  monthly quotas (of six or more) and the Wilson interval of that share lies above the
  team's share of rep-months at quota.

Only reps ramped before the twelve months start are judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from salespulse.insights.core.evidence import Evidence, Rep
from salespulse.insights.core.history import alternation_p, monthly, swing
from salespulse.insights.core.windows import Window, trailing_months
from salespulse.stats import median, wilson

MONTHS = 12
MIN_MONTHS = 6
VOLATILE_SWING = 0.75
VOLATILE_TIMES = 2.5
CONSISTENT_SHARE = 0.8


@dataclass(frozen=True)
class Steadiness:
    rep: str
    window: Window
    attainments: list[float]
    swing: float | None
    team_swing: float | None
    months_at_quota: int
    team_share_at_quota: float | None
    cv: float | None
    team_cv: float | None
    alternation_p: float | None

    @property
    def months(self) -> int:
        return len(self.attainments)

    @property
    def volatile(self) -> bool:
        if self.swing is None or self.months < MIN_MONTHS:
            return False
        team = self.team_swing or 0.0
        return self.swing >= VOLATILE_SWING and self.swing >= VOLATILE_TIMES * team

    @property
    def consistent(self) -> bool:
        if self.months < MIN_MONTHS or self.team_share_at_quota is None:
            return False
        share = self.months_at_quota / self.months
        ci = wilson(self.months_at_quota, self.months)
        return share >= CONSISTENT_SHARE and ci is not None and ci[0] > self.team_share_at_quota

    def as_dict(self) -> dict[str, Any]:
        return {
            "window": self.window.as_dict(),
            "attainments": self.attainments,
            "swing": self.swing,
            "team_swing": self.team_swing,
            "months_at_quota": self.months_at_quota,
            "months": self.months,
            "team_share_at_quota": self.team_share_at_quota,
            "cv": self.cv,
            "team_cv": self.team_cv,
            "alternation_p": self.alternation_p,
        }


def steadiness(ev: Evidence, reps: list[Rep], as_of: date) -> dict[str, Steadiness]:
    window = trailing_months(as_of, MONTHS)
    eligible = [r for r in reps if r.ramped_by(window.start)]
    months = monthly(ev, window.start, window.end, as_of)
    att = {
        r.rep: [a for m in months.get(r.rep, []) if (a := m.attainment) is not None]
        for r in eligible
    }
    cv = _cv(ev, window, as_of)
    out = {}
    for r in eligible:
        values = att[r.rep]
        if len(values) < MIN_MONTHS:
            continue
        mates = [m.rep for m in eligible if m.team == r.team and m.rep != r.rep]
        swings = [s for m in mates if (s := swing(att[m])) is not None]
        met = sum(a >= 1 for m in mates for a in att[m])
        total = sum(len(att[m]) for m in mates)
        team_cvs = [cv[m] for m in mates if m in cv]
        out[r.rep] = Steadiness(
            rep=r.rep,
            window=window,
            attainments=values,
            swing=swing(values),
            team_swing=median(swings),
            months_at_quota=sum(a >= 1 for a in values),
            team_share_at_quota=met / total if total else None,
            cv=cv.get(r.rep),
            team_cv=median(team_cvs),
            alternation_p=alternation_p(values),
        )
    return out


def _cv(ev: Evidence, window: Window, as_of: date) -> dict[str, float]:
    if not ev.has("sales"):
        return {}
    rows = ev.by_rep("consistency", window.start, window.end, as_of=as_of)
    return {rep: float(r["value"]) for rep, r in rows.items() if r["value"] is not None}
