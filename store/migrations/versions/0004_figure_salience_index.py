"""Indexes on figure salience: broad questions take the most prominent candidates by walking
this index instead of sorting every figure of a category (0.37 s → 0.03 s at 100k articles).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One category: walk (category, salience); several (killed or bodies): walk salience.
    op.create_index("ix_figures_salience", "figures", ["salience", "id"])
    op.create_index("ix_figures_category_salience", "figures", ["category", "salience", "id"])
    # A place question matches a figure by its article or by its own place: with both sides
    # indexed the OR is two index look-ups, not a scan of every figure.
    op.create_index("ix_figures_place", "figures", ["place"])
    # Statistics, so the planner knows a place's articles are few and a category's figures many.
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_figures_place", table_name="figures")
    op.drop_index("ix_figures_category_salience", table_name="figures")
    op.drop_index("ix_figures_salience", table_name="figures")
