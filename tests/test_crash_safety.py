"""Crash safety: an ingest killed with SIGKILL leaves a store that opens, passes its integrity
check, holds every article whole with its figures or not at all, and finishes on a re-run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from store.explain import stored_article
from store.factstore import FactStore
from store.ingest import prepare
from store.models import Document, Figure, Sentence
from tests.corpus import write_feed

pytestmark = pytest.mark.slow
ARTICLES = 2000


def ingest_command(url: str, feed: Path) -> list[str]:
    return [sys.executable, "-m", "bot.cli", "--db", url, "ingest", "-q", str(feed)]


def assert_whole_or_absent(store: FactStore) -> int:
    """Every stored document has exactly the sentences and figures its text yields."""
    with store.sessions() as session:
        articles = [
            stored_article(session, doc_id) for doc_id in session.scalars(select(Document.id))
        ]
        sentence_counts = dict(
            session.execute(
                select(Sentence.document_id, func.count()).group_by(Sentence.document_id)
            ).all()
        )
        figure_counts = dict(
            session.execute(
                select(Figure.document_id, func.count()).group_by(Figure.document_id)
            ).all()
        )
    for article in articles:
        assert article is not None
        # as ingest read it: the headline before the body
        expected = prepare(article).extracted
        assert sentence_counts.get(article.id, 0) == len(expected.sentences), article.id
        assert figure_counts.get(article.id, 0) == len(expected.figures), article.id
    return len(articles)


def test_sigkill_during_ingest_loses_nothing_half_stored(store_url: str, tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", ARTICLES)
    FactStore(store_url).close()  # create the schema before the first kill
    rng = random.Random(11)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    stored_after_kills = []
    for _ in range(4):
        proc = subprocess.Popen(ingest_command(store_url, feed), env=env)
        time.sleep(rng.uniform(2.0, 9.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        store = FactStore(store_url)
        try:
            if store.engine.dialect.name == "sqlite":
                with store.engine.connect() as conn:
                    assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            stored_after_kills.append(assert_whole_or_absent(store))
        finally:
            store.close()
    done = subprocess.run(ingest_command(store_url, feed), env=env, timeout=600)
    assert done.returncode == 0
    store = FactStore(store_url)
    try:
        assert assert_whole_or_absent(store) == ARTICLES
        assert store.overview().documents == ARTICLES
    finally:
        store.close()
    print(f"\ndocuments stored when each ingest was killed: {stored_after_kills}")
