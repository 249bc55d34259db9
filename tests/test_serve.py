"""`factdesk serve` as a whole, offline: Slack in HTTP mode against the fake, the digest
scheduler, the watched folder, all on one loop; cancelling stops every part, and a part that
fails (Discord unreachable) is retried on its own while the others carry on.

Each test is bounded (asyncio.timeout) so a hang fails fast instead of stalling the suite.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path

import aiohttp
import discord
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import ConfigError, DiscordSettings, Settings, SlackSettings, WatchSettings
from bot.core import FactDesk
from bot.digests import DigestConfigError
from bot.serve import serve
from bot.supervise import Backoff
from store.factstore import FactStore
from tests.chat_fixtures import SIGNING_SECRET, TOKEN, Bot, texts
from tests.discord_fake import FakeDiscord
from tests.slack_fake import FakeSlack

DIGESTS = """
[[digests]]
id = "morning-toll"
schedule = "0 7 * * *"
question = "death toll Homs?"
slack_channels = ["C1"]
"""


@pytest.fixture
def slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.delenv("FACTDESK_CONFIG", raising=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_serve_runs_slack_digests_and_the_watched_folder_until_cancelled(
    tmp_path: Path, store: FactStore, fake: FakeSlack, slack_env: None
) -> None:
    config = tmp_path / "factdesk.toml"
    config.write_text(DIGESTS, encoding="utf-8")
    drop = tmp_path / "drop"
    drop.mkdir()
    port = free_port()
    settings = Settings(
        slack=SlackSettings(enabled=True, mode="http", port=port),
        watch=WatchSettings(folder=str(drop), interval=0.05),
    )
    client = AsyncWebClient(base_url=fake.api_url)
    task = asyncio.create_task(
        serve(
            FactDesk(store),
            settings,
            [],
            config=config,
            adapter_options={"slack": {"client": client, "host": "127.0.0.1"}},
        )
    )
    url = f"http://127.0.0.1:{port}/slack/events"
    try:
        async with asyncio.timeout(20):
            # The digest channel is checked with Slack once the adapter registered its poster.
            check = await fake.wait_for(lambda c: c.name == "conversations.info")
            assert check.payload["channel"] == "C1"
            (drop / "homs.txt").write_text(
                "At least 40 people were killed in Homs, officials said.\n", encoding="utf-8"
            )
            while store.document_count() == 0:
                await asyncio.sleep(0.05)
            async with aiohttp.ClientSession() as session:
                bot = Bot(fake, url, session)
                resp = await bot.command("death toll Homs?")
                assert resp.status == 200
                call = await fake.wait_for(lambda c: c.kind == "response_url")
                assert "40" in texts(call.payload["blocks"])
                assert "officials" in texts(call.payload["blocks"])
    finally:
        task.cancel()
        async with asyncio.timeout(10):
            with pytest.raises(asyncio.CancelledError):
                await task
    # Everything stopped: the Events API port is closed.
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectionError):
            await Bot(fake, url, session).command("death toll Homs?")


async def test_a_digest_for_a_platform_not_served_stops_the_start_naming_it(
    tmp_path: Path, store: FactStore, slack_env: None
) -> None:
    config = tmp_path / "factdesk.toml"
    config.write_text(DIGESTS.replace('slack_channels = ["C1"]', 'discord_channels = ["1"]'))
    settings = Settings(slack=SlackSettings(mode="http", port=free_port()))
    async with asyncio.timeout(10):
        with pytest.raises(DigestConfigError, match="digest 'morning-toll': posts to discord"):
            await serve(FactDesk(store), settings, ["slack"], config=config)


async def test_an_unknown_slack_channel_stops_the_start_naming_the_digest(
    tmp_path: Path, store: FactStore, fake: FakeSlack, slack_env: None
) -> None:
    config = tmp_path / "factdesk.toml"
    config.write_text(DIGESTS, encoding="utf-8")
    fake.errors["conversations.info"] = "channel_not_found"
    settings = Settings(slack=SlackSettings(mode="http", port=free_port()))
    client = AsyncWebClient(base_url=fake.api_url)
    options = {"slack": {"client": client, "host": "127.0.0.1"}}
    async with asyncio.timeout(10):
        with pytest.raises(
            DigestConfigError, match="digest 'morning-toll': unknown slack channel 'C1'"
        ):
            await serve(
                FactDesk(store), settings, ["slack"], config=config, adapter_options=options
            )


async def test_a_missing_watch_folder_is_a_config_error(
    tmp_path: Path, store: FactStore, slack_env: None
) -> None:
    settings = Settings(
        slack=SlackSettings(mode="http", port=free_port()),
        watch=WatchSettings(folder=str(tmp_path / "nope")),
    )
    config = tmp_path / "factdesk.toml"
    config.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[watch\] folder"):
        await serve(FactDesk(store), settings, ["slack"], config=config)


async def test_sigterm_stops_serve_cleanly(
    tmp_path: Path, store: FactStore, fake: FakeSlack, slack_env: None
) -> None:
    """What a container stop or systemd sends: serve returns normally, the port is closed."""
    import os
    import signal

    from bot.serve import serve_until_signalled

    config = tmp_path / "factdesk.toml"
    config.write_text("", encoding="utf-8")
    port = free_port()
    settings = Settings(slack=SlackSettings(enabled=True, mode="http", port=port))
    url = f"http://127.0.0.1:{port}/slack/events"
    task = asyncio.create_task(serve_until_signalled(FactDesk(store), settings, [], config=config))
    async with asyncio.timeout(15), aiohttp.ClientSession() as session:
        while True:  # until the Events API listens
            try:
                await Bot(fake, url, session).command("help")
                break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)
        await task  # returns: not cancelled, not failed
        assert task.done() and not task.cancelled()
        with pytest.raises(aiohttp.ClientConnectionError):
            await Bot(fake, url, session).command("help")


async def test_an_unreachable_discord_is_retried_while_slack_and_the_folder_carry_on(
    tmp_path: Path,
    store: FactStore,
    fake: FakeSlack,
    slack_env: None,
    pointed: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "fake-discord-token")
    # Discord's API at first refuses every connection: nothing listens at that port.
    discord.http.Route.BASE = f"http://127.0.0.1:{free_port()}/api/v10"
    config = tmp_path / "factdesk.toml"
    config.write_text("", encoding="utf-8")
    drop = tmp_path / "drop"
    drop.mkdir()
    port = free_port()
    settings = Settings(
        slack=SlackSettings(enabled=True, mode="http", port=port),
        discord=DiscordSettings(enabled=True),
        watch=WatchSettings(folder=str(drop), interval=0.05),
    )
    options = {
        "slack": {"client": AsyncWebClient(base_url=fake.api_url), "host": "127.0.0.1"},
        "discord": {"guild_ready_timeout": 0.1},
    }
    quick = Backoff(first=0.1, most=0.4, jitter=0.0)
    caplog.set_level(logging.WARNING, logger="factdesk.serve")
    discord_fake = FakeDiscord()
    task = asyncio.create_task(
        serve(FactDesk(store), settings, [], config=config, adapter_options=options, backoff=quick)
    )
    try:
        async with asyncio.timeout(30):
            while sum("discord adapter stopped" in r.getMessage() for r in caplog.records) < 2:
                await asyncio.sleep(0.05)
            # Discord is down, yet the folder is watched and Slack answers.
            (drop / "homs.txt").write_text(
                "At least 40 people were killed in Homs, officials said.\n", encoding="utf-8"
            )
            while store.document_count() == 0:
                await asyncio.sleep(0.05)
            async with aiohttp.ClientSession() as session:
                bot = Bot(fake, f"http://127.0.0.1:{port}/slack/events", session)
                assert (await bot.command("death toll Homs?")).status == 200
                call = await fake.wait_for(lambda c: c.kind == "response_url")
                assert "40" in texts(call.payload["blocks"])
            # Discord comes back: the next attempt logs in and identifies on the gateway.
            await discord_fake.start()
            discord_fake.point_discord_at()
            await discord_fake.identified.wait()
        reasons = [r.getMessage() for r in caplog.records if "discord adapter" in r.getMessage()]
        assert all("starting it again in" in reason for reason in reasons)
        assert "Traceback" not in "\n".join(reasons)
        print(
            f"\nDiscord refused {len(reasons)} start(s) before it came back; meanwhile "
            f"{store.document_count()} dropped file(s) ingested and 1 Slack question answered"
        )
    finally:
        task.cancel()
        async with asyncio.timeout(10):
            with pytest.raises(asyncio.CancelledError):
                await task
        await discord_fake.stop()
