"""The app database's tables as SQLAlchemy 2 typed models. The migrations
(`appdb/migrations/versions/`) create exactly these; a test checks that the two agree.

Who and when: every row records who made it (`created_by`, a name: the `--by` of the
change, by default the OS user) and when (`created_at`, UTC). Goals and plans carry a
`version` that every change raises by one (see `appdb.versioned`). Every change also
writes a `history` row, in the same transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A UTC timestamp: stored without a zone (SQLite keeps none), read back as UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # pragma: no cover - SQLite returns datetimes
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


#: Constraint and index names the migrations spell out the same way.
NAMES = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMES)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), date: Date()}


class Goal(Base):
    __tablename__ = "goals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200))
    owner_kind: Mapped[str] = mapped_column(String(10))  # rep, team or all
    kpi: Mapped[str] = mapped_column(String(100))
    target: Mapped[float] = mapped_column(Float)
    period: Mapped[str] = mapped_column(String(50))
    where: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {dim: [values]}
    what: Mapped[str | None] = mapped_column(Text)
    why: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"), index=True)
    split: Mapped[str | None] = mapped_column(String(10))  # quota, equal or manual
    state: Mapped[str] = mapped_column(String(10), default="open")  # open or closed
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(200))
    # every UPDATE says WHERE version = the version read, and raises it by one
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy declares it)


class GoalStep(Base):
    __tablename__ = "goal_steps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due: Mapped[date | None]
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))


class Plan(Base):
    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rep: Mapped[str] = mapped_column(String(200), unique=True)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(200))
    # every UPDATE says WHERE version = the version read, and raises it by one
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy declares it)


class PlanFocus(Base):
    __tablename__ = "plan_focus"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    kpi: Mapped[str] = mapped_column(String(100))
    baseline: Mapped[float | None] = mapped_column(Float)
    baseline_at: Mapped[date | None]
    target: Mapped[float] = mapped_column(Float)
    by_date: Mapped[date | None]
    skill: Mapped[str | None] = mapped_column(Text)


class PlanAction(Base):
    __tablename__ = "plan_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    due: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(10), default="open")  # open or done
    done_at: Mapped[datetime | None]


class OneOnOne(Base):
    __tablename__ = "one_on_ones"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rep: Mapped[str] = mapped_column(String(200), index=True)
    date: Mapped[date]
    notes: Mapped[str] = mapped_column(Text, default="")  # Markdown
    confidence: Mapped[int | None] = mapped_column(Integer)  # 1..5
    workload: Mapped[int | None] = mapped_column(Integer)  # 1..5
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    updated_at: Mapped[datetime | None]
    updated_by: Mapped[str | None] = mapped_column(String(200))
    # every UPDATE says WHERE version = the version read, and raises it by one
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy declares it)


class ActionItem(Base):
    __tablename__ = "action_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    one_on_one_id: Mapped[int] = mapped_column(ForeignKey("one_on_ones.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due: Mapped[date | None]
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(200))


class CheckIn(Base):
    __tablename__ = "check_ins"
    __table_args__ = (UniqueConstraint("rep", "week_start", name="uq_check_ins_rep_week"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rep: Mapped[str] = mapped_column(String(200))
    week: Mapped[str] = mapped_column(String(30))  # 2026-W45
    week_start: Mapped[date]
    confidence: Mapped[int | None] = mapped_column(Integer)  # 1..5
    wins: Mapped[str | None] = mapped_column(Text)
    blockers: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(200))


class History(Base):
    __tablename__ = "history"
    __table_args__ = (Index("ix_history_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))  # goal, goal_step, plan, ...
    entity_id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime]
    changed_by: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))  # add, update, close, done, ...
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class User(Base):  # revision 2
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(10))  # admin, manager or rep
    rep: Mapped[str | None] = mapped_column(String(200))
    team: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))


class ApiToken(Base):  # revision 2
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256, never the token
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None]
