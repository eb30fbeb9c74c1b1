"""The records of a consistency report: each month against its band (`Month`), each
member's series, CV and quota streaks (`MemberConsistency`: its flat `summary` is what a
scorecard's "consistency" column shows) and the report around them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse.model.periods import MONTH_NAMES, Window
from salespulse.reports.members import member_label
from salespulse.reports.monthly_band import BAD, BAND_PERCENT, GREAT, Band
from salespulse.reports.quota_streaks import QuotaRun

#: The CV KPI of each measure.
CV_KPIS = {"revenue": "consistency", "units": "units_consistency"}


@dataclass(frozen=True)
class Month:
    month: date
    value: float
    band: Band

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month.month - 1]} {self.month.year}"

    def as_dict(self) -> dict[str, Any]:
        b = self.band
        return {
            "month": self.month,
            "label": self.label,
            "value": self.value,
            "expected": b.expected,
            "low": b.low,
            "high": b.high,
            "basis": b.basis,
            "verdict": b.verdict,
        }


@dataclass(frozen=True)
class MemberConsistency:
    by: str | None
    member: Any  # None: the whole business
    name: Any
    team: Any
    measure: str
    window: Window
    months: list[Month]
    history_months: int  # months from the first sale to the window's end
    cv: float | None
    mean: float | None
    stdev: float | None
    quota: QuotaRun | None = None

    @property
    def label(self) -> str:
        return member_label(self.by, self.member)

    @property
    def has_band(self) -> bool:
        return any(m.band.verdict is not None for m in self.months)

    def _named(self, verdict: str) -> list[date]:
        return [m.month for m in self.months if m.band.verdict == verdict]

    @property
    def bad_months(self) -> list[date]:
        return self._named(BAD)

    @property
    def great_months(self) -> list[date]:
        return self._named(GREAT)

    def summary(self) -> dict[str, Any]:
        """One flat record (what a scorecard column shows)."""
        q = self.quota
        return {
            "by": self.by,
            "member": self.member,
            "name": self.name,
            "team": self.team,
            "measure": self.measure,
            "months": len(self.months),
            "cv": self.cv,
            "mean": self.mean,
            "bad_months": len(self.bad_months),
            "great_months": len(self.great_months),
            "last_month": self.months[-1].band.verdict if self.months else None,
            "quota_periods_met": q.met if q else None,
            "quota_periods": len(q.periods) if q else None,
            "current_streak": q.current_streak if q else None,
            "longest_streak": q.longest_streak if q else None,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.summary(),
            "window": self.window.as_dict(),
            "history_months": self.history_months,
            "stdev": self.stdev,
            "bad": self.bad_months,
            "great": self.great_months,
            "series": [m.as_dict() for m in self.months],
            "quota": self.quota.as_dict() if self.quota else None,
        }


@dataclass
class ConsistencyReport:
    by: str | None
    window: Window
    measure: str
    members: list[MemberConsistency]
    notes: list[str] = field(default_factory=list)

    @property
    def band_percent(self) -> int:
        """The level of every band (a month outside it is beyond noise)."""
        return BAND_PERCENT

    @property
    def cv_kpi(self) -> str:
        return CV_KPIS[self.measure]

    def records(self) -> list[dict[str, Any]]:
        return [m.summary() for m in self.members]

    def month_rows(self) -> list[dict[str, Any]]:
        """One row per member and month (the CSV)."""
        return [
            {"by": m.by, "member": m.member, "name": m.name, **month.as_dict()}
            for m in self.members
            for month in m.months
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "window": self.window.as_dict(),
            "measure": self.measure,
            "cv_kpi": self.cv_kpi,
            "members": [m.as_dict() for m in self.members],
            "notes": self.notes,
        }
