"""Slack and Discord say the same thing to the same words: both adapters, for real, against
their loopback fakes, over one store. What one platform decides the other cannot drift from,
because neither decides: the conversation core does (bot/conversation.py)."""

from __future__ import annotations

import html

from bot.config import DiscordSettings, SlackSettings
from bot.conversation import help_text
from bot.core import FactDesk
from tests import discord_fake as dfake
from tests.chat_fixtures import discord_running, slack_http_bot, texts
from tests.slack_fake import BOT_USER_ID, FakeSlack


async def _slack_mention(desk: FactDesk, fake: FakeSlack, text: str) -> str:
    async with slack_http_bot(desk, fake, SlackSettings(mode="http")) as bot:
        event = {
            "type": "app_mention",
            "user": "U42",
            "text": f"<@{BOT_USER_ID}> {text}",
            "ts": "1.1",
            "channel": "C1",
        }
        await bot.event(event, f"Ev-{text}")
        call = await fake.wait_for(lambda c: c.name == "chat.postMessage")
        # Slack's wire escapes &, < and >; what a reader sees is the text unescaped.
        return html.unescape(texts(call.payload["blocks"]))


async def _discord_mention(desk: FactDesk, text: str) -> str:
    async with discord_running(desk, DiscordSettings(guilds=[dfake.GUILD_ID])) as (server, _):
        await server.dispatch("MESSAGE_CREATE", server.guild_message(f"<@{dfake.BOT_ID}> {text}"))
        [post] = await server.wait_for(f"/channels/{dfake.CHANNEL_ID}/messages")
        return str(post.body["content"])


async def test_a_mention_of_help_gets_the_same_reply_on_slack_and_discord(
    desk: FactDesk, fake: FakeSlack, pointed: None
) -> None:
    on_slack = await _slack_mention(desk, fake, "help")
    on_discord = await _discord_mention(desk, "help")
    assert on_slack == on_discord == help_text()
