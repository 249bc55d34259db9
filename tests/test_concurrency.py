"""Two ingesting processes and a stream of questions at once, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.factstore import FactStore
from tests.corpus import write_feed

pytestmark = pytest.mark.slow


def test_two_ingests_and_questions_at_once_lose_and_duplicate_nothing(
    store_url: str, tmp_path: Path
) -> None:
    # Overlapping feeds: ids 0-399 and 200-599, the overlap with identical content.
    first = write_feed(tmp_path / "a.jsonl", 400, seed=3, start=0)
    lines = first.read_text(encoding="utf-8").splitlines()
    second = tmp_path / "b.jsonl"
    extra = write_feed(tmp_path / "c.jsonl", 200, seed=5, start=400).read_text(encoding="utf-8")
    second.write_text("\n".join(lines[200:]) + "\n" + extra, encoding="utf-8")
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
    finally:
        store.close()
    print(f"\n{questions} questions answered while two processes ingested 800 articles")
