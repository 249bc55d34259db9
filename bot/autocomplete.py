"""Autocomplete for chat questions: the question as typed, and its last word completed to a
place or source the store knows, answered within Discord's 3 s from the first keystroke.

`NameIndex` keeps the names warm in memory: loaded in the background when the bot starts, and
again in the background after the store changes (an ingest here, or names another process
added once the store's names time-to-live has passed). Until the first load is done it answers
with the question alone; while a reload runs it answers from the names it has.

Fuzzy matching (rapidfuzz) costs ~350 ms a keystroke at 50k names and holds the GIL for the
whole of one `process.extract` call, so a call in a thread would still freeze the event loop.
It runs in a thread over chunks of names, which hands the GIL back to the loop between chunks,
and within a time budget: past it the keystroke is answered by prefix matches instead.
No chat library is imported here.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz, process

from store.factstore import VOCABULARY_TTL, FactStore

log = logging.getLogger("factdesk.autocomplete")

MAX_CHOICES = 25  # Discord's cap on autocomplete choices
MAX_CHOICE_CHARS = 100  # and on each choice's name and value
FUZZY_CUTOFF = 60
# Names scored per rapidfuzz call: ~7 ms at ~7 µs a name, so the loop waits at most that long
# for the GIL while a keystroke is matched.
CHUNK = 1000
# Seconds a keystroke may spend on fuzzy matching before prefix matches answer instead:
# Discord drops an autocomplete response after 3 s, and the reply itself needs a round trip.
ANSWER_WITHIN = 1.5


def usable_names(places: Sequence[str], sources: Sequence[str]) -> list[str]:
    """Places then sources, each once, without the empty or multi-line ones."""
    return [n for n in dict.fromkeys([*places, *sources]) if n and "\n" not in n]


def _finish(out: list[str]) -> list[str]:
    unique = [s for s in dict.fromkeys(out) if len(s) <= MAX_CHOICE_CHARS]
    return unique[:MAX_CHOICES]


def prefix_suggestions(current: str, names: Sequence[str]) -> list[str]:
    """The question as typed, then it with its last word completed by names starting with it
    (any case): cheap enough to answer a keystroke on the event loop."""
    current = current.strip()
    if not current:
        return _finish(list(names))
    head, _, last = current.rpartition(" ")
    prefix = f"{head} " if head else ""
    start = last.casefold()
    out = [current]
    for name in names:
        if name.casefold().startswith(start):
            out.append(f"{prefix}{name}")
            if len(out) > MAX_CHOICES:
                break
    return _finish(out)


def _best(query: str, names: Sequence[str], stop: threading.Event | None) -> list[str]:
    """The MAX_CHOICES names most like `query`, chunk by chunk (see the module docstring)."""
    scored: list[tuple[float, int, str]] = []
    for offset in range(0, len(names), CHUNK):
        if stop is not None and stop.is_set():
            break
        chunk = names[offset : offset + CHUNK]
        for name, score, index in process.extract(
            query, chunk, scorer=fuzz.WRatio, limit=MAX_CHOICES, score_cutoff=FUZZY_CUTOFF
        ):
            scored.append((-score, offset + index, name))
    scored.sort()
    return [name for _, _, name in scored[:MAX_CHOICES]]


def fuzzy_suggestions(
    current: str, names: Sequence[str], stop: threading.Event | None = None
) -> list[str]:
    """The question as typed, names like the whole question, then the question with its last
    word replaced by names like that word. `stop` ends the work early (the budget ran out)."""
    current = current.strip()
    if not current:
        return _finish(list(names))
    head, _, last = current.rpartition(" ")
    out = [current]
    for query, prefix in ((current, ""), (last, f"{head} " if head else "")):
        out.extend(f"{prefix}{name}" for name in _best(query, names, stop))
    return _finish(out)


def suggest(current: str, places: Sequence[str], sources: Sequence[str]) -> list[str]:
    """Autocomplete over the given names, fuzzily (for callers that hold the names)."""
    return fuzzy_suggestions(current, usable_names(places, sources))


class NameIndex:
    """The store's places and sources, warm in memory, for answering keystrokes in time."""

    def __init__(
        self,
        store: FactStore,
        *,
        budget: float = ANSWER_WITHIN,
        load: Callable[[], tuple[list[str], list[str]]] | None = None,
    ) -> None:
        self.store = store
        self.budget = budget
        self._load = load or store.known_names
        self.names: list[str] = []
        self.ready = asyncio.Event()  # set once the first load is done
        self._generation = -1  # the store generation `names` were loaded at
        self._loaded_at = 0.0
        self._loading: asyncio.Task[None] | None = None

    def refresh(self) -> asyncio.Task[None]:
        """Reload the names in the background (one load at a time); the task doing it."""
        if self._loading is None or self._loading.done():
            self._loading = asyncio.create_task(self._reload())
        return self._loading

    async def _reload(self) -> None:
        generation = self.store.generation  # read first: a change during the load reloads
        try:
            places, sources = await asyncio.to_thread(self._load)
        except Exception:  # the store is down: keep what we have, try at the next keystroke
            log.warning("autocomplete: cannot read the known names", exc_info=True)
            return
        names = await asyncio.to_thread(usable_names, places, sources)
        self.names, self._generation = names, generation
        self._loaded_at = time.monotonic()
        self.ready.set()
        log.info("autocomplete: %d names", len(names))

    def _stale(self) -> bool:
        return (
            self._generation != self.store.generation
            or time.monotonic() - self._loaded_at > VOCABULARY_TTL
        )

    async def suggest(self, current: str) -> list[str]:
        """Choices for `current`, within the budget, whatever state the names are in."""
        if self._stale():
            self.refresh()  # answered from the names at hand meanwhile
        names = self.names
        if not names:
            return prefix_suggestions(current, names)
        stop = threading.Event()
        work = asyncio.ensure_future(asyncio.to_thread(fuzzy_suggestions, current, names, stop))
        try:
            return await asyncio.wait_for(asyncio.shield(work), self.budget)
        except TimeoutError:
            stop.set()  # the thread stops at its next chunk
            log.info("autocomplete: fuzzy matching ran out of time; prefix matches instead")
            return prefix_suggestions(current, names)

    async def close(self) -> None:
        """Stop a load in progress (at shutdown)."""
        if self._loading is not None:
            self._loading.cancel()
