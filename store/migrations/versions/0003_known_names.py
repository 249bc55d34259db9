"""Known names: the distinct normalised names of all articles, so a question's vocabulary is
one small table rather than a GROUP BY over every article's names.

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
    op.create_table(
        "known_names",
        sa.Column("norm", sa.String(300), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
    )
    op.execute(
        "INSERT INTO known_names (norm, name) "
        "SELECT norm, MIN(name) FROM document_names WHERE norm <> '' GROUP BY norm"
    )


def downgrade() -> None:
    op.drop_table("known_names")
