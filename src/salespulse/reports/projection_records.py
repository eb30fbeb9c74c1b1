"""The records of a projection: one per member (`MemberProjection`: its flat `summary`
is what a scorecard's "projected" column shows) and the report around them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse.model.periods import Window
from salespulse.reports.members import member_label
from salespulse.reports.period_shape import Landing


@dataclass(frozen=True)
class MemberProjection:
    by: str | None
    member: Any  # None: the whole business
    name: Any
    team: Any
    measure: str
    period: Window
    as_of: date
    selling_days: int
    days_gone: int
    landing: Landing
    past_periods: int  # past periods with sales the shape was read from
    target: float | None = None

    @property
    def label(self) -> str:
        return member_label(self.by, self.member)

    @property
    def actual(self) -> float:
        return self.landing.actual

    @property
    def run_rate(self) -> float | None:
        return self.landing.run_rate

    @property
    def projected(self) -> float | None:
        return self.landing.projected

    @property
    def days_left(self) -> int:
        return self.selling_days - self.days_gone

    @property
    def pace_per_day(self) -> float | None:
        """Revenue per selling day gone."""
        return self.actual / self.days_gone if self.days_gone else None

    @property
    def needed_per_day(self) -> float | None:
        """Revenue per selling day left that reaching the quota needs (0 once reached)."""
        if self.target is None or self.days_left <= 0:
            return None
        return max(self.target - self.actual, 0.0) / self.days_left

    @property
    def chance(self) -> float | None:
        return self.landing.chance(self.target)

    def summary(self) -> dict[str, Any]:
        """One flat record (what a scorecard column and the CSV show)."""
        x = self.landing
        return {
            "by": self.by,
            "member": self.member,
            "name": self.name,
            "team": self.team,
            "measure": self.measure,
            "period": self.period.label,
            "as_of": self.as_of,
            "actual": x.actual,
            "run_rate": x.run_rate,
            "projected": x.projected,
            "low": x.low,
            "high": x.high,
            "target": self.target,
            "chance": self.chance,
            "pace_per_day": self.pace_per_day,
            "needed_per_day": self.needed_per_day,
            "selling_days": self.selling_days,
            "days_gone": self.days_gone,
            "days_left": self.days_left,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.summary(),
            "period": self.period.as_dict(),
            "usual_share": self.landing.share,
            "past_periods": self.past_periods,
            "errors": len(self.landing.ratios),
            "over": self.landing.over,
        }


@dataclass
class ProjectionReport:
    by: str | None
    period: Window
    as_of: date
    measure: str
    members: list[MemberProjection]
    notes: list[str] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [m.summary() for m in self.members]

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "period": self.period.as_dict(),
            "as_of": self.as_of,
            "measure": self.measure,
            "members": [m.as_dict() for m in self.members],
            "notes": self.notes,
        }
