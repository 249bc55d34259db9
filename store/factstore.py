"""The façade every adapter uses: open a store, ingest, ask, list what it holds."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from store import chatstate, digests
from store.answer import Answer
from store.chatstate import Snapshot
from store.db import default_url, open_engine
from store.errors import IngestError, StoreUnavailable
from store.explain import FigureExplanation, explain_article, stored_article
from store.figure import Statement, from_row
from store.ingest import IngestReport, ingest_articles
from store.models import Document, Figure, SeenRequest, Source
from store.query import answer_question
from store.readers import DEFAULT_MAX_BYTES, RawArticle, read_paths
from store.redact import hide_secrets, redact_url
from store.vocabulary import Vocabulary, names_fingerprint
from store.worker import ExtractionWorkers

_T = TypeVar("_T")

VOCABULARY_TTL = 30.0  # seconds before names ingested by another process are seen
PRUNE_EVERY = 60.0  # seconds between sweeps of expired request signatures


@dataclass(frozen=True, slots=True)
class OutletCount:
    outlet: str
    documents: int


@dataclass(frozen=True, slots=True)
class StoreOverview:
    """What the store holds."""

    documents: int
    figures: int
    outlets: tuple[OutletCount, ...]
    sources: tuple[tuple[str, int], ...]  # (source, figures) most cited first
    places: tuple[tuple[str, int], ...]  # (main place, documents)


class FactStore:
    """One fact store (SQLite file or PostgreSQL database) and the operations on it."""

    def __init__(self, url: str | None = None) -> None:
        self.engines = open_engine(url)
        self.engine = self.engines.engine
        self.sessions = self.engines.sessions
        self.write_sessions = self.engines.write_sessions
        self._vocab: Vocabulary | None = None
        self._vocab_at = 0.0
        self._generation = 0  # bumped by invalidate(): a reload begun before it is stale
        self._refreshing = False
        self._lock = threading.Lock()
        self._workers = ExtractionWorkers()
        self._pruned_at = -1e18  # when expired request signatures were last swept
        self._swept_at = -chatstate.SWEEP_SECONDS  # the first save sweeps

    @property
    def url(self) -> str:
        """The store's URL, fit to show: password and secret parameters hidden."""
        return redact_url(self.engine.url.render_as_string(hide_password=False))

    def _hidden(self, text: str) -> str:
        return hide_secrets(text, self.engine.url.render_as_string(hide_password=False))

    @property
    def generation(self) -> int:
        """Bumped each time this process changes what the store holds (ingest, remove): a
        cache of names made at another generation is stale."""
        return self._generation

    def close(self) -> None:
        self._workers.close()
        self.engines.dispose()

    def _load_vocabulary(self) -> Vocabulary:
        with self.sessions() as session:
            return Vocabulary(session)

    def _vocabulary(self) -> Vocabulary:
        """The cached names; past their TTL they are reloaded in the background.

        Loading takes seconds at 100k articles (benchmarks: docs/benchmark.md); done inline,
        one question every TTL paid for it. Names another process added can wait for the
        reload; names this process added cannot, so `invalidate` makes the next question wait.
        """
        with self._lock:
            vocab = self._vocab
            if vocab is None:
                vocab = self._load_vocabulary()
                self._vocab, self._vocab_at = vocab, time.monotonic()
            elif time.monotonic() - self._vocab_at > VOCABULARY_TTL and not self._refreshing:
                self._refreshing = True
                threading.Thread(
                    target=self._refresh, args=(self._generation,), daemon=True
                ).start()
            return vocab

    def _refresh(self, generation: int) -> None:
        try:
            with self.sessions() as session:
                unchanged = (
                    names_fingerprint(session) == self._vocab.fingerprint if self._vocab else False
                )
            # Rebuilding takes seconds of CPU at 100k articles, and in a serving process it
            # competes with the questions being answered: only when the names changed.
            vocab = self._vocab if unchanged else self._load_vocabulary()
        except SQLAlchemyError:
            vocab = None  # the next question past the TTL tries again
        with self._lock:
            self._refreshing = False
            # An invalidate() during the load means the load may predate this process's own
            # writes: drop it, the next question loads afresh.
            if vocab is not None and generation == self._generation:
                self._vocab, self._vocab_at = vocab, time.monotonic()
            elif vocab is None:
                self._vocab_at = time.monotonic()

    def invalidate(self) -> None:
        """Forget cached names (after this process changed the store)."""
        with self._lock:
            self._vocab = None
            self._generation += 1

    def ask(self, question: str) -> Answer:
        """Every sourced figure that answers `question`."""
        try:
            vocab = self._vocabulary()
            with self.sessions() as session:
                return answer_question(session, vocab, question)
        except OperationalError as exc:
            raise StoreUnavailable(
                self._hidden(f"the fact store is unavailable: {exc.orig}")
            ) from exc
        except SQLAlchemyError as exc:
            raise StoreUnavailable(self._hidden(f"the fact store failed: {exc}")) from exc

    def ingest(
        self,
        items: Iterable[RawArticle | IngestError],
        *,
        jobs: int = 1,
        on_progress: Callable[[int], None] | None = None,
    ) -> IngestReport:
        """Store articles (idempotent; each document whole or not at all)."""
        try:
            return ingest_articles(self.write_sessions, items, jobs=jobs, on_progress=on_progress)
        finally:
            self.invalidate()

    def ingest_in_worker(self, items: Iterable[RawArticle | IngestError]) -> IngestReport:
        """As `ingest`, with extraction in a worker process: for callers that share this
        process with a chat event loop (a fetched page, a feed item, a dropped file), which
        then never waits on an extraction rule."""
        try:
            return ingest_articles(self.write_sessions, items, prepared_by=self._workers.prepare)
        finally:
            self.invalidate()

    def ingest_paths(
        self,
        paths: Iterable[Path],
        *,
        jobs: int = 1,
        max_bytes: int = DEFAULT_MAX_BYTES,
        on_progress: Callable[[int], None] | None = None,
    ) -> IngestReport:
        return self.ingest(read_paths(paths, max_bytes), jobs=jobs, on_progress=on_progress)

    def remove(self, document_id: str) -> bool:
        """Remove a document and its figures; False when there was none."""
        with self.write_sessions.begin() as session:
            result = session.execute(delete(Document).where(Document.id == document_id))
            removed = bool(getattr(result, "rowcount", 0))
        self.invalidate()
        return removed

    def first_sighting(self, key: str, keep_for: float, *, now: float | None = None) -> bool:
        """Record `key` (a request signature, an event id) for `keep_for` seconds: True the
        first time it is seen by any process on this store, False for a repeat.

        The unique constraint decides, so two replicas racing on one replayed request cannot
        both accept it. This runs before every Slack acknowledgement, so it is one statement
        (an insert that does nothing on a conflict); expired keys are pruned at most every
        `PRUNE_EVERY` seconds, and always before a repeat is declared, so a key past its
        window is never refused."""
        moment = time.time() if now is None else now
        row = {"key": key[:200], "expires_at": moment + keep_for}
        dialect = self.engine.dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            insert(SeenRequest).values(row).on_conflict_do_nothing().returning(SeenRequest.id)
        )
        try:
            with self.engines.write_engine.begin() as conn:  # Core, not the ORM: on the ack path
                if moment - self._pruned_at > PRUNE_EVERY:
                    conn.execute(delete(SeenRequest).where(SeenRequest.expires_at < moment))
                    self._pruned_at = moment
                if conn.execute(statement).scalar_one_or_none() is not None:
                    return True
                expired = conn.execute(
                    delete(SeenRequest)
                    .where(SeenRequest.key == row["key"], SeenRequest.expires_at < moment)
                    .returning(SeenRequest.id)
                ).first()
                if expired is None:
                    return False
                return conn.execute(statement).scalar_one_or_none() is not None
        except SQLAlchemyError as exc:
            raise StoreUnavailable(f"cannot record a request: {exc.__class__.__name__}") from exc

    def document_count(self) -> int:
        try:
            with self.sessions() as session:
                return int(session.scalar(select(func.count()).select_from(Document)) or 0)
        except SQLAlchemyError as exc:
            raise StoreUnavailable(self._hidden(f"the fact store is unavailable: {exc}")) from exc

    def overview(self, limit: int = 10) -> StoreOverview:
        """Documents, outlets, figure counts and the most cited sources."""
        try:
            with self.sessions() as session:
                documents = int(session.scalar(select(func.count()).select_from(Document)) or 0)
                figures = int(session.scalar(select(func.count()).select_from(Figure)) or 0)
                outlets = session.execute(
                    select(Document.outlet, func.count())
                    .group_by(Document.outlet)
                    .order_by(func.count().desc(), Document.outlet)
                    .limit(limit)
                ).all()
                sources = session.execute(
                    select(Source.name, func.count(Figure.id))
                    .join(Figure, Figure.source_id == Source.id)
                    .group_by(Source.name)
                    .order_by(func.count(Figure.id).desc(), Source.name)
                    .limit(limit)
                ).all()
                places = session.execute(
                    select(Document.main_place, func.count())
                    .where(Document.main_place.is_not(None))
                    .group_by(Document.main_place)
                    .order_by(func.count().desc())
                    .limit(limit)
                ).all()
        except SQLAlchemyError as exc:
            raise StoreUnavailable(self._hidden(f"the fact store is unavailable: {exc}")) from exc
        return StoreOverview(
            documents=documents,
            figures=figures,
            outlets=tuple(OutletCount(o or "(unknown)", int(n)) for o, n in outlets),
            sources=tuple((str(s), int(n)) for s, n in sources),
            places=tuple((str(p), int(n)) for p, n in places),
        )

    def document_figures(self, document_id: str) -> list[Statement]:
        """What the figures stored for one document say, most salient first (empty when
        none): what a chat "added this link" reply lists."""
        try:
            with self.sessions() as session:
                rows = session.execute(
                    select(Figure, Source.name)
                    .outerjoin(Source, Figure.source_id == Source.id)
                    .where(Figure.document_id == document_id)
                    .order_by(Figure.salience.desc(), Figure.start)
                ).all()
                return [from_row(f, s) for f, s in rows]
        except SQLAlchemyError as exc:
            raise StoreUnavailable(self._hidden(f"the fact store is unavailable: {exc}")) from exc

    def explain(self, document_id: str) -> list[FigureExplanation] | None:
        """Each figure of a stored document with the rule and words that produced it; None
        when the store has no such document."""
        try:
            with self.sessions() as session:
                article = stored_article(session, document_id)
        except SQLAlchemyError as exc:
            raise StoreUnavailable(f"the fact store is unavailable: {exc}") from exc
        return explain_article(article) if article is not None else None

    def recent_documents(self, limit: int = 5) -> list[RecentDocument]:
        """The newest articles (by publication date, then ingest time), for a chat home page."""
        try:
            with self.sessions() as session:
                rows = session.execute(
                    select(
                        Document.id,
                        Document.title,
                        Document.outlet,
                        Document.published,
                        Document.url,
                    )
                    .order_by(Document.published.desc().nulls_last(), Document.id)
                    .limit(limit)
                ).all()
        except SQLAlchemyError as exc:
            raise StoreUnavailable(f"the fact store is unavailable: {exc}") from exc
        return [RecentDocument(*row) for row in rows]

    # -- what the chat bots keep: subscriptions, digest runs, reply snapshots, state --------
    # (store/digests.py and store/chatstate.py hold the rules; these open the sessions)

    def _read(self, work: Callable[[Session], _T]) -> _T:
        try:
            with self.sessions() as session:
                return work(session)
        except SQLAlchemyError as exc:
            raise StoreUnavailable(f"the fact store is unavailable: {exc}") from exc

    def _write(self, work: Callable[[Session], _T]) -> _T:
        try:
            with self.write_sessions() as session:
                return work(session)
        except SQLAlchemyError as exc:
            raise StoreUnavailable(f"the fact store is unavailable: {exc}") from exc

    def add_subscription(self, sub: digests.SubscriptionInfo) -> bool:
        """Store a chat subscription; False when its id is taken."""
        return self._write(lambda s: digests.add_subscription(s, sub))

    def remove_subscription(self, subscription_id: str) -> bool:
        """Remove a chat subscription; False when there was none."""
        return self._write(lambda s: digests.remove_subscription(s, subscription_id))

    def subscriptions(
        self, platform: str | None = None, channels: Sequence[str] | None = None
    ) -> list[digests.SubscriptionInfo]:
        """Chat subscriptions by id; optionally one platform's, or only some channels'."""
        return self._read(lambda s: digests.list_subscriptions(s, platform, channels))

    def claim_digest_run(
        self,
        digest_id: str,
        fire_time: dt.datetime,
        *,
        stale_after: dt.timedelta = digests.STALE_CLAIM,
    ) -> bool:
        """Claim one digest run before posting; False when it is taken (a stale claim is
        taken over once)."""
        return self._write(
            lambda s: digests.claim_run(s, digest_id, fire_time, stale_after=stale_after)
        )

    def mark_digest_run(
        self, digest_id: str, fire_time: dt.datetime, status: str, detail: str | None = None
    ) -> None:
        """Record how a claimed run ended: posted, failed (with why) or skipped."""
        self._write(lambda s: digests.mark_run(s, digest_id, fire_time, status, detail))

    def digest_run_status(self, digest_id: str, fire_time: dt.datetime) -> str | None:
        """A run's status, or None when nobody has claimed it."""
        return self._read(lambda s: digests.run_status(s, digest_id, fire_time))

    def last_posted_fire_time(
        self, digest_id: str, before: dt.datetime | None = None
    ) -> dt.datetime | None:
        """The latest fire time (before `before`) the digest was posted, or found empty, for."""
        return self._read(lambda s: digests.last_posted_fire_time(s, digest_id, before))

    def digest_content(
        self, question: str, since: dt.datetime, until: dt.datetime, max_items: int = 10
    ) -> digests.DigestContent:
        """What a digest of `question` says for articles ingested in (since, until]."""
        try:
            return digests.digest_content(self, question, since, until, max_items)
        except SQLAlchemyError as exc:
            raise StoreUnavailable(f"the fact store is unavailable: {exc}") from exc

    def save_snapshot(self, key: str, platform: str, payload: dict[str, Any]) -> None:
        """Keep a rendered chat reply under `key` (see store/chatstate.py). Expired ones are
        swept at most every SWEEP_SECONDS: a delete on every save doubled a save's time."""
        now = time.monotonic()
        sweep = now - self._swept_at > chatstate.SWEEP_SECONDS
        if sweep:
            self._swept_at = now
        self._write(lambda s: chatstate.save_snapshot(s, key, platform, payload, sweep=sweep))

    def snapshot(self, key: str) -> Snapshot | None:
        """The kept reply under `key`, or None when there is none."""
        return self._read(lambda s: chatstate.load_snapshot(s, key))

    def claim_share(self, key: str, user: str) -> bool:
        """Mark a snapshot shared; False when someone shared it already."""
        return self._write(lambda s: chatstate.claim_share(s, key, user))

    def state(self, name: str) -> str | None:
        """A named value the bots keep across restarts (e.g. the command hash), or None."""
        return self._read(lambda s: chatstate.get_state(s, name))

    def set_state(self, name: str, value: str) -> None:
        """Keep a named value across restarts."""
        self._write(lambda s: chatstate.set_state(s, name, value))

    def known_names(self) -> tuple[list[str], list[str]]:
        """Places and sources the store knows, for autocomplete."""
        vocab = self._vocabulary()
        return sorted(set(vocab.place_names.values())), sorted(set(vocab.source_rows.values()))


@dataclass(frozen=True, slots=True)
class RecentDocument:
    """An article as a chat home page lists it: title, outlet, date, link."""

    id: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    url: str | None


def open_store(url: str | None = None) -> FactStore:
    """Open the store at `url` (default: FACTDESK_DB, else the per-user SQLite file)."""
    try:
        return FactStore(url)
    except StoreUnavailable:
        raise
    except SQLAlchemyError as exc:
        shown = hide_secrets(f"cannot open the fact store: {exc}", url or default_url())
        raise StoreUnavailable(shown) from exc
