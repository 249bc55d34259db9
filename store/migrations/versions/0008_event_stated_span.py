"""Events keep the days their articles' own words give, apart from the span used to match
later reports: an undated follow-up published on the 24th made "1–24 October" of a massacre
its reports date 1–22 October.

An existing store's events take their matching span where an article dates them: the
articles are not read again here (`factdesk ingest` of the same files re-reads them).

Revision ID: 0008_event_stated_span
Revises: 0007_document_published_index
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_event_stated_span"
down_revision = "0007_document_published_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("stated_start", sa.Date(), nullable=True))
    op.add_column("events", sa.Column("stated_end", sa.Date(), nullable=True))
    op.execute('UPDATE events SET stated_start = start, stated_end = "end" WHERE dated')


def downgrade() -> None:
    op.drop_column("events", "stated_end")
    op.drop_column("events", "stated_start")
