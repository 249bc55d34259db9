"""Feeds, fetched pages and the watched folder, against a local HTTP server on 127.0.0.1.

No test touches the internet: a small aiohttp app serves an RSS and an Atom feed, the news
pages they link to, robots.txt, and one route per way a fetch can fail. Timeouts are short
and every task and server is shut down before a test ends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import func, select

from bot.cli import main
from bot.config import ConfigError
from bot.core import FactDesk
from bot.feeds import ingest_url, run_feeds, watch_folder
from bot.feeds_config import FeedSettings, load_feeds, parse_feeds
from store.address_policy import AddressPolicy
from store.errors import IngestError
from store.factstore import FactStore
from store.feeds import FeedReport, poll_feed
from store.fetch import USER_AGENT, Fetcher, FetchSettings
from store.models import FeedItem

LIMIT = 60_000  # bytes: small, so the "too large" page stays cheap to serve
# The newsroom here is on loopback, which the fetcher refuses unless the operator allows it.
LOOPBACK_ALLOWED = AddressPolicy.allowing(networks=["127.0.0.0/8"])
FAST = FetchSettings(
    connect_timeout=1.0,
    read_timeout=0.5,
    total_timeout=3.0,
    max_bytes=LIMIT,
    min_interval=0.0,
    policy=LOOPBACK_ALLOWED,
)


def page(title: str, date: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Levant Wire</title>
<meta property="og:site_name" content="Levant Wire">
<meta name="date" content="{date}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/middle-east">Middle East</a></nav>
<article><h1>{title}</h1><p class="byline">By Staff Reporter, {date}</p>
{body}
</article>
<footer>© Levant Wire. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>"""


PAGES = {
    "/news/homs-shelling.html": page(
        "Shelling kills dozens in Homs",
        "2024-03-02",
        [
            "At least 40 people were killed in Homs, officials said.",
            "The shelling struck a crowded market district on Saturday morning, according to "
            "residents who described scenes of panic as ambulances raced through the streets.",
            "Hospital staff said they had treated more than 100 wounded people by the evening, "
            "and warned that supplies of blood and medicine were running low.",
            "The Syrian Observatory for Human Rights said the toll was likely to rise as rescue "
            "teams searched the rubble of collapsed buildings.",
        ],
    ),
    "/news/aleppo-displaced.html": page(
        "Thousands flee fighting near Aleppo",
        "2024-03-03",
        [
            "About 12,000 people fled their homes near Aleppo this week, the United Nations said.",
            "Families loaded belongings onto trucks and headed north toward the Turkish border, "
            "where camps are already crowded and short of tents.",
            "Aid agencies said the displacement was the largest in the province this year and "
            "appealed for winter supplies for those who had left with little.",
        ],
    ),
    "/news/idlib-strike.html": page(
        "Air strike hits Idlib town",
        "2024-03-04",
        [
            "Seven civilians were killed in an air strike on Idlib, local officials said.",
            "The strike hit a residential building near the town centre shortly after midnight, "
            "and civil defence volunteers worked through the night to pull survivors out.",
            "Residents said warplanes had circled over the area for an hour before the attack, "
            "and many families spent the rest of the night in the open.",
        ],
    ),
    "/private/embargoed.html": page(
        "Embargoed story", "2024-03-05", ["Ninety people were killed in Hama, officials said."]
    ),
}

RSS_ETAG = '"rss-v1"'


def rss(base: str, links: list[str]) -> str:
    items = "\n".join(
        f"""<item><title>Item {i}</title><link>{base}{link}</link>
<guid isPermaLink="false">levant-{link}</guid>
<pubDate>Sat, 0{2 + i} Mar 2024 09:00:00 GMT</pubDate></item>"""
        for i, link in enumerate(links)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Levant Wire</title><link>{base}/</link>
<description>News from the Levant</description>
{items}
</channel></rss>"""


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Idlib Monitor</title>
<id>urn:uuid:idlib-monitor</id><updated>2024-03-04T10:00:00Z</updated>
<entry><title>Air strike hits Idlib town</title><id>urn:uuid:idlib-1</id>
<link href="{base}/news/idlib-strike.html"/>
<published>2024-03-04T08:00:00Z</published><updated>2024-03-04T08:00:00Z</updated></entry>
</feed>"""


@dataclass
class NewsServer:
    """The local newsroom: its base URL, every request it saw, and switches for the tests."""

    base: str = ""
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    rss_links: list[str] = field(
        default_factory=lambda: ["/news/homs-shelling.html", "/news/aleppo-displaced.html"]
    )

    robots_moved: bool = False  # /robots.txt answers 301 to /rules/robots.txt

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]


def build_app(server: NewsServer) -> web.Application:
    @web.middleware
    async def record(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        server.requests.append((request.path, dict(request.headers)))
        return await handler(request)

    async def robots(request: web.Request) -> web.Response:
        if request.path == "/robots.txt" and server.robots_moved:
            raise web.HTTPMovedPermanently("/rules/robots.txt")
        return web.Response(text="User-agent: *\nDisallow: /private/\n", content_type="text/plain")

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPFound("/" + request.match_info["rest"])

    async def rss_feed(request: web.Request) -> web.Response:
        # The ETag depends on the item list, as a real feed's would.
        etag = RSS_ETAG if len(server.rss_links) == 2 else f'"rss-v{len(server.rss_links)}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            text=rss(server.base, server.rss_links),
            content_type="application/rss+xml",
            headers={"ETag": etag},
        )

    async def atom_feed(_: web.Request) -> web.Response:
        return web.Response(text=atom(server.base), content_type="application/atom+xml")

    async def news(request: web.Request) -> web.Response:
        html = PAGES.get(request.path)
        if html is None:
            raise web.HTTPNotFound()
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def huge(request: web.Request) -> web.StreamResponse:
        # Chunked, with no Content-Length: the limit must be enforced while streaming.
        resp = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        for _ in range(20):
            await resp.write(b"<p>" + b"x" * 10_000 + b"</p>")
        await resp.write_eof()
        return resp

    async def huge_declared(_: web.Request) -> web.Response:
        # Content-Length says it all: refused before the body is read.
        return web.Response(body=b"<p>" + b"y" * 200_000 + b"</p>", content_type="text/html")

    async def slow(_: web.Request) -> web.Response:
        await asyncio.sleep(2.0)
        return web.Response(text=PAGES["/news/homs-shelling.html"], content_type="text/html")

    async def pdf(_: web.Request) -> web.Response:
        return web.Response(body=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", content_type="application/pdf")

    async def broken(_: web.Request) -> web.Response:
        return web.Response(status=503, text="maintenance")

    app = web.Application(middlewares=[record])
    app.router.add_get("/robots.txt", robots)
    app.router.add_get("/rules/robots.txt", robots)
    app.router.add_get("/moved/{rest:.*}", moved)
    app.router.add_get("/rss.xml", rss_feed)
    app.router.add_get("/atom.xml", atom_feed)
    app.router.add_get("/news/huge.html", huge)
    app.router.add_get("/news/huge-declared.html", huge_declared)
    app.router.add_get("/news/slow.html", slow)
    app.router.add_get("/files/report.pdf", pdf)
    app.router.add_get("/news/broken.html", broken)
    app.router.add_get("/news/{name}", news)
    app.router.add_get("/private/{name}", news)
    return app


@pytest.fixture
async def news_server() -> AsyncIterator[NewsServer]:
    server = NewsServer()
    runner = web.AppRunner(build_app(server), shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    server.base = f"http://127.0.0.1:{port}"
    try:
        yield server
    finally:
        await runner.cleanup()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(FAST) as own:
        yield own


def feed_items(store: FactStore) -> int:
    with store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(FeedItem)) or 0)


# -- feeds -----------------------------------------------------------------------------------


async def test_rss_feed_is_ingested_once_and_then_answered_304(
    news_server: NewsServer, empty_store: FactStore
) -> None:
    feed = news_server.base + "/rss.xml"
    async with Fetcher(FAST) as fetcher:
        first = await poll_feed(empty_store, feed, fetcher=fetcher)
        assert (first.new, first.unchanged, first.errors) == (2, 0, [])
        assert empty_store.document_count() == 2
        assert news_server.hits("/rss.xml")[0].get("If-None-Match") is None

        second = await poll_feed(empty_store, feed, fetcher=fetcher)
    # The server saw our ETag and said "not modified": nothing was fetched or re-ingested.
    assert second.not_modified and (second.new, second.errors) == (0, [])
    assert news_server.hits("/rss.xml")[1].get("If-None-Match") == RSS_ETAG
    assert empty_store.document_count() == 2 and feed_items(empty_store) == 2
    assert len(news_server.hits("/news/homs-shelling.html")) == 1
    assert all(h.get("User-Agent") == USER_AGENT for _, h in news_server.requests)


async def test_feed_items_keep_outlet_title_date_and_url(
    news_server: NewsServer, store: FactStore, fetcher: Fetcher
) -> None:
    await poll_feed(
        store, news_server.base + "/rss.xml", fetcher=fetcher, outlet="Levant Wire (feed)"
    )
    answer = store.ask("death toll Homs?")
    assert answer.figures and answer.figures[0].value == 40
    cite = answer.figures[0].citations[0]
    assert cite.url == news_server.base + "/news/homs-shelling.html"
    assert cite.outlet == "Levant Wire (feed)"
    assert cite.title == "Item 0"  # the feed's headline wins over the page's
    assert str(cite.published) == "2024-03-02"


async def test_atom_feed_uses_its_title_as_outlet(
    news_server: NewsServer, store: FactStore, fetcher: Fetcher
) -> None:
    report = await poll_feed(store, news_server.base + "/atom.xml", fetcher=fetcher)
    assert (report.new, report.errors) == (1, [])
    again = await poll_feed(store, news_server.base + "/atom.xml", fetcher=fetcher)
    assert (again.new, again.unchanged) == (0, 1)  # no ETag here: the FeedItem table decides
    cite = store.ask("how many civilians killed in Idlib?").figures[0].citations[0]
    assert cite.outlet == "Idlib Monitor"


async def test_a_failing_item_is_logged_not_recorded_and_retried_next_poll(
    news_server: NewsServer, store: FactStore, fetcher: Fetcher, caplog: pytest.LogCaptureFixture
) -> None:
    news_server.rss_links = ["/news/homs-shelling.html", "/news/broken.html", "/news/later.html"]
    feed = news_server.base + "/rss.xml"
    with caplog.at_level(logging.WARNING, logger="factdesk.feeds"):
        first = await poll_feed(store, feed, fetcher=fetcher)
    assert first.new == 1 and len(first.errors) == 2
    assert any(
        "/news/broken.html" in r.getMessage() and "HTTP 503" in r.getMessage()
        for r in caplog.records
    )
    assert store.document_count() == 1 and feed_items(store) == 1

    # The page is published later: the next poll reads the feed in full (no 304) and gets it.
    PAGES["/news/later.html"] = PAGES["/news/aleppo-displaced.html"]
    try:
        second = await poll_feed(store, feed, fetcher=fetcher)
    finally:
        del PAGES["/news/later.html"]
    assert not second.not_modified
    assert (second.new, second.unchanged, len(second.errors)) == (1, 1, 1)
    assert store.document_count() == 2


async def test_a_feed_that_is_not_a_feed_is_reported(
    news_server: NewsServer, store: FactStore, fetcher: Fetcher
) -> None:
    report = await poll_feed(store, news_server.base + "/files/report.pdf", fetcher=fetcher)
    assert report.new == 0 and "not an RSS or Atom feed" in str(report.errors[0])


# -- the fetcher's manners and failures ------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/news/huge.html", "too large"),
        ("/news/huge-declared.html", "too large"),
        ("/news/slow.html", "timed out"),
        ("/news/gone.html", "not found (HTTP 404)"),
        ("/news/broken.html", "server error (HTTP 503)"),
        ("/files/report.pdf", "not an HTML page (application/pdf)"),
        ("/private/embargoed.html", "disallowed by robots.txt"),
    ],
)
async def test_each_failure_names_the_url_and_stores_nothing(
    news_server: NewsServer,
    store: FactStore,
    fetcher: Fetcher,
    caplog: pytest.LogCaptureFixture,
    path: str,
    reason: str,
) -> None:
    url = news_server.base + path
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(IngestError) as caught:
        await fetcher.fetch_article(url)
    assert caught.value.where == url and reason in caught.value.reason
    assert str(caught.value).startswith(url)
    assert loop.time() - started < 1.9  # the slow page is abandoned, not waited for
    # A feed whose only item fails stores no partial article and records no item.
    news_server.rss_links = [path]
    with caplog.at_level(logging.WARNING, logger="factdesk.feeds"):
        report = await poll_feed(store, news_server.base + "/rss.xml", fetcher=fetcher)
    assert report.new == 0 and report.errors and report.errors[0].where == url
    assert any(url in r.getMessage() and reason in r.getMessage() for r in caplog.records)
    assert store.document_count() == 0 and feed_items(store) == 0
    if path.startswith("/private/"):
        assert news_server.hits(path) == []  # robots.txt was obeyed: never requested


async def test_robots_txt_is_read_once_per_host_and_requests_are_paced(
    news_server: NewsServer,
) -> None:
    paced = FetchSettings(min_interval=0.3, read_timeout=2.0, policy=LOOPBACK_ALLOWED)
    async with Fetcher(paced) as fetcher:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await fetcher.fetch_article(news_server.base + "/news/homs-shelling.html")
        await fetcher.fetch_article(news_server.base + "/news/aleppo-displaced.html")
        elapsed = loop.time() - started
    assert len(news_server.hits("/robots.txt")) == 1
    # Three requests to one host (robots, page, page): at least two gaps of 0.3 s.
    assert elapsed >= 0.55


async def test_redirects_are_followed_and_each_hop_obeys_robots_txt(
    news_server: NewsServer, fetcher: Fetcher
) -> None:
    news_server.robots_moved = True  # rules found only by following robots.txt's redirect
    url = news_server.base + "/moved/news/idlib-strike.html"
    article = await fetcher.fetch_article(url)
    assert article.id == url and article.url == url  # cited as the address we were given
    assert "Seven civilians were killed" in article.text
    moved = news_server.base + "/moved/private/embargoed.html"
    with pytest.raises(IngestError, match=r"disallowed by robots\.txt") as caught:
        await fetcher.fetch_article(moved)
    assert caught.value.where == moved and "/private/embargoed.html" in caught.value.reason
    assert (
        news_server.hits("/rules/robots.txt") and news_server.hits("/private/embargoed.html") == []
    )


async def test_only_http_and_https(fetcher: Fetcher) -> None:
    with pytest.raises(IngestError, match="only http:// and https://"):
        await fetcher.fetch_article("file:///etc/passwd")


# -- fetched by URL, answered with the URL ----------------------------------------------------


async def test_ingest_url_from_the_cli_cites_the_url(
    news_server: NewsServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = tmp_path / "factdesk.toml"
    config.write_text('[fetch]\nallow_networks = ["127.0.0.0/8"]\n', encoding="utf-8")
    monkeypatch.setenv("FACTDESK_CONFIG", str(config))
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    url = news_server.base + "/news/homs-shelling.html"
    bad = news_server.base + "/news/gone.html"
    # The CLI runs its own event loop (asyncio.run), so it runs in a thread next to the server's.
    code = await asyncio.to_thread(main, ["--db", db, "ingest", url, bad])
    _, err = capsys.readouterr()
    assert code == 1  # one input failed: a script must notice, though the other landed
    assert f"{bad}: not found (HTTP 404)" in err
    assert "1 of 2 input(s) could not be ingested" in err
    fetched = FactStore(db)
    try:
        answer = fetched.ask("how many people were killed in Homs?")
        assert answer.figures[0].value == 40
        cite = answer.figures[0].citations[0]
        assert cite.url == url and cite.document == url
        assert "At least 40 people were killed in Homs" in cite.quote
    finally:
        fetched.close()


async def test_a_link_added_from_chat_is_stored_or_refused_with_the_reason(
    news_server: NewsServer, store: FactStore, fetcher: Fetcher
) -> None:
    desk = FactDesk(store)
    url = news_server.base + "/news/aleppo-displaced.html"
    added = await ingest_url(desk, url, fetcher=fetcher)
    assert (added.added, added.errors) == (1, [])
    reply = await desk.ask("how many people fled Aleppo?")
    assert reply.answer is not None and reply.answer.figures[0].citations[0].url == url
    refused = await ingest_url(desk, news_server.base + "/files/report.pdf", fetcher=fetcher)
    assert refused.stored == 0 and "not an HTML page" in str(refused.errors[0])
    assert store.document_count() == 1


# -- the serve hooks ----------------------------------------------------------------------------


async def test_run_feeds_polls_each_feed_on_its_interval_until_cancelled(
    news_server: NewsServer, store: FactStore
) -> None:
    reports: asyncio.Queue[FeedReport] = asyncio.Queue()
    feeds = [
        FeedSettings(news_server.base + "/rss.xml", every=0.2 / 60),
        FeedSettings(news_server.base + "/atom.xml", every=0.2 / 60),
    ]
    task = asyncio.create_task(
        run_feeds(FactDesk(store), feeds, fetch_settings=FAST, on_report=reports)
    )
    try:
        seen: list[FeedReport] = []
        async with asyncio.timeout(60):
            # Both feeds share one host, so pacing decides their order: wait for what matters.
            while len(seen) < 4 or sum(r.new for r in seen) < 3:
                seen.append(await reports.get())
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert store.document_count() == 3
    assert sum(r.new for r in seen) == 3
    assert len(news_server.hits("/rss.xml")) >= 2


async def test_watched_folder_ingests_dropped_and_changed_files(
    tmp_path: Path, store: FactStore
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    task = asyncio.create_task(watch_folder(FactDesk(store), folder, 0.05))

    async def until(condition: Callable[[], bool]) -> None:
        async with asyncio.timeout(10):
            while not condition():
                await asyncio.sleep(0.05)

    try:
        (folder / "notes.tmp").write_text("not an article", encoding="utf-8")
        (folder / "homs.txt").write_text(
            "At least 40 people were killed in Homs, officials said.\n", encoding="utf-8"
        )
        await until(lambda: store.document_count() == 1)
        assert store.ask("death toll Homs?").figures[0].value == 40
        (folder / "homs.txt").write_text(
            "At least 55 people were killed in Homs, officials said on Sunday.\n", encoding="utf-8"
        )
        await until(lambda: any(f.value == 55 for f in store.ask("death toll Homs?").figures))
        assert store.document_count() == 1  # replaced, not added
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


# -- configuration ------------------------------------------------------------------------------


def test_feeds_config_is_parsed_and_checked(tmp_path: Path) -> None:
    config = tmp_path / "factdesk.toml"
    config.write_text(
        '[[feeds]]\nurl = "https://example.org/rss"\noutlet = "Example"\nevery = 15\n'
        '[[feeds]]\nurl = "https://example.org/atom"\n',
        encoding="utf-8",
    )
    feeds = load_feeds(config)
    assert feeds == [
        FeedSettings("https://example.org/rss", "Example", 15.0),
        FeedSettings("https://example.org/atom", None, 30.0),
    ]
    assert feeds[0].interval_seconds == 900


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"feeds": {"url": "https://x.org"}}, "array of tables"),
        ([{"outlet": "X"}], "#1: 'url' is required"),
        ([{"url": "ftp://x.org/feed"}], "http:// or https://"),
        ([{"url": "https://x.org", "every": "hourly"}], "every must be a number of minutes"),
        ([{"url": "https://x.org", "every": 0.1}], "at least 1 minute"),
        ([{"url": "https://x.org", "evry": 5}], "no setting 'evry'"),
        (
            [{"url": "https://x.org"}, {"url": "https://x.org"}],
            "#2: feed https://x.org is listed twice",
        ),
    ],
)
def test_bad_feeds_config_names_the_entry(raw: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_feeds(raw["feeds"] if isinstance(raw, dict) else raw)


def test_the_store_side_never_imports_the_bot() -> None:
    from tests.test_architecture import imported_by

    assert "bot" not in imported_by("store.fetch, store.feeds")


async def test_a_digest_picks_up_figures_from_a_newly_polled_article(
    news_server: NewsServer, store: FactStore, fetcher: Fetcher
) -> None:
    import datetime as dt

    from bot.digests import DigestRunner, build_digest
    from store.digests import DigestContent

    posted: list[DigestContent] = []

    class Recorder:
        async def post(self, channel: str, digest: DigestContent) -> None:
            posted.append(digest)

    digest = build_digest(
        {
            "id": "homs-toll",
            "schedule": "0 7 * * *",
            "question": "death toll Homs?",
            "window": "7d",
            "slack_channels": ["C1"],
        }
    )
    runner = DigestRunner(store, {"slack": Recorder()})
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    await runner.run(digest, before)  # nothing in the store yet: a quiet digest
    await poll_feed(store, news_server.base + "/rss.xml", fetcher=fetcher)
    await runner.run(digest, before + dt.timedelta(minutes=1))
    latest = posted[-1]
    toll = next(f for f in latest.new if f.value == 40)
    assert toll.citations[0].url == news_server.base + "/news/homs-shelling.html"
    assert not posted[0].new  # the first run, before the poll, had nothing new
