"""The desk every front end shares: a question in, an answer (or a short message when the store
fails) out, without blocking the event loop. The chat adapters reach it through the
conversation core (bot/conversation.py); `factdesk serve` makes one over the store it opens."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot import messages
from store.answer import Answer
from store.errors import StoreUnavailable
from store.factstore import FactStore

log = logging.getLogger("factdesk.core")


@dataclass(frozen=True, slots=True)
class Reply:
    """What to tell the user: an answer to render, or a plain message (help, apology)."""

    answer: Answer | None = None
    message: str | None = None


class FactDesk:
    """The façade over one store, safe to call from async adapters (work runs in a thread)."""

    def __init__(self, store: FactStore) -> None:
        self.store = store

    def ask_sync(self, question: str) -> Reply:
        if not question.strip():
            return Reply(message=messages.EMPTY_QUESTION)
        try:
            return Reply(answer=self.store.ask(question))
        except StoreUnavailable:
            log.warning("store unavailable while answering %r", question[:200], exc_info=True)
            return Reply(message=messages.STORE_UNAVAILABLE)
        except Exception:  # anything else: log it for us, apologise to the user
            log.exception("failed to answer %r", question[:200])
            return Reply(message=messages.APOLOGY)

    async def ask(self, question: str) -> Reply:
        """Answer without blocking the event loop."""
        return await asyncio.to_thread(self.ask_sync, question)
