"""Keeping the store current while `factdesk serve` runs: feeds on a timer, a watched folder.

Both are plain coroutines meant to be started as tasks next to the chat adapters:

    feeds = load_feeds(config_path)
    tasks = [asyncio.create_task(run_feeds(desk, feeds))]
    if folder: tasks.append(asyncio.create_task(watch_folder(desk, folder, 10.0)))
    ...
    for t in tasks: t.cancel()          # on shutdown; each closes what it opened

A plain asyncio loop per feed rather than APScheduler: one sleep per feed is all the
scheduling there is, a poll can never overlap the previous one of the same feed, and
cancellation is just `task.cancel()`. Neither coroutine ever ends on a poll's failure: the
error is logged and the next round tries again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

from bot.core import FactDesk
from bot.feeds_config import FeedSettings
from store.errors import IngestError
from store.feeds import FeedReport, poll_feed
from store.fetch import Fetcher, FetchSettings
from store.ingest import IngestReport
from store.readers import SUPPORTED, read_paths
from store.redact import strip_credentials

log = logging.getLogger("factdesk.feeds")


async def run_feeds(
    desk: FactDesk,
    feeds_settings: Sequence[FeedSettings],
    *,
    fetch_settings: FetchSettings | None = None,
    on_report: asyncio.Queue[FeedReport] | None = None,
) -> None:
    """Poll every feed at start, then each on its own interval, until cancelled.

    One `Fetcher` is shared so per-host pacing and the robots.txt cache hold across feeds of
    the same site. `on_report` (optional) receives each poll's report, for tests and status.
    """
    if not feeds_settings:
        return
    async with Fetcher(fetch_settings) as fetcher, asyncio.TaskGroup() as group:
        for feed in feeds_settings:
            group.create_task(_poll_forever(desk, feed, fetcher, on_report))


async def _poll_forever(
    desk: FactDesk,
    feed: FeedSettings,
    fetcher: Fetcher,
    on_report: asyncio.Queue[FeedReport] | None,
) -> None:
    while True:
        try:
            report = await poll_feed(desk.store, feed.url, fetcher=fetcher, outlet=feed.outlet)
            if on_report is not None:
                on_report.put_nowait(report)
        except asyncio.CancelledError:
            raise
        except Exception:  # store down, a parser bug: log it; the loop must outlive one poll
            log.exception("feed %s: poll failed", strip_credentials(feed.url))
        await asyncio.sleep(feed.interval_seconds)


async def ingest_url(desk: FactDesk, url: str, *, fetcher: Fetcher | None = None) -> IngestReport:
    """Fetch one article by URL and store it: for a chat "add this link" command.

    Never raises for a bad link: the report's `errors` holds the reason, naming the URL, for
    the adapter to show. The document id and its citations' URL are the URL given.
    """
    try:
        if fetcher is None:
            async with Fetcher() as own:
                article = await own.fetch_article(url)
        else:
            article = await fetcher.fetch_article(url)
    except IngestError as exc:
        return IngestReport(errors=[exc])
    return await asyncio.to_thread(desk.store.ingest_in_worker, [article])


Signature = tuple[int, int]  # (mtime_ns, size)


def _scan(folder: Path) -> dict[Path, Signature]:
    found: dict[Path, Signature] = {}
    try:
        candidates = sorted(folder.rglob("*"))
    except OSError as exc:
        log.warning("watched folder %s: cannot list: %s", folder, exc)
        return found
    for path in candidates:
        if path.suffix.lower() not in SUPPORTED or path.name.startswith("."):
            continue  # editors' and rsync's temporary files start with a dot
        try:
            st = path.stat()
        except OSError:
            continue  # removed between listing and stat
        if path.is_file():
            found[path] = (st.st_mtime_ns, st.st_size)
    return found


def _ingest_files(desk: FactDesk, paths: list[Path]) -> list[IngestError]:
    report = desk.store.ingest_in_worker(read_paths(paths))
    if report.stored:
        log.info(
            "watched folder: %d article(s) stored, %d unchanged", report.stored, report.unchanged
        )
    return report.errors


async def watch_folder(desk: FactDesk, folder: Path, interval: float) -> None:
    """Ingest new and changed .txt/.md/.html/.jsonl files dropped into `folder`, until cancelled.

    Polling (mtime and size every `interval` seconds) rather than inotify/FSEvents: it needs no
    extra dependency, works the same on every OS and on network shares where change events are
    unreliable, and a newsroom drop folder changes a few times an hour, so a scan every few
    seconds costs nothing. A file is ingested once it looks the same on two scans in a row, so
    a file still being copied in is not read half-written. Files present at start are
    ingested too (ingest is idempotent by content hash, so a restart re-stores nothing).
    A file that fails is logged and tried again only when it changes.
    """
    done: dict[Path, Signature] = {}  # what we ingested (or failed on), by signature
    previous: dict[Path, Signature] = {}
    while True:
        try:
            current = await asyncio.to_thread(_scan, folder)
            ready = [
                path
                for path, sig in current.items()
                if previous.get(path) == sig and done.get(path) != sig
            ]
            if ready:
                errors = await asyncio.to_thread(_ingest_files, desk, ready)
                for error in errors:
                    log.warning("watched folder: not ingested: %s", error)
                for path in ready:
                    done[path] = current[path]
            # Forget removed files so a file dropped again under the same name is ingested.
            done = {p: s for p, s in done.items() if p in current}
            previous = current
        except asyncio.CancelledError:
            raise
        except Exception:  # the store was unavailable, say: try again next round
            log.exception("watched folder %s: scan failed", folder)
        await asyncio.sleep(interval)
