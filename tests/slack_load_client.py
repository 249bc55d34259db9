"""A load client in a process of its own: N concurrent signed `/fact` requests to a bot's Slack
HTTP endpoint, printing each acknowledgement's status and seconds as JSON.

Run as `python -m tests.slack_load_client URL RESPONSE_BASE N [QUESTIONS.json]`. Living in its own process, its
timings measure the bot alone: a client sharing the bot's event loop (or its GIL) would delay
its own clock readings and blame the bot for it. Used by tests/test_load.py and the benchmark.
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


def main(argv: list[str]) -> None:
    url, response_base, requests = argv[0], argv[1], int(argv[2])
    questions = None
    if len(argv) > 3:
        with open(argv[3], encoding="utf-8") as f:
            questions = [str(q) for q in json.load(f)]
    print(json.dumps(asyncio.run(load(url, response_base, requests, questions))))


if __name__ == "__main__":
    main(sys.argv[1:])
