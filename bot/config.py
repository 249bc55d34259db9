"""Settings, declared once with their defaults and help; read from a TOML file.

Secrets (bot tokens, signing secrets) come only from the environment, never from the file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.errors import FactdeskError

if TYPE_CHECKING:
    from store.address_policy import AddressPolicy


class ConfigError(FactdeskError):
    """The configuration file is unreadable or has a bad value (named in the message)."""


def _setting(default: Any, help: str) -> Any:
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass
class StoreSettings:
    url: str = _setting(
        "", "SQLAlchemy URL of the fact store; empty: $FACTDESK_DB or the per-user SQLite file"
    )
    max_article_mb: float = _setting(10.0, "largest article ingest accepts, in MB")
    ingest_jobs: int = _setting(1, "extraction processes for ingest")


@dataclass
class AnswerSettings:
    max_figures: int = _setting(
        3, "figures quoted on the first screen of a chat answer; the rest are behind More"
    )
    public: bool = _setting(
        False, "answer in the channel for everyone (true) or privately to the asker (false)"
    )
    workers: int = _setting(
        2, "processes `factdesk serve` answers chat questions in; 0: threads of the bot itself"
    )


@dataclass
class SlackSettings:
    enabled: bool = _setting(False, "run the Slack adapter in `factdesk serve`")
    mode: str = _setting("socket", "'socket' (Socket Mode, no public URL) or 'http' (Events API)")
    port: int = _setting(3000, "port for HTTP mode")
    allowed_channels: list[str] = _setting([], "channel ids the bot answers in; empty: all")
    public_channels: list[str] = _setting([], "channel ids where /fact answers are public")
    admins: list[str] = _setting([], "user ids allowed to add/remove articles and digests")


@dataclass
class DiscordSettings:
    enabled: bool = _setting(False, "run the Discord adapter in `factdesk serve`")
    guilds: list[int] = _setting(
        [], "guild ids to sync commands to at start (instant); empty: global"
    )
    allowed_channels: list[int] = _setting([], "channel ids the bot answers in; empty: all")
    public_channels: list[int] = _setting([], "channel ids where /fact answers are public")
    admins: list[int] = _setting([], "user ids allowed to add/remove articles and digests")


@dataclass
class WatchSettings:
    folder: str = _setting(
        "", "folder whose new and changed articles `factdesk serve` ingests; empty: off"
    )
    interval: float = _setting(10.0, "seconds between scans of the watched folder")


@dataclass
class FetchAccessSettings:
    allow_hosts: list[str] = _setting(
        [], "host names fetched even though they resolve to private or local addresses"
    )
    allow_networks: list[str] = _setting(
        [], "networks (CIDR, e.g. 10.1.0.0/16) whose addresses may be fetched from"
    )


@dataclass
class Settings:
    store: StoreSettings = field(default_factory=StoreSettings)
    answers: AnswerSettings = field(default_factory=AnswerSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)
    fetch: FetchAccessSettings = field(default_factory=FetchAccessSettings)


def reject_unknown_keys(
    table: Mapping[str, object],
    known: Iterable[str],
    where: str,
    error: type[ConfigError] = ConfigError,
) -> None:
    """Raise `error` naming `where` and the table's first key that is not in `known`.

    `where` is the table as the user finds it in the file: "[slack]", "digest 'morning'",
    "factdesk.toml: [[feeds]] #2". The known keys are listed in the order given."""
    names = list(known)
    for key in table:
        if key not in names:
            raise error(f"{where} has no setting {key!r} (known: {', '.join(names)})")


def checked_value(
    value: object, default: object, name: str, error: type[ConfigError] = ConfigError
) -> Any:
    """`value` if it has the type of `default` (an int is taken for a float), else `error`
    naming the setting as the user finds it (`name`: "[slack] port", "digest 'x': max_items")."""
    expected = type(default)
    if expected is float and isinstance(value, int):
        value = float(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise error(f"{name} must be {expected.__name__}, not {value!r}")
    return value


def _fill(section: Any, values: dict[str, Any], name: str) -> None:
    where = f"[{name}]"
    reject_unknown_keys(values, [f.name for f in fields(section)], where)
    for key, value in values.items():
        setattr(section, key, checked_value(value, getattr(section, key), f"{where} {key}"))


def config_path(path: Path | None = None) -> Path | None:
    """The settings file: `path`, else $FACTDESK_CONFIG, else ./factdesk.toml if present."""
    if path is not None:
        return path
    if os.environ.get("FACTDESK_CONFIG"):
        return Path(os.environ["FACTDESK_CONFIG"])
    return Path("factdesk.toml") if Path("factdesk.toml").is_file() else None


def read_toml(path: Path) -> dict[str, Any]:
    """The file's tables; a ConfigError naming the file when it cannot be read or parsed."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc


def load_settings(path: Path | None = None) -> Settings:
    """Settings from `path`, else $FACTDESK_CONFIG, else ./factdesk.toml if present, else defaults."""
    settings = Settings()
    candidate = config_path(path)
    if candidate is None:
        return settings
    raw = read_toml(candidate)
    for section in fields(settings):
        values = raw.pop(section.name, {})
        if not isinstance(values, dict):
            raise ConfigError(f"{candidate}: [{section.name}] must be a table")
        _fill(getattr(settings, section.name), values, section.name)
    extra = [k for k in raw if k not in ("digests", "feeds")]
    if extra:
        raise ConfigError(f"{candidate}: unknown section(s) {', '.join(extra)}")
    return settings


def address_policy(settings: Settings) -> AddressPolicy:
    """The fetch address policy from `[fetch]`; a ConfigError names a bad network."""
    from store.address_policy import AddressPolicy  # aiohttp, only for commands that fetch

    try:
        return AddressPolicy.allowing(settings.fetch.allow_hosts, settings.fetch.allow_networks)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc


def secret(name: str) -> str | None:
    """A token from the environment (never from the config file)."""
    value = os.environ.get(name, "").strip()
    return value or None
