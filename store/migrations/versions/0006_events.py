"""Events: one real-world occurrence per row, and each article's event.

The events of an existing store's articles are built after the last migration, in the same
transaction (`store.db.upgrade`), so a store made before events answers by event at once.

Revision ID: 0006_events
Revises: 0006_document_body
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_events"
down_revision = "0006_document_body"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("place", sa.String(200)),
        sa.Column("place_norm", sa.String(200)),
        sa.Column("region", sa.String(200)),
        sa.Column("region_norm", sa.String(200)),
        sa.Column("country", sa.String(200)),
        sa.Column("level", sa.String(20)),
        sa.Column("start", sa.Date),
        sa.Column("end", sa.Date),
        sa.Column("last_reported", sa.Date),
        sa.Column("harm", sa.String(20)),
        sa.Column("perpetrator", sa.String(200)),
        sa.Column("people", sa.Text, nullable=False, server_default=""),
        sa.Column("killed", sa.Float),
        sa.Column("injured", sa.Float),
        sa.Column("articles", sa.Integer, nullable=False, server_default="0"),
        sa.Column("dated", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_events_place_start", "events", ["place_norm", "start"])
    op.create_index("ix_events_region_start", "events", ["region_norm", "start"])
    op.create_index("ix_events_start", "events", ["start"])
    op.create_table(
        "event_places",
        sa.Column(
            "event_id",
            sa.Integer,
            sa.ForeignKey("events.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("norm", sa.String(200), primary_key=True),
        sa.Column("own", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_index("ix_event_places_norm_event", "event_places", ["norm", "event_id"])
    bind = op.get_bind()
    columns = {c["name"] for c in sa.inspect(bind).get_columns("documents")}
    if "event_id" not in columns:  # kept by a SQLite downgrade (see below)
        if bind.dialect.name == "sqlite":
            # A plain ADD COLUMN (SQLite allows a REFERENCES clause on it): rebuilding the
            # table in batch mode would drop what the full-text triggers depend on.
            op.execute(
                "ALTER TABLE documents ADD COLUMN event_id INTEGER "
                "REFERENCES events (id) ON DELETE SET NULL"
            )
        else:
            op.add_column("documents", sa.Column("event_id", sa.Integer, nullable=True))
            op.create_foreign_key(
                "fk_documents_event_id",
                "documents",
                "events",
                ["event_id"],
                ["id"],
                ondelete="SET NULL",
            )
    op.create_index("ix_documents_event_id", "documents", ["event_id"])
    # The events of the articles already stored are built once the schema is at its head
    # (`store.db.upgrade`), by the clustering code of today, which writes today's columns.


def downgrade() -> None:
    op.drop_index("ix_documents_event_id", table_name="documents")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot drop a column that references another table without rebuilding the
        # table; the column stays, emptied, and the upgrade takes it up again.
        op.execute("UPDATE documents SET event_id = NULL")
    else:
        op.drop_constraint("fk_documents_event_id", "documents", type_="foreignkey")
        op.drop_column("documents", "event_id")
    op.drop_table("event_places")
    op.drop_table("events")
