"""Ingest away from the conversation: extraction in a worker process stores what extraction in
this process would, reports an article it fails on by name, and a hostile page being ingested
through the bot does not hold up Slack's 3 s acknowledgements, even with a CPU hog beside it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import urllib.parse
from collections.abc import AsyncIterator, Iterator
from typing import cast

import pytest
from aiohttp import web

from bot.commands import ChatCommands
from bot.config import SlackSettings
from bot.core import FactDesk
from store.address_policy import AddressPolicy
from store.factstore import FactStore
from store.fetch import FetchSettings
from store.readers import RawArticle
from tests.chat_fixtures import Bot, slack_http_bot, slash_payload
from tests.slack_fake import FakeSlack

ADMIN = "U42"
REPORT = (
    "Flooding in Marlow forced 1\u200b250 residents from their homes, the county council said. "
    "Another 64\u00a0000 households lost power, according to the utility."
)


def article(id_: str, text: str = REPORT) -> RawArticle:
    return RawArticle(id=id_, text=text, origin=f"{id_} (test)", title="Marlow floods")


def test_an_article_ingested_in_a_worker_is_stored_as_in_this_process(
    empty_store: FactStore,
) -> None:
    apart = empty_store.ingest_in_worker([article("apart")])
    here = empty_store.ingest([article("here")])
    assert (apart.added, apart.errors) == (1, [])
    assert (here.added, here.errors) == (1, [])
    assert empty_store.document_figures("apart") == empty_store.document_figures("here")
    assert {f.value for f in empty_store.document_figures("apart")} >= {1250.0, 64000.0}


def test_citations_of_a_worker_ingest_are_exact_in_the_stored_text(
    empty_store: FactStore,
) -> None:
    empty_store.ingest_in_worker([article("marlow")])
    answer = empty_store.ask("Marlow")
    # the stored text is the article's own; its headline is kept apart and cited as such
    parts = {"body": REPORT, "title": "Marlow floods"}
    citations = [c for f in answer.figures for c in f.citations]
    assert sorted(f.value for f in answer.figures if f.value) == [1250.0, 64000.0]
    for citation in citations:
        assert citation.quote == parts[citation.part][citation.start : citation.end]
        assert "\u200b" in citation.quote or "\u00a0" in citation.quote


def test_an_article_the_worker_fails_on_is_reported_by_name_and_the_rest_stored(
    empty_store: FactStore,
) -> None:
    broken = RawArticle(id="broken", text=cast(str, None), origin="feed.jsonl:7")
    report = empty_store.ingest_in_worker([article("before"), broken, article("after")])
    assert report.added == 2
    [error] = report.errors
    assert error.where == "feed.jsonl:7" and "extraction failed" in error.reason


# ---- a hostile page through the bot ----------------------------------------------------------

# 300 kB with no sentence end and a speech verb every five characters: seconds of extraction.
HOSTILE_PAGE = (
    "<!doctype html><html><head><title>Council notes</title></head><body><article>"
    "<h1>Council notes</h1><p>" + "said " * 60_000 + "</p></article></body></html>"
)
# The page is served on loopback, which the address policy refuses unless the operator allows it.
FAST = FetchSettings(
    connect_timeout=1.0,
    read_timeout=5.0,
    total_timeout=30.0,
    min_interval=0.0,
    policy=AddressPolicy.allowing(hosts=["127.0.0.1"]),
)


@pytest.fixture
async def hostile_url() -> AsyncIterator[str]:
    async def serve(_: web.Request) -> web.Response:
        return web.Response(text=HOSTILE_PAGE, content_type="text/html", charset="utf-8")

    app = web.Application()
    app.router.add_get("/notes.html", serve)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/notes.html"
    finally:
        await runner.cleanup()


@pytest.fixture
def cpu_hog() -> Iterator[None]:
    """A CPU-bound process beside the test, as on a busy CI machine."""
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        hog.kill()
        hog.wait()


async def test_slack_acks_stay_under_three_seconds_while_a_hostile_page_is_ingested(
    store: FactStore, fake: FakeSlack, hostile_url: str, cpu_hog: None
) -> None:
    desk = FactDesk(store)
    commands = ChatCommands(desk, {"slack": [ADMIN]}, fetch_settings=FAST)
    settings = SlackSettings(mode="http", admins=[ADMIN])
    async with slack_http_bot(desk, fake, settings, commands=commands) as bot:
        add = slash_payload(f"add {hostile_url}", "C1", fake)
        add["response_url"] = fake.response_url("add")
        assert (await _timed_post(bot, add))[0] == 200

        acks: list[float] = []
        while not any(c.name == "add" for c in fake.posts("response_url")) and len(acks) < 200:
            question = slash_payload("death toll Qaryatayn?", "C1", fake)
            question["response_url"] = fake.response_url(f"q{len(acks)}")
            status, seconds = await _timed_post(bot, question)
            assert status == 200
            acks.append(seconds)
            await asyncio.sleep(0.1)
        await fake.wait_for(lambda c: c.kind == "response_url" and c.name == "add", timeout=120)

    assert len(acks) >= 3, "questions were asked while the page was being ingested"
    assert max(acks) < 3.0, f"slowest ack {max(acks):.2f} s of {len(acks)}"
    assert store.document_count() == 1, "the hostile page was stored"
    print(f"\n{len(acks)} acks while a hostile page was ingested: slowest {max(acks):.2f} s")


async def _timed_post(bot: Bot, payload: dict[str, str]) -> tuple[int, float]:
    started = time.monotonic()
    resp = await bot.post(urllib.parse.urlencode(payload), "application/x-www-form-urlencoded")
    return resp.status, time.monotonic() - started
