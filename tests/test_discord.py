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
from bot.conversation import help_text
from bot.core import FactDesk
from bot.discord_bot import FactDeskBot, run_discord
from bot.render import discord_embeds as de
from bot.render.chat_pages import chat_pages
from bot.render.discord_embeds import neutralise_mentions
from store.answer import Answer, AnswerFigure, Citation, Conflict, ConflictEntry
from store.factstore import FactStore, open_store
from tests import discord_fake as fake
from tests.chat_fixtures import SEEDS, RecordingAnswering, discord_running, no_ping
from tests.discord_fake import FakeDiscord, Recorded

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


COMMANDS = {
    "fact",
    "fact-sources",
    "fact-help",
    "fact-add",
    "fact-remove",
    "fact-subscribe",
    "fact-unsubscribe",
    messages.FIND_FIGURES,
}
ADMIN_COMMANDS = {"fact-add", "fact-remove", "fact-subscribe", "fact-unsubscribe"}
MANAGE_GUILD = 1 << 5  # Discord's MANAGE_GUILD permission bit


async def test_commands_sync_once_then_not_again_after_a_restart(
    tmp_path: Any, pointed: None
) -> None:
    fresh = open_store(f"sqlite:///{tmp_path / 'facts.db'}")
    settings = DiscordSettings(guilds=[fake.GUILD_ID])
    try:
        async with discord_running(FactDesk(fresh), settings) as (server, _):
            puts = [r for r in server.requests if r.method == "PUT"]
            assert [r.path for r in puts] == [
                f"/applications/{fake.APP_ID}/guilds/{fake.GUILD_ID}/commands"
            ]
            payload = {c["name"]: c for c in puts[0].body}
        assert set(payload) == COMMANDS
        for name in ADMIN_COMMANDS:  # hidden from all but server managers, never in DMs
            assert payload[name]["default_member_permissions"] == MANAGE_GUILD
            assert payload[name]["contexts"] == [0]
        subscribe = payload["fact-subscribe"]["options"]
        assert [(o["name"], o["required"]) for o in subscribe] == [
            ("question", True),
            ("schedule", True),
            ("timezone", False),
        ]
        assert payload[messages.FIND_FIGURES]["type"] == 3  # a message context menu
        async with discord_running(FactDesk(fresh), settings) as (server, _):
            assert not [r for r in server.requests if r.method == "PUT"]
        # A changed command set (another guild to serve) syncs again.
        wider = DiscordSettings(guilds=[fake.GUILD_ID, 2001])
        async with discord_running(FactDesk(fresh), wider) as (server, _):
            assert len([r for r in server.requests if r.method == "PUT"]) == 2
    finally:
        fresh.close()


def _buttons(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in body.get("components") or [] for c in row["components"]]


async def _ask(server: FakeDiscord, question: str, **kw: Any) -> Recorded:
    event = server.slash_command("fact", [{"name": "question", "type": 3, "value": question}], **kw)
    await server.dispatch("INTERACTION_CREATE", event)
    [follow] = await server.wait_for(f"/webhooks/{fake.APP_ID}/{event['token']}")
    return follow


async def test_slash_fact_defers_then_follows_up_with_one_phone_sized_embed(
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
    [embed] = body["embeds"]
    text = _embed_text(body["embeds"])
    assert "128" in text
    assert "Sputnik" in text or "TRT World" in text or "VOA" in text
    assert "<t:" in text and ":D>" in text  # dates in each reader's own locale
    assert embed["footer"]["text"].startswith("Page 1 of")
    assert de.total_chars(body["embeds"]) <= de.PAGE_CHARS
    assert body["flags"] & 64
    no_ping(body["allowed_mentions"])
    more, share = _buttons(body)
    assert (more["label"], share["label"]) == (messages.CHAT_MORE, messages.DISCORD_POST_PUBLICLY)
    assert more["custom_id"].startswith("factdesk:more:") and more["custom_id"].endswith(":1")
    assert share["custom_id"] == "factdesk:share:" + more["custom_id"].split(":")[2]


async def test_post_publicly_posts_the_previewed_answer_once_and_says_who(
    live: tuple[FakeDiscord, FactDeskBot],
) -> None:
    server, _ = live
    follow = await _ask(server, "death toll Qaryatayn? @here")
    share = _buttons(follow.body)[1]
    click = server.button_click(follow.response, share["custom_id"])
    await server.dispatch("INTERACTION_CREATE", click)
    [callback] = await server.wait_for(f"/interactions/{click['id']}/")
    assert callback.body["type"] == 7  # the preview updated in place: its button disabled
    assert [b["disabled"] for b in _buttons(callback.body["data"])] == [False, True]
    [public] = await server.wait_for(f"/webhooks/{fake.APP_ID}/{click['token']}")
    assert not public.body.get("flags", 0) & 64  # for the channel
    assert public.body["embeds"] == follow.body["embeds"]  # exactly what was previewed
    assert public.body["content"] == f"Shared by <@{fake.USER_ID}>"
    no_ping(public.body["allowed_mentions"])  # the name shows; nobody is pinged
    assert [b["label"] for b in _buttons(public.body)] == [messages.CHAT_MORE]
    again = server.button_click(follow.response, share["custom_id"])
    await server.dispatch("INTERACTION_CREATE", again)
    [second] = await server.wait_for(f"/interactions/{again['id']}/")
    assert second.body["type"] == 4 and second.body["data"]["flags"] & 64
    assert second.body["data"]["content"] == f"Already shared by <@{fake.USER_ID}>."
    assert len(server.posts(f"/webhooks/{fake.APP_ID}/{again['token']}")) == 0


async def test_a_share_pressed_after_a_restart_still_posts(store: FactStore, pointed: None) -> None:
    settings = DiscordSettings(guilds=[fake.GUILD_ID])
    async with discord_running(FactDesk(store), settings) as (server, _):
        follow = await _ask(server, "death toll Qaryatayn?")
    share = _buttons(follow.body)[1]
    # A new process: nothing of the first one's memory is left but the store.
    async with discord_running(FactDesk(store), settings) as (server, _):
        click = server.button_click(follow.response, share["custom_id"])
        await server.dispatch("INTERACTION_CREATE", click)
        [public] = await server.wait_for(f"/webhooks/{fake.APP_ID}/{click['token']}")
        assert public.body["embeds"] == follow.body["embeds"]


async def test_more_pages_privately_through_the_answer(
    live: tuple[FakeDiscord, FactDeskBot],
) -> None:
    server, _ = live
    follow = await _ask(server, "death toll Qaryatayn?")
    more = _buttons(follow.body)[0]
    click = server.button_click(follow.response, more["custom_id"])
    await server.dispatch("INTERACTION_CREATE", click)
    [callback] = await server.wait_for(f"/interactions/{click['id']}/")
    data = callback.body["data"]
    assert callback.body["type"] == 4 and data["flags"] & 64
    assert data["embeds"][0]["footer"]["text"].startswith("Page 2 of")
    assert data["embeds"] != follow.body["embeds"]
    no_ping(data["allowed_mentions"])
    stale = {
        **follow.response,
        "components": [
            {
                "type": 1,
                "components": [
                    {"type": 2, "style": 2, "label": "More", "custom_id": "factdesk:more:gone:1"}
                ],
            }
        ],
    }
    expired = server.button_click(stale, "factdesk:more:gone:1")
    await server.dispatch("INTERACTION_CREATE", expired)
    [said] = await server.wait_for(f"/interactions/{expired['id']}/")
    assert said.body["data"]["content"] == messages.CHAT_EXPIRED


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


async def test_a_store_failure_after_a_public_deferral_is_told_privately(
    live: tuple[FakeDiscord, FactDeskBot], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a public channel the "thinking…" is public; the apology is for the asker alone, so
    the public placeholder is removed and the apology sent as a private follow-up."""
    server, bot = live

    def broken(question: str) -> Answer:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(bot.desk.store, "ask", broken)
    event = server.slash_command(
        "fact",
        [{"name": "question", "type": 3, "value": "death toll?"}],
        channel_id=fake.PUBLIC_CHANNEL_ID,
    )
    await server.dispatch("INTERACTION_CREATE", event)
    [callback] = await server.wait_for(f"/interactions/{event['id']}/")
    assert not (callback.body.get("data") or {}).get("flags", 0) & 64
    [follow] = await server.wait_for(f"/webhooks/{fake.APP_ID}/{event['token']}")
    assert follow.body["content"] == messages.APOLOGY
    assert follow.body.get("flags", 0) & 64
    deleted = [
        r
        for r in server.requests
        if r.method == "DELETE" and r.path.endswith(f"{event['token']}/messages/@original")
    ]
    assert deleted and server.requests.index(deleted[0]) < server.requests.index(follow)


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
    # Public already: More for whoever wants the rest, nothing to share.
    assert [b["label"] for b in _buttons(follow.body)] == [messages.CHAT_MORE]
    no_ping(follow.body["allowed_mentions"])


async def test_fact_help_and_sources(live: tuple[FakeDiscord, FactDeskBot]) -> None:
    server, _ = live
    event = server.slash_command("fact-help", [])
    await server.dispatch("INTERACTION_CREATE", event)
    [follow] = await server.wait_for(f"/webhooks/{fake.APP_ID}/{event['token']}")
    assert follow.body["content"] == help_text() and follow.body["flags"] & 64
    event = server.slash_command("fact-sources", [])
    await server.dispatch("INTERACTION_CREATE", event)
    [follow] = await server.wait_for(f"/webhooks/{fake.APP_ID}/{event['token']}")
    shown = _embed_text(follow.body["embeds"])
    assert "Sputnik" in shown and messages.DISCORD_STORE_LABEL in shown
    assert "sqlite" not in shown and "facts.db" not in shown  # never the store's URL


async def test_mention_is_answered_as_a_reply(live: tuple[FakeDiscord, FactDeskBot]) -> None:
    server, _ = live
    msg = server.guild_message(f"<@{fake.BOT_ID}> death toll Qaryatayn? @everyone")
    await server.dispatch("MESSAGE_CREATE", msg)
    [post] = await server.wait_for(f"/channels/{fake.CHANNEL_ID}/messages")
    assert str(post.body["message_reference"]["message_id"]) == msg["id"]
    assert "128" in _embed_text(post.body["embeds"])
    no_ping(post.body["allowed_mentions"])
    assert "@everyone" not in (post.body.get("content") or "")


async def test_commands_and_mentions_are_answered_by_the_answering_given(
    store: FactStore, pointed: None
) -> None:
    desk = FactDesk(store)
    answering = RecordingAnswering(desk)
    settings = DiscordSettings(guilds=[fake.GUILD_ID])
    async with discord_running(desk, settings, answering=answering) as (server, _):
        follow = await _ask(server, "death toll Qaryatayn?")
        assert "128" in _embed_text(follow.body["embeds"])
        msg = server.guild_message(f"<@{fake.BOT_ID}> how many killed in Qaryatayn?")
        await server.dispatch("MESSAGE_CREATE", msg)
        [post] = await server.wait_for(f"/channels/{fake.CHANNEL_ID}/messages")
        assert "128" in _embed_text(post.body["embeds"])
    assert answering.questions == ["death toll Qaryatayn?", "how many killed in Qaryatayn?"]


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
    assert len(posts) == 1 and posts[0].body["content"] == help_text()


async def test_a_mention_of_help_gets_the_help_not_an_answer(
    live: tuple[FakeDiscord, FactDeskBot],
) -> None:
    server, _ = live
    msg = server.guild_message(f"<@{fake.BOT_ID}> help")
    await server.dispatch("MESSAGE_CREATE", msg)
    [post] = await server.wait_for(f"/channels/{fake.CHANNEL_ID}/messages")
    assert post.body["content"] == help_text() and not post.body.get("embeds")
    assert str(post.body["message_reference"]["message_id"]) == msg["id"]


async def test_a_mention_of_the_bots_role_is_answered(
    live: tuple[FakeDiscord, FactDeskBot],
) -> None:
    server, _ = live
    msg = server.guild_message(f"<@&{fake.BOT_ROLE_ID}> death toll Qaryatayn?", mention_bot=False)
    msg["mention_roles"] = [str(fake.BOT_ROLE_ID)]
    await server.dispatch("MESSAGE_CREATE", msg)
    [post] = await server.wait_for(f"/channels/{fake.CHANNEL_ID}/messages")
    assert "128" in _embed_text(post.body["embeds"])
    no_ping(post.body["allowed_mentions"])


async def test_a_dm_with_only_a_file_is_told_what_the_bot_reads(
    live: tuple[FakeDiscord, FactDeskBot],
) -> None:
    server, _ = live
    dm = server.dm_message("", channel_id=5001)
    dm["attachments"] = [
        {
            "id": server.next_id(),
            "filename": "casualties.pdf",
            "size": 1000,
            "url": "https://cdn.discord.example/casualties.pdf",
            "proxy_url": "https://cdn.discord.example/casualties.pdf",
        }
    ]
    await server.dispatch("MESSAGE_CREATE", dm)
    [post] = await server.wait_for("/channels/5001/messages")
    assert post.body["content"] == neutralise_mentions(messages.FILE_NOT_READ)


async def test_a_store_failure_under_a_mention_is_an_apology(
    live: tuple[FakeDiscord, FactDeskBot], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, bot = live

    def broken(question: str) -> Answer:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(bot.desk.store, "ask", broken)
    await server.dispatch(
        "MESSAGE_CREATE", server.guild_message(f"<@{fake.BOT_ID}> death toll Qaryatayn?")
    )
    [post] = await server.wait_for(f"/channels/{fake.CHANNEL_ID}/messages")
    assert post.body["content"] == messages.APOLOGY


async def test_find_figures_in_this_message_answers_privately(
    live: tuple[FakeDiscord, FactDeskBot],
) -> None:
    server, _ = live
    target = server.guild_message("How many were killed in Qaryatayn?", mention_bot=False)
    event = server.message_command(messages.FIND_FIGURES, target)
    await server.dispatch("INTERACTION_CREATE", event)
    [callback] = await server.wait_for(f"/interactions/{event['id']}/")
    assert callback.body["type"] == 5 and callback.body["data"]["flags"] & 64
    [follow] = await server.wait_for(f"/webhooks/{fake.APP_ID}/{event['token']}")
    assert "128" in _embed_text(follow.body["embeds"]) and follow.body["flags"] & 64


async def test_a_button_pressed_while_the_store_fails_gets_an_apology(
    live: tuple[FakeDiscord, FactDeskBot], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, bot = live
    follow = await _ask(server, "death toll Qaryatayn?")

    def broken(key: str) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(bot.desk.store, "snapshot", broken)
    for button in _buttons(follow.body):
        click = server.button_click(follow.response, button["custom_id"])
        await server.dispatch("INTERACTION_CREATE", click)
        [said] = await server.wait_for(f"/interactions/{click['id']}/")
        assert said.body["data"]["content"] == messages.APOLOGY
        assert said.body["data"]["flags"] & 64


async def test_allowlist_blocks_other_channels(store: FactStore, pointed: None) -> None:
    settings = DiscordSettings(guilds=[fake.GUILD_ID], allowed_channels=[fake.PUBLIC_CHANNEL_ID])
    async with discord_running(FactDesk(store), settings) as (server, _):
        event = server.slash_command(
            "fact", [{"name": "question", "type": 3, "value": "death toll?"}]
        )
        await server.dispatch("INTERACTION_CREATE", event)
        [callback] = await server.wait_for(f"/interactions/{event['id']}/")
        assert callback.body["data"]["content"] == messages.NOT_HERE
        assert callback.body["data"]["flags"] & 64
        assert not server.posts("/webhooks/")
        # A mention there is not met with silence either: one line, as a reply.
        msg = server.guild_message(f"<@{fake.BOT_ID}> death toll?")
        await server.dispatch("MESSAGE_CREATE", msg)
        [post] = await server.wait_for(f"/channels/{fake.CHANNEL_ID}/messages")
        assert post.body["content"] == messages.NOT_HERE and not post.body.get("embeds")


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
    pages = chat_pages(answer)
    for page in pages:
        msg = de.render_answer(answer, page)
        _check_limits(msg)
    first = de.render_answer(answer, pages[0]).embeds[0]
    # Disagreements come before the evidence, and what waits is counted.
    assert first["fields"][0]["name"].startswith("Sources disagree")
    assert "more figure" in first["footer"]["text"]


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
