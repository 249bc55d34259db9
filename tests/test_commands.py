"""Chat admin commands and digest posting, end to end and offline: the real Bolt app and the real
discord.py client against the loopback fakes, a news page served by aiohttp on 127.0.0.1.

One module for both platforms because the commands are one module (bot/commands.py): the same
command must give the same result whichever platform it came from.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import urllib.parse
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from slack_sdk.web.async_client import AsyncWebClient

from bot import messages
from bot.commands import AdminCommand, Caller, ChatCommands, parse_admin
from bot.config import DiscordSettings, SlackSettings
from bot.core import FactDesk
from bot.digests import DigestRunner, build_digest, digests_from_subscriptions
from bot.discord_bot import DiscordDigestPoster, FactDeskBot
from bot.render.discord_embeds import MAX_EMBEDS, MAX_TOTAL
from bot.render.slack_blocks import MAX_BLOCKS, render_digest_blocks
from bot.slack import SlackDigestPoster
from store.address_policy import AddressPolicy
from store.digests import DigestContent, SubscriptionInfo, list_subscriptions
from store.factstore import FactStore
from store.fetch import FetchSettings
from tests import discord_fake as dfake
from tests.chat_fixtures import (
    TOKEN,
    Bot,
    discord_running,
    no_ping,
    slack_http_bot,
    slash_payload,
    texts,
)
from tests.discord_fake import FakeDiscord
from tests.slack_fake import MANIFEST_SCOPES, FakeSlack
from tests.test_feeds import page

ADMIN = "U42"  # the user tests/chat_fixtures.py's slash payloads come from
ARTICLE = page(
    "Shelling kills dozens in Homs",
    "2024-03-02",
    [
        "At least 40 people were killed in Homs, officials said.",
        "The shelling struck a crowded market district on Saturday morning, according to "
        "residents who described scenes of panic as ambulances raced through the streets.",
        "Rescue workers were still searching the rubble of two collapsed buildings at nightfall, "
        "and the governor declared three days of mourning across the province.",
    ],
)
# The article server is on loopback: allowed here explicitly, as an operator would an intranet.
FAST = FetchSettings(
    connect_timeout=1.0,
    read_timeout=1.0,
    total_timeout=5.0,
    min_interval=0.0,
    policy=AddressPolicy.allowing(hosts=["127.0.0.1"]),
)


# ---- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
async def article_url() -> AsyncIterator[str]:
    """http://127.0.0.1:PORT/article.html: a small news article (robots.txt: 404, allowed)."""

    async def article(_: web.Request) -> web.Response:
        return web.Response(text=ARTICLE, content_type="text/html", charset="utf-8")

    app = web.Application()
    app.router.add_get("/article.html", article)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/article.html"
    finally:
        await runner.cleanup()


@pytest.fixture
async def slack(store: FactStore, fake: FakeSlack) -> AsyncIterator[Bot]:
    desk = FactDesk(store)
    commands = ChatCommands(desk, {"slack": [ADMIN]}, fetch_settings=FAST)
    settings = SlackSettings(mode="http", admins=[ADMIN])
    async with slack_http_bot(desk, fake, settings, commands=commands) as bot:
        yield bot


async def slash(
    bot: Bot, text: str, *, user: str = ADMIN, name: str = "cmd", channel: str = "C1"
) -> dict[str, Any]:
    """Send `/fact text` as `user` in `channel`; what the bot answered on the response_url."""
    payload = slash_payload(text, channel, bot.fake)
    payload["user_id"] = user
    payload["response_url"] = bot.fake.response_url(name)
    body = urllib.parse.urlencode(payload)
    resp = await bot.post(body, "application/x-www-form-urlencoded")
    assert resp.status == 200
    call = await bot.fake.wait_for(lambda c: c.kind == "response_url" and c.name == name)
    return call.payload


# ---- parsing ---------------------------------------------------------------------------------------


def test_only_an_exact_action_word_is_a_command() -> None:
    assert parse_admin("add https://x.example/a") == AdminCommand("add", "https://x.example/a")
    assert parse_admin("  Subscribe death toll | 0 7 * * *") == AdminCommand(
        "subscribe", "death toll | 0 7 * * *"
    )
    assert parse_admin("added value tax in Homs?") is None
    assert parse_admin("death toll Homs?") is None


async def test_bad_subscriptions_are_explained_and_not_stored(store: FactStore) -> None:
    commands = ChatCommands(FactDesk(store), {"slack": [ADMIN]})
    caller = Caller("slack", ADMIN, "C1")
    usage = await commands.run(AdminCommand("subscribe", "death toll Homs"), caller)
    assert usage == messages.SUBSCRIBE_USAGE
    bad = await commands.run(AdminCommand("subscribe", "death toll Homs | 0 7 * *"), caller)
    assert bad.startswith("Not subscribed: bad schedule '0 7 * *'")
    zone = await commands.run(AdminCommand("subscribe", "toll | 0 7 * * * | Mars/Olympus"), caller)
    assert "unknown timezone 'Mars/Olympus'" in zone
    with store.sessions() as session:
        assert list_subscriptions(session) == []


# ---- Slack -------------------------------------------------------------------------------------------


async def test_slack_admin_adds_a_link_and_the_reply_lists_its_figures(
    slack: Bot, store: FactStore, article_url: str
) -> None:
    reply = await slash(slack, f"add <{article_url}>")  # Slack wraps pasted links in <…>
    shown = texts(reply["blocks"])
    assert reply["response_type"] == "ephemeral"
    assert f"Added {article_url}" in shown and "40" in shown and "Homs" in shown
    assert store.document_count() == 1
    answer = store.ask("death toll Homs?")
    assert answer.figures[0].value == 40 and answer.figures[0].citations[0].url == article_url
    # Adding it again stores nothing new and says so.
    again = await slash(slack, f"add {article_url}", name="again")
    assert "Already in the store" in texts(again["blocks"])
    removed = await slash(slack, f"remove {article_url}", name="remove")
    assert texts(removed["blocks"]) == messages.REMOVED.format(id=article_url).replace("&", "&amp;")
    assert store.document_count() == 0


async def test_slack_non_admin_is_refused_and_nothing_is_ingested(
    slack: Bot, store: FactStore, article_url: str
) -> None:
    reply = await slash(slack, f"add {article_url}", user="UINTERN")
    assert texts(reply["blocks"]) == messages.ADMIN_ONLY
    assert reply["response_type"] == "ephemeral"
    sub = await slash(slack, "subscribe death toll Homs | 0 7 * * *", user="UINTERN", name="sub")
    assert texts(sub["blocks"]) == messages.ADMIN_ONLY
    assert store.document_count() == 0
    with store.sessions() as session:
        assert list_subscriptions(session) == []


async def test_slack_subscription_is_stored_and_its_digest_posts_blocks_with_the_figures(
    slack: Bot, store: FactStore, article_url: str
) -> None:
    await slash(slack, f"add {article_url}")
    reply = await slash(slack, "subscribe death toll Homs | 0 7 * * mon-fri", name="sub")
    assert "Subscribed" in texts(reply["blocks"])
    with store.sessions() as session:
        [sub] = list_subscriptions(session)
    assert (sub.platform, sub.channel, sub.question, sub.schedule, sub.created_by) == (
        "slack",
        "C1",
        "death toll Homs",
        "0 7 * * mon-fri",
        ADMIN,
    )
    assert sub.id in texts(reply["blocks"])
    # What a restart schedules: the stored row as a digest. Driven with an explicit fire time.
    [digest] = digests_from_subscriptions([sub])
    poster = SlackDigestPoster(AsyncWebClient(token=TOKEN, base_url=slack.fake.api_url))
    fire = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    assert await DigestRunner(store, {"slack": poster}).run(digest, fire) == "posted"
    post = await slack.fake.wait_for(lambda c: c.name == "chat.postMessage")
    assert post.payload["channel"] == "C1"
    shown = texts(post.payload["blocks"])
    assert "40" in shown and "Homs" in shown and "officials" in shown
    assert "At least 40 people were killed in Homs" in shown  # the exact sentence
    assert len(post.payload["blocks"]) <= MAX_BLOCKS
    assert str(post.payload.get("unfurl_links")).lower() == "false"
    # Unsubscribing removes the row (and the job, when a scheduler runs).
    gone = await slash(slack, f"unsubscribe {sub.id}", name="unsub")
    assert texts(gone["blocks"]) == messages.UNSUBSCRIBED.format(id=sub.id)
    with store.sessions() as session:
        assert list_subscriptions(session) == []


async def test_slack_subscribe_where_the_bot_cannot_post_says_so_and_stores_nothing(
    slack: Bot, store: FactStore
) -> None:
    fake = slack.fake
    # A public channel the bot has not joined, installed before chat:write.public was asked for.
    fake.channels["CPUB"] = {"is_member": False}
    fake.scopes = "commands,chat:write,channels:read"
    reply = await slash(slack, "subscribe death toll Homs | 0 7 * * *", channel="CPUB")
    shown = texts(reply["blocks"])
    assert shown.startswith("Not subscribed") and "/invite @factdesk" in shown
    assert "chat:write.public" in shown
    # A private channel the bot is not in: Slack does not even show it to the bot.
    fake.hidden.add("CPRIV")
    private = await slash(slack, "subscribe death toll | 0 7 * * *", channel="CPRIV", name="p")
    assert texts(private["blocks"]).replace("&amp;", "&") == messages.SUBSCRIBE_CANNOT_POST.format(
        reason=messages.SLACK_PRIVATE_NOT_INVITED
    )
    assert store.subscriptions() == []
    # With the manifest's chat:write.public, a public channel needs no invitation.
    fake.scopes = MANIFEST_SCOPES
    ok = await slash(slack, "subscribe death toll Homs | 0 7 * * *", channel="CPUB", name="ok")
    assert "Subscribed" in texts(ok["blocks"])
    assert [s.channel for s in store.subscriptions()] == ["CPUB"]


async def test_slack_digest_refused_by_the_channel_is_reported_to_the_subscriber_at_once(
    store: FactStore, fake: FakeSlack
) -> None:
    store.ingest_paths([Path(__file__).resolve().parent.parent / "seeds"])
    sub = SubscriptionInfo(
        "beef01", "slack", "CGONE", "death toll Qaryatayn?", "0 7 * * *", "UTC", ADMIN
    )
    [digest] = digests_from_subscriptions([sub])
    fake.not_in_channel.add("CGONE")  # the bot was removed from the channel since
    poster = SlackDigestPoster(AsyncWebClient(token=TOKEN, base_url=fake.api_url))
    runner = DigestRunner(store, {"slack": poster}, retry_delays=(0.01, 0.01))
    fire = dt.datetime(2026, 10, 26, 7, 0, tzinfo=dt.UTC)
    assert await runner.run(digest, fire) == "failed"
    posts = fake.posts("api", "chat.postMessage")
    # not_in_channel is no passing trouble: no retries, straight to the subscriber's DMs.
    assert [p.payload["channel"] for p in posts] == ["CGONE", ADMIN]
    notice = posts[-1].payload["text"]
    assert "beef01" in notice and "CGONE" in notice and "(1 attempt(s))" in notice
    assert messages.SLACK_NOT_IN_CHANNEL in notice
    assert store.digest_run_status(digest.id, fire) == "failed"


def test_slack_digest_blocks_escape_pings_and_stay_within_limits() -> None:
    from tests.test_slack import _figure

    hostile = "<!channel> <@U123> @here 100 people were killed."
    figures = tuple(_figure(i, hostile) for i in range(100))
    now = dt.datetime(2026, 1, 1, 7, tzinfo=dt.UTC)
    content = DigestContent(
        question="<!channel> toll",
        since=now - dt.timedelta(days=1),
        until=now,
        new=figures,
        title="morning",
    )
    blocks, text = render_digest_blocks(content)
    assert len(blocks) <= MAX_BLOCKS
    shown = texts(blocks)
    assert "<!channel>" not in shown and "<!channel>" not in text
    assert "…and" in shown  # what did not fit is counted, not dropped silently


# ---- Discord -----------------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def discord_admin_bot(
    store: FactStore, admins: list[int]
) -> AsyncIterator[tuple[FakeDiscord, FactDeskBot]]:
    """The Discord bot with the admin commands, `admins` allowed to run them."""
    desk = FactDesk(store)
    commands = ChatCommands(desk, {"discord": admins}, fetch_settings=FAST)
    settings = DiscordSettings(guilds=[dfake.GUILD_ID], admins=admins)
    async with discord_running(desk, settings, commands) as running:
        yield running


async def test_discord_admin_commands_are_synced_and_add_answers_with_figures(
    store: FactStore, article_url: str, pointed: None
) -> None:
    async with discord_admin_bot(store, [dfake.USER_ID]) as (server, _):
        [put] = [r for r in server.requests if r.method == "PUT"]
        names = {c["name"] for c in put.body}
        assert {"fact-add", "fact-remove", "fact-subscribe", "fact-unsubscribe"} <= names
        event = server.slash_command("fact-add", [{"name": "url", "type": 3, "value": article_url}])
        await server.dispatch("INTERACTION_CREATE", event)
        [callback] = await server.wait_for(f"/interactions/{event['id']}/")
        assert callback.body["type"] == 5 and callback.body["data"]["flags"] & 64  # private
        [follow] = await server.wait_for(f"/webhooks/{dfake.APP_ID}/{event['token']}")
        assert f"Added {article_url}" in follow.body["content"] and "40" in follow.body["content"]
        no_ping(follow.body["allowed_mentions"])
        assert store.document_count() == 1
        # Subscribing from Discord stores the channel the command came from.
        event = server.slash_command(
            "fact-subscribe",
            [
                {"name": "question", "type": 3, "value": "death toll Homs"},
                {"name": "schedule", "type": 3, "value": "0 7 * * mon-fri"},
            ],
        )
        await server.dispatch("INTERACTION_CREATE", event)
        [follow] = await server.wait_for(f"/webhooks/{dfake.APP_ID}/{event['token']}")
        assert "Subscribed" in follow.body["content"]
        with store.sessions() as session:
            [sub] = list_subscriptions(session)
        assert (sub.platform, sub.channel) == ("discord", str(dfake.CHANNEL_ID))


async def test_discord_subscribe_in_a_channel_the_bot_cannot_send_to_is_refused(
    store: FactStore, pointed: None
) -> None:
    async with discord_admin_bot(store, [dfake.USER_ID]) as (server, bot):
        options = [
            {"name": "question", "type": 3, "value": "death toll Homs"},
            {"name": "schedule", "type": 3, "value": "0 7 * * *"},
        ]
        event = server.slash_command(
            "fact-subscribe", options, channel_id=dfake.READ_ONLY_CHANNEL_ID
        )
        await server.dispatch("INTERACTION_CREATE", event)
        [follow] = await server.wait_for(f"/webhooks/{dfake.APP_ID}/{event['token']}")
        content = follow.body["content"]
        assert content.startswith("Not subscribed") and "Send Messages" in content
        assert store.subscriptions() == []
        # A subscription stored before the channel's permissions changed: Discord refuses the
        # post (403), and its subscriber hears why in a DM, at once.
        sub = SubscriptionInfo(
            "d1ce01",
            "discord",
            str(dfake.READ_ONLY_CHANNEL_ID),
            "death toll Homs",
            "0 7 * * *",
            "UTC",
            str(dfake.USER_ID),
        )
        [digest] = digests_from_subscriptions([sub])
        runner = DigestRunner(store, {"discord": DiscordDigestPoster(bot)}, retry_delays=(9.0,))
        fire = dt.datetime(2026, 10, 26, 7, 0, tzinfo=dt.UTC)
        assert await asyncio.wait_for(runner.run(digest, fire), 5) == "failed"
        [dm] = await server.wait_for(f"/channels/{dfake.DM_CHANNEL_ID}/messages")
        assert "d1ce01" in dm.body["content"] and "Send Messages" in dm.body["content"]
        no_ping(dm.body["allowed_mentions"])


async def test_discord_non_admin_is_refused_and_nothing_is_ingested(
    store: FactStore, article_url: str, pointed: None
) -> None:
    async with discord_admin_bot(store, [12345]) as (server, _):
        event = server.slash_command("fact-add", [{"name": "url", "type": 3, "value": article_url}])
        await server.dispatch("INTERACTION_CREATE", event)
        [callback] = await server.wait_for(f"/interactions/{event['id']}/")
        assert callback.body["type"] == 4
        assert callback.body["data"]["content"] == messages.ADMIN_ONLY
        assert callback.body["data"]["flags"] & 64
        await asyncio.sleep(0.3)  # nothing is fetched later either
        assert store.document_count() == 0


async def test_discord_digest_is_posted_as_embeds_with_no_mentions(
    store: FactStore, pointed: None
) -> None:
    store.ingest_paths([Path(__file__).resolve().parent.parent / "seeds"])
    async with discord_admin_bot(store, []) as (server, bot):
        poster = DiscordDigestPoster(bot)
        assert await poster.check(str(dfake.CHANNEL_ID)) is None
        assert await poster.check("not-a-number") is not None
        assert await poster.check("424242") == "Discord says it does not exist"
        digest = build_digest(
            {
                "id": "morning-toll",
                "schedule": "0 7 * * *",
                "question": "death toll Qaryatayn?",
                "discord_channels": [str(dfake.CHANNEL_ID)],
            }
        )
        fire = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
        assert await DigestRunner(store, {"discord": poster}).run(digest, fire) == "posted"
        [post] = await server.wait_for(f"/channels/{dfake.CHANNEL_ID}/messages")
        body = post.body
        no_ping(body["allowed_mentions"])
        assert "morning-toll" in body["content"]
        embeds = json.dumps(body["embeds"], ensure_ascii=False)
        assert "128" in embeds and "Syrian Observatory" in embeds
        assert 0 < len(body["embeds"]) <= MAX_EMBEDS
        total = sum(
            len(e.get("title", ""))
            + len(e.get("description", ""))
            + sum(len(f["name"]) + len(f["value"]) for f in e.get("fields", []))
            + len((e.get("footer") or {}).get("text", ""))
            for e in body["embeds"]
        )
        assert total <= MAX_TOTAL


async def test_subscribing_while_serving_joins_the_running_scheduler(store: FactStore) -> None:
    from bot.digests import DigestScheduler

    commands = ChatCommands(FactDesk(store), {"discord": ["7"]})
    scheduler = DigestScheduler([], DigestRunner(store))
    scheduler.start()
    commands.scheduler = scheduler
    try:
        caller = Caller("discord", "7", "3000")
        reply = await commands.run(
            AdminCommand("subscribe", "death toll | 0 7 * * * | Europe/London"), caller
        )
        with store.sessions() as session:
            [sub] = list_subscriptions(session)
        assert sub.id in reply and sub.timezone == "Europe/London"
        job = scheduler.scheduler.get_job(f"sub:{sub.id}")
        assert job is not None and f"sub:{sub.id}" in scheduler.digests
        await commands.run(AdminCommand("unsubscribe", f"sub:{sub.id}"), caller)
        assert scheduler.scheduler.get_job(f"sub:{sub.id}") is None
        missing = await commands.run(AdminCommand("unsubscribe", "nope"), caller)
        assert missing == messages.NOT_FOUND_SUBSCRIPTION.format(id="nope")
    finally:
        scheduler.shutdown()
