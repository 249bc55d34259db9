"""The outlet an article comes from, read from its web address when its metadata names none.

The registrable domain ("news.example.co.uk" -> "example.co.uk") comes from tldextract with its
bundled public-suffix snapshot only: it never fetches the list at run time. Well-known outlets'
domains and slogans are curated data in `seeds/outlets.toml`; any other site is shown by its
registrable domain.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import SplitResult, urlsplit

import tldextract


@dataclass(frozen=True, slots=True)
class OutletTable:
    """Curated outlet data: registrable domain -> name, and masthead slogan -> name."""

    domains: dict[str, str]
    taglines: dict[str, str]


@lru_cache(maxsize=1)
def outlet_table() -> OutletTable:
    """Load `seeds/outlets.toml` once."""
    raw = tomllib.loads(resources.files("seeds").joinpath("outlets.toml").read_text("utf-8"))
    return OutletTable(
        domains={k.lower(): v for k, v in raw.get("domains", {}).items()},
        taglines={_fold(k): v for k, v in raw.get("taglines", {}).items()},
    )


def _fold(line: str) -> str:
    return " ".join(line.casefold().split())


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # No suffix-list URLs and no cache: the snapshot bundled with the package, offline.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


# A Wayback Machine copy names the page it archived: /web/<timestamp>/<original address>.
_WAYBACK = re.compile(r"^/web/[^/]+/(?P<original>.+)$")


def _split(url: str) -> SplitResult:
    """The parts of a web address (one written without its scheme, "www.example.com/a", too);
    for an archived copy, those of the page it archived."""
    url = url.strip()
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = parts.hostname or ""
    if host == "archive.org" or host.endswith(".archive.org"):
        archived = _WAYBACK.match(parts.path)
        if archived:
            original = archived.group("original")
            query = f"?{parts.query}" if parts.query else ""
            return _split(original + query)
    return parts


def registrable_domain(url: str) -> str | None:
    """The site's registrable domain ("example.co.uk"), or None for no usable web address.

    Only the host is read: a user name or password in the address never reaches the result."""
    try:
        host = _split(url).hostname
    except ValueError:  # a malformed address (bad port, bad IPv6 literal)
        return None
    if not host:
        return None
    parts = _extractor()(host)
    if not parts.domain or not parts.suffix:
        return None  # an IP address or a bare host name names no outlet
    return f"{parts.domain}.{parts.suffix}"


def outlet_from_url(url: str | None) -> str | None:
    """The outlet a web address belongs to: its curated name, else its registrable domain."""
    if not url:
        return None
    domain = registrable_domain(url)
    if domain is None:
        return None
    table = outlet_table().domains
    host = (_split(url).hostname or "").removeprefix("www.")
    # A curated sub-site ("abcnews.go.com") before its parent domain.
    return table.get(host) or table.get(domain) or domain


def without_credentials(url: str) -> str | None:
    """`url` with any user name and password left out, for showing; None when it has no host."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not host or parts.scheme not in ("http", "https"):
        return None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    path = parts.path
    archived = _WAYBACK.match(path) if host.endswith("archive.org") else None
    if archived:
        # the archived page's own address, inside the path, is shown without them too
        original = archived.group("original")
        inner = without_credentials(original if "//" in original else f"http://{original}")
        if inner is None:
            return None
        path = path[: archived.start("original")] + inner
    return parts._replace(netloc=netloc, path=path).geturl()


def outlet_from_tagline(line: str) -> str | None:
    """The outlet whose curated masthead slogan `line` is, if any."""
    return outlet_table().taglines.get(_fold(line))
