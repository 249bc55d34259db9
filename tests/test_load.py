"""Load: 200 concurrent signed /fact requests against the Slack HTTP adapter on 127.0.0.1.
Bounded and self-stopping; every request is acknowledged within Slack's 3 s and answered."""

from __future__ import annotations

import asyncio
import statistics
import time
import urllib.parse

import pytest

from tests.chat_fixtures import Bot, slash_payload

pytestmark = pytest.mark.slow
REQUESTS = 200
QUESTIONS = [
    "death toll Qaryatayn?",
    "how many militants fled Qaryatayn?",
    "population of Qaryatayn",
    "SOHR figures on deaths in Qaryatayn",
    "civilians killed by regime forces in Qaryatayn",
]


async def test_two_hundred_concurrent_slash_commands_are_acked_and_answered(bot: Bot) -> None:
    async def one(i: int) -> tuple[int, float]:
        payload = slash_payload(QUESTIONS[i % len(QUESTIONS)], "C1", bot.fake)
        payload["response_url"] = bot.fake.response_url(f"load{i}")
        start = time.monotonic()
        resp = await bot.post(urllib.parse.urlencode(payload), "application/x-www-form-urlencoded")
        return resp.status, time.monotonic() - start

    results = await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(REQUESTS))), timeout=60)
    statuses = [s for s, _ in results]
    acks = sorted(t for _, t in results)
    assert statuses == [200] * REQUESTS
    assert acks[-1] < 3.0, f"slowest ack {acks[-1]:.2f}s"

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        answered = {c.name for c in bot.fake.posts("response_url") if c.name.startswith("load")}
        if len(answered) == REQUESTS:
            break
        await asyncio.sleep(0.2)
    answered_calls = [c for c in bot.fake.posts("response_url") if c.name.startswith("load")]
    assert len({c.name for c in answered_calls}) == REQUESTS
    assert all("blocks" in c.payload for c in answered_calls)
    p99 = acks[int(0.99 * (len(acks) - 1))]
    print(
        f"\n{REQUESTS} concurrent /fact: ack p50 {statistics.median(acks) * 1000:.0f} ms, "
        f"p99 {p99 * 1000:.0f} ms, max {acks[-1] * 1000:.0f} ms; all answered"
    )
