"""The Slack adapter end to end, offline: the real Bolt app on 127.0.0.1 against a fake Slack.

Requests are signed like Slack signs them (tests/chat_fixtures.py); the bot's Web API client and response_urls point at
tests/slack_fake.py, which records what it receives so the tests assert content.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import urllib.parse
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot import messages
from bot.config import SlackSettings
from bot.conversation import help_text
from bot.core import FactDesk
from bot.render.slack_blocks import (
    MAX_BLOCKS,
    MAX_MESSAGE_TEXT,
    MAX_SECTION_TEXT,
    block_text_chars,
    escape,
    render_answer_blocks,
)
from bot.slack import EVENTS_PATH, MORE_ACTION_ID, POST_ACTION_ID, build_slack_app
from store.answer import Answer, AnswerFigure, Citation
from tests.chat_fixtures import (
    SIGNING_SECRET,
    TOKEN,
    Bot,
    RecordingAnswering,
    slack_http_bot,
    slash_body,
    slash_payload,
    texts,
)
from tests.slack_fake import BOT_USER_ID, MANIFEST_SCOPES, TEAM_ID, Call, FakeSlack

DANGER = "<!channel> <!here> <@U123> @everyone @here"


def _seed_128(desk: FactDesk) -> tuple[str, str]:
    answer = desk.ask_sync("death toll Qaryatayn?")
    fig = next(f for f in answer.answer.figures if f.value == 128) if answer.answer else None
    assert fig is not None
    cite = next(c for c in fig.citations if c.outlet)
    return cite.quote, str(cite.outlet)


# ---- HTTP mode ---------------------------------------------------------------------------------


async def test_slash_command_acks_fast_then_answers_privately(bot: Bot, desk: FactDesk) -> None:
    start = time.monotonic()
    resp = await bot.command("death toll Qaryatayn?")
    assert resp.status == 200
    assert time.monotonic() - start < 3.0
    call = await bot.fake.wait_for(lambda c: c.kind == "response_url")
    blocks = call.payload["blocks"]
    shown = texts(blocks)
    quote, outlet = _seed_128(desk)
    assert "128" in shown
    assert escape(quote)[:60] in shown
    assert outlet in shown
    assert call.payload["response_type"] == "ephemeral"
    # The wire shape: who asked, the lead, the disagreement side by side (as fields), a few
    # quotes with their citations, the page footer, then the buttons.
    assert blocks[0] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "You asked: death toll Qaryatayn?"}],
    }
    conflicts = [b for b in blocks if "fields" in b]
    assert conflicts and "Sources disagree" in conflicts[0]["text"]["text"]
    assert len(conflicts[0]["fields"]) >= 2
    assert shown.count("> “") == 3
    assert "Page 1 of" in texts(blocks[-2])
    row = blocks[-1]
    assert row["type"] == "actions"
    more, share = row["elements"]
    assert more["action_id"] == MORE_ACTION_ID and more["value"].endswith(":1")
    assert share["action_id"] == POST_ACTION_ID and more["value"] == share["value"] + ":1"
    assert "128" in call.payload["text"]  # the plain-text fallback
    assert len(blocks) <= MAX_BLOCKS and block_text_chars(blocks) <= MAX_MESSAGE_TEXT


def action_body(fake: FakeSlack, action_id: str, value: str, name: str = "press") -> str:
    """A block_actions request: user U42 ("editor") pressed a button of ours."""
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": "U42", "username": "editor", "name": "editor"},
        "api_app_id": "A1",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "channel": {"id": "C1"},
        "container": {"type": "message"},
        "response_url": fake.response_url(name),
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b",
                "type": "button",
                "value": value,
                "action_ts": "1",
            }
        ],
    }
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


async def _preview(bot: Bot) -> list[dict[str, Any]]:
    await bot.command("death toll Qaryatayn?")
    call = await bot.fake.wait_for(lambda c: c.kind == "response_url" and c.name == "cmd")
    blocks: list[dict[str, Any]] = call.payload["blocks"]
    return blocks


async def test_post_to_channel_shares_what_was_previewed_once(bot: Bot) -> None:
    preview = await _preview(bot)
    key = preview[-1]["elements"][1]["value"]
    form = "application/x-www-form-urlencoded"
    assert (await bot.post(action_body(bot.fake, POST_ACTION_ID, key, "share"), form)).status == 200
    posted = await bot.fake.wait_for(
        lambda c: c.name == "share" and c.payload.get("response_type") == "in_channel"
    )
    blocks = posted.payload["blocks"]
    assert blocks[0] == {
        "type": "context",
        "elements": [
            {"type": "mrkdwn", "text": "Shared by @editor, who asked: death toll Qaryatayn?"}
        ],
    }
    # Exactly the previewed page (not a fresh answer) under who shared it rather than "You
    # asked", with More for the channel and no second share button.
    assert preview[0]["elements"][0]["text"] == "You asked: death toll Qaryatayn?"
    assert blocks[1:-1] == preview[1:-1]
    assert [e["action_id"] for e in blocks[-1]["elements"]] == [MORE_ACTION_ID]
    assert posted.payload["replace_original"] is False
    await bot.fake.wait_for(lambda c: c.name == "share" and c.payload.get("delete_original"))
    # A second press (a double click, a second replica) posts nothing more.
    await bot.post(action_body(bot.fake, POST_ACTION_ID, key, "again"), form)
    again = await bot.fake.wait_for(lambda c: c.name == "again")
    assert again.payload["response_type"] == "ephemeral"
    assert texts(again.payload["blocks"]) == "Already shared by @editor."
    await asyncio.sleep(0.3)
    assert (
        len(
            [
                c
                for c in bot.fake.posts("response_url")
                if c.payload.get("response_type") == "in_channel"
            ]
        )
        == 1
    )


async def test_more_shows_the_next_page_privately(bot: Bot) -> None:
    preview = await _preview(bot)
    value = preview[-1]["elements"][0]["value"]
    form = "application/x-www-form-urlencoded"
    await bot.post(action_body(bot.fake, MORE_ACTION_ID, value, "more"), form)
    page = await bot.fake.wait_for(lambda c: c.name == "more")
    assert page.payload["response_type"] == "ephemeral"
    assert page.payload["replace_original"] is False
    assert "Page 2 of" in texts(page.payload["blocks"])
    assert texts(page.payload["blocks"]) != texts(preview)
    last = page.payload["blocks"][-1]
    if last["type"] == "actions":  # a further page: its More points there
        assert last["elements"][0]["value"] == value[:-1] + "2"


@pytest.mark.parametrize("action", [MORE_ACTION_ID, POST_ACTION_ID])
async def test_a_button_pressed_while_the_store_fails_gets_an_apology(
    bot: Bot, desk: FactDesk, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    preview = await _preview(bot)
    value = {e["action_id"]: e["value"] for e in preview[-1]["elements"]}[action]

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    for method in ("snapshot", "claim_share"):
        monkeypatch.setattr(desk.store, method, broken)
    await bot.post(
        action_body(bot.fake, action, value, "broken"), "application/x-www-form-urlencoded"
    )
    call = await bot.fake.wait_for(lambda c: c.name == "broken")
    assert call.payload["response_type"] == "ephemeral"
    assert texts(call.payload["blocks"]) == messages.APOLOGY


@pytest.mark.parametrize("action", [MORE_ACTION_ID, POST_ACTION_ID])
async def test_a_button_whose_answer_expired_says_so(bot: Bot, action: str) -> None:
    value = "no-such-key:1" if action == MORE_ACTION_ID else "no-such-key"
    await bot.post(action_body(bot.fake, action, value), "application/x-www-form-urlencoded")
    call = await bot.fake.wait_for(lambda c: c.kind == "response_url")
    assert call.payload["response_type"] == "ephemeral"
    assert texts(call.payload["blocks"]) == messages.CHAT_EXPIRED


async def test_slash_command_public_channel(bot: Bot) -> None:
    assert (await bot.command("death toll Qaryatayn?", channel="CPUBLIC")).status == 200
    call = await bot.fake.wait_for(lambda c: c.kind == "response_url")
    assert call.payload["response_type"] == "in_channel"
    assert "128" in texts(call.payload["blocks"])


async def test_slash_help_and_sources(bot: Bot) -> None:
    await bot.command("help")
    call = await bot.fake.wait_for(lambda c: c.kind == "response_url")
    assert "death toll Qaryatayn?" in texts(call.payload["blocks"])
    bot.fake.calls.clear()
    await bot.command("sources")
    call = await bot.fake.wait_for(lambda c: c.kind == "response_url")
    assert "5 article(s)" in texts(call.payload["blocks"])
    assert "sqlite" not in texts(call.payload["blocks"])  # never leak the store's URL/path


async def test_app_mention_answers_in_thread(bot: Bot) -> None:
    event = {
        "type": "app_mention",
        "user": "U42",
        "text": f"<@{BOT_USER_ID}> death toll Qaryatayn?",
        "ts": "1700000000.000100",
        "channel": "C1",
        "event_ts": "1700000000.000100",
    }
    assert (await bot.event(event, "Ev1")).status == 200
    call = await bot.fake.wait_for(lambda c: c.name == "chat.postMessage")
    assert call.payload["channel"] == "C1"
    assert call.payload["thread_ts"] == "1700000000.000100"
    assert "128" in texts(call.payload["blocks"])


async def test_commands_and_mentions_are_answered_by_the_answering_given(
    desk: FactDesk, fake: FakeSlack
) -> None:
    answering = RecordingAnswering(desk)
    settings = SlackSettings(mode="http", allowed_channels=[])
    async with slack_http_bot(desk, fake, settings, answering=answering) as bot:
        assert (await bot.command("death toll Qaryatayn?")).status == 200
        call = await bot.fake.wait_for(lambda c: c.kind == "response_url")
        assert "128" in texts(call.payload["blocks"])
        mention = {
            "type": "app_mention",
            "user": "U42",
            "text": f"<@{BOT_USER_ID}> how many killed in Qaryatayn?",
            "ts": "1700000000.000200",
            "channel": "C1",
            "event_ts": "1700000000.000200",
        }
        assert (await bot.event(mention, "EvAnswering")).status == 200
        await bot.fake.wait_for(lambda c: c.name == "chat.postMessage")
    assert answering.questions == ["death toll Qaryatayn?", "how many killed in Qaryatayn?"]


async def test_rate_limited_post_is_retried_after_retry_after(bot: Bot) -> None:
    bot.fake.rate_limit["chat.postMessage"] = 1
    event = {
        "type": "app_mention",
        "user": "U42",
        "text": f"<@{BOT_USER_ID}> death toll Qaryatayn?",
        "ts": "4.1",
        "channel": "C1",
    }
    start = time.monotonic()
    assert (await bot.event(event, "EvLimited")).status == 200
    call = await bot.fake.wait_for(lambda c: c.kind == "api" and c.name == "chat.postMessage")
    assert time.monotonic() - start >= 1.0  # it waited for Retry-After
    assert bot.fake.posts(kind="rate_limited") and "128" in texts(call.payload["blocks"])


async def test_a_server_error_from_slack_is_retried(bot: Bot) -> None:
    bot.fake.server_errors["chat.postMessage"] = 1
    event = {
        "type": "app_mention",
        "user": "U42",
        "text": f"<@{BOT_USER_ID}> death toll Qaryatayn?",
        "ts": "4.2",
        "channel": "C1",
    }
    assert (await bot.event(event, "EvServerError")).status == 200
    call = await bot.fake.wait_for(lambda c: c.kind == "api" and c.name == "chat.postMessage")
    assert bot.fake.posts(kind="server_error") and "128" in texts(call.payload["blocks"])


async def test_dm_answered_in_dm(bot: Bot) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U42",
        "text": "death toll Qaryatayn?",
        "ts": "1700000000.000200",
        "channel": "D42",
        "event_ts": "1700000000.000200",
    }
    assert (await bot.event(event, "Ev2")).status == 200
    call = await bot.fake.wait_for(lambda c: c.name == "chat.postMessage")
    assert call.payload["channel"] == "D42"
    assert "128" in texts(call.payload["blocks"])
    # Private already, and no channel to post to: More, but no share button.
    [row] = [b for b in call.payload["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in row["elements"]] == [MORE_ACTION_ID]


async def test_bot_messages_ignored(bot: Bot) -> None:
    other = {
        "type": "message",
        "channel_type": "im",
        "subtype": "bot_message",
        "bot_id": "BOTHER",
        "text": "death toll Qaryatayn?",
        "ts": "1.1",
        "channel": "D42",
    }
    own = {
        "type": "message",
        "channel_type": "im",
        "bot_id": "BBOT",
        "user": BOT_USER_ID,
        "text": "death toll Qaryatayn?",
        "ts": "1.2",
        "channel": "D42",
    }
    mention = {
        "type": "app_mention",
        "bot_id": "BOTHER",
        "user": "UOTHER",
        "text": f"<@{BOT_USER_ID}> death toll Qaryatayn?",
        "ts": "1.3",
        "channel": "C1",
    }
    for i, ev in enumerate((other, own, mention)):
        assert (await bot.event(ev, f"EvBot{i}")).status == 200
    await asyncio.sleep(1.0)
    assert bot.fake.posts(name="chat.postMessage") == []


async def test_channel_allowlist(desk: FactDesk, fake: FakeSlack) -> None:
    settings = SlackSettings(mode="http", allowed_channels=["CALLOWED"])
    async with slack_http_bot(desk, fake, settings) as bot:
        ev = {
            "type": "app_mention",
            "user": "U42",
            "text": f"<@{BOT_USER_ID}> death toll",
            "ts": "2.1",
            "channel": "COTHER",
        }
        await bot.event(ev, "EvA1")
        await bot.event({**ev, "channel": "CALLOWED", "ts": "2.2"}, "EvA2")
        call = await fake.wait_for(lambda c: c.name == "chat.postMessage")
        assert call.payload["channel"] == "CALLOWED"
        await asyncio.sleep(0.5)
        assert len(fake.posts(name="chat.postMessage")) == 1


@pytest.mark.parametrize("case", ["unsigned", "wrong", "stale"])
async def test_bad_signatures_rejected(bot: Bot, case: str) -> None:
    body = slash_body("death toll Qaryatayn?", "C1", bot.fake)
    options: dict[str, dict[str, Any]] = {
        "unsigned": {"secret": None},
        "wrong": {"secret": "not-the-secret"},
        "stale": {"ts": int(time.time()) - 6 * 60},
    }
    kwargs = options[case]
    resp = await bot.post(body, "application/x-www-form-urlencoded", **kwargs)
    assert resp.status == 401
    await asyncio.sleep(0.5)
    assert [c for c in bot.fake.calls if c.kind != "api" or c.name != "auth.test"] == []


async def test_replayed_signed_request_is_refused_and_answered_once(bot: Bot) -> None:
    body = slash_body("death toll Qaryatayn?", "C1", bot.fake)
    stamp = int(time.time())
    first = await bot.post(body, "application/x-www-form-urlencoded", ts=stamp)
    replay = await bot.post(body, "application/x-www-form-urlencoded", ts=stamp)
    assert (first.status, replay.status) == (200, 401)
    await bot.fake.wait_for(lambda c: c.kind == "response_url")
    await asyncio.sleep(0.5)
    assert len(bot.fake.posts("response_url")) == 1


async def test_retried_event_answered_once(bot: Bot) -> None:
    event = {
        "type": "app_mention",
        "user": "U42",
        "text": f"<@{BOT_USER_ID}> death toll Qaryatayn?",
        "ts": "3.1",
        "channel": "C1",
    }
    assert (await bot.event(event, "EvRetry")).status == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert (await bot.event(event, "EvRetry", headers=retry)).status == 200
    await bot.fake.wait_for(lambda c: c.name == "chat.postMessage")
    await asyncio.sleep(1.0)
    assert len(bot.fake.posts(name="chat.postMessage")) == 1


async def test_store_failure_apologises(
    desk: FactDesk, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(question: str) -> Answer:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(desk.store, "ask", boom)
    await bot.command("death toll Qaryatayn?")
    call = await bot.fake.wait_for(lambda c: c.kind == "response_url")
    shown = texts(call.payload["blocks"])
    assert "Sorry" in shown and "Traceback" not in shown and "fire" not in shown


# ---- every route answers, nothing silent ----------------------------------------------------


def _mention(text: str, ts: str, channel: str = "C1") -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": "U42",
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": channel,
    }


async def test_a_mention_of_help_gets_the_help_in_its_thread(bot: Bot) -> None:
    await bot.event(_mention("help", "7.1"), "EvHelp")
    call = await bot.fake.wait_for(lambda c: c.name == "chat.postMessage")
    assert call.payload["thread_ts"] == "7.1"
    assert texts(call.payload["blocks"]) == escape(help_text())
    assert call.payload["text"] == escape(help_text())


async def test_a_dm_with_only_a_file_is_told_what_the_bot_reads(bot: Bot) -> None:
    event = {
        "type": "message",
        "subtype": "file_share",
        "channel_type": "im",
        "user": "U42",
        "text": "",
        "files": [{"id": "F1", "name": "casualties.pdf"}],
        "ts": "8.1",
        "channel": "D42",
    }
    await bot.event(event, "EvFile")
    call = await bot.fake.wait_for(lambda c: c.name == "chat.postMessage")
    assert call.payload["channel"] == "D42"
    assert texts(call.payload["blocks"]) == escape(messages.FILE_NOT_READ)
    # With a question typed beside the file, the question is answered.
    await bot.event({**event, "text": "death toll Qaryatayn?", "ts": "8.2"}, "EvFile2")
    answered = await bot.fake.wait_for(
        lambda c: c.name == "chat.postMessage" and "128" in texts(c.payload["blocks"])
    )
    assert answered.payload["channel"] == "D42"


async def test_a_mention_off_the_allowlist_is_told_privately(
    desk: FactDesk, fake: FakeSlack
) -> None:
    settings = SlackSettings(mode="http", allowed_channels=["CALLOWED"])
    async with slack_http_bot(desk, fake, settings) as bot:
        await bot.event(_mention("death toll?", "9.1", channel="COTHER"), "EvOff")
        call = await fake.wait_for(lambda c: c.name == "chat.postEphemeral")
        assert call.payload["channel"] == "COTHER" and call.payload["user"] == "U42"
        assert texts(call.payload["blocks"]) == escape(messages.NOT_HERE)
        assert not fake.posts(name="chat.postMessage")


async def test_a_store_failure_under_a_mention_is_an_apology_in_the_thread(
    desk: FactDesk, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(question: str) -> Answer:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(desk.store, "ask", boom)
    await bot.event(_mention("death toll Qaryatayn?", "10.1"), "EvBoom")
    call = await bot.fake.wait_for(lambda c: c.name == "chat.postMessage")
    assert call.payload["thread_ts"] == "10.1"
    assert texts(call.payload["blocks"]) == escape(messages.APOLOGY)


async def test_a_failing_snapshot_store_still_answers_without_buttons(
    desk: FactDesk, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(desk.store, "save_snapshot", full)
    await bot.command("death toll Qaryatayn?")
    call = await bot.fake.wait_for(lambda c: c.kind == "response_url")
    assert "128" in texts(call.payload["blocks"])
    assert not [b for b in call.payload["blocks"] if b["type"] == "actions"]


async def test_app_home_shows_how_to_ask_what_is_known_and_the_latest(bot: Bot) -> None:
    event = {"type": "app_home_opened", "user": "U42", "channel": "D42", "tab": "home"}
    await bot.event(event, "EvHome")
    call = await bot.fake.wait_for(lambda c: c.name == "views.publish")
    assert call.payload["user_id"] == "U42"
    view = call.payload["view"]
    if isinstance(view, str):  # form-encoded by slack_sdk
        view = json.loads(view)
    assert view["type"] == "home"
    shown = texts(view["blocks"])
    assert "death toll Qaryatayn?" in shown  # example questions
    assert "5 article(s)" in shown and "sqlite" not in shown
    assert messages.SLACK_HOME_LATEST in shown and "<!date^" in shown


async def test_find_figures_in_this_message_answers_privately(bot: Bot) -> None:
    payload = {
        "type": "message_action",
        "callback_id": "factdesk_find_figures",
        "team": {"id": TEAM_ID},
        "user": {"id": "U42", "username": "editor", "name": "editor"},
        "channel": {"id": "C1", "name": "desk"},
        "api_app_id": "A1",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "message_ts": "11.1",
        "message": {"type": "message", "text": "How many were killed in Qaryatayn?", "ts": "11.1"},
        "response_url": bot.fake.response_url("find"),
    }
    body = urllib.parse.urlencode({"payload": json.dumps(payload)})
    assert (await bot.post(body, "application/x-www-form-urlencoded")).status == 200
    call = await bot.fake.wait_for(lambda c: c.name == "find")
    assert call.payload["response_type"] == "ephemeral"
    assert "128" in texts(call.payload["blocks"])


# ---- rendering ---------------------------------------------------------------------------------


def _figure(i: int, quote: str = "Officials said 100 people were killed.") -> AnswerFigure:
    cite = Citation(
        document=f"doc{i}.txt",
        title=f"Title {i} & <b>",
        outlet="Outlet <x>",
        published=dt.date(2024, 1, 2),
        url=f"https://news.example/{i}?a=1&b=2",
        quote=quote,
        start=0,
        end=len(quote),
    )
    return AnswerFigure(
        value=float(i),
        low=float(i),
        high=None,
        text=str(i),
        qualifier=None,
        unit=None,
        counts="people",
        category="killed",
        perpetrator=None,
        place="Town",
        period=None,
        source="officials",
        citations=(cite, cite),
    )


def test_hundred_figures_fit_slack_limits() -> None:
    long_quote = "x" * 5000
    answer = Answer(query="q", figures=tuple(_figure(i, long_quote) for i in range(100)))
    blocks, text = render_answer_blocks(answer, reserve=1, question="q")
    assert len(blocks) <= MAX_BLOCKS - 1
    for b in blocks:
        if b["type"] == "section":
            assert len(b["text"]["text"]) <= MAX_SECTION_TEXT
        for el in b.get("elements", []):
            assert len(el.get("text", "")) <= MAX_SECTION_TEXT
    assert "more figure(s)" in texts(blocks)
    assert 0 < len(text) <= 3000
    # the link to the article is there, with its url's & escaped
    assert "<https://news.example/0?a=1&amp;b=2|Title 0 &amp; &lt;b&gt;>" in texts(blocks)


def test_mentions_neutralised_in_question_and_quotes() -> None:
    answer = Answer(query=DANGER, figures=(_figure(1, f"He wrote {DANGER} and 5 died."),))
    empty = Answer(query=DANGER)
    for a in (answer, empty):
        blocks, text = render_answer_blocks(a, question=DANGER)
        for shown in (texts(blocks), text):
            for raw in ("<!channel>", "<!here>", "<@U123>", "@everyone", "@here"):
                assert raw not in shown, (raw, shown)
        assert "&lt;!channel&gt;" in texts(blocks)  # the question, shown escaped


# ---- Socket Mode -------------------------------------------------------------------------------


async def test_socket_mode_acks_envelope_and_answers(desk: FactDesk, fake: FakeSlack) -> None:
    from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

    client = AsyncWebClient(token=TOKEN, base_url=fake.api_url)
    app = build_slack_app(desk, SlackSettings(), token=TOKEN, signing_secret=None, client=client)
    handler = AsyncSocketModeHandler(app, "xapp-test-token")
    await handler.connect_async()  # type: ignore[no-untyped-call]  # unannotated in slack_bolt
    try:
        await fake.envelopes.put(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": slash_payload("death toll Qaryatayn?", "C1", fake),
            }
        )
        ack = await fake.wait_for(lambda c: c.kind == "socket_ack")
        assert ack.name == "env-1"
        answer: Call = await fake.wait_for(lambda c: c.kind == "response_url")
        assert "128" in texts(answer.payload["blocks"])
        assert fake.posts(name="apps.connections.open")
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


# ---- serve / CLI -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["serve", "slack"], {}, "SLACK_BOT_TOKEN"),
        (["serve", "slack"], {"SLACK_BOT_TOKEN": "xoxb-x"}, "SLACK_APP_TOKEN"),
        (["serve"], {}, "No adapter is enabled"),
        (["serve", "nope"], {}, "Unknown adapter 'nope'"),
    ],
)
def test_serve_errors_are_one_line(
    argv: list[str],
    env: dict[str, str],
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.cli import main

    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "FACTDESK_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # no ./factdesk.toml
    assert main(["--db", f"sqlite:///{tmp_path / 'f.db'}", *argv]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


async def test_run_slack_http_mode_serves_signed_requests(desk: FactDesk, fake: FakeSlack) -> None:
    """run_slack itself in HTTP mode: the entry point `factdesk serve` uses."""
    import socket

    from bot.slack import SlackSecrets, run_slack

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    secrets = SlackSecrets(TOKEN, None, SIGNING_SECRET)
    client = AsyncWebClient(base_url=fake.api_url)  # run_slack fills in the bot token
    settings = SlackSettings(mode="http", port=port)
    task = asyncio.create_task(
        run_slack(desk, settings, secrets=secrets, host="127.0.0.1", client=client)
    )
    try:
        async with aiohttp.ClientSession() as session:
            bot = Bot(fake, f"http://127.0.0.1:{port}{EVENTS_PATH}", session)
            for _ in range(100):  # wait for the server to listen
                try:
                    resp = await bot.command("death toll Qaryatayn?")
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
            else:
                raise AssertionError("run_slack never started listening")
            assert resp.status == 200
            call = await fake.wait_for(lambda c: c.kind == "response_url")
            assert "128" in texts(call.payload["blocks"])
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_a_burst_of_first_requests_authorises_with_one_auth_test_call(bot: Bot) -> None:
    # Bolt's own single-workspace authorisation would call auth.test once per request until
    # the first call returned: 30 calls here, and 200 delayed acks under load.
    def body(i: int) -> str:
        payload = slash_payload("help", "C1", bot.fake)
        payload["response_url"] = bot.fake.response_url(f"burst{i}")  # distinct, not replays
        return urllib.parse.urlencode(payload)

    form = "application/x-www-form-urlencoded"
    responses = await asyncio.gather(*(bot.post(body(i), form) for i in range(30)))
    assert [r.status for r in responses] == [200] * 30
    await bot.fake.wait_for(lambda c: c.kind == "response_url")
    assert len(bot.fake.posts("api", "auth.test")) == 1


def test_the_manifest_asks_for_chat_write_public_and_the_fake_grants_what_it_asks() -> None:
    # Without chat:write.public a digest in a public channel the bot has not joined fails
    # with not_in_channel; the fake's scopes stand for an app installed from this manifest.
    manifest = (Path(__file__).resolve().parent.parent / "slack_manifest.yaml").read_text()
    bot_scopes = manifest.split("scopes:", 1)[1].split("settings:", 1)[0]
    asked = {
        line.strip()[2:].split("#", 1)[0].strip()
        for line in bot_scopes.splitlines()
        if line.strip().startswith("- ")
    }
    assert "chat:write.public" in asked
    assert asked == set(MANIFEST_SCOPES.split(","))
