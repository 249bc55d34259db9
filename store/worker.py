"""Extraction in a worker process, for callers that share a process with a chat event loop.

The extraction rules are regular expressions, and `re` holds the GIL for the whole of a match:
run in a thread of the serving process, a slow document would still stall every chat
adapter. In a worker process it stalls only the worker; the calling thread waits on a future,
which releases the GIL.

Workers are started by a forkserver (never forked from the serving process, whose threads and
open sockets a fork would copy), preloaded with the extraction modules, a fixed few of them,
and restarted when one dies.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from store.errors import IngestError
from store.ingest import PreparedArticle, prepare
from store.readers import RawArticle

log = logging.getLogger(__name__)

WORKERS = 1  # a serving process ingests a page or a feed item now and then, not a corpus
IN_FLIGHT = 4  # articles handed to the workers ahead of the one being waited for


class ExtractionWorkers:
    """A small pool of extraction processes, started on first use; `close` stops it."""

    def __init__(self, workers: int = WORKERS) -> None:
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["store.ingest"])
                self._pool = ProcessPoolExecutor(self._workers, mp_context=context)
            return self._pool

    def _broken(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def prepare(self, articles: Iterable[RawArticle]) -> Iterator[PreparedArticle | IngestError]:
        """Each article prepared (metadata settled, figures extracted) in a worker, in order;
        an article whose extraction failed, or whose worker died, comes back as an error."""
        pending: deque[tuple[RawArticle, ProcessPoolExecutor, Future[PreparedArticle]]] = deque()
        source = iter(articles)
        while True:
            while len(pending) < IN_FLIGHT:
                article = next(source, None)
                if article is None:
                    break
                pending.append((article, *self._submit(article)))
            if not pending:
                return
            article, pool, future = pending.popleft()
            try:
                yield future.result()
            except BrokenProcessPool:
                self._broken(pool)  # the next article starts a new pool
                log.error("%s: the extraction worker died; not stored", article.origin)
                yield IngestError(article.origin, "extraction failed: the worker stopped")
            except Exception as exc:  # an extractor bug must not lose the rest
                yield IngestError(article.origin, f"extraction failed: {exc!r}")

    def _submit(self, article: RawArticle) -> tuple[ProcessPoolExecutor, Future[PreparedArticle]]:
        pool = self._executor()
        try:
            return pool, pool.submit(prepare, article)
        except BrokenProcessPool:
            self._broken(pool)
            pool = self._executor()
            return pool, pool.submit(prepare, article)

    def close(self) -> None:
        """Stop the workers (waiting for work in hand)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
