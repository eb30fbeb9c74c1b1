"""One-on-ones are versioned like goals and plans (their notes and ratings can be
changed: a change made against an older version is refused): a `version` (1 for the
meetings recorded before) and who changed one last, and when (none until it is changed).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("one_on_ones") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("updated_by", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("one_on_ones") as batch:
        batch.drop_column("updated_by")
        batch.drop_column("updated_at")
        batch.drop_column("version")
