"""Reading articles from files: folders, .txt/.md, saved .html pages and .jsonl feeds.

Each reader yields `RawArticle`s or `IngestError`s naming the file (and line), so one bad
input never stops the rest.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from store.errors import IngestError

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".jsonl"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES
DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # a news article is tens of kilobytes


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article as read, before extraction. Metadata is None where the input gave none."""

    id: str
    text: str
    origin: str  # file (and line) it came from, for messages
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    outlet: str | None = None


def iter_files(paths: Iterable[Path]) -> Iterator[Path | IngestError]:
    """The files to ingest under `paths`, in a stable order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUPPORTED and not child.name.startswith("."):
                    yield child
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED:
                yield path
            else:
                yield IngestError(
                    str(path),
                    f"unsupported file type {path.suffix or '(none)'!r}; "
                    "factdesk reads .txt, .md, .html and .jsonl",
                )
        else:
            yield IngestError(str(path), "no such file or folder")


def _decode(data: bytes, where: str) -> str:
    if not data.strip():
        raise IngestError(where, "the file is empty")
    if b"\x00" in data[:65536]:
        raise IngestError(where, "this looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(where, f"not UTF-8 text (bad byte at offset {exc.start})") from exc
    return text


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                str(path),
                f"too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB)",
            )
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), f"cannot read: {exc.strerror or exc}") from exc


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawArticle:
    text = _decode(_read_bytes(path, max_bytes), str(path))
    return RawArticle(id=path.name, text=text, origin=str(path))


def read_html_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawArticle:
    """The main text of a saved news page, with its title, outlet, date and URL."""
    html = _decode(_read_bytes(path, max_bytes), str(path))
    return article_from_html(html, path.name, str(path))


_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "svg"})


class _TextCollector(HTMLParser):
    """Text outside scripts and styles, a line per block element, at any nesting depth."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._line.append(data)

    def close(self) -> None:
        super().close()
        self._break()  # the text after the last block element

    def _break(self) -> None:
        line = " ".join("".join(self._line).split())
        if line:
            self.lines.append(line)
        self._line = []


def plain_text(html: str) -> str:
    """The page's visible text, one paragraph a line; for pages trafilatura cannot read."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "\n\n".join(collector.lines)


def article_from_html(html: str, doc_id: str, origin: str, url: str | None = None) -> RawArticle:
    """Extract a page's main text and metadata with trafilatura."""
    import trafilatura

    try:
        found: Any = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, favor_recall=True
        )
    except Exception as exc:  # trafilatura raises a variety of parser errors on bad pages
        # Only the kind of failure: a parser's message may quote the page.
        raise IngestError(origin, f"cannot parse this HTML page ({type(exc).__name__})") from exc
    if isinstance(found, dict):  # older trafilatura returns a dict
        found = SimpleNamespace(**found)
    if found is None or not (getattr(found, "text", None) or "").strip():
        # libxml2 (under trafilatura) stops at 255 nested elements and drops what lies
        # deeper: a page wrapped in thousands of <div>s would lose its text. The standard
        # library's streaming parser has no depth limit; its plain text is the fallback.
        text = plain_text(html)
        if not text:
            raise IngestError(origin, "no article text found in this HTML page")
        found = SimpleNamespace(text=text)
    published = None
    raw_date = getattr(found, "date", None)
    if raw_date:
        try:
            published = dt.date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            published = None
    return RawArticle(
        id=doc_id,
        text=str(found.text),
        origin=origin,
        title=getattr(found, "title", None) or None,
        url=getattr(found, "url", None) or url,
        published=published,
        outlet=getattr(found, "sitename", None) or None,
    )


def read_feed(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawArticle | IngestError]:
    """One article a line: {"id", "text", "title"?, "url"?, "published"?, "outlet"?}."""
    seen: dict[str, tuple[int, tuple[object, ...]]] = {}
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield IngestError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{path} line {number}"
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield IngestError(where, f"line too large ({len(raw) / 1e6:.1f} MB)")
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield IngestError(where, f"not UTF-8 text (bad byte at offset {exc.start})")
                continue
            except json.JSONDecodeError as exc:
                yield IngestError(where, f"not a JSON object ({exc.msg}, column {exc.colno})")
                continue
            try:
                article = _article_from_record(record, where)
            except IngestError as exc:
                yield exc
                continue
            same = (article.text, article.title, article.url, article.published, article.outlet)
            if article.id in seen:
                first, earlier = seen[article.id]
                if earlier == same:
                    continue  # the same article listed twice (feeds repeat items): one copy
                yield IngestError(where, f"duplicate id {article.id!r} (first on line {first})")
                continue
            seen[article.id] = (number, same)
            yield article


def _article_from_record(record: object, where: str) -> RawArticle:
    if not isinstance(record, dict):
        raise IngestError(where, "not a JSON object")
    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise IngestError(where, "missing field 'id' (a non-empty string)")
    title = record.get("title")
    if (text is None or (isinstance(text, str) and not text.strip())) and (
        isinstance(title, str) and title.strip()
    ):
        # A page whose body did not survive scraping still has its headline, and local news
        # often gives the toll there ("4 hurt, 2 critically, in late-night shooting"): the
        # headline alone is then read (see `store.ingest.with_headline`), and cited as such.
        text = ""
    if not isinstance(text, str) or not (text.strip() or title):
        raise IngestError(where, "missing field 'text' (a non-empty string)")
    if "\x00" in text:
        raise IngestError(where, "field 'text' contains NUL characters")
    published = None
    if record.get("published") is not None:
        try:
            published = dt.date.fromisoformat(str(record["published"])[:10])
        except ValueError as exc:
            raise IngestError(
                where, f"field 'published' is not a YYYY-MM-DD date: {record['published']!r}"
            ) from exc

    def optional(key: str) -> str | None:
        value = record.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise IngestError(where, f"field {key!r} must be a string")
        return value or None

    return RawArticle(
        id=doc_id.strip(),
        text=text,
        origin=where,
        title=optional("title"),
        url=optional("url"),
        published=published,
        outlet=optional("outlet"),
    )


def read_paths(
    paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawArticle | IngestError]:
    """Every article under `paths`, or an error for each input that cannot be read."""
    for item in iter_files(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        suffix = item.suffix.lower()
        try:
            if suffix in FEED_SUFFIXES:
                yield from read_feed(item, max_bytes)
            elif suffix in HTML_SUFFIXES:
                yield read_html_file(item, max_bytes)
            else:
                yield read_text_file(item, max_bytes)
        except IngestError as exc:
            yield exc
