"""Digest runs (exactly-once posting), chat subscriptions, and feed polling state.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digest_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("digest_id", sa.String(200), nullable=False),
        sa.Column("fire_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text()),
        sa.UniqueConstraint("digest_id", "fire_time", name="uq_digest_run"),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(200), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("schedule", sa.String(200), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(200)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "feed_state",
        sa.Column("url", sa.String(1000), primary_key=True),
        sa.Column("etag", sa.String(500)),
        sa.Column("last_modified", sa.String(200)),
        sa.Column("last_polled", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "feed_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("feed_url", sa.String(1000), nullable=False),
        sa.Column("item_key", sa.String(1000), nullable=False),
        sa.Column("document_id", sa.String(512)),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("feed_url", "item_key", name="uq_feed_item"),
    )


def downgrade() -> None:
    for table in ("feed_items", "feed_state", "subscriptions", "digest_runs"):
        op.drop_table(table)
