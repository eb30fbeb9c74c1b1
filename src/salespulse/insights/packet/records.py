"""What the one-on-one packet and the weekly digest take from the app database (goals
with their progress, action items, one-on-ones, check-ins, a development plan's focus
KPIs): plain records, filled by whoever reads the app database (the workspace layer:
`workspace_app_packet`, `workspace_app_digest`) and handed to `one_on_one(...,
coaching=...)` and `digests(..., goals=..., actions=..., check_ins=...)`. The insights
never read the app database themselves.

A list that is not given (None) means the app database is not in use yet: the packet
and the digest say how to start. An empty list means it is in use and holds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class GoalRecord:
    """A goal with its progress at the as-of date, and this week's milestone.

    `owner` is a rep id, a rep's name, a team or a manager's name; `kpi` a registry
    name (revenue, bookings, ...); `target`, `actual` and `expected` (where the pace
    should be by now) in the KPI's unit; `status` as goal progress says it
    (`salespulse.reports.goal_status.STATUSES`); `week_target`
    and `week_actual` the week's milestone (None without milestones)."""

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
    #: The stored goal's id (None: not a stored goal).
    goal_id: int | None = None
    #: The actual as of the last one-on-one (None: no meeting yet, or the goal's period
    #: began after it): its progress since then is `actual - actual_then`.
    actual_then: float | None = None

    @property
    def achieved(self) -> float | None:
        return self.actual / self.target if self.actual is not None and self.target else None

    @property
    def since_then(self) -> float | None:
        """How far the actual moved since the last one-on-one."""
        if self.actual is None or self.actual_then is None:
            return None
        return self.actual - self.actual_then

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
            "goal_id": self.goal_id,
            "actual_then": self.actual_then,
            "since_then": self.since_then,
        }


@dataclass(frozen=True)
class ActionRecord:
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
class CheckInRecord:
    """A rep's weekly self-assessment: `week` is the first day of the week it is for,
    `submitted` whether the rep sent it; `confidence` 1 (low) to 5 (high), the wins and
    blockers in their words."""

    rep: str
    week: date
    submitted: bool = True
    confidence: int | None = None
    wins: str | None = None
    blockers: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "week": self.week.isoformat(),
            "submitted": self.submitted,
            "confidence": self.confidence,
            "wins": self.wins,
            "blockers": self.blockers,
        }


@dataclass(frozen=True)
class MeetingRecord:
    """A one-on-one: its day, the rep's confidence and workload (1 to 5) and the action
    items agreed."""

    date: date
    confidence: int | None
    workload: int | None
    actions: tuple[ActionRecord, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "confidence": self.confidence,
            "workload": self.workload,
            "actions": [a.as_dict() for a in self.actions],
        }


@dataclass(frozen=True)
class PlanFocusRecord:
    """A development plan's focus KPI measured: from `baseline` to `current` (the 90
    days to the as-of date) against `target` by `by`; `progress` = (current − baseline)
    ÷ (target − baseline); `note` says why it is not measured, when it is not."""

    kpi: str
    skill: str | None
    baseline: float | None
    current: float | None
    target: float
    by: date | None
    progress: float | None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "by": self.by.isoformat() if self.by else None}


@dataclass(frozen=True)
class CoachingRecords:
    """One rep's records for their one-on-one packet: the one-on-ones and check-ins,
    latest first; the rep's open goals with their progress and this week's milestone;
    the focus KPIs of their development plan (empty without a plan)."""

    meetings: list[MeetingRecord]
    goals: list[GoalRecord]
    focus: list[PlanFocusRecord]
    check_ins: list[CheckInRecord]

    @property
    def last_meeting(self) -> MeetingRecord | None:
        return self.meetings[0] if self.meetings else None

    def check_ins_since(self) -> list[CheckInRecord]:
        """The check-ins for the weeks ending on or after the last one-on-one (all of
        them without one), latest first."""
        last = self.last_meeting
        if last is None:
            return list(self.check_ins)
        return [c for c in self.check_ins if (last.date - c.week).days <= 6]

    def as_dict(self) -> dict[str, Any]:
        return {
            "meetings": [m.as_dict() for m in self.meetings],
            "goals": [g.as_dict() for g in self.goals],
            "focus": [f.as_dict() for f in self.focus],
            "check_ins": [c.as_dict() for c in self.check_ins],
        }
