"""The coaching tables: goals and their steps, development plans (focus areas and
actions), one-on-ones and their action items, weekly check-ins, and the history of every
change.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _who() -> list[sa.Column[Any]]:
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    ]


def _updated() -> list[sa.Column[Any]]:
    return [
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    ]


def _id() -> sa.Column[Any]:
    return sa.Column("id", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "goals",
        _id(),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("owner_kind", sa.String(10), nullable=False),
        sa.Column("kpi", sa.String(100), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("period", sa.String(50), nullable=False),
        sa.Column("where", sa.JSON(), nullable=False),
        sa.Column("what", sa.Text(), nullable=True),
        sa.Column("why", sa.Text(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("split", sa.String(10), nullable=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        *_who(),
        *_updated(),
        sa.ForeignKeyConstraint(["parent_id"], ["goals.id"], name="fk_goals_parent_id"),
        sa.PrimaryKeyConstraint("id", name="pk_goals"),
    )
    op.create_index("ix_goals_parent_id", "goals", ["parent_id"])
    op.create_table(
        "goal_steps",
        _id(),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_by", sa.String(200), nullable=True),
        *_who(),
        sa.ForeignKeyConstraint(["goal_id"], ["goals.id"], name="fk_goal_steps_goal_id"),
        sa.PrimaryKeyConstraint("id", name="pk_goal_steps"),
    )
    op.create_index("ix_goal_steps_goal_id", "goal_steps", ["goal_id"])
    op.create_table(
        "plans",
        _id(),
        sa.Column("rep", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_who(),
        *_updated(),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
        sa.UniqueConstraint("rep", name="uq_plans_rep"),
    )
    op.create_table(
        "plan_focus",
        _id(),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kpi", sa.String(100), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("baseline_at", sa.Date(), nullable=True),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("by_date", sa.Date(), nullable=True),
        sa.Column("skill", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name="fk_plan_focus_plan_id"),
        sa.PrimaryKeyConstraint("id", name="pk_plan_focus"),
    )
    op.create_index("ix_plan_focus_plan_id", "plan_focus", ["plan_id"])
    op.create_table(
        "plan_actions",
        _id(),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name="fk_plan_actions_plan_id"),
        sa.PrimaryKeyConstraint("id", name="pk_plan_actions"),
    )
    op.create_index("ix_plan_actions_plan_id", "plan_actions", ["plan_id"])
    op.create_table(
        "one_on_ones",
        _id(),
        sa.Column("rep", sa.String(200), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Integer(), nullable=True),
        sa.Column("workload", sa.Integer(), nullable=True),
        *_who(),
        sa.PrimaryKeyConstraint("id", name="pk_one_on_ones"),
    )
    op.create_index("ix_one_on_ones_rep", "one_on_ones", ["rep"])
    op.create_table(
        "action_items",
        _id(),
        sa.Column("one_on_one_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_by", sa.String(200), nullable=True),
        sa.ForeignKeyConstraint(
            ["one_on_one_id"], ["one_on_ones.id"], name="fk_action_items_one_on_one_id"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_action_items"),
    )
    op.create_index("ix_action_items_one_on_one_id", "action_items", ["one_on_one_id"])
    op.create_table(
        "check_ins",
        _id(),
        sa.Column("rep", sa.String(200), nullable=False),
        sa.Column("week", sa.String(30), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("confidence", sa.Integer(), nullable=True),
        sa.Column("wins", sa.Text(), nullable=True),
        sa.Column("blockers", sa.Text(), nullable=True),
        *_who(),
        *_updated(),
        sa.PrimaryKeyConstraint("id", name="pk_check_ins"),
        sa.UniqueConstraint("rep", "week_start", name="uq_check_ins_rep_week"),
    )
    op.create_table(
        "history",
        _id(),
        sa.Column("entity", sa.String(30), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_history"),
    )
    op.create_index("ix_history_entity", "history", ["entity", "entity_id"])


def downgrade() -> None:
    for table in ("history", "check_ins", "action_items", "one_on_ones", "plan_actions"):
        op.drop_table(table)
    for table in ("plan_focus", "plans", "goal_steps", "goals"):
        op.drop_table(table)
