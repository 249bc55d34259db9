"""Secrets: with tokens set, no log line and no reply contains them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import SlackSettings
from bot.core import FactDesk
from bot.slack import EVENTS_PATH, build_slack_app, start_http
from store.answer import Answer
from tests.slack_fake import FakeSlack
from tests.test_slack import Bot, desk, fake  # noqa: F401  (fixtures)

BOT_TOKEN = "xoxb-1111-2222-SECRETBOTTOKEN"
SIGNING_SECRET = "f00dfacesecretsigningsecret0000"


@pytest.fixture
async def secret_bot(desk: FactDesk, fake: FakeSlack) -> AsyncIterator[Bot]:  # noqa: F811
    settings = SlackSettings(mode="http")
    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)
    app = build_slack_app(
        desk, settings, token=BOT_TOKEN, signing_secret=SIGNING_SECRET, client=client
    )
    runner = await start_http(app, "127.0.0.1", 0)
    port = runner.addresses[0][1]
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        yield Bot(fake, f"http://127.0.0.1:{port}{EVENTS_PATH}", session)
    await runner.cleanup()


async def test_tokens_never_reach_logs_or_replies(
    secret_bot: Bot,
    desk: FactDesk,  # noqa: F811  (the Slack tests' fixture)
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    await secret_bot.command("death toll Qaryatayn?", secret=SIGNING_SECRET)
    await secret_bot.command("death toll", secret="wrong-secret")  # refused: logged, not answered
    await secret_bot.event(
        {
            "type": "app_mention",
            "user": "U42",
            "text": "<@UBOT> population of Qaryatayn",
            "channel": "C1",
            "ts": "1.1",
        },
        "Ev-secret-1",
        secret=SIGNING_SECRET,
    )

    def boom(question: str) -> Answer:
        raise RuntimeError(f"store exploded on {question}")

    monkeypatch.setattr(desk.store, "ask", boom)
    await secret_bot.command("death toll Qaryatayn?", secret=SIGNING_SECRET)
    for _ in range(100):
        if len(secret_bot.fake.calls) >= 3:
            break
        await asyncio.sleep(0.05)
    assert len(secret_bot.fake.calls) >= 3
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    sent = repr([c.payload for c in secret_bot.fake.calls])
    for secret in (BOT_TOKEN, SIGNING_SECRET, "SECRETBOTTOKEN"):
        assert secret not in logged
        assert secret not in sent
