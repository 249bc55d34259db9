"""Answering chat questions where the work cannot starve the event loop.

An answer is CPU work (ranking, extraction of the question) that holds the GIL; answered in a
thread of the serving process it competes with the loop that must acknowledge every Slack
request within 3 s and every Discord interaction within 3 s. `ProcessAnswering` answers in a
small pool of worker processes instead, each with its own `FactStore` opened from the URL, so
the loop only sends the question and receives the reply. Workers run at a lower scheduling
priority: on a busy machine the acknowledgements win the CPU, answers wait a little.

`ThreadAnswering` keeps the old way (a thread of this process) for the CLI and for stores a
second process cannot open (an in-memory SQLite database).

Adapters need only `await answering.ask(question)`; `answering_for(desk, workers)` picks one.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import multiprocessing
import os
from typing import Protocol

from bot import logs, messages
from bot.core import FactDesk, Reply
from store.factstore import FactStore

log = logging.getLogger("factdesk.answering")

# Added to a worker's niceness: the serving process (acks, heartbeats) goes first.
WORKER_NICENESS = 10


class Answering(Protocol):
    """Something that turns a question into a reply without blocking the event loop."""

    async def ask(self, question: str) -> Reply: ...

    def close(self) -> None: ...


class ThreadAnswering:
    """Answers in a thread of this process (FactDesk.ask): fine for a CLI, not under load."""

    def __init__(self, desk: FactDesk) -> None:
        self.desk = desk

    async def ask(self, question: str) -> Reply:
        return await self.desk.ask(question)

    def close(self) -> None:
        pass


# ---- the worker side: module-level, so a spawned process can import and call it ------------

_worker_desk: FactDesk | None = None
_worker_generation = 0


def _start_worker(url: str, log_level: int) -> None:
    """Pool initializer: log as the server does, open this worker's own store, and yield the
    CPU to the server."""
    global _worker_desk
    logs.configure(log_level)
    # Not permitted, or not POSIX: the same priority as the server is still correct.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICENESS)
    _worker_desk = FactDesk(FactStore(url))
    log.info("answering worker %d ready", os.getpid())


def _worker_answer(question: str, generation: int) -> Reply:
    """Answer in the worker. `generation` is the serving process's store generation: when it
    moved on (an ingest there), this worker's cached names are stale and are dropped."""
    global _worker_generation
    desk = _worker_desk
    if desk is None:  # the initializer failed; the pool reports that as a broken pool first
        return Reply(message=messages.STORE_UNAVAILABLE)
    if generation != _worker_generation:
        desk.store.invalidate()
        _worker_generation = generation
    return desk.ask_sync(question)


def _worker_warm() -> int:
    """Load the worker's names now, so the first question does not pay for it."""
    if _worker_desk is not None:
        _worker_desk.store.known_names()
    return os.getpid()


class ProcessAnswering:
    """Answers in `workers` spawned processes over the store at `desk.store.url`.

    Spawned (not forked): a fork of a process running an event loop, threads and open database
    connections copies all three half-way. `desk` stays the serving process's store: its
    generation tells the workers when this process changed what the store holds.
    """

    def __init__(self, desk: FactDesk, workers: int) -> None:
        if workers < 1:
            raise ValueError("ProcessAnswering needs at least one worker")
        self.desk = desk
        self.workers = workers
        url = desk.store.engine.url.render_as_string(hide_password=False)
        self._pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(url, logs.current_level()),
        )

    async def warm(self) -> None:
        """Start every worker and load its names (a spawn takes a second or two)."""
        loop = asyncio.get_running_loop()
        await asyncio.gather(
            *(loop.run_in_executor(self._pool, _worker_warm) for _ in range(self.workers))
        )

    async def ask(self, question: str) -> Reply:
        if not question.strip():
            return Reply(message=messages.EMPTY_QUESTION)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(
                self._pool, _worker_answer, question, self.desk.store.generation
            )
        except concurrent.futures.BrokenExecutor:
            # A worker died (killed, out of memory): answer here rather than not at all.
            log.error("the answering workers stopped; answering %r in this process", question[:200])
            return await self.desk.ask(question)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def answering_for(desk: FactDesk, workers: int) -> Answering:
    """Worker processes when asked for and possible, else this process's threads."""
    if workers < 1 or desk.store.engine.url.database in (None, "", ":memory:"):
        if workers >= 1 and desk.store.engine.url.get_backend_name() == "sqlite":
            log.info("an in-memory store cannot be shared with workers: answering in threads")
        return ThreadAnswering(desk)
    return ProcessAnswering(desk, workers)
