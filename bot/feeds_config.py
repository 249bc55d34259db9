"""The `[[feeds]]` tables of factdesk.toml, parsed and checked with messages naming the entry.

    [[feeds]]
    url = "https://example.org/news/rss.xml"
    outlet = "Example News"   # optional: else the feed's own title
    every = 30                # minutes between polls (at least 1)

`load_settings` lets the `feeds` key through unparsed so this module owns it; it reads the
same file `load_settings` would (`path`, else $FACTDESK_CONFIG, else ./factdesk.toml).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.config import ConfigError, config_path, read_toml, reject_unknown_keys

MIN_EVERY = 1.0  # minutes: polling a feed more often is rude and rarely finds anything new
DEFAULT_EVERY = 30.0


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """One feed to poll. `every` is in minutes (tests build these directly with tiny values)."""

    url: str
    outlet: str | None = None
    every: float = DEFAULT_EVERY

    @property
    def interval_seconds(self) -> float:
        return self.every * 60.0


def parse_feeds(raw: object, where: str = "factdesk.toml") -> list[FeedSettings]:
    """`[[feeds]]` as read by tomllib (a list of tables) → checked settings."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: 'feeds' must be an array of tables ([[feeds]])")
    feeds: list[FeedSettings] = []
    seen: set[str] = set()
    for number, entry in enumerate(raw, start=1):
        name = f"{where}: [[feeds]] #{number}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{name} must be a table")
        reject_unknown_keys(entry, ("url", "outlet", "every"), name)
        feeds.append(_one(entry, name))
        if feeds[-1].url in seen:
            raise ConfigError(f"{name}: feed {feeds[-1].url} is listed twice")
        seen.add(feeds[-1].url)
    return feeds


def _one(entry: dict[str, Any], name: str) -> FeedSettings:
    url = entry.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f"{name}: 'url' is required (the feed's http(s) address)")
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{name}: url must be an http:// or https:// address, not {url!r}")
    outlet = entry.get("outlet")
    if outlet is not None and (not isinstance(outlet, str) or not outlet.strip()):
        raise ConfigError(f"{name}: outlet must be a non-empty string")
    every = entry.get("every", DEFAULT_EVERY)
    if isinstance(every, bool) or not isinstance(every, int | float):
        raise ConfigError(f"{name}: every must be a number of minutes, not {every!r}")
    if every < MIN_EVERY:
        raise ConfigError(f"{name}: every must be at least {MIN_EVERY:g} minute(s), not {every!r}")
    return FeedSettings(url=url, outlet=outlet.strip() if outlet else None, every=float(every))


def load_feeds(path: Path | None = None) -> list[FeedSettings]:
    """The feeds configured in the settings file `load_settings` reads (none when no file)."""
    candidate = config_path(path)
    if candidate is None:
        return []
    return parse_feeds(read_toml(candidate).get("feeds"), str(candidate))
