"""A polite HTTP fetcher for news pages and feeds.

Built on aiohttp rather than urllib in a thread: `factdesk serve` is already an asyncio
program (Slack, Discord, digests), so polling many feeds is just more coroutines on the same
loop, with no thread per request, and aiohttp gives streaming bodies (for the size limit) and
separate connect/read timeouts out of the box.

Manners, in order of every request:
  * only http and https URLs, to public addresses unless the operator allows a host or network
    (store/address_policy.py: checked on the literal host and on every address a name
    resolves to, at connect time, so every redirect hop and every reconnect is vetted);
  * robots.txt of the host is read once (cached for `ROBOTS_TTL`) and obeyed for our agent;
  * requests to one host are spaced by at least `min_interval` seconds;
  * a User-Agent that says who we are;
  * bounded connect and read timeouts, and a body size limit enforced while streaming;
  * redirects are followed by hand so each hop gets the same checks (scheme, robots, pacing).

Every failure is an `IngestError` whose `where` is the URL, so one bad link never stops a
feed and the log names what to look at. Its reason is in factdesk's words (store/notes.py),
never the far side's bytes: echoed to chat, a banner or a malformed answer would turn
`/fact add` into a port scanner.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import urllib.robotparser
from dataclasses import dataclass, replace
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import aiohttp

from store import notes
from store.address_policy import AddressPolicy, AddressRefused, VettingResolver, literal_refusal
from store.errors import IngestError
from store.readers import DEFAULT_MAX_BYTES, RawArticle, article_from_html
from store.redact import strip_credentials

log = logging.getLogger("factdesk.fetch")

USER_AGENT = "factdesk/0.1 (+newsroom fact bot)"
ROBOTS_AGENT = "factdesk"  # the token robots.txt rules name
ROBOTS_TTL = 3600.0  # seconds; sites change robots.txt rarely, and re-reading it costs a request
ROBOTS_MAX_BYTES = 512 * 1024  # Google reads at most 500 KiB of robots.txt; so do we
MAX_REDIRECTS = 5
HTML_TYPES = {"text/html", "application/xhtml+xml"}
# A content type shown in an error only when it looks like one: it is the server's text.
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}")


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A response body read in full (within the limit), with what conditional requests need."""

    url: str  # the final URL, after redirects
    status: int  # 200, or 304 when a conditional request found nothing new
    body: bytes
    content_type: str  # lower-case media type without parameters, "" when absent
    charset: str | None
    etag: str | None
    last_modified: str | None

    def text(self) -> str:
        """The body as text: the declared charset, else UTF-8; bad bytes never abort a page."""
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:  # an unknown charset name in the header
            return self.body.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How polite and how patient the fetcher is. Tests shrink the numbers."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence between two reads of one response
    total_timeout: float = 60.0  # a bound on a whole request, however it trickles
    max_bytes: int = DEFAULT_MAX_BYTES
    min_interval: float = 1.0  # seconds between two requests to one host
    user_agent: str = USER_AGENT
    # Public addresses only, unless the operator allows more ([fetch] in the config).
    policy: AddressPolicy = AddressPolicy()


class Fetcher:
    """One HTTP session with per-host pacing and a robots.txt cache; use `async with`."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self._session: aiohttp.ClientSession | None = None
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._host_locks: dict[str, asyncio.Lock] = {}
        self._last_request: dict[str, float] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _client(self) -> aiohttp.ClientSession:
        # Created lazily, inside the running loop: aiohttp sessions are bound to their loop.
        if self._session is None or self._session.closed:
            s = self.settings
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(
                    total=s.total_timeout, sock_connect=s.connect_timeout, sock_read=s.read_timeout
                ),
                headers={"User-Agent": s.user_agent},
                # Every connection's addresses come from this resolver, which refuses
                # addresses the policy does not allow: checked at connect time, every hop.
                connector=aiohttp.TCPConnector(resolver=VettingResolver(s.policy)),
            )
        return self._session

    # -- manners -------------------------------------------------------------------------

    async def _pace(self, host: str) -> None:
        """Wait until `min_interval` has passed since the last request to `host`."""
        lock = self._host_locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = (
                self._last_request.get(host, -1e9) + self.settings.min_interval - time.monotonic()
            )
            if wait > 0:
                await asyncio.sleep(wait)
            self._last_request[host] = time.monotonic()

    async def _robots_for(self, origin: str) -> urllib.robotparser.RobotFileParser:
        """The host's robots.txt rules, read once per `ROBOTS_TTL` (one reader at a time)."""
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._robots.get(origin)
            if cached is not None and time.monotonic() - cached[0] < ROBOTS_TTL:
                return cached[1]
            parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
            try:
                result = await self._get(origin + "/robots.txt", max_bytes=ROBOTS_MAX_BYTES)
                # RFC 9309: follow up to five redirects (http → https is common). These hops
                # are not themselves checked against robots.txt: that would never end.
                for _ in range(MAX_REDIRECTS):
                    if result.status not in (301, 302, 303, 307, 308) or not result.url.startswith(
                        ("http://", "https://")
                    ):
                        break
                    result = await self._get(result.url, max_bytes=ROBOTS_MAX_BYTES)
            except IngestError as exc:
                # No readable robots.txt (timeout, refused): the usual convention is that
                # nothing is forbidden; we do not cache it so the next request tries again.
                log.info("robots.txt unreadable, allowing: %s", strip_credentials(str(exc)))
                parser.parse([])  # no rules: everything allowed
                return parser
            if result.status in (401, 403):
                # robotparser's own reading of a refused robots.txt: everything is off limits.
                parser.parse(["User-agent: *", "Disallow: /"])
            elif result.status != 200:
                parser.parse([])  # 404 and friends (or redirects without end): no rules
            else:
                parser.parse(result.text().splitlines())
            self._robots[origin] = (time.monotonic(), parser)
            return parser

    def _vet(self, url: str) -> None:
        """Refuse a host written as an address the policy does not allow (names are vetted
        when resolved, by the connector's resolver)."""
        host = urlsplit(url).hostname or ""
        reason = literal_refusal(self.settings.policy, host)
        if reason is not None:
            raise IngestError(url, notes.FETCH_REFUSED.format(host=host, reason=reason))

    async def _check(self, url: str) -> str:
        """The URL's host, after checking its scheme, its address and robots.txt."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise IngestError(url, "only http:// and https:// URLs can be fetched")
        self._vet(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        robots = await self._robots_for(origin)
        if not robots.can_fetch(ROBOTS_AGENT, url):
            raise IngestError(url, "disallowed by robots.txt")
        return parts.netloc

    # -- requests ------------------------------------------------------------------------

    async def _get(
        self, url: str, *, headers: dict[str, str] | None = None, max_bytes: int | None = None
    ) -> FetchResult:
        """One GET, no redirects followed, body streamed and cut at the size limit.

        Returns responses of any status; the caller decides what a 4xx/5xx means.
        """
        limit = max_bytes if max_bytes is not None else self.settings.max_bytes
        self._vet(url)
        await self._pace(urlsplit(url).netloc)
        try:
            async with self._client().get(url, headers=headers, allow_redirects=False) as resp:
                declared = resp.content_length
                if declared is not None and declared > limit:
                    raise IngestError(url, _too_large(limit))
                chunks: list[bytes] = []
                size = 0
                # Stream rather than trust Content-Length: it may be absent or wrong.
                async for chunk in resp.content.iter_chunked(64 * 1024):
                    size += len(chunk)
                    if size > limit:
                        raise IngestError(url, _too_large(limit))
                    chunks.append(chunk)
                location = resp.headers.get("Location")
                return FetchResult(
                    url=urljoin(url, location)
                    if resp.status in (301, 302, 303, 307, 308) and location
                    else url,
                    status=resp.status,
                    body=b"".join(chunks),
                    content_type=(resp.content_type or "").lower(),
                    charset=resp.charset,
                    etag=resp.headers.get("ETag"),
                    last_modified=resp.headers.get("Last-Modified"),
                )
        except TimeoutError as exc:
            raise IngestError(url, "timed out (the server was too slow to answer)") from exc
        except aiohttp.ClientError as exc:
            raise IngestError(url, _client_error_reason(url, exc)) from exc

    async def fetch(self, url: str, *, headers: dict[str, str] | None = None) -> FetchResult:
        """GET `url` politely, following redirects with the same checks at every hop.

        200 and 304 are returned; any other status is an `IngestError` naming the URL, without
        any `user:password@` it carries (those go with the request, never into a message).
        """
        try:
            return await self._follow(url, headers)
        except IngestError as exc:
            where = strip_credentials(url)
            if exc.where == where and url == where:
                raise
            raise IngestError(where, exc.reason) from exc

    async def _follow(self, url: str, headers: dict[str, str] | None) -> FetchResult:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                await self._check(current)
                result = await self._get(current, headers=headers)
            except IngestError as exc:
                if current == url:
                    raise
                # Name the URL the caller asked for: that is what the feed or user knows.
                hop = strip_credentials(current)
                raise IngestError(url, f"redirected to {hop}: {exc.reason}") from exc
            if result.status in (301, 302, 303, 307, 308) and result.url != current:
                log.debug(
                    "redirect %s -> %s", strip_credentials(current), strip_credentials(result.url)
                )
                current = result.url
                continue
            if result.status in (200, 304):
                return result
            via = "" if current == url else f"redirected to {strip_credentials(current)}: "
            raise IngestError(url, via + _status_reason(result.status))
        raise IngestError(url, f"more than {MAX_REDIRECTS} redirects")

    async def fetch_article(self, url: str) -> RawArticle:
        """The article at `url`: its main text and metadata, with `id` and `url` the URL asked
        for, less any credentials in it (they must not become an id, an outlet or a citation)."""
        result = await self.fetch(url)
        shown = strip_credentials(url)
        if result.content_type not in HTML_TYPES:
            shown_type = (
                result.content_type
                if _MEDIA_TYPE.fullmatch(result.content_type)
                else "no recognisable content type"
            )
            raise IngestError(
                shown, f"not an HTML page ({shown_type}); factdesk fetches news pages only"
            )
        # Extraction is CPU work (lxml, heuristics): off the event loop the chat adapters share.
        article = await asyncio.to_thread(article_from_html, result.text(), shown, shown, shown)
        # Trafilatura may take a canonical URL from the page's metadata; the citation points
        # at the address we actually read (and the id stays the URL the user or feed gave).
        return _with_url(article, shown)


def _with_url(article: RawArticle, url: str) -> RawArticle:
    return replace(article, id=url, url=url, origin=url)


def _client_error_reason(url: str, exc: aiohttp.ClientError) -> str:
    """Why a request failed, in our words: the exception's text may quote the server's bytes
    (a banner, a malformed status line), which must never reach a chat reply."""
    host = urlsplit(url).hostname or "the server"
    log.info("fetch %s failed: %s", strip_credentials(url), exc.__class__.__name__)
    if isinstance(exc, aiohttp.ClientConnectorError):
        refused = exc.os_error
        if isinstance(refused, AddressRefused):
            return notes.FETCH_REFUSED.format(host=host, reason=refused.reason)
        if isinstance(exc, aiohttp.ClientConnectorDNSError):
            return notes.FETCH_NO_SUCH_HOST.format(host=host)
        return notes.FETCH_NO_CONNECTION.format(host=host)
    if isinstance(exc, aiohttp.InvalidURL):
        return notes.FETCH_BAD_URL
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        return notes.FETCH_CUT_OFF
    if isinstance(exc, aiohttp.ClientResponseError):
        return notes.FETCH_NOT_HTTP
    return notes.FETCH_FAILED


def _too_large(limit: int) -> str:
    return f"too large (over the {limit / 1e6:.1f} MB limit)"


def _status_reason(status: int) -> str:
    if status == 404:
        return "not found (HTTP 404)"
    if status == 410:
        return "gone (HTTP 410)"
    if status in (401, 403):
        return f"access refused (HTTP {status})"
    if status == 429:
        return "rate limited by the server (HTTP 429)"
    if status >= 500:
        return f"server error (HTTP {status})"
    return f"unexpected HTTP status {status}"


async def fetch_article(url: str, *, fetcher: Fetcher | None = None) -> RawArticle:
    """The article at `url` (id = url = the URL). Opens a one-off fetcher when none is given."""
    if fetcher is not None:
        return await fetcher.fetch_article(url)
    async with Fetcher() as own:
        return await own.fetch_article(url)


async def fetch_articles(
    urls: list[str], settings: FetchSettings | None = None
) -> list[RawArticle | IngestError]:
    """Each URL's article, or the error that stopped it; for `factdesk ingest URL...`."""
    out: list[RawArticle | IngestError] = []
    async with Fetcher(settings) as fetcher:
        for url in urls:
            try:
                out.append(await fetcher.fetch_article(url))
            except IngestError as exc:
                out.append(exc)
    return out
