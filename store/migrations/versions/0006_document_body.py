"""Keep an article's headline apart from its body.

A feed item's headline used to be stored as its text's first paragraph, so every offset was off
by the headline's length against the item's own `text`. Sentences now say which part of the
article they stand in (`part`: "body", offsets into the stored text, which is the article's
own; "title", offsets into its headline), and figures record the rule that produced them.

An existing store is converted where the headline was put before the body: the content hash
of the article as read (its own text, headline, URL, date and outlet) tells a prepended
headline from a body that opens with its headline anyway. A feed item stored by its headline
alone (its body was blank) gets an empty text and its sentences the title part. An article
with no outlet but a web address gets the outlet of its site (`store.outlets`), as ingest now
gives it: the content hash is unchanged, so a new ingest would leave it as it is.

Revision ID: 0006_document_body
Revises: 0005
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006_document_body"
down_revision = "0005"
branch_labels = None
depends_on = None


def _hash(text: str, title: str, url: str | None, published: str, outlet: str | None) -> str:
    """As `store.ingest.content_hash` computed it for the article as read."""
    payload = json.dumps([text, title, url, published, outlet], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _headline_was_prepended(row: sa.Row[Any]) -> bool:
    _id, title, text, url, published, outlet, digest = tuple(row)
    head = f"{title}\n\n"
    if not isinstance(text, str) or not isinstance(title, str) or not text.startswith(head):
        return False
    body = text[len(head) :]
    # The stored date and outlet may have been read from the text rather than given.
    dates = {str(published) if published is not None else "None", "None"}
    outlets = {outlet if isinstance(outlet, str) else None, None}
    return any(
        _hash(body, title, url if isinstance(url, str) else None, d, o) == digest
        for d in dates
        for o in outlets
    )


def upgrade() -> None:
    # Plain ALTER TABLE, not batch mode: recreating `sentences` on SQLite would drop the
    # triggers that keep its full-text index in step.
    op.add_column(
        "sentences", sa.Column("part", sa.String(5), nullable=False, server_default="body")
    )
    op.add_column("figures", sa.Column("rule", sa.String(80), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, title, text, url, published, outlet, content_hash FROM documents "
            "WHERE title IS NOT NULL AND title <> ''"
        )
    ).all()
    for row in rows:
        if row[2] == row[1]:  # the headline alone, the body blank
            bind.execute(sa.text("UPDATE documents SET text = '' WHERE id = :doc"), {"doc": row[0]})
            bind.execute(
                sa.text("UPDATE sentences SET part = 'title' WHERE document_id = :doc"),
                {"doc": row[0]},
            )
            continue
        if not _headline_was_prepended(row):
            continue
        doc, title, text = row[0], str(row[1]), str(row[2])
        shift = len(title) + 2
        params = {"doc": doc, "shift": shift}
        bind.execute(
            sa.text("UPDATE documents SET text = :text WHERE id = :doc"),
            {"doc": doc, "text": text[shift:]},
        )
        bind.execute(
            sa.text(
                "UPDATE sentences SET part = 'title' WHERE document_id = :doc AND start < :shift"
            ),
            params,
        )
        for table in ("sentences", "figures"):
            bind.execute(
                sa.text(
                    f'UPDATE {table} SET start = start - :shift, "end" = "end" - :shift '
                    "WHERE document_id = :doc AND start >= :shift"
                ),
                params,
            )
    _fill_outlets(bind)


def _fill_outlets(bind: sa.Connection) -> None:
    from store.outlets import outlet_from_url

    rows = bind.execute(
        sa.text("SELECT id, url FROM documents WHERE outlet IS NULL AND url IS NOT NULL")
    ).all()
    updates = [
        {"doc": doc, "outlet": outlet[:200]}
        for doc, url in rows
        if (outlet := outlet_from_url(str(url)))
    ]
    if updates:
        bind.execute(sa.text("UPDATE documents SET outlet = :outlet WHERE id = :doc"), updates)


def downgrade() -> None:
    bind = op.get_bind()
    titled = bind.execute(
        sa.text(
            "SELECT DISTINCT documents.id, documents.title, documents.text FROM documents "
            "JOIN sentences ON sentences.document_id = documents.id "
            "WHERE sentences.part = 'title'"
        )
    ).all()
    for doc, title, text in titled:
        if not text:  # the headline alone was the text
            bind.execute(
                sa.text("UPDATE documents SET text = :title WHERE id = :doc"),
                {"doc": doc, "title": title},
            )
            continue
        shift = len(str(title)) + 2
        params = {"doc": doc, "shift": shift}
        for table, condition in (
            ("figures", "sentence_id IN (SELECT id FROM sentences WHERE part = 'body')"),
            ("sentences", "part = 'body'"),
        ):
            bind.execute(
                sa.text(
                    f'UPDATE {table} SET start = start + :shift, "end" = "end" + :shift '
                    f"WHERE document_id = :doc AND {condition}"
                ),
                params,
            )
        bind.execute(
            sa.text("UPDATE documents SET text = :head || text WHERE id = :doc"),
            {"doc": doc, "head": f"{title}\n\n"},
        )
    op.drop_column("figures", "rule")
    op.drop_column("sentences", "part")
