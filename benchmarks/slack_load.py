"""Slack acknowledgements under load: the real Bolt app in HTTP mode answering in worker
processes (bot/answering.py), N concurrent signed `/fact` requests from a client process of its
own (tests/slack_load_client.py), with a CPU-bound process spinning beside them all — a machine
as busy as a shared 2-core box. The client receives the answers (response_url) in its own
process, as Slack would. Measured: seconds from each request sent to its 200."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence

from store.factstore import FactStore
from tests.slack_load_client import SIGNING_SECRET  # what the load client signs with

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


async def _acks(
    store: FactStore, questions: Sequence[str], requests: int, workers: int
) -> list[float]:
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.answering import Answering, ProcessAnswering, ThreadAnswering
    from bot.config import SlackSettings
    from bot.core import FactDesk
    from bot.slack import EVENTS_PATH, build_slack_app, start_http
    from tests.slack_fake import FakeSlack

    fake = FakeSlack()
    await fake.start()
    desk = FactDesk(store)
    answering: Answering = ThreadAnswering(desk)
    if workers > 0:
        answering = pooled = ProcessAnswering(desk, workers)
        await pooled.warm()
    app = build_slack_app(
        desk,
        SlackSettings(mode="http"),
        token="xoxb-bench",
        signing_secret=SIGNING_SECRET,
        client=AsyncWebClient(token="xoxb-bench", base_url=fake.api_url),
        answering=answering,
    )
    runner = await start_http(app, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{runner.addresses[0][1]}{EVENTS_PATH}"
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(list(questions), f)
    try:
        client = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.slack_load_client",
            url,
            str(requests),
            f.name,
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
        )
        # The client waits (bounded) for the answers too: the next measurement starts quiet.
        out, _ = await client.communicate()
        results = json.loads(out)["acks"]
    finally:
        busy.kill()
        busy.wait()
        os.unlink(f.name)
        await runner.cleanup()
        await asyncio.to_thread(answering.close)
        await fake.stop()
    if any(status != 200 for status, _ in results):
        raise RuntimeError(f"the bot refused requests under load: {results[:5]}")
    return [seconds * 1000 for _, seconds in results]


def acks_under_load(
    store: FactStore, questions: Sequence[str], requests: int = 200, workers: int = 2
) -> list[float]:
    """Milliseconds to acknowledge each of `requests` concurrent /fact requests beside a
    CPU-bound process, answers computed by `workers` processes (0: threads of the bot's own
    process, as before bot/answering.py)."""
    return asyncio.run(_acks(store, questions, requests, workers))
