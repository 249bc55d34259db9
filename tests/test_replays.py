"""Replayed Slack requests are refused by every replica sharing the store.

A signed `/fact remove` captured off the wire stays valid for Slack's 5-minute window. These
tests send it to the real Bolt app on 127.0.0.1, then send the very same bytes again: to the
same app, with an unsigned `X-Slack-Retry-Num` header added, and to a second app (another
replica) over the same store, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest

from bot import messages
from bot.config import SlackSettings
from bot.core import FactDesk
from store.factstore import FactStore
from store.readers import RawArticle
from tests.chat_fixtures import Bot, slack_http_bot, slash_body, texts
from tests.conftest import create_pg_database, drop_pg_database
from tests.slack_fake import BOT_USER_ID, FakeSlack
from tests.tcp_proxy import TcpProxy

ADMIN = "U42"  # the user chat_fixtures' slash payloads come from
DOCUMENT = "riverside-fire-report"
ARTICLE = RawArticle(
    id=DOCUMENT,
    text="At least 9 people were killed in a warehouse fire in Riverside, the fire service said.",
    origin="test",
)
FORM = "application/x-www-form-urlencoded"
RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


@contextlib.asynccontextmanager
async def replica(url: str, fake: FakeSlack) -> AsyncIterator[Bot]:
    """One bot replica: its own FactStore on the shared store, its own Bolt app and port."""
    store = FactStore(url)
    try:
        settings = SlackSettings(mode="http", admins=[ADMIN])
        async with slack_http_bot(FactDesk(store), fake, settings) as bot:
            yield bot
    finally:
        store.close()


def has_document(url: str) -> bool:
    store = FactStore(url)
    try:
        return bool(store.document_figures(DOCUMENT))
    finally:
        store.close()


async def removed_once(fake: FakeSlack) -> None:
    call = await fake.wait_for(lambda c: c.kind == "response_url")
    assert f"Removed {DOCUMENT}" in texts(call.payload)
    await asyncio.sleep(0.5)  # time for a wrongly accepted replay to answer too
    assert len(fake.posts("response_url")) == 1


@pytest.mark.parametrize("extra", [{}, RETRY], ids=["as-captured", "with-unsigned-retry-header"])
async def test_a_replayed_remove_is_refused_by_the_same_replica(
    store_url: str, fake: FakeSlack, extra: dict[str, str]
) -> None:
    seeded = FactStore(store_url)
    seeded.ingest([ARTICLE])
    seeded.close()
    body = slash_body(f"remove {DOCUMENT}", "C1", fake)
    stamp = int(time.time())
    async with replica(store_url, fake) as bot:
        assert (await bot.post(body, FORM, ts=stamp)).status == 200
        await removed_once(fake)
        # The article is published again; the replay must not take it out a second time.
        again = FactStore(store_url)
        again.ingest([ARTICLE])
        again.close()
        replay = await bot.post(body, FORM, ts=stamp, headers=extra)
        assert replay.status == 401
        await asyncio.sleep(0.5)
    assert len(fake.posts("response_url")) == 1
    assert has_document(store_url)
    print(f"\nreplay: HTTP {replay.status}; removals answered: {len(fake.posts('response_url'))}")


async def test_a_replay_sent_to_another_replica_is_refused(store_url: str, fake: FakeSlack) -> None:
    seeded = FactStore(store_url)
    seeded.ingest([ARTICLE])
    seeded.close()
    body = slash_body(f"remove {DOCUMENT}", "C1", fake)
    stamp = int(time.time())
    async with replica(store_url, fake) as first, replica(store_url, fake) as second:
        assert (await first.post(body, FORM, ts=stamp)).status == 200
        await removed_once(fake)
        again = FactStore(store_url)
        again.ingest([ARTICLE])
        again.close()
        statuses = [
            (await second.post(body, FORM, ts=stamp, headers=headers)).status
            for headers in ({}, RETRY)
        ]
        assert statuses == [401, 401]
        await asyncio.sleep(0.5)
    assert len(fake.posts("response_url")) == 1
    assert has_document(store_url)
    print(f"\nreplays to the second replica: HTTP {statuses}; removals answered: 1")


async def test_a_retried_event_is_answered_once_across_replicas(
    store_url: str, fake: FakeSlack
) -> None:
    # Where Slack documents the retry header (Events API), a redelivery to another replica is
    # acknowledged with 200 and not answered twice: the event id is shared through the store.
    seeded = FactStore(store_url)
    seeded.ingest([ARTICLE])
    seeded.close()
    event = {
        "type": "app_mention",
        "user": ADMIN,
        "text": f"<@{BOT_USER_ID}> death toll Riverside?",
        "ts": "7.1",
        "channel": "C1",
    }
    stamp = int(time.time())
    async with replica(store_url, fake) as first, replica(store_url, fake) as second:
        assert (await first.event(event, "EvShared", ts=stamp)).status == 200
        retried = await second.event(event, "EvShared", ts=stamp, headers=RETRY)
        assert retried.status == 200
        await fake.wait_for(lambda c: c.name == "chat.postMessage")
        await asyncio.sleep(1.0)
    assert len(fake.posts(name="chat.postMessage")) == 1


def test_a_signature_is_forgotten_after_its_window(store_url: str) -> None:
    store = FactStore(store_url)
    try:
        assert store.first_sighting("sig:1:v0=ab", 300.0, now=1000.0)
        assert not store.first_sighting("sig:1:v0=ab", 300.0, now=1200.0)
        # Past the window Bolt refuses the stale timestamp itself; the row is pruned.
        assert store.first_sighting("sig:1:v0=ab", 300.0, now=1301.0)
        # Between two sweeps too: a key past its own window is taken afresh.
        assert store.first_sighting("event:Ev1", 10.0, now=1302.0)
        assert not store.first_sighting("event:Ev1", 10.0, now=1305.0)
        assert store.first_sighting("event:Ev1", 10.0, now=1313.0)
    finally:
        store.close()


async def test_with_the_store_down_a_replay_to_the_same_replica_is_still_refused(
    pg_admin: str, fake: FakeSlack
) -> None:
    # PostgreSQL behind a loopback proxy that the test cuts: the guard falls back to this
    # replica's memory, so the bot still acknowledges in time and still refuses the replay.
    name, url = create_pg_database(pg_admin)
    parts = urlsplit(url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    proxy.start()
    try:
        proxied = url.replace(f":{parts.port or 5432}/", f":{proxy.port}/")
        async with replica(proxied, fake) as bot:
            proxy.cut()
            body = slash_body("death toll Riverside?", "C1", fake)
            stamp = int(time.time())
            first = await bot.post(body, FORM, ts=stamp)
            replay = await bot.post(body, FORM, ts=stamp, headers=RETRY)
            assert (first.status, replay.status) == (200, 401)
            call = await fake.wait_for(lambda c: c.kind == "response_url")
            assert messages.STORE_UNAVAILABLE in texts(call.payload)
            await asyncio.sleep(0.5)
        assert len(fake.posts("response_url")) == 1
    finally:
        proxy.close()
        drop_pg_database(pg_admin, name)
