"""Answering in worker processes (bot/answering.py): the same answers as the serving process,
names this process ingests are seen by the workers at once, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from bot import messages
from bot.answering import ProcessAnswering, ThreadAnswering, answering_for
from bot.core import FactDesk
from store.factstore import FactStore
from store.readers import RawArticle


async def test_workers_answer_like_the_serving_process_and_see_its_ingests(
    empty_store: FactStore,
) -> None:
    desk = FactDesk(empty_store)
    answering = ProcessAnswering(desk, workers=1)
    try:
        await answering.warm()  # the worker loads the names of an empty store
        before = await answering.ask("how many people were killed in Harborside?")
        assert before.answer is not None and not before.answer.figures
        article = RawArticle(
            id="harbourside",
            text="At least 37 people were killed in Harbourside, the coastguard said.\n",
            origin="invented",
        )
        assert empty_store.ingest([article]).stored == 1
        # No wait for the names' time-to-live: this process changed the store, so the
        # worker's cached names are dropped with the next question.
        after = await answering.ask("how many people were killed in Harborside?")
        here = desk.ask_sync("how many people were killed in Harborside?")
        assert after.answer is not None and here.answer is not None
        assert [f.value for f in after.answer.figures] == [f.value for f in here.answer.figures]
        assert 37 in {f.value for f in after.answer.figures}
        assert (await answering.ask("   ")).message == messages.EMPTY_QUESTION
    finally:
        await asyncio.to_thread(answering.close)


def test_an_in_memory_store_or_no_workers_answers_in_threads(store: FactStore) -> None:
    memory = FactDesk(FactStore("sqlite://"))
    assert isinstance(answering_for(memory, 2), ThreadAnswering)
    assert isinstance(answering_for(FactDesk(store), 0), ThreadAnswering)
    pooled = answering_for(FactDesk(store), 2)
    try:
        assert isinstance(pooled, ProcessAnswering)
    finally:
        pooled.close()
