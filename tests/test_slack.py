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

from bot.config import SlackSettings
from bot.core import FactDesk
from bot.render.slack_blocks import (
    MAX_BLOCKS,
    MAX_SECTION_TEXT,
    escape,
    render_answer_blocks,
)
from bot.slack import EVENTS_PATH, build_slack_app
from store.answer import Answer, AnswerFigure, Citation
from tests.chat_fixtures import (
    SIGNING_SECRET,
    TOKEN,
    Bot,
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
    shown = texts(call.payload["blocks"])
    quote, outlet = _seed_128(desk)
    assert "128" in shown
    assert escape(quote)[:60] in shown
    assert outlet in shown
    assert call.payload["response_type"] == "ephemeral"
    buttons = [b for b in call.payload["blocks"] if b["type"] == "actions"]
    assert buttons and buttons[0]["elements"][0]["value"] == "death toll Qaryatayn?"
    assert "128" in call.payload["text"]  # the plain-text fallback
    # the seed articles disagree on the toll: conflicts are shown side by side, as fields
    conflicts = [b for b in call.payload["blocks"] if "fields" in b]
    assert conflicts and "Sources disagree" in conflicts[0]["text"]["text"]
    assert len(conflicts[0]["fields"]) >= 2


async def test_post_to_channel_button_posts_publicly(bot: Bot) -> None:
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": "U42"},
        "api_app_id": "A1",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "channel": {"id": "C1"},
        "container": {"type": "message"},
        "response_url": bot.fake.response_url("button"),
        "actions": [
            {
                "action_id": "factdesk_post_to_channel",
                "block_id": "b",
                "type": "button",
                "value": "death toll Qaryatayn?",
                "action_ts": "1",
            }
        ],
    }
    body = urllib.parse.urlencode({"payload": json.dumps(payload)})
    assert (await bot.post(body, "application/x-www-form-urlencoded")).status == 200
    call = await bot.fake.wait_for(
        lambda c: c.kind == "response_url" and c.payload.get("response_type") == "in_channel"
    )
    assert "128" in texts(call.payload["blocks"])
    assert not any(b["type"] == "actions" for b in call.payload["blocks"])


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
            assert "&lt;!channel&gt;" in shown


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
