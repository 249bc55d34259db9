"""Polling RSS/Atom feeds: each new entry's page fetched and ingested once.

The feed itself is read with a conditional request (If-None-Match / If-Modified-Since from
`FeedState`), so an unchanged feed costs the publisher one 304. An entry is recorded in
`FeedItem` only after its article is stored, so a failing entry is simply tried again on the
next poll. For the same reason the feed's validators are saved only when every entry of the
poll succeeded: otherwise the next poll would get a 304 and never see the failed entry again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from typing import Any

import feedparser
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from store.errors import IngestError, StoreUnavailable
from store.factstore import FactStore
from store.fetch import Fetcher
from store.models import FeedItem, FeedState
from store.readers import RawArticle
from store.redact import strip_credentials

log = logging.getLogger("factdesk.feeds")


@dataclass(slots=True)
class FeedReport:
    """What one poll of one feed did."""

    feed_url: str
    new: int = 0  # entries fetched and stored in this poll
    unchanged: int = 0  # entries already stored by an earlier poll
    not_modified: bool = False  # the server answered 304: nothing was read
    errors: list[IngestError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Entry:
    """The parts of a feed entry factdesk uses."""

    key: str  # the entry's id (guid), else its link: what makes it "the same item"
    link: str
    title: str | None
    published: dt.date | None


def _entry_date(entry: Any) -> dt.date | None:
    for name in ("published_parsed", "updated_parsed"):
        parsed = entry.get(name)
        if parsed:
            try:
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def parse_feed(body: bytes, feed_url: str) -> tuple[str | None, list[Entry]]:
    """The feed's title and its entries with a link, in feed order."""
    parsed = feedparser.parse(body)
    if parsed.get("bozo") and not parsed.entries:
        # The parser's message may quote the document: only its kind is shown (it may be read
        # out in chat, where the far side's bytes have no place).
        kind = type(parsed.get("bozo_exception")).__name__
        raise IngestError(strip_credentials(feed_url), f"not an RSS or Atom feed ({kind})")
    entries: list[Entry] = []
    for raw in parsed.entries:
        link = str(raw.get("link") or "").strip()
        if not link:
            continue  # nothing to fetch; a link-less entry cannot be cited either
        key = str(raw.get("id") or link).strip()
        title = str(raw.get("title") or "").strip() or None
        entries.append(Entry(key=key[:1000], link=link, title=title, published=_entry_date(raw)))
    title = str(parsed.feed.get("title") or "").strip() or None
    return title, entries


def _load_state(store: FactStore, feed_url: str) -> tuple[str | None, str | None, set[str]]:
    with store.sessions() as session:
        state = session.get(FeedState, feed_url)
        seen = set(session.scalars(select(FeedItem.item_key).where(FeedItem.feed_url == feed_url)))
        if state is None:
            return None, None, seen
        return state.etag, state.last_modified, seen


def _save_state(
    store: FactStore,
    feed_url: str,
    etag: str | None,
    last_modified: str | None,
    keep_validators: bool,
) -> None:
    with store.write_sessions.begin() as session:
        state = session.get(FeedState, feed_url) or FeedState(url=feed_url)
        if keep_validators:
            state.etag = etag[:500] if etag else None
            state.last_modified = last_modified[:200] if last_modified else None
        else:
            # Some entries failed: forget the validators so the next poll reads the feed in
            # full and retries them, instead of being told "304, nothing new".
            state.etag = state.last_modified = None
        state.last_polled = dt.datetime.now(dt.UTC)
        session.add(state)


def _record_item(store: FactStore, feed_url: str, key: str, document_id: str) -> None:
    try:
        with store.write_sessions.begin() as session:
            session.add(FeedItem(feed_url=feed_url, item_key=key, document_id=document_id))
    except IntegrityError:
        pass  # another replica polled the same feed and recorded it first: same outcome


def _ingest_one(store: FactStore, article: RawArticle) -> IngestError | None:
    report = store.ingest_in_worker([article])
    if report.errors:
        return report.errors[0]
    return None


async def poll_feed(
    store: FactStore,
    feed_url: str,
    *,
    fetcher: Fetcher | None = None,
    outlet: str | None = None,
) -> FeedReport:
    """Read `feed_url` once and ingest every entry not seen before; never raises IngestError.

    `outlet` overrides the feed's title as the articles' outlet. Store work runs in a thread
    so a poll never blocks the event loop the chat adapters share.
    """
    if fetcher is None:
        async with Fetcher() as own:
            return await poll_feed(store, feed_url, fetcher=own, outlet=outlet)
    report = FeedReport(feed_url)
    shown = strip_credentials(feed_url)  # what logs name: never a password in the feed's URL
    try:
        etag, last_modified, seen = await asyncio.to_thread(_load_state, store, feed_url)
    except SQLAlchemyError as exc:
        raise StoreUnavailable(f"cannot read feed state: {exc}") from exc
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        result = await fetcher.fetch(feed_url, headers=headers)
        if result.status == 304:
            report.not_modified = True
            await asyncio.to_thread(_save_state, store, feed_url, etag, last_modified, True)
            log.info("feed %s: not modified", shown)
            return report
        title, entries = parse_feed(result.body, feed_url)
    except IngestError as exc:
        log.warning("feed %s: cannot poll: %s", shown, exc.reason)
        report.errors.append(exc)
        return report

    for entry in entries:
        if entry.key in seen:
            report.unchanged += 1
            continue
        seen.add(entry.key)  # a feed listing one item twice is fetched once
        try:
            page = await fetcher.fetch_article(entry.link)
            # The feed knows the outlet, headline and date better than the page's markup.
            article = replace(
                page,
                outlet=outlet or title or page.outlet,
                title=entry.title or page.title,
                published=entry.published or page.published,
            )
            failed = await asyncio.to_thread(_ingest_one, store, article)
            if failed is not None:
                raise failed
            await asyncio.to_thread(_record_item, store, feed_url, entry.key, article.id)
            report.new += 1
        except IngestError as exc:
            # Not recorded as seen in the store: the next poll retries it.
            log.warning(
                "feed %s: item %s not ingested (will retry next poll): %s",
                shown,
                strip_credentials(entry.link),
                exc,
            )
            report.errors.append(exc)
    await asyncio.to_thread(
        _save_state, store, feed_url, result.etag, result.last_modified, not report.errors
    )
    log.info(
        "feed %s: %d new, %d unchanged, %d error(s)",
        shown,
        report.new,
        report.unchanged,
        len(report.errors),
    )
    return report
