"""Secrets: with tokens set, no log line and no reply contains them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from bot.config import SlackSettings
from bot.core import FactDesk
from store.answer import Answer
from tests.chat_fixtures import Bot, slack_http_bot
from tests.slack_fake import FakeSlack

BOT_TOKEN = "xoxb-1111-2222-SECRETBOTTOKEN"
SIGNING_SECRET = "f00dfacesecretsigningsecret0000"


@pytest.fixture
async def secret_bot(desk: FactDesk, fake: FakeSlack) -> AsyncIterator[Bot]:
    settings = SlackSettings(mode="http")
    async with slack_http_bot(
        desk, fake, settings, token=BOT_TOKEN, signing_secret=SIGNING_SECRET
    ) as bot:
        yield bot


async def test_tokens_never_reach_logs_or_replies(
    secret_bot: Bot,
    desk: FactDesk,
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
