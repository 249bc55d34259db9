"""The first tables: documents, sentences, figures, sources, aliases, names; full-text search.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(512), primary_key=True),
        sa.Column("title", sa.Text()),
        sa.Column("outlet", sa.String(200)),
        sa.Column("published", sa.Date()),
        sa.Column("url", sa.Text()),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("main_place", sa.String(200)),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sentences",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id",
            sa.String(512),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_sentences_document_id", "sentences", ["document_id"])
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False, unique=True),
    )
    op.create_table(
        "aliases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("norm", sa.String(300), nullable=False),
        sa.Column("canonical", sa.String(300), nullable=False),
        sa.Column("curated", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("kind", "norm", name="uq_alias_kind_norm"),
    )
    op.create_table(
        "document_names",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id",
            sa.String(512),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("norm", sa.String(300), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
    )
    op.create_index("ix_document_names_document_id", "document_names", ["document_id"])
    op.create_index("ix_document_names_norm", "document_names", ["norm"])
    op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id",
            sa.String(512),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "sentence_id",
            sa.Integer(),
            sa.ForeignKey("sentences.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", sa.Float()),
        sa.Column("low", sa.Float()),
        sa.Column("high", sa.Float()),
        sa.Column("qualifier", sa.String(40)),
        sa.Column("unit", sa.String(80)),
        sa.Column("counts", sa.String(120)),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("perpetrator", sa.String(200)),
        sa.Column("place", sa.String(200)),
        sa.Column("period", sa.String(120)),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id", ondelete="SET NULL")),
        sa.Column("salience", sa.Float(), nullable=False),
    )
    op.create_index("ix_figures_document_id", "figures", ["document_id"])
    op.create_index("ix_figures_sentence_id", "figures", ["sentence_id"])
    op.create_index("ix_figures_source_id", "figures", ["source_id"])
    op.create_index("ix_figures_category", "figures", ["category"])
    op.create_index("ix_figures_category_value", "figures", ["category", "value"])

    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 table kept in step with `sentences` by triggers.
        op.execute(
            "CREATE VIRTUAL TABLE sentences_fts USING fts5("
            "text, content='sentences', content_rowid='id', tokenize='porter unicode61')"
        )
        op.execute(
            "CREATE TRIGGER sentences_fts_ai AFTER INSERT ON sentences BEGIN "
            "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN "
            "INSERT INTO sentences_fts(sentences_fts, rowid, text) "
            "VALUES ('delete', old.id, old.text); END"
        )
        op.execute(
            "CREATE TRIGGER sentences_fts_au AFTER UPDATE ON sentences BEGIN "
            "INSERT INTO sentences_fts(sentences_fts, rowid, text) "
            "VALUES ('delete', old.id, old.text); "
            "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END"
        )
    else:
        op.execute(
            "ALTER TABLE sentences ADD COLUMN tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED"
        )
        op.execute("CREATE INDEX sentences_fts_gin ON sentences USING gin (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS sentences_fts")
    for table in ("figures", "document_names", "aliases", "sources", "sentences", "documents"):
        op.drop_table(table)
