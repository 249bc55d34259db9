"""Two ingesting processes and a stream of questions at once, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from store.factstore import FactStore
from store.models import Document
from tests.corpus import write_feed
from tests.test_crash_safety import assert_whole_or_absent

pytestmark = pytest.mark.slow
CORRECTION = "Officials later said 12 more people were injured in the same attack."


def test_two_ingests_and_questions_at_once_lose_and_duplicate_nothing(
    store_url: str, tmp_path: Path
) -> None:
    # Overlapping feeds: ids 0-399 and 200-599 (400-599 first). In the overlap the two feeds carry different
    # versions of each article (a correction), so the two writers really contend for it.
    first = write_feed(tmp_path / "a.jsonl", 400, seed=3, start=0)
    records = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    corrected = [{**r, "text": f"{r['text']} {CORRECTION}"} for r in records[200:]]
    second = tmp_path / "b.jsonl"
    extra = write_feed(tmp_path / "c.jsonl", 200, seed=5, start=400).read_text(encoding="utf-8")
    # Both feeds reach the contended ids in their second half, so the writes meet in time.
    second.write_text(extra + "".join(json.dumps(r) + "\n" for r in corrected), encoding="utf-8")
    versions = {
        r["id"]: {r["text"], c["text"]} for r, c in zip(records[200:], corrected, strict=True)
    }
    store = FactStore(store_url)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "--db", store_url, "ingest", "-q", str(feed)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for feed in (first, second)
    ]
    questions = 0
    try:
        while any(p.poll() is None for p in procs):
            answer = store.ask("how many civilians were killed in Homs?")
            assert answer.figures or answer.note
            questions += 1
            time.sleep(0.05)
        for p in procs:
            _, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            assert "could not be ingested" not in err, err
        overview = store.overview()
        assert overview.documents == 600
        # Each contended article is whole, in one version or the other, never a mixture.
        assert assert_whole_or_absent(store) == 600
        with store.sessions() as session:
            stored = dict(
                session.execute(
                    select(Document.id, Document.text).where(Document.id.in_(list(versions)))
                ).all()
            )
        assert len(stored) == 200
        # (stored with the headline as its first paragraph, so compared by ending)
        assert all(
            any(stored[doc_id].endswith(body) for body in bodies)
            for doc_id, bodies in versions.items()
        )
        corrected_kept = sum(CORRECTION in body for body in stored.values())
    finally:
        store.close()
    print(
        f"\n{questions} questions answered while two processes ingested 800 articles; "
        f"of the 200 contended, {corrected_kept} ended in the corrected version"
    )
