"""Where the month is heading, as of the digest's day: for each rep and each manager's
reps together, the month-to-date revenue, its seasonal projection with the 80% range,
the quota and the chance of reaching it — `salespulse forecast` (`reports.projection`).
A workspace without sale lines gets the quota pace of `coach flags` (`signals.pace`):
attainment so far and where that pace lands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from salespulse.insights.core import phrases
from salespulse.insights.core.evidence import Evidence
from salespulse.insights.core.windows import Window
from salespulse.insights.digest.numbers import member_key
from salespulse.insights.signals.pace import paces
from salespulse.reports.projection import projection_by


@dataclass(frozen=True)
class PacingLine:
    member: str  # a rep id, or a manager's key
    measure: str  # revenue, units, or quota (attainment of the quota's metric)
    period: Window
    actual: float
    projected: float | None
    low: float | None
    high: float | None
    target: float | None
    chance: float | None
    days_gone: int
    selling_days: int

    @property
    def over(self) -> bool:
        return self.days_gone >= self.selling_days

    def amount(self, value: float | None, currency: str) -> str:
        if self.measure == "revenue":
            return phrases.money(value, currency)
        if self.measure == "quota":
            return phrases.pct(value)
        return phrases.number(value, 0)

    def sentence(self, currency: str) -> str:
        """The line in words, as a manager reads it."""
        a = self.amount
        what = "Quota attainment" if self.measure == "quota" else self.measure.capitalize()
        if self.over:
            text = f"{self.period.label} landed at {a(self.actual, currency)}"
        else:
            text = (
                f"{what} {a(self.actual, currency)} so far in {self.period.label} "
                f"({self.days_gone} of {self.selling_days} selling days gone)"
            )
            if self.projected is not None:
                text += f"; projected {a(self.projected, currency)}"
                if self.low is not None and self.high is not None:
                    text += f" (80% between {a(self.low, currency)} and {a(self.high, currency)})"
        if self.measure == "quota":
            return text + "."
        if self.target is None:
            return text + "; no quota for the month."
        text += f"; quota {a(self.target, currency)}"
        if self.over or self.actual >= self.target:
            return text + f" ({phrases.pct(self.actual / self.target)} of it)."
        if self.chance is not None:
            return text + f": a {phrases.pct(self.chance)} chance of reaching it."
        return text + "."

    def as_dict(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "measure": self.measure,
            "period": self.period.as_dict(),
            "actual": self.actual,
            "projected": self.projected,
            "low": self.low,
            "high": self.high,
            "target": self.target,
            "chance": self.chance,
            "days_gone": self.days_gone,
            "selling_days": self.selling_days,
            "over": self.over,
        }


def pacing(ev: Evidence, by: str | None, as_of: date) -> dict[str, PacingLine]:
    """member of `by` (rep or manager; None: everyone together, keyed `*`) → where the
    month holding `as_of` is heading; before its first selling day, where the month
    before landed."""
    if ev.has("sales"):
        report = projection_by(ev.engine, by, "month", as_of)
        if report.members and all(m.days_gone == 0 for m in report.members):
            before = report.period.start - timedelta(days=1)
            report = projection_by(ev.engine, by, "month", before)
        if report.members:
            return {
                member_key(m.member): PacingLine(
                    member_key(m.member),
                    m.measure,
                    m.period,
                    m.actual,
                    m.projected,
                    m.landing.low,
                    m.landing.high,
                    m.target,
                    m.chance,
                    m.days_gone,
                    m.selling_days,
                )
                for m in report.members
            }
    if not ev.has("deals"):
        return {}
    return _quota_pace(ev, by, as_of)


def _quota_pace(ev: Evidence, by: str | None, as_of: date) -> dict[str, PacingLine]:
    """From `signals.pace`: attainment so far and at this pace (a manager's reps
    pooled: Σ actual ÷ Σ target)."""
    from salespulse.insights.core.windows import business_days

    found = paces(ev, as_of, "month")
    groups: dict[str, list[Any]] = {}
    for p in found.values():
        key = p.rep if by == "rep" else member_key(ev.roster[p.rep].manager if by else None)
        groups.setdefault(key, []).append(p)
    out = {}
    for key, group in groups.items():
        first = group[0]
        target = sum(p.target for p in group)
        actual = sum(p.actual for p in group) / target if target else 0.0
        period = first.period
        out[key] = PacingLine(
            key,
            "quota",
            period,
            actual,
            actual / first.expected if first.expected > 0 else None,
            None,
            None,
            None,
            None,
            business_days(period.start, min(as_of, period.end), ev.settings),
            business_days(period.start, period.end, ev.settings),
        )
    return out
