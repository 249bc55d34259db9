"""`factdesk serve` as a whole, offline: Slack in HTTP mode against the fake, the digest
scheduler, the watched folder, all on one loop; cancelling stops every part.

Each test is bounded (asyncio.timeout) so a hang fails fast instead of stalling the suite.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import ConfigError, Settings, SlackSettings, WatchSettings
from bot.core import FactDesk
from bot.digests import DigestConfigError
from bot.serve import serve
from store.factstore import FactStore
from tests.chat_fixtures import SIGNING_SECRET, TOKEN, Bot, texts
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
