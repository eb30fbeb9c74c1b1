"""What the digest takes from the app database (goals, milestones, action items,
check-ins): plain records, filled by whoever reads the app database and handed to
`builder.digests(..., goals=..., actions=..., check_ins=...)`.

A list that is not given (None) means the app database is not in use yet: the section
says how to start. An empty list means it is in use and holds nothing for the week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

#: A goal's status, as goal progress reports it.
GOAL_STATUSES = ("ahead", "on track", "behind", "at risk", "met", "missed")


@dataclass(frozen=True)
class DigestGoal:
    """A goal with its progress at the digest's as-of date, and this week's milestone.

    `owner` is a rep id, a rep's name, a team or a manager's name; `kpi` a registry
    name (revenue, bookings, ...); `target`, `actual` and `expected` (where the pace
    should be by now) in the KPI's unit; `status` one of GOAL_STATUSES; `week_target`
    and `week_actual` the digest week's milestone (None without milestones)."""

    owner: str
    kpi: str
    target: float
    actual: float | None
    expected: float | None
    status: str
    week_target: float | None = None
    week_actual: float | None = None
    #: The goal's period label (2026-11, 2026-Q4) and its words, for the reader.
    period: str = ""
    what: str = ""

    @property
    def achieved(self) -> float | None:
        return self.actual / self.target if self.actual is not None and self.target else None

    @property
    def milestone_hit(self) -> bool:
        return (
            self.week_target is not None
            and self.week_actual is not None
            and self.week_actual >= self.week_target
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "kpi": self.kpi,
            "period": self.period,
            "what": self.what,
            "target": self.target,
            "actual": self.actual,
            "expected": self.expected,
            "achieved": self.achieved,
            "status": self.status,
            "week_target": self.week_target,
            "week_actual": self.week_actual,
            "milestone_hit": self.milestone_hit,
        }


@dataclass(frozen=True)
class DigestAction:
    """An action item (from a one-on-one or a development plan): `owner` is a rep id,
    a rep's name or a manager's name; `due` None when it has no date."""

    text: str
    owner: str
    due: date | None
    done: bool = False

    def due_by(self, day: date) -> bool:
        """Open and due on or before `day`."""
        return not self.done and self.due is not None and self.due <= day

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "done": self.done,
        }


@dataclass(frozen=True)
class DigestCheckIn:
    """A rep's weekly self-assessment: `week` is a day of the week it is for (its first
    day), `submitted` whether the rep sent it."""

    rep: str
    week: date
    submitted: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"rep": self.rep, "week": self.week.isoformat(), "submitted": self.submitted}
