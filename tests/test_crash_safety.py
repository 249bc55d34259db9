"""Crash safety: an ingest killed with SIGKILL leaves a store that opens, passes its integrity
check, holds every article whole with its figures or not at all, and finishes on a re-run.

Each kill is made to land mid-run: the test waits until the ingest has committed something,
kills it a random moment later, and checks the process was still running and the store
held part of the work, neither none nor all of it. The same goes for a replacement (articles
re-published with changed text): killed mid-way, each article is its old version or
its new one, whole, and none is lost.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from store.explain import stored_article
from store.extract.pipeline import extract_document
from store.factstore import FactStore
from store.ingest import with_headline
from store.models import Document, Figure, Sentence
from store.readers import RawArticle
from tests.corpus import write_feed

pytestmark = pytest.mark.slow
# A kill is placed by watching progress, not by luck, so a modest corpus suffices.
ARTICLES = 1000
REPUBLISHED = 400  # the first articles of the feed, re-published with changed text
REVISED = "The toll was revised on Monday after 3 more victims were identified."


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
        sentences, figures = expected_counts(article)
        assert sentence_counts.get(article.id, 0) == sentences, article.id
        assert figure_counts.get(article.id, 0) == figures, article.id
    return len(articles)


_EXPECTED: dict[tuple[str, str], tuple[int, int]] = {}


def expected_counts(article: RawArticle) -> tuple[int, int]:
    """(sentences, figures) extraction gives the article, as ingest read it (the headline
    before the body); worked out once per version of an article, not at every check."""
    key = (article.id, article.text)
    if key not in _EXPECTED:
        read, _body_start = with_headline(article)
        extracted = extract_document(read, article.title)
        _EXPECTED[key] = (len(extracted.sentences), len(extracted.figures))
    return _EXPECTED[key]


def count(store: FactStore, where: Callable[[], object] | None = None) -> int:
    """Documents in the store (matching `where`), read from outside the ingesting process."""
    with store.sessions() as session:
        query = select(func.count()).select_from(Document)
        if where is not None:
            query = query.where(where())  # type: ignore[arg-type]
        return int(session.scalar(query) or 0)


def kill_mid_run(
    url: str, feed: Path, progress: Callable[[], int], rng: random.Random, env: dict[str, str]
) -> None:
    """Start an ingest, wait until `progress()` rises, then SIGKILL it a moment later; fail if
    it had already finished (a kill that landed on nothing proves nothing)."""
    before = progress()
    proc = subprocess.Popen(ingest_command(url, feed), env=env)
    deadline = time.monotonic() + 300
    while progress() == before:
        assert proc.poll() is None, "the ingest ended before committing anything"
        assert time.monotonic() < deadline, "no progress in 5 minutes"
        time.sleep(0.1)
    time.sleep(rng.uniform(0.0, 1.0))
    assert proc.poll() is None, "the ingest finished before the kill"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


def check_store(url: str) -> int:
    store = FactStore(url)  # opens: its own quick_check passes on SQLite
    try:
        if store.engine.dialect.name == "sqlite":
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        return assert_whole_or_absent(store)
    finally:
        store.close()


def revised_feed(feed: Path, path: Path) -> Path:
    """The first `REPUBLISHED` articles re-published, each with one sentence more."""
    with feed.open(encoding="utf-8") as old, path.open("w", encoding="utf-8") as new:
        for line in old.readlines()[:REPUBLISHED]:
            record = json.loads(line)
            record["text"] = f"{record['text']} {REVISED}"
            new.write(json.dumps(record) + "\n")
    return path


def test_sigkill_during_ingest_loses_nothing_half_stored(store_url: str, tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", ARTICLES)
    watcher = FactStore(store_url)  # creates the schema before the first kill, then watches
    rng = random.Random(11)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    stored_after_kills: list[int] = []
    try:
        for _ in range(3):
            kill_mid_run(store_url, feed, lambda: count(watcher), rng, env)
            stored = check_store(store_url)
            assert 0 < stored < ARTICLES  # the kill landed mid-run
            assert not stored_after_kills or stored > stored_after_kills[-1]  # each run added
            stored_after_kills.append(stored)
        done = subprocess.run(ingest_command(store_url, feed), env=env, timeout=600)
        assert done.returncode == 0
        assert check_store(store_url) == ARTICLES

        # Articles re-published with new text: killed mid-replacement, none is lost and each
        # is whole, in its old version or its new one.
        revised = revised_feed(feed, tmp_path / "revised.jsonl")

        def replaced() -> int:
            return count(watcher, lambda: Document.text.like(f"%{REVISED}"))

        kill_mid_run(store_url, revised, replaced, rng, env)
        replaced_at_kill = replaced()
        assert 0 < replaced_at_kill < REPUBLISHED
        assert check_store(store_url) == ARTICLES
        done = subprocess.run(ingest_command(store_url, revised), env=env, timeout=600)
        assert done.returncode == 0
        assert check_store(store_url) == ARTICLES and replaced() == REPUBLISHED
    finally:
        watcher.close()
    print(
        f"\ndocuments stored when each ingest was killed: {stored_after_kills}; "
        f"replaced when the re-publication was killed: {replaced_at_kill} of {REPUBLISHED}"
    )
