"""The fetch address policy: no fetch reaches loopback, private, link-local, multicast or
reserved addresses, however the host is spelled and wherever a redirect points, unless the
operator allows it; and a failed fetch says what failed in factdesk's words.

The policy itself is checked without sending anything; the fetcher is pointed at servers on
127.0.0.1, which the default policy must refuse before a single byte reaches them.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

from bot.commands import AdminCommand, Caller, ChatCommands
from bot.config import ConfigError, address_policy, load_settings
from bot.core import FactDesk
from store.address_policy import (
    AddressPolicy,
    AddressRefused,
    VettingResolver,
    literal_refusal,
)
from store.errors import IngestError
from store.factstore import FactStore
from store.fetch import Fetcher, FetchSettings

PUBLIC_ONLY = AddressPolicy()
QUICK = FetchSettings(connect_timeout=1.0, read_timeout=1.0, total_timeout=3.0, min_interval=0.0)

ARTICLE = """<!doctype html><html><head><title>Flood toll rises</title></head><body><article>
<h1>Flood toll rises</h1>
<p>At least 23 people were killed by floods in Marrowby, the regional council said.</p>
<p>Rescue crews searched the riverbanks through the night for people still missing.</p>
</article></body></html>"""


# ---- the policy, on every range, without traffic -------------------------------------------


@pytest.mark.parametrize(
    ("host", "named"),
    [
        ("127.0.0.1", "loopback"),
        ("127.1", "loopback"),
        ("0x7f000001", "loopback"),
        ("2130706433", "loopback"),
        ("0177.0.0.1", "loopback"),
        ("[::1]", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 around 127.0.0.1
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("10.0.0.7", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("100.64.0.1", "not a public address"),
    ],
)
def test_every_spelling_of_a_non_public_address_is_refused(host: str, named: str) -> None:
    reason = literal_refusal(PUBLIC_ONLY, host)
    assert reason is not None and named in reason


@pytest.mark.parametrize("host", ["93.184.216.34", "2606:4700:4700::1111", "news.example.org"])
def test_public_addresses_and_names_pass_the_literal_check(host: str) -> None:
    # A name passes here only to be checked when it is resolved (the resolver tests below).
    assert literal_refusal(PUBLIC_ONLY, host) is None


def test_the_operators_allowlist_opens_named_hosts_and_networks_only() -> None:
    policy = AddressPolicy.allowing(hosts=["Feeds.Intranet.Example"], networks=["10.1.0.0/16"])
    assert literal_refusal(policy, "10.1.2.3") is None
    assert literal_refusal(policy, "::ffff:10.1.2.3") is None
    assert literal_refusal(policy, "10.2.0.1") is not None
    assert literal_refusal(policy, "127.0.0.1") is not None
    assert policy.host_allowed("feeds.intranet.example.")
    assert not policy.host_allowed("intranet.example")


def test_a_bad_allowed_network_is_a_config_error_naming_it(tmp_path: Path) -> None:
    config = tmp_path / "factdesk.toml"
    config.write_text('[fetch]\nallow_networks = ["10.1.0.0/33"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"allow_networks: '10\.1\.0\.0/33'"):
        address_policy(load_settings(config))


@dataclass
class ScriptedResolver(AbstractResolver):
    """Answers each lookup with the next address of a script: a rebinding DNS server."""

    answers: list[str]
    asked: list[str] = field(default_factory=list)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        address = self.answers.pop(0)
        return [
            ResolveResult(hostname=host, host=address, port=port, family=family, proto=0, flags=0)
        ]

    async def close(self) -> None:
        return None


async def test_a_name_that_rebinds_to_loopback_is_refused_at_connect_time() -> None:
    dns = ScriptedResolver(["93.184.216.34", "127.0.0.1"])
    resolver = VettingResolver(PUBLIC_ONLY, dns)
    first = await resolver.resolve("rebind.example", 80)
    assert first[0]["host"] == "93.184.216.34"
    with pytest.raises(AddressRefused, match="loopback"):
        await resolver.resolve("rebind.example", 80)


async def test_localhost_is_refused_when_resolved() -> None:
    with pytest.raises(AddressRefused, match="loopback"):
        await VettingResolver(PUBLIC_ONLY).resolve("localhost", 80)


# ---- the fetcher against servers on loopback ------------------------------------------------


@dataclass
class Newsroom:
    port: int = 0
    paths: list[str] = field(default_factory=list)


@pytest.fixture
async def newsroom() -> AsyncIterator[Newsroom]:
    room = Newsroom()

    async def any_path(request: web.Request) -> web.StreamResponse:
        room.paths.append(request.path_qs)
        target = request.query.get("to")
        if target:
            raise web.HTTPFound(target)
        if request.path == "/article.html":
            return web.Response(text=ARTICLE, content_type="text/html")
        raise web.HTTPNotFound()

    app = web.Application()
    app.router.add_get("/{tail:.*}", any_path)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    room.port = runner.addresses[0][1]
    try:
        yield room
    finally:
        await runner.cleanup()


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "127.1", "0x7f000001", "2130706433", "[::ffff:127.0.0.1]"]
)
async def test_a_page_on_loopback_is_refused_and_never_requested(
    newsroom: Newsroom, host: str
) -> None:
    url = f"http://{host}:{newsroom.port}/article.html"
    async with Fetcher(QUICK) as fetcher:
        with pytest.raises(IngestError) as caught:
            await fetcher.fetch_article(url)
    assert caught.value.where == url
    assert "refused" in caught.value.reason and "loopback" in caught.value.reason
    assert newsroom.paths == []  # not even robots.txt was asked for
    print(f"\n{host}: refused; requests that reached the server: {len(newsroom.paths)}")


@pytest.mark.parametrize(
    "target",
    ["http://127.0.0.1:{port}/article.html", "http://0x7f000001:{port}/article.html"],
)
async def test_a_redirect_to_loopback_is_refused_at_the_hop(
    newsroom: Newsroom, target: str
) -> None:
    # Only the name "localhost" is allowed: the redirect's address spelling is not.
    policy = AddressPolicy.allowing(hosts=["localhost"])
    to = target.format(port=newsroom.port)
    url = f"http://localhost:{newsroom.port}/go?to={to}"
    async with Fetcher(replace(QUICK, policy=policy)) as fetcher:
        with pytest.raises(IngestError) as caught:
            await fetcher.fetch_article(url)
    assert caught.value.where == url
    assert "redirected to" in caught.value.reason and "loopback" in caught.value.reason
    reached = [p for p in newsroom.paths if p.startswith("/article.html")]
    assert reached == []
    print(f"\nredirect to {to}: refused; requests that reached the target: {len(reached)}")


async def test_an_allowed_loopback_host_is_fetched(newsroom: Newsroom) -> None:
    policy = AddressPolicy.allowing(networks=["127.0.0.0/8"])
    url = f"http://127.0.0.1:{newsroom.port}/article.html"
    async with Fetcher(replace(QUICK, policy=policy)) as fetcher:
        article = await fetcher.fetch_article(url)
    assert "At least 23 people were killed" in article.text


# ---- failures in factdesk's words, never the far side's bytes ---------------------------------

BANNER = b"SSH-2.0-OpenSSH_9.6 hidden-banner-7f3a\r\n"


@pytest.fixture
async def raw_server() -> AsyncIterator[tuple[int, list[bytes]]]:
    """A TCP server on loopback that answers any request with the bytes queued for it."""
    replies: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(reader.read(4096), 1.0)
        writer.write(replies[0] if replies else BANNER)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield port, replies
    finally:
        server.close()
        await server.wait_closed()


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        (BANNER, "not valid HTTP"),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 900\r\n\r\n"
            b"<p>hidden-banner-7f3a",
            "closed the connection",
        ),
    ],
)
async def test_an_added_link_to_a_non_web_port_gets_our_words_not_its_bytes(
    raw_server: tuple[int, list[bytes]], store: FactStore, reply: bytes, said: str
) -> None:
    port, replies = raw_server
    replies.append(reply)
    policy = AddressPolicy.allowing(networks=["127.0.0.0/8"])
    commands = ChatCommands(
        FactDesk(store),
        {"slack": ["UADMIN"]},
        fetch_settings=replace(QUICK, policy=policy),
    )
    text = await commands.run(
        AdminCommand("add", f"http://127.0.0.1:{port}/a.html"), Caller("slack", "UADMIN", "C1")
    )
    assert said in text
    assert "hidden-banner" not in text and "SSH" not in text
    print(f"\nreply to the admin: {text}")


async def test_an_added_link_to_loopback_is_refused_in_chat_without_an_allowlist(
    newsroom: Newsroom, store: FactStore
) -> None:
    commands = ChatCommands(FactDesk(store), {"slack": ["UADMIN"]})
    url = f"http://127.0.0.1:{newsroom.port}/article.html"
    text = await commands.run(AdminCommand("add", url), Caller("slack", "UADMIN", "C1"))
    assert "refused" in text and "allow_hosts" in text
    assert newsroom.paths == [] and store.document_count() == 0
