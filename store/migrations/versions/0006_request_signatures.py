"""Recently seen Slack request signatures, shared by every replica on the store, so a
captured request replayed inside Slack's 5-minute window is refused by all of them.

Self-contained (one new table, nothing else touched), so it can be chained after any other
0006 at a merge.

Revision ID: 0006_request_signatures
Revises: 0006_events
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_request_signatures"
down_revision = "0006_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "request_signatures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.UniqueConstraint("key", name="uq_request_signature"),
    )
    op.create_index("ix_request_signatures_expires_at", "request_signatures", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_request_signatures_expires_at", table_name="request_signatures")
    op.drop_table("request_signatures")
