"""The measurements: building a store, the question mix, latency of factdesk against the bare
full-text floor and a naive LIKE scan, the Slack path, RSS, cold start and size on disk."""

from __future__ import annotations

import asyncio
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from benchmarks.corpus import articles, load_base, word_count
from store.factstore import FactStore, open_store

ROOT = Path(__file__).resolve().parent.parent
# Words a bare lookup leaves out, as a search box would: question words and glue.
_STOP = frozenset(
    """a an the of in on at to for from by with and or how many much what who were was is are
    did do does people according said says there""".split()
)

COLUMNS = [
    "backend",
    "articles",
    "questions",
    "ingest_1_aps",
    "ingest_1_wps",
    "ingest_n_aps",
    "ingest_n_wps",
    "jobs",
    "q_p50_ms",
    "q_p95_ms",
    "q_p99_ms",
    "floor_p50_ms",
    "floor_p99_ms",
    "like_p50_ms",
    "like_p99_ms",
    "p50_vs_floor",
    "slack_p50_ms",
    "slack_p99_ms",
    "ack_p50_ms",
    "ack_p99_ms",
    "ack_max_ms",
    "rss_mb",
    "bytes_per_article",
    "cold_start_s",
]


@dataclass
class Row:
    """One line of the table: one backend at one size. Times in ms unless named otherwise."""

    backend: str
    articles: int
    questions: int = 0
    ingest_1_aps: float = 0.0
    ingest_1_wps: float = 0.0
    ingest_n_aps: float = 0.0
    ingest_n_wps: float = 0.0
    jobs: int = 2
    q_p50_ms: float = 0.0
    q_p95_ms: float = 0.0
    q_p99_ms: float = 0.0
    floor_p50_ms: float = 0.0
    floor_p99_ms: float = 0.0
    like_p50_ms: float = 0.0
    like_p99_ms: float = 0.0
    p50_vs_floor: float = 0.0
    slack_p50_ms: float = 0.0
    slack_p99_ms: float = 0.0
    ack_p50_ms: float = 0.0
    ack_p99_ms: float = 0.0
    ack_max_ms: float = 0.0
    rss_mb: float = 0.0
    bytes_per_article: float = 0.0
    cold_start_s: float = 0.0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: with 50-300 samples p99 is the slowest or next to it, honestly."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


# ---- stores ----------------------------------------------------------------------------------


@dataclass
class Target:
    """Where a store lives: its URL, and how to clean it up."""

    url: str
    backend: str
    drop: Callable[[], None]
    path: Path | None = None  # the SQLite file


def _pg_admin(url: str) -> Engine:
    from sqlalchemy import create_engine

    return create_engine(url, isolation_level="AUTOCOMMIT")


def make_target(db: str | None, name: str, reuse: Path | None) -> Target:
    """A fresh store (or a reused one) named `name` on the backend `db` (None: SQLite)."""
    if db is None or db.startswith("sqlite"):
        folder = reuse or Path(tempfile.mkdtemp(prefix="factdesk-bench-"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.db"

        def drop_file() -> None:
            if reuse is None:
                shutil.rmtree(folder, ignore_errors=True)  # the temp folder is ours alone

        return Target(f"sqlite:///{path}", "sqlite", drop_file, path)
    admin = _pg_admin(db)
    dbname = f"factdesk_bench_{name}" if reuse else f"factdesk_bench_{name}_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": dbname})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{dbname}"'))
    url = make_url(db).set(database=dbname).render_as_string(hide_password=False)

    def drop_db() -> None:
        if reuse is None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
        admin.dispose()

    return Target(url, "postgresql", drop_db)


def build(
    store: FactStore,
    corpus: Path | None,
    size: int,
    jobs: int,
    log: Callable[[str], None],
    *,
    clone: bool = False,
) -> tuple[float, int, int]:
    """Fill `store` up to `size` articles; (seconds, words, articles) ingested to get there.

    `clone`: ingest one copy of the corpus only, then copy rows in SQL up to `size`."""
    from benchmarks.clone import clone_to

    base = load_base(corpus, min(size, 1251) if corpus is None else size)
    have = store.document_count()
    if have >= size:
        return 0.0, 0, 0
    if clone and size > len(base):
        ingested = build(store, corpus, len(base), jobs, log) if have < len(base) else (0.0, 0, 0)
        log(f"  cloning to {size} articles in SQL")
        clone_to(store, size, log)
        return ingested
    main_places: dict[str, str | None] = {}
    seconds, words = 0.0, 0
    # The first copy goes in alone: its main places (found by the extractor) name the places
    # the later copies rename.
    first = min(size, len(base))
    chunk = 5000  # progress and the place lookup between chunks
    start = have
    while start < size:
        stop = min(size, first if start < first else start + chunk)
        if start >= first and not main_places:
            with store.sessions() as s:
                main_places = {
                    str(i): (str(p) if p else None)
                    for i, p in s.execute(text("SELECT id, main_place FROM documents")).all()
                    if "~" not in str(i)
                }
        items = list(articles(base, start, stop, main_places))
        t0 = time.perf_counter()
        report = store.ingest(items, jobs=jobs)
        seconds += time.perf_counter() - t0
        words += word_count(items)
        if report.errors:
            log(f"  {len(report.errors)} ingest errors, e.g. {report.errors[0]}")
        log(f"  {stop}/{size} articles, {stop / max(seconds, 1e-9):.0f}/s so far")
        start = stop
    return seconds, words, size - have


def ingest_rate(
    db: str | None, corpus: Path | None, count: int, jobs: int, log: Callable[[str], None]
) -> tuple[float, float]:
    """(articles/s, words/s) ingesting `count` articles into an empty throwaway store."""
    target = make_target(db, f"ingest{jobs}", None)
    try:
        store = open_store(target.url)
        try:
            seconds, words, _ = build(store, corpus, count, jobs, lambda _m: None)
        finally:
            store.close()
    finally:
        target.drop()
    log(f"  ingest jobs={jobs}: {count / seconds:.1f} articles/s")
    return count / seconds, words / seconds


def size_on_disk(store: FactStore, target: Target) -> int:
    if target.path is not None:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(
            Path(f"{target.path}{s}").stat().st_size
            for s in ("", "-wal", "-shm")
            if Path(f"{target.path}{s}").exists()
        )
    with store.engine.connect() as conn:
        return int(conn.scalar(text("SELECT pg_database_size(current_database())")) or 0)


# ---- the question mix ------------------------------------------------------------------------


def misspell(place: str) -> str:
    """A typo a reader makes: two letters swapped in the middle of the place's longest word."""
    words = place.split(" ")
    if len(words) > 1:
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        words[longest] = misspell(words[longest])
        return " ".join(words)
    word = place
    if len(word) < 4:
        return word + word[-1]
    i = len(word) // 2
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def question_mix(store: FactStore, n: int) -> list[str]:
    """`n` questions: place, category, source and misspelt-place ones, in a fixed rotation.

    Places are the store's most frequent main places and sources its most cited, ties broken by
    name, so the same store gives the same mix."""
    with store.sessions() as s:
        places = [
            str(r[0])
            for r in s.execute(
                text(
                    "SELECT main_place, count(*) AS c FROM documents WHERE main_place IS NOT NULL "
                    "GROUP BY main_place ORDER BY c DESC, main_place LIMIT :n"
                ),
                {"n": n},
            ).all()
        ]
        sources = [
            str(r[0])
            for r in s.execute(
                text(
                    "SELECT s.name, count(*) AS c FROM figures f JOIN sources s ON s.id = f.source_id "
                    "GROUP BY s.name ORDER BY c DESC, s.name LIMIT :n"
                ),
                {"n": n},
            ).all()
        ]
    places = places or ["Springfield"]
    sources = sources or ["police"]
    place_q = [
        "how many people were killed in {}?",
        "how many were injured in {}?",
        "death toll in {}",
        "how many people were shot in {}?",
    ]
    category_q = [
        "how many people were killed?",
        "how many were wounded?",
        "how many people were arrested?",
        "how many people died?",
        "how many shootings this year?",
    ]
    source_q = ["how many killed according to {}?", "how many injured according to {}?"]
    misspelt_q = ["how many killed in {}?", "shootings in {}"]
    out: list[str] = []
    i = 0
    while len(out) < n:
        kind = i % 8  # 3 place : 1 category : 2 source : 2 misspelt
        j = i // 8
        if kind in (0, 1, 2):
            out.append(place_q[(i + j) % len(place_q)].format(places[(3 * j + kind) % len(places)]))
        elif kind == 3:
            out.append(category_q[j % len(category_q)])
        elif kind in (4, 5):
            out.append(source_q[kind - 4].format(sources[(2 * j + kind - 4) % len(sources)]))
        else:
            place = places[(2 * j + kind - 6) % len(places)]
            out.append(misspelt_q[kind - 6].format(misspell(place)))
        i += 1
    return out


def content_words(question: str) -> list[str]:
    words = [w.lower() for w in re.findall(r"\w+", question)]
    return [w for w in words if len(w) > 1 and w not in _STOP]


# ---- latency ---------------------------------------------------------------------------------


def time_each(fn: Callable[[str], object], questions: Sequence[str], repeats: int) -> list[float]:
    """Milliseconds per call, after one warm-up pass (caches, SQLite pages, vocabulary)."""
    for q in questions:
        fn(q)
    times: list[float] = []
    for _ in range(repeats):
        for q in questions:
            t0 = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t0) * 1000)
    return times


def floor_lookup(store: FactStore) -> Callable[[str], object]:
    """The floor: a bare full-text lookup of the question's words, sentence ids only.

    Every word must match (AND: what a search box does), quoted as fts_sentence_ids quotes
    user text, capped at 5,000 rows like factdesk's candidate limit."""
    sqlite = store.engine.dialect.name == "sqlite"

    def run(question: str) -> object:
        words = content_words(question)
        if not words:
            return []
        with store.engine.connect() as conn:
            if sqlite:
                match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
                sql = "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH :m LIMIT 5000"
                return conn.execute(text(sql), {"m": match}).all()
            query = " & ".join(re.sub(r"[^\w]", "", w) for w in words)
            sql = "SELECT id FROM sentences WHERE tsv @@ to_tsquery('english', :m) LIMIT 5000"
            return conn.execute(text(sql), {"m": query}).all()

    return run


def like_scan(store: FactStore) -> Callable[[str], object]:
    """The naive way: every word as LIKE '%word%' over every sentence (a full scan)."""
    op = "LIKE" if store.engine.dialect.name == "sqlite" else "ILIKE"

    def run(question: str) -> object:
        words = content_words(question)
        if not words:
            return []
        where = " AND ".join(f"text {op} :w{i}" for i in range(len(words)))
        params = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
        with store.engine.connect() as conn:
            return conn.execute(
                text(f"SELECT id FROM sentences WHERE {where} LIMIT 5000"), params
            ).all()

    return run


# ---- the Slack path --------------------------------------------------------------------------


async def _slack_latencies(store: FactStore, questions: Sequence[str], repeats: int) -> list[float]:
    import aiohttp
    from aiohttp import web
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.config import SlackSettings
    from bot.core import FactDesk
    from bot.slack import EVENTS_PATH, build_slack_app, start_http
    from tests.slack_fake import FakeSlack
    from tests.slack_load_client import SIGNING_SECRET, signed_body

    class TimedSlack(FakeSlack):
        """The fake Slack, resolving a future when an answer is posted (no polling delay)."""

        waiting: dict[str, asyncio.Future[float]]

        async def _response_url(self, request: web.Request) -> web.Response:
            resp = await super()._response_url(request)
            future = self.waiting.pop(request.match_info["name"], None)
            if future is not None and not future.done():
                future.set_result(time.perf_counter())
            return resp

    fake = TimedSlack()
    fake.waiting = {}
    await fake.start()
    client = AsyncWebClient(token="xoxb-bench", base_url=fake.api_url)
    app = build_slack_app(
        FactDesk(store),
        SlackSettings(mode="http"),
        token="xoxb-bench",
        signing_secret=SIGNING_SECRET,
        client=client,
    )
    runner = await start_http(app, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{runner.addresses[0][1]}{EVENTS_PATH}"
    loop = asyncio.get_running_loop()
    times: list[float] = []
    try:
        async with aiohttp.ClientSession() as session:
            for n in range(repeats + 1):  # pass 0 warms up
                for i, question in enumerate(questions):
                    name = f"q{n}-{i}"
                    future: asyncio.Future[float] = loop.create_future()
                    fake.waiting[name] = future
                    t0 = time.perf_counter()
                    # Signed like Slack signs, at send time: the path includes verification.
                    body, headers = signed_body(question, fake.response_url(name))
                    async with session.post(url, data=body, headers=headers) as resp:
                        await resp.read()
                        if resp.status != 200:
                            raise RuntimeError(f"the Slack endpoint answered {resp.status}")
                    done = await asyncio.wait_for(future, timeout=30)
                    if n:
                        times.append((done - t0) * 1000)
    finally:
        await runner.cleanup()
        await fake.stop()
    return times


def slack_latencies(store: FactStore, questions: Sequence[str], repeats: int) -> list[float]:
    """Milliseconds from a signed /fact request sent to its answer posted to response_url."""
    return asyncio.run(_slack_latencies(store, questions, repeats))


# ---- fresh processes -------------------------------------------------------------------------


def _env() -> dict[str, str]:
    # The package is installed editable from another checkout: put this one first.
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def serving_rss_mb(url: str, questions: Sequence[str]) -> float:
    """Peak RSS (MB) of a fresh process that opens the store and answers the whole mix."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(list(questions), f)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks", "probe", "--db", url, "--questions", f.name],
            capture_output=True,
            text=True,
            env=_env(),
            check=True,
            timeout=600,
        )
    finally:
        Path(f.name).unlink(missing_ok=True)
    return float(json.loads(out.stdout.strip().splitlines()[-1])["peak_rss_mb"])


def probe(url: str, questions_file: Path) -> dict[str, float]:
    """Run in the subprocess: answer every question, then report this process's peak RSS."""
    import resource

    questions = json.loads(questions_file.read_text(encoding="utf-8"))
    store = open_store(url)
    for q in questions:
        store.ask(q)
    # ru_maxrss is in KiB on Linux; VmHWM says the same and is read as a cross-check.
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"peak_rss_mb": peak_kib / 1024, "questions": float(len(questions))}


def cold_start_s(url: str, question: str, runs: int = 3) -> float:
    """Median wall time of `factdesk --db URL ask QUESTION` in a fresh process."""
    script = Path(sys.executable).with_name("factdesk")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [*cmd, "--db", url, "ask", question],
            capture_output=True,
            env=_env(),
            check=True,
            timeout=120,
        )
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
