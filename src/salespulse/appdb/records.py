"""What the app database hands back: plain, frozen records (no database session behind
them), one per stored thing. `as_dict()` is what `--format json` writes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, TypeVar

R = TypeVar("R")


def from_row(cls: type[R], row: Any, **extra: Any) -> R:
    """A record of `cls` from a stored row: its fields read from the row's columns, the
    others from `extra`."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    return cls(**{n: extra[n] if n in extra else getattr(row, n) for n in names})


class Record:
    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]


@dataclass(frozen=True)
class Goal(Record):
    id: int
    owner: str
    owner_kind: str
    kpi: str
    target: float
    period: str
    where: dict[str, list[str]]
    what: str | None
    why: str | None
    parent_id: int | None
    split: str | None
    state: str
    closed_at: datetime | None
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class Step(Record):
    id: int
    goal_id: int
    text: str
    owner: str
    due: date | None
    done_at: datetime | None
    done_by: str | None
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class Change(Record):
    """One row of history: what changed (`entity` and its id), the version it made, who,
    when, the action, and the thing before and after."""

    id: int
    entity: str
    entity_id: int
    version: int | None
    changed_at: datetime
    changed_by: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class Focus(Record):
    """A focus area of a development plan: a KPI from `baseline` (on `baseline_at`) to
    `target` by `by_date`, and the skill behind it in words."""

    id: int
    kpi: str
    baseline: float | None
    baseline_at: date | None
    target: float
    by_date: date | None
    skill: str | None


@dataclass(frozen=True)
class PlanAction(Record):
    id: int
    text: str
    due: date | None
    status: str
    done_at: datetime | None


@dataclass(frozen=True)
class Plan(Record):
    id: int
    rep: str
    version: int
    focus: tuple[Focus, ...]
    actions: tuple[PlanAction, ...]
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class ActionItem(Record):
    id: int
    one_on_one_id: int
    text: str
    owner: str
    due: date | None
    done_at: datetime | None
    done_by: str | None


@dataclass(frozen=True)
class OneOnOne(Record):
    id: int
    rep: str
    date: date
    notes: str
    confidence: int | None
    workload: int | None
    actions: tuple[ActionItem, ...]
    created_at: datetime
    created_by: str
    version: int = 1
    updated_at: datetime | None = None
    updated_by: str | None = None


@dataclass(frozen=True)
class CheckIn(Record):
    id: int
    rep: str
    week: str
    week_start: date
    confidence: int | None
    wins: str | None
    blockers: str | None
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class User(Record):
    """A user of the web app and the API (never with their password's hash)."""

    id: int
    name: str
    role: str
    rep: str | None
    team: str | None
    email: str | None
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class Token(Record):
    """An API token as stored: whose, when made and revoked (never the token itself)."""

    id: int
    user: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None
