"""Secrets: with tokens set, no log line and no reply contains them; a database URL's password
never appears in the CLI, chat, errors or logs (and chat shows no connection details at all);
credentials in a fetched link never become a document id, an outlet or a citation."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterator

import pytest
from aiohttp import web

from bot import messages
from bot.cli import main
from bot.commands import AdminCommand, Caller, ChatCommands
from bot.config import DiscordSettings, SlackSettings
from bot.core import FactDesk
from store.address_policy import AddressPolicy
from store.answer import Answer
from store.factstore import FactStore
from store.fetch import FetchSettings
from store.redact import hide_secrets, redact_url
from tests import discord_fake as dfake
from tests.chat_fixtures import SEEDS, Bot, discord_running, slack_http_bot, texts
from tests.conftest import create_pg_database, drop_pg_database
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


# ---- database URLs: the password never shown, whatever the URL looks like ------------------

DB_SECRET = "s3cr3t-Pw9"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql+psycopg://editor:{DB_SECRET}@db.newsroom.example:5432/facts",
        f"postgresql+psycopg://editor@db.newsroom.example/facts?password={DB_SECRET}",
        f"postgresql://db.newsroom.example/facts?sslmode=require&PASSWORD={DB_SECRET}",
        f"mystery+driver://editor:{DB_SECRET}@db.newsroom.example/facts",
        f"postgresql://editor:{DB_SECRET}@db.newsroom.example:notaport/facts",
        f"postgresql:editor:{DB_SECRET}@db.newsroom.example",
    ],
)
def test_a_database_url_is_shown_with_its_password_hidden(url: str) -> None:
    shown = redact_url(url)
    assert DB_SECRET not in shown
    assert "db.newsroom.example" in shown  # still says which store it is
    assert hide_secrets(f"driver said: {url} ({DB_SECRET})", url).count(DB_SECRET) == 0


@pytest.mark.parametrize(
    "url",
    [
        f"mystery+driver://editor:{DB_SECRET}@127.0.0.1/facts",
        f"postgresql+psycopg://editor:{DB_SECRET}@127.0.0.1:1/facts",
        f"postgresql+psycopg://editor@127.0.0.1:1/facts?password={DB_SECRET}",
        f"not a url :{DB_SECRET}@",
    ],
    ids=["unknown-driver", "unreachable", "password-in-query", "garbled"],
)
def test_a_store_that_cannot_open_is_named_without_its_password(
    url: str, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert main(["--db", url, "sources"]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("factdesk: ") and len(err.strip().splitlines()) == 1
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert DB_SECRET not in out + err + logged
    print(f"\n{err.strip()}")


@pytest.fixture
def pg_url_with_password(pg_admin: str) -> Iterator[str]:
    """A throwaway PostgreSQL store reached with a password in its URL (ignored by trust)."""
    name, url = create_pg_database(pg_admin)
    try:
        yield url.replace(
            "postgresql+psycopg://postgres@", f"postgresql+psycopg://postgres:{DB_SECRET}@"
        )
    finally:
        drop_pg_database(pg_admin, name)


def test_cli_sources_names_the_store_without_its_password(
    pg_url_with_password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for url in (
        pg_url_with_password,
        pg_url_with_password.replace(f":{DB_SECRET}@", "@") + f"?password={DB_SECRET}",
    ):
        assert main(["--db", url, "ingest", "-q", str(SEEDS)]) == 0
        assert main(["--db", url, "sources"]) == 0
        out, err = capsys.readouterr()
        assert "127.0.0.1" in out and "article(s)" in out
        assert DB_SECRET not in out + err


async def test_slack_sources_show_no_connection_details(
    pg_url_with_password: str, fake: FakeSlack
) -> None:
    store = FactStore(pg_url_with_password)
    try:
        store.ingest_paths([SEEDS])
        async with slack_http_bot(FactDesk(store), fake, SlackSettings(mode="http")) as bot:
            await bot.command("sources")
            call = await fake.wait_for(lambda c: c.kind == "response_url")
        shown = texts(call.payload)
        assert "Sputnik" in shown and messages.CHAT_STORE_LABEL in shown
        for detail in (DB_SECRET, "postgresql", "127.0.0.1", "5432", "postgres"):
            assert detail not in shown
    finally:
        store.close()


async def test_discord_sources_show_no_connection_details(
    pg_url_with_password: str, pointed: None
) -> None:
    store = FactStore(pg_url_with_password)
    try:
        store.ingest_paths([SEEDS])
        async with discord_running(FactDesk(store), DiscordSettings()) as (server, _):
            event = server.slash_command("fact-sources", [])
            await server.dispatch("INTERACTION_CREATE", event)
            [follow] = await server.wait_for(f"/webhooks/{dfake.APP_ID}/{event['token']}")
        shown = json.dumps(follow.body, ensure_ascii=False)
        assert "Sputnik" in shown and messages.CHAT_STORE_LABEL in shown
        for detail in (DB_SECRET, "postgresql", "127.0.0.1", "5432"):
            assert detail not in shown
    finally:
        store.close()


# ---- credentials in a fetched page's URL -------------------------------------------------------

PAGE_SECRET = "pagepass-4471"
PAGE = """<!doctype html><html><head><title>Bridge collapse</title></head><body><article>
<h1>Bridge collapse</h1>
<p>Six people were injured when a footbridge collapsed in Eastmere, the police said.</p>
<p>Engineers were inspecting the remaining spans of the bridge on Tuesday evening.</p>
</article></body></html>"""


@pytest.fixture
async def intranet_page() -> AsyncIterator[str]:
    """http://editor:PASSWORD@127.0.0.1:PORT/bridge.html, served on loopback."""

    async def bridge(_: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html")

    app = web.Application()
    app.router.add_get("/bridge.html", bridge)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://editor:{PAGE_SECRET}@127.0.0.1:{runner.addresses[0][1]}/bridge.html"
    finally:
        await runner.cleanup()


async def test_credentials_in_an_added_link_never_become_an_id_or_a_citation(
    intranet_page: str, store_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = FactStore(store_url)
    try:
        fetch = FetchSettings(min_interval=0.0, policy=AddressPolicy.allowing(hosts=["127.0.0.1"]))
        commands = ChatCommands(FactDesk(store), {"slack": ["UADMIN"]}, fetch_settings=fetch)
        reply = await commands.run(
            AdminCommand("add", intranet_page), Caller("slack", "UADMIN", "C1")
        )
        gone = await commands.run(
            AdminCommand("add", intranet_page.replace("bridge", "missing")),
            Caller("slack", "UADMIN", "C1"),
        )
        answer = store.ask("how many injured Eastmere?")
        cite = answer.figures[0].citations[0]
        everything = json.dumps(answer.to_json(), ensure_ascii=False)
        logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
        assert "Added" in reply and "Could not add" in gone
        assert cite.document == cite.url == intranet_page.replace(f"editor:{PAGE_SECRET}@", "")
        for shown in (reply, gone, everything, logged, str(cite.outlet)):
            assert PAGE_SECRET not in shown
        print(f"\nstored and cited as {cite.document}; {gone}")
    finally:
        store.close()
