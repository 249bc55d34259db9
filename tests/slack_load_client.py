"""A load client in a process of its own: N concurrent signed `/fact` requests to a bot's Slack
HTTP endpoint, then a wait (bounded) for their answers; prints JSON with each request's
acknowledgement status and seconds, and the answers received.

Run as `python -m tests.slack_load_client URL N [QUESTIONS.json]`. Living in its own process,
with the response_url endpoints (a tests/slack_fake.py of its own) beside it, as Slack would be:
its timings measure the bot alone. A client or a fake sharing the bot's event loop (or its GIL)
would spend the bot's CPU and blame the bot for it. Used by tests/test_load.py and the benchmark.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import sys
import time
import urllib.parse

import aiohttp

from tests.slack_fake import FakeSlack

SIGNING_SECRET = "test-signing-secret"
TEAM_ID = "T0001"
QUESTIONS = [
    "death toll Qaryatayn?",
    "how many militants fled Qaryatayn?",
    "population of Qaryatayn",
    "SOHR figures on deaths in Qaryatayn",
    "civilians killed by regime forces in Qaryatayn",
]


def signed_body(question: str, response_url: str) -> tuple[bytes, dict[str, str]]:
    """A `/fact` form body from user U42 in C1, with Slack's v0 signature headers."""
    body = urllib.parse.urlencode(
        {
            "token": "legacy",
            "team_id": TEAM_ID,
            "team_domain": "newsroom",
            "channel_id": "C1",
            "channel_name": "general",
            "user_id": "U42",
            "user_name": "editor",
            "command": "/fact",
            "text": question,
            "api_app_id": "A1",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )
    stamp = str(int(time.time()))
    base = f"v0:{stamp}:{body}".encode()
    signature = "v0=" + hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }
    return body.encode(), headers


async def load(
    url: str, response_base: str, requests: int, questions: list[str] | None = None
) -> list[tuple[int, float]]:
    """(status, seconds to acknowledge) of each request, all sent at once; request i asks
    question i (round robin) and is answered at RESPONSE_BASE + "load<i>"."""
    mix = questions or QUESTIONS
    connector = aiohttp.TCPConnector(limit=0)  # no client-side queue: every request at once
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def one(i: int) -> tuple[int, float]:
            body, headers = signed_body(mix[i % len(mix)], f"{response_base}load{i}")
            start = time.monotonic()
            async with session.post(url, data=body, headers=headers) as resp:
                await resp.read()
                return resp.status, time.monotonic() - start

        return list(await asyncio.gather(*(one(i) for i in range(requests))))


async def load_and_collect(
    url: str, requests: int, questions: list[str] | None, answer_timeout: float = 120.0
) -> dict[str, object]:
    """Send the load, then wait until every request is answered (or `answer_timeout`)."""
    fake = FakeSlack()
    await fake.start()
    try:
        acks = await load(url, fake.response_url(""), requests, questions)
        deadline = time.monotonic() + answer_timeout
        while time.monotonic() < deadline:
            if len({c.name for c in fake.posts("response_url")}) >= requests:
                break
            await asyncio.sleep(0.1)
        answers = {c.name: c.payload for c in fake.posts("response_url")}
    finally:
        await fake.stop()
    return {"acks": acks, "answers": answers}


def main(argv: list[str]) -> None:
    url, requests = argv[0], int(argv[1])
    questions = None
    if len(argv) > 2:
        with open(argv[2], encoding="utf-8") as f:
            questions = [str(q) for q in json.load(f)]
    print(json.dumps(asyncio.run(load_and_collect(url, requests, questions))))


if __name__ == "__main__":
    main(sys.argv[1:])
