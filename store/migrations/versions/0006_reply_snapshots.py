"""Reply snapshots (what a chat user previewed, to share or page through) and bot state.

Revision ID: 0006_reply_snapshots
Revises: 0006_request_signatures
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_reply_snapshots"
down_revision = "0006_request_signatures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reply_snapshots",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shared_by", sa.String(200)),
        sa.Column("shared_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_reply_snapshots_created_at", "reply_snapshots", ["created_at"])
    op.create_table(
        "bot_state",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("bot_state")
    op.drop_index("ix_reply_snapshots_created_at", table_name="reply_snapshots")
    op.drop_table("reply_snapshots")
