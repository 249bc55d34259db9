"""The Discord adapter end to end, offline: the real discord.py client against tests/discord_fake.py
on 127.0.0.1, plus the embed renderer's limits and mention safety."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import discord
import pytest

from bot import messages
from bot.autocomplete import suggest
from bot.config import ConfigError, DiscordSettings, Settings
from bot.core import FactDesk
from bot.discord_bot import FactDeskBot, run_discord
from bot.render import discord_embeds as de
from store.answer import Answer, AnswerFigure, Citation, Conflict, ConflictEntry
from store.factstore import FactStore, open_store
from tests import discord_fake as fake
from tests.chat_fixtures import SEEDS, discord_running, no_ping
from tests.discord_fake import FakeDiscord

PINGS = ["@everyone", "@here", "<@123>", "<@&456>", "<@!789>"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FactStore]:
    """The seeds' store, one for the module (in place of conftest's empty `store`)."""
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('discord') / 'facts.db'}")
    s.ingest_paths([SEEDS])
    yield s
    s.close()


@pytest.fixture
async def live(store: FactStore, pointed: None) -> AsyncIterator[tuple[FakeDiscord, FactDeskBot]]:
    settings = DiscordSettings(guilds=[fake.GUILD_ID], public_channels=[fake.PUBLIC_CHANNEL_ID])
    async with discord_running(FactDesk(store), settings) as pair:
        yield pair


def _embed_text(embeds: list[Any]) -> str:
    return json.dumps(embeds, ensure_ascii=False)


async def test_sync_to_guild_at_start(live: tuple[FakeDiscord, FactDeskBot]) -> None:
    server, _ = live
    puts = [r for r in server.requests if r.method == "PUT"]
    assert [r.path for r in puts] == [
        f"/applications/{fake.APP_ID}/guilds/{fake.GUILD_ID}/commands"
    ]
    assert {c["name"] for c in puts[0].body} == {
        "fact",
        "fact-sources",
        "fact-help",
        "fact-add",
        "fact-remove",
        "fact-subscribe",
        "fact-unsubscribe",  # admins only
    }


async def test_slash_fact_defers_then_follows_up_with_cited_embeds(
    live: tuple[FakeDiscord, FactDeskBot],
) -> None:
    server, _ = live
    event = server.slash_command(
        "fact", [{"name": "question", "type": 3, "value": "death toll Qaryatayn?"}]
    )
    await server.dispatch("INTERACTION_CREATE", event)
    [callback] = await server.wait_for(f"/interactions/{event['id']}/{event['token']}/callback")
    assert callback.body["type"] == 5  # deferred channel message
    assert callback.body["data"]["flags"] & 64  # private by default
    [follow] = await server.wait_for(f"/webhooks/{fake.APP_ID}/{event['token']}")
    body = follow.body
    text = _embed_text(body["embeds"])
    assert "128" in text
    assert "Sputnik" in text or "TRT World" in text or "VOA" in text
    assert "The Observatory" in text  # a quoted sentence
    assert body["flags"] & 64
    no_ping(body["allowed_mentions"])
    # The "Post publicly" button rides along with the private answer.
    buttons = [c for row in body["components"] for c in row["components"]]
    assert [b["label"] for b in buttons] == [messages.DISCORD_POST_PUBLICLY]
    assert len(body["embeds"]) <= de.MAX_EMBEDS


async def test_post_publicly_button_posts_the_same_answer(
    live: tuple[FakeDiscord, FactDeskBot],
) -> None:
    server, _ = live
    event = server.slash_command(
        "fact", [{"name": "question", "type": 3, "value": "death toll Qaryatayn? @here"}]
    )
    await server.dispatch("INTERACTION_CREATE", event)
    [follow] = await server.wait_for(f"/webhooks/{fake.APP_ID}/{event['token']}")
    [button] = [c for row in follow.body["components"] for c in row["components"]]
    click = server.button_click(follow.response, button["custom_id"])
    await server.dispatch("INTERACTION_CREATE", click)
    [callback] = await server.wait_for(f"/interactions/{click['id']}/")
    assert callback.body["type"] == 4  # a new message in the channel, for everyone
    data = callback.body["data"]
    assert not data.get("flags", 0) & 64
    assert data["embeds"] == follow.body["embeds"]
    assert "@here" not in data["content"]
    no_ping(data["allowed_mentions"])


async def test_dm_is_answered_in_the_dm(live: tuple[FakeDiscord, FactDeskBot]) -> None:
    server, _ = live
    await server.dispatch(
        "MESSAGE_CREATE", server.dm_message("death toll Qaryatayn?", channel_id=5000)
    )
    [post] = await server.wait_for("/channels/5000/messages")
    assert "128" in _embed_text(post.body["embeds"])
    assert "message_reference" not in post.body
    no_ping(post.body["allowed_mentions"])


async def test_store_failure_is_an_apology_and_logged(
    live: tuple[FakeDiscord, FactDeskBot],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server, bot = live

    def broken(question: str) -> Answer:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(bot.desk.store, "ask", broken)
    event = server.slash_command("fact", [{"name": "question", "type": 3, "value": "death toll?"}])
    await server.dispatch("INTERACTION_CREATE", event)
    [follow] = await server.wait_for(f"/webhooks/{fake.APP_ID}/{event['token']}")
    assert follow.body["content"] == messages.APOLOGY
    assert not follow.body.get("components")  # nothing worth posting publicly
    assert any("disk on fire" in (r.exc_text or "") for r in caplog.records)


async def autocomplete(server: FakeDiscord, typed: str) -> list[str]:
    """The choices the bot offers for `/fact question:<typed>` (an autocomplete interaction)."""
    event = server.slash_command(
        "fact", [{"name": "question", "type": 3, "value": typed, "focused": True}]
    )
    event["type"] = 4  # APPLICATION_COMMAND_AUTOCOMPLETE
    await server.dispatch("INTERACTION_CREATE", event)
    [callback] = await server.wait_for(f"/interactions/{event['id']}/")
    assert callback.body["type"] == 8
    return [c["value"] for c in callback.body["data"]["choices"]]


async def test_autocomplete_offers_known_places(live: tuple[FakeDiscord, FactDeskBot]) -> None:
    server, bot = live
    await asyncio.wait_for(bot.names.ready.wait(), 10)  # the names load in the background
    values = await autocomplete(server, "death toll Qaryat")
    assert "death toll Al-Qaryatayn" in values and len(values) <= 25


async def test_autocomplete_right_after_start_answers_while_the_names_still_load(
    store: FactStore, pointed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loading the names takes seconds in a large store; here it waits until released.
    release = threading.Event()
    known_names = store.known_names

    def slow_known_names() -> tuple[list[str], list[str]]:
        release.wait(20)
        return known_names()

    monkeypatch.setattr(store, "known_names", slow_known_names)
    settings = DiscordSettings(guilds=[fake.GUILD_ID])
    async with discord_running(FactDesk(store), settings) as (server, bot):
        try:
            first = await autocomplete(server, "death toll Qaryat")
            assert first == ["death toll Qaryat"]  # answered without waiting for the names
            assert not bot.names.ready.is_set()
        finally:
            release.set()
        await asyncio.wait_for(bot.names.ready.wait(), 10)
        assert "death toll Al-Qaryatayn" in await autocomplete(server, "death toll Qaryat")


async def test_slash_fact_is_public_in_public_channels(
    live: tuple[FakeDiscord, FactDeskBot],
) -> None:
    server, _ = live
    event = server.slash_command(
        "fact",
        [{"name": "question", "type": 3, "value": "death toll Qaryatayn?"}],
        channel_id=fake.PUBLIC_CHANNEL_ID,
    )
    await server.dispatch("INTERACTION_CREATE", event)
    [callback] = await server.wait_for(f"/interactions/{event['id']}/")
    assert callback.body["type"] == 5
    assert not (callback.body.get("data") or {}).get("flags", 0) & 64
    [follow] = await server.wait_for(f"/webhooks/{fake.APP_ID}/{event['token']}")
    assert not follow.body.get("flags", 0) & 64
    assert not follow.body.get("components")
    no_ping(follow.body["allowed_mentions"])


async def test_fact_help_and_sources(live: tuple[FakeDiscord, FactDeskBot]) -> None:
    server, _ = live
    event = server.slash_command("fact-help", [])
    await server.dispatch("INTERACTION_CREATE", event)
    [callback] = await server.wait_for(f"/interactions/{event['id']}/")
    assert callback.body["type"] == 4 and callback.body["data"]["content"] == messages.HELP
    event = server.slash_command("fact-sources", [])
    await server.dispatch("INTERACTION_CREATE", event)
    [follow] = await server.wait_for(f"/webhooks/{fake.APP_ID}/{event['token']}")
    assert "Sputnik" in _embed_text(follow.body["embeds"])


async def test_mention_is_answered_as_a_reply(live: tuple[FakeDiscord, FactDeskBot]) -> None:
    server, _ = live
    msg = server.guild_message(f"<@{fake.BOT_ID}> death toll Qaryatayn? @everyone")
    await server.dispatch("MESSAGE_CREATE", msg)
    [post] = await server.wait_for(f"/channels/{fake.CHANNEL_ID}/messages")
    assert str(post.body["message_reference"]["message_id"]) == msg["id"]
    assert "128" in _embed_text(post.body["embeds"])
    no_ping(post.body["allowed_mentions"])
    assert "@everyone" not in (post.body.get("content") or "")


async def test_bots_and_unmentioned_messages_are_ignored(
    live: tuple[FakeDiscord, FactDeskBot],
) -> None:
    server, _ = live
    await server.dispatch(
        "MESSAGE_CREATE",
        server.guild_message(
            f"<@{fake.BOT_ID}> death toll?", author_id=fake.OTHER_BOT_ID, bot=True
        ),
    )
    await server.dispatch(
        "MESSAGE_CREATE",
        server.guild_message(f"<@{fake.BOT_ID}> death toll?", author_id=fake.BOT_ID, bot=True),
    )
    await server.dispatch("MESSAGE_CREATE", server.guild_message("death toll?", mention_bot=False))
    # A marker message proves the events above were processed (in order) before we look.
    await server.dispatch("MESSAGE_CREATE", server.guild_message(f"<@{fake.BOT_ID}> "))
    posts = await server.wait_for(f"/channels/{fake.CHANNEL_ID}/messages")
    assert len(posts) == 1 and posts[0].body["content"] == messages.HELP


async def test_allowlist_blocks_other_channels(store: FactStore, pointed: None) -> None:
    settings = DiscordSettings(guilds=[fake.GUILD_ID], allowed_channels=[fake.PUBLIC_CHANNEL_ID])
    async with discord_running(FactDesk(store), settings) as (server, _):
        event = server.slash_command(
            "fact", [{"name": "question", "type": 3, "value": "death toll?"}]
        )
        await server.dispatch("INTERACTION_CREATE", event)
        [callback] = await server.wait_for(f"/interactions/{event['id']}/")
        assert callback.body["data"]["content"] == messages.DISCORD_NOT_HERE
        assert not server.posts("/webhooks/")


async def test_missing_token_names_the_variable(
    store: FactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="DISCORD_TOKEN"):
        await run_discord(FactDesk(store), Settings())


def test_bot_needs_no_privileged_intent(store: FactStore) -> None:
    bot = FactDeskBot(FactDesk(store), DiscordSettings())
    assert not bot.intents.message_content and not bot.intents.members and not bot.intents.presences


def test_autocomplete_completes_the_last_word() -> None:
    out = suggest(
        "death toll Qaryat", ["Al-Qaryatayn", "Palmyra"], ["Syrian Observatory for Human Rights"]
    )
    assert out[0] == "death toll Qaryat"
    assert "death toll Al-Qaryatayn" in out
    assert len(out) <= 25 and all(len(s) <= 100 for s in out)


# -- rendering ------------------------------------------------------------------------------


def _figure(
    i: int, quote: str = "", source: str = "Syrian Observatory for Human Rights"
) -> AnswerFigure:
    cite = Citation(
        document=f"doc{i}.txt",
        title="A title",
        outlet="Sputnik",
        published=dt.date(2017, 10, 23),
        url=f"https://example.org/{i}",
        quote=quote or f"At least {i} civilians were killed, SOHR said. " * 30,
        start=0,
        end=10,
    )
    return AnswerFigure(
        value=float(i),
        low=float(i),
        high=None,
        text=str(i),
        qualifier="at least",
        unit=None,
        counts="civilians",
        category="killed",
        perpetrator="Islamic State",
        place="Al-Qaryatayn",
        period=None,
        source=source,
        citations=(cite,) * 6,
    )


def _check_limits(msg: de.DiscordMessage) -> None:
    assert len(msg.embeds) <= de.MAX_EMBEDS
    assert de.total_chars(msg.embeds) <= de.MAX_TOTAL
    assert msg.content is None or len(msg.content) <= de.MAX_CONTENT
    for d in msg.embeds:
        assert len(d.get("title", "")) <= de.MAX_TITLE
        assert len(d.get("description", "")) <= de.MAX_DESCRIPTION
        assert len(d.get("fields", [])) <= de.MAX_FIELDS
        for f in d.get("fields", []):
            assert (
                0 < len(f["name"]) <= de.MAX_FIELD_NAME
                and 0 < len(f["value"]) <= de.MAX_FIELD_VALUE
            )


def test_hundred_figures_fit_every_limit_with_a_more_note() -> None:
    entries = tuple(
        ConflictEntry(
            value=float(i),
            low=None,
            high=None,
            text=str(i),
            source="x" * 300,
            documents=("d",),
            published=None,
        )
        for i in range(40)
    )
    conflicts = tuple(Conflict("killed", f"Place {i}", None, entries) for i in range(30))
    answer = Answer(
        query="death toll?", figures=tuple(_figure(i) for i in range(100)), conflicts=conflicts
    )
    for limit in (10, 100):
        msg = de.render_answer(answer, limit=limit)
        _check_limits(msg)
        assert msg.content is not None and "more figure" in msg.content
        assert msg.embeds[-1]["title"] == messages.DISCORD_CONFLICTS_TITLE


def test_mentions_and_markdown_in_question_and_quote_never_ping() -> None:
    quote = "Officials said " + " ".join(PINGS) + " **bold** _it_ `code` ||spoiler||"
    answer = Answer(
        query="toll " + " ".join(PINGS), figures=(_figure(5, quote=quote, source="@everyone"),)
    )
    msg = de.render_answer(answer)
    _check_limits(msg)
    wire = (msg.content or "") + _embed_text(msg.embeds)
    for ping in PINGS:
        assert ping not in wire
    assert "**bold**" not in wire and "\\*\\*bold\\*\\*" in wire.replace("\\\\", "\\")
    no_figures = de.render_answer(Answer(query="<@123> @here", suggestions=("@everyone",)))
    for ping in PINGS:
        assert ping not in (no_figures.content or "")


# The renderer escapes by hand (it may not import discord); it must do what discord.utils did.
ESCAPE_SAMPLES = [
    "plain text, nothing to do",
    "**bold** __under__ *it* _it_ ~~gone~~ ||spoiler|| `code` ```block```",
    "a \\ backslash and \\* an escaped star",
    "> quoted\n>>> block quote\n# heading\n## two\n### three\n#### four\n - item\n-item",
    "[masked](https://evil.example/x_y) and <https://a.example/b_c> and https://x.example/a_b_c.",
    "steam://run/123_4 then <mailto:/a_b> and http://x.example/q?a=1&b=*2*, then _after_",
    "@everyone @here <@123> <@!789> <@&456> <@12345678901234567890123> @@everyone me@host",
    "",
]


@pytest.mark.parametrize("text", ESCAPE_SAMPLES)
def test_escaping_matches_discord_utils(text: str) -> None:
    assert de.escape_markdown(text) == discord.utils.escape_markdown(text)
    expected = de._MENTION.sub("@\u200b\\1", discord.utils.escape_mentions(text))
    assert de.neutralise_mentions(text) == expected


def test_embed_dicts_count_and_convert_as_discord_embeds_do() -> None:
    answer = Answer(query="death toll?", figures=tuple(_figure(i) for i in range(3)))
    msg = de.render_answer(answer)
    assert msg.embeds and all(isinstance(e, dict) for e in msg.embeds)
    json.dumps(msg.embeds)  # JSON-able as it stands
    embeds = [discord.Embed.from_dict(d) for d in msg.embeds]
    assert [len(e) for e in embeds] == [de.embed_chars(d) for d in msg.embeds]
    # Round trip: what discord.py sends is our dict (plus the `flags: 0` it adds to any embed).
    assert [e.to_dict() for e in embeds] == [{**d, "flags": 0} for d in msg.embeds]
    with_author = {**msg.embeds[0], "author": {"name": "Desk"}}
    assert de.embed_chars(with_author) == len(discord.Embed.from_dict(with_author))
