"""Building the events of a store that has articles but none yet (the schema migration's data
step, and `factdesk` stores made before events): every article, oldest first, through the same
clustering ingest runs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from store.events.cluster import assign_event
from store.events.signals import read_signals
from store.extract.pipeline import extract_document
from store.ingest import with_headline
from store.models import Document
from store.readers import RawArticle

_DOCUMENTS: Table = Document.__table__  # type: ignore[assignment]


def rebuild_events(session: Session) -> int:
    """Assign every article without an event to one; how many were assigned."""
    rows = session.execute(
        select(_DOCUMENTS.c.id, _DOCUMENTS.c.text, _DOCUMENTS.c.title, _DOCUMENTS.c.published)
        .where(_DOCUMENTS.c.event_id.is_(None))
        .order_by(_DOCUMENTS.c.published, _DOCUMENTS.c.id)
    ).all()
    for doc_id, text, title, published in rows:
        if isinstance(published, str):  # SQLite keeps dates as ISO text
            published = dt.date.fromisoformat(published)
        read, _body_start = with_headline(
            RawArticle(id=doc_id, text=text, origin=doc_id, title=title)
        )
        extracted = extract_document(read, title, name=doc_id)
        assign_event(session, doc_id, read_signals(read, extracted, published))
    session.flush()
    return len(rows)
