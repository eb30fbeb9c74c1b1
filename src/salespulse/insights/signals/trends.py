"""Is a rep falling (or rising) against their own trailing average?

The last three complete months are compared with the six before, per month, on three
measures: orders, customers who bought (each month's distinct customers), activities and
deals won (counts: a conditional binomial rate test) and revenue (money: Welch's t-test
on the monthly totals). A measure moves when it changed
by at least 20% (25% up), the change is larger than noise (p < 0.05), and it is at
least 15 points worse (better) than the change of the rep's ramped teammates over the
same months — so a seasonal dip that hits everyone flags no one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from salespulse.insights.core import noise
from salespulse.insights.core.evidence import Evidence, Rep
from salespulse.insights.core.history import monthly
from salespulse.insights.core.windows import Window, trailing_months

RECENT_MONTHS = 3
BEFORE_MONTHS = 6
FALL = 0.80
RISE = 1.25
BEYOND_TEAM = 0.15
MEASURES = ("revenue", "orders", "active_customers", "activities", "deals_won")


@dataclass(frozen=True)
class Move:
    """One measure of one rep: recent and earlier monthly rates, the team's change."""

    rep: str
    measure: str
    recent: float
    before: float
    team_change: float | None
    p_value: float | None
    recent_window: Window
    before_window: Window

    @property
    def change(self) -> float | None:
        return self.recent / self.before - 1 if self.before > 0 else None

    @property
    def direction(self) -> str | None:
        """ "falling", "rising" or None."""
        ch, team = self.change, self.team_change if self.team_change is not None else 0.0
        if ch is None or self.p_value is None or self.p_value >= noise.ALPHA:
            return None
        if 1 + ch <= FALL and ch <= team - BEYOND_TEAM:
            return "falling"
        if 1 + ch >= RISE and ch >= team + BEYOND_TEAM:
            return "rising"
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "recent_per_month": self.recent,
            "before_per_month": self.before,
            "change": self.change,
            "team_change": self.team_change,
            "p_value": self.p_value,
            "recent_window": self.recent_window.as_dict(),
            "before_window": self.before_window.as_dict(),
        }


def windows(as_of: date) -> tuple[Window, Window]:
    recent = trailing_months(as_of, RECENT_MONTHS)
    return recent, recent.previous(BEFORE_MONTHS // RECENT_MONTHS)


def moves(ev: Evidence, reps: list[Rep], as_of: date) -> dict[str, list[Move]]:
    """Per rep employed over both windows, the move of each measure."""
    recent, before = windows(as_of)
    eligible = [r for r in reps if r.ramped_by(before.start)]
    series = _series(ev, recent, before, as_of)
    out: dict[str, list[Move]] = {}
    for r in eligible:
        mates = [m.rep for m in eligible if m.team == r.team and m.rep != r.rep]
        for measure, by_rep in series.items():
            values = by_rep.get(r.rep)
            if values is None:
                continue
            now, earlier = values
            rate_now, rate_before = sum(now) / len(now), sum(earlier) / len(earlier)
            team_now = sum(sum(by_rep[m][0]) for m in mates if m in by_rep)
            team_before = sum(sum(by_rep[m][1]) for m in mates if m in by_rep)
            team_change = (
                team_now / team_before * len(earlier) / len(now) - 1 if team_before > 0 else None
            )
            if measure == "revenue":
                p = _t_test(now, earlier)
            else:
                p = noise.rate_change(
                    int(sum(now)), len(now), int(sum(earlier)), len(earlier)
                ).p_value
            out.setdefault(r.rep, []).append(
                Move(r.rep, measure, rate_now, rate_before, team_change, p, recent, before)
            )
    return out


def _series(
    ev: Evidence, recent: Window, before: Window, as_of: date
) -> dict[str, dict[str, tuple[list[float], list[float]]]]:
    """measure → rep → (monthly values in the recent window, in the earlier one)."""
    out: dict[str, dict[str, tuple[list[float], list[float]]]] = {}
    months = monthly(ev, before.start, recent.end, as_of)
    if ev.has("sales"):
        out["revenue"] = {
            rep: _split([(m.start, m.revenue) for m in ms], recent, before)
            for rep, ms in months.items()
        }
    counted = (
        ("orders", "sales"),
        ("active_customers", "sales"),
        ("activities", "activities"),
        ("deals_won", "deals"),
    )
    for measure, table in counted:
        if not ev.has(table):
            continue
        df = ev.kpi(
            measure, by=("rep",), period="month", start=before.start, end=recent.end, as_of=as_of
        )
        rows: dict[str, list[tuple[date, float]]] = {}
        for rep, period, value in zip(df["rep"], df["period"], df["value"], strict=True):
            rows.setdefault(str(rep), []).append((period, float(value or 0)))
        out[measure] = {rep: _split(v, recent, before) for rep, v in rows.items()}
    return out


def _split(
    values: list[tuple[date, float]], recent: Window, before: Window
) -> tuple[list[float], list[float]]:
    """Monthly values in each window, months without a row counting as 0."""
    found = dict(values)

    def months(w: Window) -> list[float]:
        out, day = [], w.start
        while day <= w.end:
            out.append(found.get(day, 0.0))
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return out

    return months(recent), months(before)


def _t_test(now: list[float], earlier: list[float]) -> float | None:
    from salespulse import significance

    if len(now) < 2 or len(earlier) < 2:
        return None
    p = significance.welch_t_test_p(now, earlier)
    return p if p == p else None
