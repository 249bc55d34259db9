"""Invented articles for the events tests, and which event the store put each one in."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from store.factstore import FactStore
from store.models import Document
from store.readers import RawArticle


def article(
    doc_id: str,
    text: str,
    published: str,
    title: str | None = None,
    outlet: str = "Valley Courier",
) -> RawArticle:
    """An invented report published on `published` (ISO date)."""
    return RawArticle(
        id=doc_id,
        text=text,
        origin=doc_id,
        title=title,
        published=dt.date.fromisoformat(published),
        outlet=outlet,
    )


def events_of(store: FactStore) -> dict[str, int | None]:
    """Each document's event id."""
    with store.sessions() as session:
        return dict(session.execute(select(Document.id, Document.event_id)).all())
