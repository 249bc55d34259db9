"""Load: 200 concurrent signed /fact requests against the Slack HTTP adapter on 127.0.0.1, sent
by a client in a process of its own while a CPU-bound process runs beside the bot (a busy
machine). Answers are computed by worker processes (bot/answering.py), so every request is
acknowledged within Slack's 3 s and every one is answered."""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.answering import ProcessAnswering
from bot.config import SlackSettings
from bot.core import FactDesk
from tests.chat_fixtures import Bot, slack_http_bot
from tests.conftest import ROOT
from tests.slack_fake import FakeSlack

pytestmark = pytest.mark.slow
REQUESTS = 200


@pytest.fixture
def busy_neighbour() -> Iterator[subprocess.Popen[bytes]]:
    """Another process spinning on a core for the whole test, killed at the end."""
    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture
async def answering_bot(desk: FactDesk, fake: FakeSlack) -> AsyncIterator[Bot]:
    """The bot in HTTP mode, answering in two warmed worker processes."""
    answering = ProcessAnswering(desk, workers=2)
    await answering.warm()
    settings = SlackSettings(mode="http", allowed_channels=[])
    try:
        async with slack_http_bot(desk, fake, settings, answering=answering) as running:
            yield running
    finally:
        await asyncio.to_thread(answering.close)


async def test_two_hundred_concurrent_slash_commands_beside_a_busy_process_are_acked_in_time(
    answering_bot: Bot, busy_neighbour: subprocess.Popen[bytes]
) -> None:
    bot = answering_bot
    client = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.slack_load_client",
        bot.url,
        str(REQUESTS),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await asyncio.wait_for(client.communicate(), timeout=300)
    assert client.returncode == 0
    report = json.loads(out)
    assert busy_neighbour.poll() is None  # it was busy all along
    statuses = [s for s, _ in report["acks"]]
    acks = sorted(t for _, t in report["acks"])
    assert statuses == [200] * REQUESTS
    assert acks[-1] < 3.0, f"slowest ack {acks[-1]:.2f}s"

    answers = report["answers"]
    assert set(answers) == {f"load{i}" for i in range(REQUESTS)}
    assert all("blocks" in payload for payload in answers.values())
    assert any("128" in json.dumps(payload) for payload in answers.values())  # real answers
    p99 = acks[int(0.99 * (len(acks) - 1))]
    print(
        f"\n{REQUESTS} concurrent /fact beside a busy process: ack p50 "
        f"{statistics.median(acks) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"max {acks[-1] * 1000:.0f} ms; all answered"
    )
