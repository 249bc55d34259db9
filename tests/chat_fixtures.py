"""Slack and Discord fixtures and helpers shared by the chat tests (test_slack, test_discord,
test_commands, test_serve, test_load, test_secrets).

Slack: `Bot` signs requests to the bot's HTTP endpoint like Slack does, the payload builders
shape them, `slack_http_bot` runs the real Bolt app against tests/slack_fake.py. Discord:
`discord_running` runs the real discord.py client against tests/discord_fake.py, `pointed`
restores discord.py's URLs after a test, `no_ping` checks a message can mention no one.

tests/conftest.py loads this module as a plugin, so its fixtures (`fake`, `desk`, `bot`,
`pointed`) need no import; the helpers are imported by name.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import time
import urllib.parse
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.answering import Answering, ThreadAnswering
from bot.commands import ChatCommands
from bot.config import DiscordSettings, SlackSettings
from bot.core import FactDesk, Reply
from bot.discord_bot import FactDeskBot
from bot.slack import EVENTS_PATH, build_slack_app, start_http
from store.factstore import open_store
from tests.discord_fake import FakeDiscord
from tests.slack_fake import BOT_USER_ID, TEAM_ID, FakeSlack

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIGNING_SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"


# ---- Slack -------------------------------------------------------------------------------------


@dataclass
class Bot:
    """The bot's Slack HTTP endpoint, as Slack calls it; `fake` is the Slack it answers."""

    fake: FakeSlack
    url: str
    session: aiohttp.ClientSession

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        ts: int | None = None,
        secret: str | None = SIGNING_SECRET,
        headers: dict[str, str] | None = None,
    ) -> aiohttp.ClientResponse:
        stamp = str(ts if ts is not None else int(time.time()))
        hdrs = {"Content-Type": content_type, **(headers or {})}
        if secret is not None:
            base = f"v0:{stamp}:{body}".encode()
            sig = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
            hdrs.update({"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": sig})
        async with self.session.post(self.url, data=body.encode(), headers=hdrs) as resp:
            await resp.read()
            return resp

    async def command(self, text: str, channel: str = "C1", **kw: Any) -> aiohttp.ClientResponse:
        return await self.post(
            slash_body(text, channel, self.fake), "application/x-www-form-urlencoded", **kw
        )

    async def event(
        self, event: dict[str, Any], event_id: str, **kw: Any
    ) -> aiohttp.ClientResponse:
        return await self.post(
            json.dumps(event_envelope(event, event_id)), "application/json", **kw
        )


def slash_body(text: str, channel: str, fake: FakeSlack) -> str:
    return urllib.parse.urlencode(slash_payload(text, channel, fake))


def slash_payload(text: str, channel: str, fake: FakeSlack) -> dict[str, str]:
    """`/fact text` from user U42 in `channel`, answered on the fake's response_url "cmd"."""
    return {
        "token": "legacy",
        "team_id": TEAM_ID,
        "team_domain": "newsroom",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": "U42",
        "user_name": "editor",
        "command": "/fact",
        "text": text,
        "api_app_id": "A1",
        "response_url": fake.response_url("cmd"),
        "trigger_id": "1.2.3",
    }


def event_envelope(event: dict[str, Any], event_id: str) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": TEAM_ID,
        "api_app_id": "A1",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
    }


def texts(obj: Any) -> str:
    """Every string under a `text` key, joined: what a reader would see."""
    out: list[str] = []

    def walk(o: Any) -> None:
        if isinstance(o, dict):
            for k, v in o.items():
                if k == "text" and isinstance(v, str):
                    out.append(v)
                else:
                    walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(obj)
    return "\n".join(out)


@contextlib.asynccontextmanager
async def slack_http_bot(
    desk: FactDesk,
    fake: FakeSlack,
    settings: SlackSettings,
    *,
    token: str = TOKEN,
    signing_secret: str = SIGNING_SECRET,
    commands: ChatCommands | None = None,
    answering: Answering | None = None,
) -> AsyncIterator[Bot]:
    """The real Bolt app in HTTP mode on 127.0.0.1, its Web API client pointed at `fake`."""
    client = AsyncWebClient(token=token, base_url=fake.api_url)
    app = build_slack_app(
        desk,
        settings,
        token=token,
        signing_secret=signing_secret,
        client=client,
        commands=commands,
        answering=answering,
    )
    runner = await start_http(app, "127.0.0.1", 0)
    try:
        port = runner.addresses[0][1]
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            yield Bot(fake, f"http://127.0.0.1:{port}{EVENTS_PATH}", session)
    finally:
        await runner.cleanup()


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    """A fake Slack of the test's own on 127.0.0.1."""
    f = FakeSlack()
    await f.start()
    yield f
    await f.stop()


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FactDesk]:
    """A desk over an SQLite store built from the seeds, one per test module."""
    db = tmp_path_factory.mktemp("slack") / "facts.db"
    store = open_store(f"sqlite:///{db}")
    store.ingest_paths([SEEDS])
    yield FactDesk(store)


@pytest.fixture
async def bot(desk: FactDesk, fake: FakeSlack) -> AsyncIterator[Bot]:
    """The bot in HTTP mode over the seeds, answering publicly in channel CPUBLIC."""
    settings = SlackSettings(mode="http", public_channels=["CPUBLIC"], allowed_channels=[])
    async with slack_http_bot(desk, fake, settings) as running:
        yield running


# ---- Discord -----------------------------------------------------------------------------------


@pytest.fixture
def pointed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Restored by monkeypatch after the test: no other test may inherit the fake's URLs.
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket,
        "DEFAULT_GATEWAY",
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
    )
    yield


@contextlib.asynccontextmanager
async def discord_running(
    desk: FactDesk,
    settings: DiscordSettings,
    commands: ChatCommands | None = None,
    answering: Answering | None = None,
) -> AsyncIterator[tuple[FakeDiscord, FactDeskBot]]:
    """The real discord.py client, logged in and ready, against a fake Discord of its own
    (use with the `pointed` fixture, which undoes the pointing)."""
    server = FakeDiscord()
    await server.start()
    server.point_discord_at()
    bot = FactDeskBot(desk, settings, None, commands, answering, guild_ready_timeout=0.1)
    task = asyncio.create_task(bot.start("fake-token", reconnect=False))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), timeout=10)
        yield server, bot
    finally:
        await asyncio.wait_for(bot.close(), timeout=10)
        # start() returns once closed; a ConnectionClosed from the torn-down socket is expected.
        with contextlib.suppress(asyncio.CancelledError, discord.ConnectionClosed):
            await asyncio.wait_for(task, timeout=10)
        await server.stop()


class RecordingAnswering(ThreadAnswering):
    """Answers in a thread, as the default does, and notes each question it was given: what
    shows that an adapter's questions reach the answering `factdesk serve` hands it."""

    def __init__(self, desk: FactDesk) -> None:
        super().__init__(desk)
        self.questions: list[str] = []

    async def ask(self, question: str) -> Reply:
        self.questions.append(question)
        return await super().ask(question)


def no_ping(allowed: Any) -> None:
    """A message's `allowed_mentions` as sent: it lets nothing in the message ping anyone."""
    assert allowed is not None, "allowed_mentions missing: Discord would parse mentions"
    assert allowed.get("parse") == []
    assert not allowed.get("users") and not allowed.get("roles")
    assert not allowed.get("replied_user")
