"""How fast do new hires ramp? Each hire's revenue by month of tenure (the hire month is
month 1) as a share of a full quota: the median monthly quota of the team's ramped reps
that month (new hires' own quotas are usually reduced while they ramp).

A hire is at full productivity from the first month that starts two months in a row at
90% of a full quota or more. A hire ramps *fast* when, over their first n months (n ≥ 3,
as many as observed), they brought at least 1.5 times the median share the other hires
in the data brought over their own first n months — or, with no one to compare with,
when they reached full productivity within three months.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

from salespulse.insights.core.evidence import Evidence, Rep
from salespulse.insights.core.history import Month, monthly
from salespulse.insights.core.windows import trailing_months
from salespulse.stats import median

FULL = 0.9
FAST_TIMES = 1.5
MIN_MONTHS = 3
#: Hires up to this many months ago are "new".
NEW_HIRE_MONTHS = 12
_EPOCH = date(1900, 1, 1)


@dataclass(frozen=True)
class Ramp:
    rep: str
    hire_date: date
    shares: list[tuple[int, date, float]]  # (tenure month, month start, revenue ÷ full quota)
    first_full: int | None
    comparators: dict[str, float]  # other hire → mean share over their first n months

    @property
    def months(self) -> int:
        return len(self.shares)

    @property
    def mean_share(self) -> float:
        return sum(s for _, _, s in self.shares) / len(self.shares) if self.shares else 0.0

    @property
    def typical(self) -> float | None:
        return median(list(self.comparators.values()))

    @property
    def fast(self) -> bool:
        if self.months < MIN_MONTHS:
            return False
        if self.typical is None:
            return self.first_full is not None and self.first_full <= MIN_MONTHS
        return self.first_full is not None and self.mean_share >= FAST_TIMES * self.typical

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "hire_date": self.hire_date.isoformat(),
            "by_tenure_month": [
                {"tenure_month": t, "month": m.isoformat(), "share_of_full_quota": s}
                for t, m, s in self.shares
            ],
            "first_full_month": self.first_full,
            "mean_share": self.mean_share,
            "comparators": self.comparators,
            "typical": self.typical,
            "fast": self.fast,
        }


def _full_quotas(
    reps: list[Rep], months: dict[str, list[Month]]
) -> dict[tuple[str | None, date], float]:
    """(team, month) → the median monthly quota of the team's ramped reps that month."""
    targets: dict[tuple[str | None, date], list[float]] = {}
    for r in reps:
        for m in months.get(r.rep, []):
            if m.target and r.ramped_by(m.start):
                targets.setdefault((r.team, m.start), []).append(m.target)
    return {k: v for k, v in ((k, median(v)) for k, v in targets.items()) if v is not None}


def _shares(
    r: Rep, months: list[Month], full: dict[tuple[str | None, date], float], last: date
) -> list[tuple[int, date, float]]:
    assert r.hire_date is not None
    hire_month = r.hire_date.replace(day=1)
    out = []
    for m in months:
        quota = full.get((r.team, m.start))
        if m.start < hire_month or m.start > last or not quota:
            continue
        tenure = r.tenure_months(m.start)
        assert tenure is not None
        out.append((tenure, m.start, m.revenue / quota))
    return out


def _first_full(shares: list[tuple[int, date, float]]) -> int | None:
    for (t, _, a), (_, _, b) in itertools.pairwise(shares):
        if a >= FULL and b >= FULL:
            return t
    return None


def ramps(ev: Evidence, as_of: date) -> dict[str, Ramp]:
    """The ramp of every hire within the last NEW_HIRE_MONTHS whose hire the data covers."""
    last = trailing_months(as_of, 1).start
    reps = list(ev.roster.values())
    months = monthly(ev, _EPOCH, trailing_months(as_of, 1).end, as_of)
    if not months:
        return {}
    first_month = min(m.start for ms in months.values() for m in ms)
    full = _full_quotas(reps, months)
    hires = [r for r in reps if r.hire_date is not None and r.hire_date >= first_month]
    shares = {r.rep: _shares(r, months.get(r.rep, []), full, last) for r in hires}
    out = {}
    for r in hires:
        tenure = r.tenure_months(as_of)
        own = shares[r.rep]
        if tenure is None or tenure > NEW_HIRE_MONTHS + 1 or not own:
            continue
        n = len(own)
        comparators = {
            o.rep: sum(s for _, _, s in shares[o.rep][:n]) / n
            for o in hires
            if o.rep != r.rep and len(shares[o.rep]) >= n
        }
        assert r.hire_date is not None
        out[r.rep] = Ramp(r.rep, r.hire_date, own, _first_full(own), comparators)
    return out


def ramp_sentence(ev: Evidence, r: Ramp) -> str:
    """ "At full productivity from month 3 (…); the first 5 months brought …"."""
    from salespulse.insights.core import phrases

    name = ev.roster[r.rep].name if r.rep in ev.roster else r.rep
    parts = [name]
    if r.first_full is not None:
        a, b = (s for t, _, s in r.shares if t in (r.first_full, r.first_full + 1))
        parts.append(
            f"at full productivity from month {r.first_full} of tenure ({phrases.pct(a)} and "
            f"{phrases.pct(b)} of a full quota in months {r.first_full} and {r.first_full + 1})"
        )
    text = (
        " ".join(parts)
        + f"; the first {r.months} months brought {phrases.pct(r.mean_share)} of a full quota "
        "a month"
    )
    if r.typical is not None:
        n = len(r.comparators)
        text += (
            f", against a median of {phrases.pct(r.typical)} for {n} other hire"
            f"{'s' * (n != 1)} over their first {r.months} months"
        )
    return text + "."
