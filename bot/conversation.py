"""The conversation core every chat adapter shares: text and a caller in, a reply out.

Routing (help, sources, admin commands, questions), policy (the channel allowlist, public or
private) and what a failure tells the user are decided here once, so Slack and Discord cannot
drift apart. A reply is plain data (kind, visibility, content); each adapter only turns
platform events into `Conversation.handle` calls and replies into its own wire format, as
Bolt's framework adapters do for HTTP servers. Nothing here imports a chat library, and the
store is reached only through `FactStore` methods (in a worker thread). Questions are answered
through bot/answering.py, in worker processes under `factdesk serve`, so an answer never
holds the event loop that must acknowledge every request.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot import messages
from bot.answering import Answering, ThreadAnswering
from bot.commands import TOP_FIGURES, Caller, ChatCommands, describe_figure, parse_admin
from bot.core import FactDesk
from store.answer import Answer, AnswerEvent
from store.chatstate import Snapshot
from store.errors import StoreUnavailable
from store.factstore import RecentDocument, StoreOverview
from store.figure import Statement

log = logging.getLogger("factdesk.conversation")

SNAPSHOT_KEY_BYTES = 9  # 12 URL-safe characters: fits a Discord custom id with room to spare
HOME_PLACES = 3  # places (most covered first) whose events a home page lists
HOME_EVENTS = 5
MESSAGE_QUESTION_CHARS = 500  # of a message looked up with "Find figures in this message"
_LINK = re.compile(r"<?(https?://[^\s<>|]+)(?:\|[^>]*)?>?")


class Kind(StrEnum):
    ANSWER = "answer"  # figures found (or not) for a question
    HELP = "help"
    SOURCES = "sources"  # what the store holds
    ADMIN = "admin"  # the reply to an admin command
    NOTICE = "notice"  # a refusal or a failure, said in a sentence


class Visibility(StrEnum):
    PUBLIC = "public"  # everyone in the channel (or thread) sees it
    PRIVATE = "private"  # only the person who asked (ephemeral, or a DM)


class Entry(StrEnum):
    """How the text reached the bot; it decides where a reply may go."""

    COMMAND = "command"  # a slash command (or a button standing for one)
    MENTION = "mention"  # a channel message naming the bot
    DM = "dm"
    MESSAGE_ACTION = "message_action"  # "Find figures in this message"


@dataclass(frozen=True, slots=True)
class Policy:
    """Where the bot answers and where its answers are public; ids as strings."""

    allowed: frozenset[str] = frozenset()  # empty: everywhere
    public_channels: frozenset[str] = frozenset()
    public_by_default: bool = False

    @classmethod
    def of(
        cls, allowed: Iterable[Any], public_channels: Iterable[Any], public: bool = False
    ) -> Policy:
        return cls(
            frozenset(str(a) for a in allowed), frozenset(str(p) for p in public_channels), public
        )

    def allows(self, caller: Caller) -> bool:
        """The allowlist governs channels (or their parents, or a guild); DMs always pass."""
        if caller.is_dm or not self.allowed:
            return True
        return bool(self.allowed & {caller.channel, *caller.places})

    def public_in(self, caller: Caller) -> bool:
        return not caller.is_dm and (
            self.public_by_default or caller.channel in self.public_channels
        )


@dataclass(frozen=True, slots=True)
class ChatReply:
    """What to tell the user, as plain data: exactly one of `text`, `answer`, `overview`."""

    kind: Kind
    visibility: Visibility
    text: str | None = None
    answer: Answer | None = None
    overview: StoreOverview | None = None
    recent: tuple[RecentDocument, ...] = ()
    in_dm: bool = False  # asked in a direct message: there is no channel to share to
    events: tuple[AnswerEvent, ...] = ()  # a home page's latest events

    @property
    def has_figures(self) -> bool:
        return self.answer is not None and bool(self.answer.figures or self.answer.events)

    @property
    def shareable(self) -> bool:
        """A private answer with figures, asked in a channel, gets a button to post it there."""
        return self.has_figures and self.visibility is Visibility.PRIVATE and not self.in_dm


@dataclass(frozen=True, slots=True)
class Share:
    """What pressing "share" found: the snapshot to post, or why not (already, expired)."""

    snapshot: Snapshot | None
    already_by: str | None = None
    failed: bool = False


def help_text() -> str:
    """The one help text, the same on every platform and every way of asking."""
    return messages.HELP


class Conversation:
    """One platform's conversation: the shared desk and admin commands, with its policy.
    `answering` computes answers (without one, in a thread of this process)."""

    def __init__(
        self,
        desk: FactDesk,
        commands: ChatCommands,
        platform: str,
        policy: Policy,
        answering: Answering | None = None,
    ) -> None:
        self.desk = desk
        self.commands = commands
        self.platform = platform
        self.policy = policy
        self.answering = answering or ThreadAnswering(desk)

    def visibility(self, caller: Caller, entry: Entry, kind: Kind) -> Visibility:
        """Answers are public where the policy says (and under a mention, which was public
        already); help, sources, admin replies and notices to a command are private."""
        if caller.is_dm or entry is Entry.MESSAGE_ACTION:
            return Visibility.PRIVATE
        if entry is Entry.MENTION:
            return Visibility.PUBLIC
        if kind is Kind.ANSWER and self.policy.public_in(caller):
            return Visibility.PUBLIC
        return Visibility.PRIVATE

    def is_admin(self, caller: Caller) -> bool:
        return self.commands.is_admin(caller)

    def refuse(self, caller: Caller, text: str = "") -> ChatReply | None:
        """The refusal for `text` from `caller`, decided at once (no store work): an admin
        command from someone who is not an admin, or any text in a channel the bot does not
        answer in. None when nothing stands in the way."""
        if self.kind_of(text) is Kind.ADMIN and not self.is_admin(caller):
            return ChatReply(Kind.ADMIN, Visibility.PRIVATE, text=messages.ADMIN_ONLY)
        if self.policy.allows(caller):
            return None
        return ChatReply(Kind.NOTICE, Visibility.PRIVATE, text=messages.NOT_HERE)

    async def handle(self, text: str, caller: Caller, entry: Entry) -> ChatReply:
        """The reply to `text`; never raises (a failure is a short notice, and is logged)."""
        refusal = self.refuse(caller, text)
        if refusal is not None:
            return refusal
        try:
            return await self._route(text.strip(), caller, entry)
        except StoreUnavailable:
            log.warning("store unavailable answering %r", text[:200], exc_info=True)
            return self.notice(messages.STORE_UNAVAILABLE, caller, entry)
        except Exception:
            log.exception("failed to answer %r from %s", text[:200], self.platform)
            return self.notice(messages.APOLOGY, caller, entry)

    def notice(self, text: str, caller: Caller, entry: Entry) -> ChatReply:
        return ChatReply(Kind.NOTICE, self.visibility(caller, entry, Kind.NOTICE), text=text)

    @staticmethod
    def kind_of(text: str) -> Kind:
        """What `text` asks for, decided before any work (an adapter that must say at once
        whether its reply will be private, as Discord's deferral does, asks this first)."""
        command = text.strip().lower().rstrip("?!. ")
        if command in ("", "help"):
            return Kind.HELP
        if command == "sources":
            return Kind.SOURCES
        if parse_admin(text) is not None:
            return Kind.ADMIN
        return Kind.ANSWER

    async def _route(self, text: str, caller: Caller, entry: Entry) -> ChatReply:
        kind = self.kind_of(text)
        where = self.visibility(caller, entry, kind)
        if kind is Kind.HELP:
            return ChatReply(kind, where, text=help_text())
        if kind is Kind.SOURCES:
            overview = await asyncio.to_thread(self.desk.store.overview)
            return ChatReply(kind, where, overview=overview)
        admin = parse_admin(text)
        if admin is not None:
            return ChatReply(kind, where, text=await self.commands.run(admin, caller))
        return await self.ask(text, caller, entry)

    async def ask(self, question: str, caller: Caller, entry: Entry) -> ChatReply:
        reply = await self.answering.ask(question)
        if reply.answer is None:  # the desk turned a failure into a sentence
            return self.notice(reply.message or messages.APOLOGY, caller, entry)
        kind = Kind.ANSWER
        where = self.visibility(caller, entry, kind)
        return ChatReply(kind, where, answer=reply.answer, in_dm=caller.is_dm)

    async def find_in_message(self, text: str, caller: Caller) -> ChatReply:
        """ "Find figures in this message": a linked article the store holds gives its own
        figures; otherwise the message's words are the question."""
        refusal = self.refuse(caller)
        if refusal is not None:
            return refusal
        entry = Entry.MESSAGE_ACTION
        try:
            for link in _LINK.findall(text):
                figures = await asyncio.to_thread(self.desk.store.document_figures, link)
                if figures:
                    return ChatReply(
                        Kind.ADMIN, Visibility.PRIVATE, text=article_figures(link, figures)
                    )
            words = " ".join(_LINK.sub(" ", text).split())[:MESSAGE_QUESTION_CHARS]
            if not words:
                return self.notice(messages.FIND_NOTHING_TO_ASK, caller, entry)
            return await self.ask(words, caller, entry)
        except StoreUnavailable:
            log.warning("store unavailable for a message action", exc_info=True)
            return self.notice(messages.STORE_UNAVAILABLE, caller, entry)
        except Exception:
            log.exception("failed to find figures in a message on %s", self.platform)
            return self.notice(messages.APOLOGY, caller, entry)

    async def home(self) -> ChatReply:
        """What a home page shows: the store's overview, the latest events at the places it
        covers most (newest first), and its newest articles."""
        try:
            overview = await asyncio.to_thread(self.desk.store.overview)
            recent = await asyncio.to_thread(self.desk.store.recent_documents)
            events: list[AnswerEvent] = []
            for place, _count in overview.places[:HOME_PLACES]:
                # An answer is CPU work: off the event loop, like every question.
                reply = await self.answering.ask(place)
                if reply.answer is not None:
                    events.extend(reply.answer.events)
        except Exception:
            log.exception("failed to read the store for a home page")
            return ChatReply(Kind.NOTICE, Visibility.PRIVATE, text=messages.STORE_UNAVAILABLE)
        events.sort(key=lambda e: e.end or e.start or dt.date.min, reverse=True)
        return ChatReply(
            Kind.SOURCES,
            Visibility.PRIVATE,
            overview=overview,
            recent=tuple(recent),
            events=tuple(events[:HOME_EVENTS]),
        )

    # -- snapshots: what a share or "More" button stands for ------------------------------

    async def keep(self, payload: dict[str, Any]) -> str | None:
        """Store a rendered reply and return its key; None (logged) when the store cannot,
        in which case the adapter sends the reply without buttons rather than not at all."""
        key = secrets.token_urlsafe(SNAPSHOT_KEY_BYTES)
        try:
            await asyncio.to_thread(self.desk.store.save_snapshot, key, self.platform, payload)
        except Exception:
            log.exception("could not keep a reply snapshot; sending it without buttons")
            return None
        return key

    async def snapshot(self, key: str) -> Snapshot | None:
        """The stored reply, or None when it expired. A store failure raises: the adapter
        apologises, rather than calling a reply expired that is only out of reach."""
        return await asyncio.to_thread(self.desk.store.snapshot, key)

    async def share(self, key: str, user: str) -> Share:
        """Claim the snapshot for sharing, once: later presses learn who shared it."""
        try:
            if await asyncio.to_thread(self.desk.store.claim_share, key, user):
                return Share(await asyncio.to_thread(self.desk.store.snapshot, key))
            found = await asyncio.to_thread(self.desk.store.snapshot, key)
        except Exception:
            log.exception("could not share reply snapshot %s", key)
            return Share(None, failed=True)
        if found is None:
            return Share(None)
        return Share(None, already_by=found.shared_by)


def article_figures(link: str, figures: list[Statement]) -> str:
    """The figures the store holds for one linked article, most salient first."""
    lines = [messages.FIND_IN_ARTICLE.format(id=link, count=len(figures))]
    lines += [describe_figure(f) for f in figures[:TOP_FIGURES]]
    if len(figures) > TOP_FIGURES:
        lines.append(messages.ADD_MORE.format(count=len(figures) - TOP_FIGURES))
    return "\n".join(lines)
