"""Chat admin commands, once for every platform: `add <url>`, `remove <document id>`,
`subscribe <question> | <cron> [| <timezone>]` and `unsubscribe <id>`.

The conversation core (bot/conversation.py) routes a message here when `parse_admin` reads it
as a command, and the adapters send the returned text with their own escaping. Parsing, the
admin check and every reply's wording live here (the words themselves in bot/messages.py), so
Slack and Discord cannot drift apart. Nothing here imports a chat library.

`Runtime` is what `factdesk serve` shares with the adapters it runs: these commands (with the
running digest scheduler once it has started) and the digest posters each adapter registers.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from bot import messages
from bot.core import FactDesk
from bot.digests import (
    SUBSCRIPTION_PREFIX,
    Clock,
    DigestConfigError,
    DigestPoster,
    subscription_digest,
    utc_now,
)
from bot.feeds import ingest_url
from store.digests import SubscriptionInfo
from store.fetch import Fetcher, FetchSettings
from store.figure import Statement
from store.redact import strip_credentials

if TYPE_CHECKING:
    from bot.digests import DigestScheduler

log = logging.getLogger("factdesk.commands")

ACTIONS = ("add", "remove", "subscribe", "unsubscribe")
TOP_FIGURES = 5  # figures listed in an "added" reply; the rest are counted
SUBSCRIPTION_ID_BYTES = 3  # 6 hex digits: short enough to type, plenty for a newsroom


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent a message, and where: ids as the platform spells them, as strings.

    `places` are the ids a channel allowlist may name for this message besides the channel
    (on Discord a thread's parent channel and the guild); `name` is how the person is shown
    ("Shared by …") and is display text only, never used to decide anything.
    """

    platform: str  # "slack" or "discord"
    user: str
    channel: str
    is_dm: bool = False
    places: tuple[str, ...] = ()
    name: str = ""


@dataclass(frozen=True, slots=True)
class AdminCommand:
    action: str  # one of ACTIONS
    argument: str


def parse_admin(text: str) -> AdminCommand | None:
    """`add https://…` → AdminCommand("add", "https://…"); None when `text` is a question.

    Only a first word that is exactly an action counts, so "added value tax" stays a question.
    """
    head, _, rest = text.strip().partition(" ")
    action = head.lower()
    if action not in ACTIONS:
        return None
    return AdminCommand(action, rest.strip())


def describe_figure(f: Statement) -> str:
    counts = f" {f.counts}" if f.counts and f.counts not in f.text else ""
    what = f.category + (f", {f.place}" if f.place else "")
    return f"• {f.text}{counts} — {what} · {f.source or 'no source named'}"


def added_reply(document_id: str, figures: list[Statement], *, unchanged: bool) -> str:
    """The reply to `add`: how many figures the article holds and the top few."""
    if not figures:
        return messages.ADD_NO_FIGURES.format(id=document_id)
    head = (messages.ADD_UNCHANGED if unchanged else messages.ADD_DONE).format(
        id=document_id, count=len(figures)
    )
    lines = [head, messages.ADD_TOP, *(describe_figure(f) for f in figures[:TOP_FIGURES])]
    if len(figures) > TOP_FIGURES:
        lines.append(messages.ADD_MORE.format(count=len(figures) - TOP_FIGURES))
    return "\n".join(lines)


def _unwrap(text: str) -> str:
    """A link as typed: Slack sends a pasted link as `<url>` or `<url|label>`."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].split("|", 1)[0]
    return text.strip()


def _reason(exc: DigestConfigError, digest_id: str) -> str:
    """The digest check's message without its "digest 'sub:…': " prefix, which means nothing
    to someone who has not been given the id yet."""
    text = str(exc)
    prefix = f"digest {digest_id!r}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


class ChatCommands:
    """Runs admin commands for any adapter. `scheduler` is set by `factdesk serve` while the
    digest scheduler runs; without one a subscription is stored and scheduled at next start."""

    def __init__(
        self,
        desk: FactDesk,
        admins: Mapping[str, Iterable[str | int]],
        *,
        fetch_settings: FetchSettings | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.desk = desk
        # Discord ids are ints in the settings, Slack's strings: compare as strings.
        self.admins: dict[str, Collection[str]] = {
            platform: frozenset(str(a) for a in ids) for platform, ids in admins.items()
        }
        self.fetch_settings = fetch_settings
        self.clock = clock
        self.scheduler: DigestScheduler | None = None
        # One per platform, registered by the adapters (shared with Runtime under serve).
        self.posters: dict[str, ChannelChecker] = {}

    def is_admin(self, caller: Caller) -> bool:
        return caller.user in self.admins.get(caller.platform, ())

    async def run(self, command: AdminCommand, caller: Caller) -> str:
        """The reply text for `command`. Never raises: failures become a short message."""
        if not self.is_admin(caller):
            log.info(
                "refused %s from non-admin %s:%s", command.action, caller.platform, caller.user
            )
            return messages.ADMIN_ONLY
        try:
            if command.action == "add":
                return await self.add(command.argument)
            if command.action == "remove":
                return await self.remove(command.argument)
            if command.action == "subscribe":
                return await self.subscribe(command.argument, caller)
            if command.action == "unsubscribe":
                return await self.unsubscribe(command.argument)
        except Exception:  # the store is down, say: log it for us, apologise to the admin
            log.exception("admin command %s %r failed", command.action, command.argument[:200])
            return messages.APOLOGY
        return messages.ADMIN_USAGE

    async def add(self, url: str) -> str:
        url = _unwrap(url)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return messages.ADD_USAGE
        async with Fetcher(self.fetch_settings) as fetcher:
            report = await ingest_url(self.desk, url, fetcher=fetcher)
        # The page is stored, named and cited by its URL without any `user:password@`.
        shown = strip_credentials(url)
        if report.errors and not report.stored and not report.unchanged:
            return messages.ADD_FAILED.format(url=shown, reason=report.errors[0].reason)
        figures = await asyncio.to_thread(self.desk.store.document_figures, shown)
        return added_reply(shown, figures, unchanged=not report.stored)

    async def remove(self, document_id: str) -> str:
        document_id = _unwrap(document_id)
        if not document_id:
            return messages.REMOVE_USAGE
        if await asyncio.to_thread(self.desk.store.remove, document_id):
            return messages.REMOVED.format(id=document_id)
        return messages.NOT_FOUND_DOCUMENT.format(id=document_id)

    async def subscribe(self, argument: str, caller: Caller) -> str:
        parts = [p.strip() for p in argument.split("|")]
        if len(parts) not in (2, 3) or not all(parts):
            return messages.SUBSCRIBE_USAGE
        question, schedule = parts[0], parts[1]
        timezone = parts[2] if len(parts) == 3 else "UTC"
        sub = SubscriptionInfo(
            id=secrets.token_hex(SUBSCRIPTION_ID_BYTES),
            platform=caller.platform,
            channel=caller.channel,
            question=question,
            schedule=schedule,
            timezone=timezone,
            created_by=caller.user,
        )
        try:
            # The same check every start applies to stored subscriptions: check before storing.
            digest = subscription_digest(sub)
        except DigestConfigError as exc:
            return messages.SUBSCRIBE_BAD.format(reason=_reason(exc, SUBSCRIPTION_PREFIX + sub.id))
        poster = self.posters.get(caller.platform)
        cannot = await poster.can_post(caller.channel) if poster is not None else None
        if cannot is not None:  # "Subscribed", then every post failing, helps nobody
            return messages.SUBSCRIBE_CANNOT_POST.format(reason=cannot)
        if not await asyncio.to_thread(self.desk.store.add_subscription, sub):
            return messages.APOLOGY  # a 24-bit id clash: vanishingly rare, and retrying works
        if self.scheduler is not None:
            self.scheduler.add(digest)
        nxt = digest.next_fire_time(self.clock())
        return messages.SUBSCRIBED.format(
            id=sub.id,
            question=question,
            schedule=schedule,
            timezone=timezone,
            next=nxt.isoformat() if nxt else "never",
        )

    async def unsubscribe(self, argument: str) -> str:
        sub_id = argument.strip().removeprefix(SUBSCRIPTION_PREFIX)
        if not sub_id:
            return messages.UNSUBSCRIBE_USAGE
        if not await asyncio.to_thread(self.desk.store.remove_subscription, sub_id):
            return messages.NOT_FOUND_SUBSCRIPTION.format(id=sub_id)
        if self.scheduler is not None:
            self.scheduler.remove(SUBSCRIPTION_PREFIX + sub_id)
        return messages.UNSUBSCRIBED.format(id=sub_id)


class ChannelChecker(DigestPoster, Protocol):
    """A poster that can also say whether a channel exists, for the check at start."""

    async def check(self, channel: str) -> str | None:
        """None when the channel looks usable (or cannot be checked), else why not."""
        ...

    async def can_post(self, channel: str) -> str | None:
        """None when the bot can post there (or it cannot be told), else why not, in words
        for the user who is subscribing (with what to do about it)."""
        ...

    async def notify(self, user: str, text: str) -> None:
        """Tell one user privately (a DM): their digest could not be posted."""
        ...


@dataclass
class Runtime:
    """What `factdesk serve` shares with its adapters: the admin commands and the posters
    each adapter registers as soon as it has a client (before connecting)."""

    commands: ChatCommands
    posters: dict[str, ChannelChecker] = field(default_factory=dict)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        # One registry: the posters digests use are the ones subscribe checks with.
        self.posters.update(self.commands.posters)
        self.commands.posters = self.posters

    def add_poster(self, platform: str, poster: ChannelChecker) -> None:
        self.posters[platform] = poster
        self._changed.set()

    async def wait_for_posters(self, platforms: Collection[str]) -> None:
        """Until every platform in `platforms` has registered its poster (callers bound it)."""
        while not all(p in self.posters for p in platforms):
            self._changed.clear()
            await self._changed.wait()
