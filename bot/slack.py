"""The Slack adapter: `/fact`, app mentions, DMs, the More / Post to channel buttons, the
"Find figures in this message" shortcut and the App Home tab.

This is the only module that imports slack_bolt / slack_sdk, so the rest of factdesk (and the
Discord adapter) never pays for them. It translates Slack payloads into calls of the
conversation core (bot/conversation.py), which decides what to say and to whom, and turns the
replies into Block Kit via bot/render/slack_blocks.py; it never touches the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import re
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot import messages
from bot.answering import Answering
from bot.commands import Caller, ChatCommands, Runtime
from bot.config import AnswerSettings, ConfigError, SlackSettings, secret
from bot.conversation import ChatReply, Conversation, Entry, Policy, Visibility, help_text
from bot.core import FactDesk
from bot.digests import DigestPostError
from bot.render.chat_pages import chat_pages
from bot.render.slack_blocks import (
    Block,
    asked_block,
    render_answer_blocks,
    render_digest_blocks,
    render_home_view,
    render_message_blocks,
    render_overview_blocks,
    shared_block,
)
from store.answer import Answer
from store.chatstate import Snapshot
from store.digests import DigestContent
from store.errors import StoreUnavailable

log = logging.getLogger("factdesk.slack")

EVENTS_PATH = "/slack/events"
POST_ACTION_ID = "factdesk_post_to_channel"
MORE_ACTION_ID = "factdesk_more"
FIND_CALLBACK_ID = "factdesk_find_figures"  # the message shortcut, as in slack_manifest.yaml
# Event ids remembered for deduplicating Slack's retries (it retries up to 3 times in ~1 hour).
DEDUPE_SIZE = 4096
EVENT_WINDOW = 3600.0  # seconds an event id is remembered: Slack's retries end within the hour
# Bolt accepts a signed request up to 5 minutes old: a signature must be remembered that long.
SIGNATURE_WINDOW = 300.0

Page = dict[str, Any]  # {"blocks": [...], "text": "..."}, as kept in a reply snapshot

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


class EventDeduper:
    """Remembers recent event ids so a retried delivery is acknowledged but not answered twice."""

    def __init__(self, size: int = DEDUPE_SIZE) -> None:
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def first_time(self, event_id: str) -> bool:
        if event_id in self._seen:
            self._seen.move_to_end(event_id)
            return False
        self._seen[event_id] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True


class ReplayGuard:
    """Remembers request signatures and event ids in the fact store, so every replica sharing
    it refuses a request another one already took.

    Bolt checks a signature and its 5-minute window, but a captured request replayed inside
    that window would pass. While the store cannot be reached the guard falls back to this
    process's memory (logged): still refusing replays sent here, rather than refusing every
    request while the store is down (the users get "the store is unavailable" instead)."""

    def __init__(self, desk: FactDesk, size: int = DEDUPE_SIZE) -> None:
        self._desk = desk
        self._local: dict[float, EventDeduper] = {}
        self._size = size
        # Its own threads: the check runs before Slack's 3-second ack, and must not queue
        # behind answers, which fill the default executor under load.
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="slack-replays")
        weakref.finalize(self, self._executor.shutdown, wait=False)

    async def first_time(self, key: str, keep_for: float) -> bool:
        loop = asyncio.get_running_loop()
        record = functools.partial(self._desk.store.first_sighting, key, keep_for)
        try:
            return await loop.run_in_executor(self._executor, record)
        except StoreUnavailable:
            kind = key.split(":", 1)[0]  # "sig" or "event": the value itself stays out of logs
            log.warning("cannot record a request %s in the store: checking this replica only", kind)
            local = self._local.setdefault(keep_for, EventDeduper(self._size))
            return local.first_time(key)


def shared_authorization(client: AsyncWebClient) -> Callable[[], Awaitable[AuthorizeResult]]:
    """Bolt's `authorize` for our one workspace: one auth.test call, shared by every request.

    Bolt's built-in single-workspace authorisation caches auth.test only once a call has
    returned; every request arriving before that makes its own call. A burst of 200 commands
    just after start made 200 calls and pushed acknowledgements past Slack's 3 s. Here the
    first request starts the call and the others await the same one; a failed call is not
    kept, so the next request tries again. (A plain function: Bolt passes arguments by the
    parameter names it finds, and would take a method's `self` for one.)
    """
    shared: list[asyncio.Future[AsyncSlackResponse]] = []

    async def authorize() -> AuthorizeResult:
        if not shared or (shared[0].done() and shared[0].exception() is not None):
            shared[:] = [asyncio.ensure_future(client.auth_test())]
        # Shielded: one request cancelled (its connection dropped) must not cancel the rest.
        response = await asyncio.shield(shared[0])
        return AuthorizeResult.from_auth_test_response(
            auth_test_response=response, bot_token=client.token
        )

    return authorize


def _is_dm(channel: str | None) -> bool:
    return bool(channel) and str(channel).startswith("D")


def _unescape(text: str) -> str:
    """Slack sends command text with &, < and > escaped as HTML entities: undo that once."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def reply_blocks(reply: ChatReply) -> tuple[list[Block], str]:
    """A reply other than an answer with figures, as one Block Kit message."""
    if reply.answer is not None:
        return render_answer_blocks(reply.answer)
    if reply.overview is not None:
        return render_overview_blocks(reply.overview, messages.SLACK_STORE_LABEL)
    return render_message_blocks(reply.text or messages.APOLOGY)


def answer_pages(answer: Answer, first: int) -> list[Page]:
    """Every page of an answer as Slack renders it (`first` figures quoted on page one), room
    kept for the buttons and a "You asked" or "Shared by" line: what a snapshot keeps, so that
    "More" and "Post to channel" show it as it was seen."""
    out: list[Page] = []
    for page in chat_pages(answer, first):
        blocks, text = render_answer_blocks(answer, page, reserve=2)
        out.append({"blocks": blocks, "text": text})
    return out


def buttons(key: str | None, *, more_page: int | None, share: bool) -> list[Block]:
    """The button row under a page: "More" (the next page, privately) and "Post to channel"."""
    if key is None:
        return []
    elements: list[Block] = []
    if more_page is not None:
        elements.append(
            {
                "type": "button",
                "action_id": MORE_ACTION_ID,
                "text": {"type": "plain_text", "text": messages.CHAT_MORE},
                "value": f"{key}:{more_page}",
            }
        )
    if share:
        elements.append(
            {
                "type": "button",
                "action_id": POST_ACTION_ID,
                "style": "primary",
                "text": {"type": "plain_text", "text": messages.SLACK_POST_TO_CHANNEL},
                "value": key,
            }
        )
    return [{"type": "actions", "elements": elements}] if elements else []


def _page_of(snapshot: Snapshot, number: int) -> Page | None:
    pages = snapshot.payload.get("pages") or []
    return pages[number] if 0 <= number < len(pages) else None


class SlackDigestPoster:
    """Posts digests with chat.postMessage: Block Kit within limits, escaped text, no unfurls
    (a digest full of article links would otherwise fill the channel with previews)."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def post(self, channel: str, digest: DigestContent) -> None:
        blocks, text = render_digest_blocks(digest)
        try:
            await self._post(channel, text, blocks, digest)
        except SlackApiError as exc:
            reason = _CANNOT_POST.get(_slack_error(exc) or "")
            if reason is None:
                raise
            raise DigestPostError(reason) from exc

    async def _post(
        self, channel: str, text: str, blocks: list[Block], digest: DigestContent
    ) -> None:
        await self.client.chat_postMessage(
            channel=channel,
            text=text,
            blocks=blocks,
            unfurl_links=False,
            unfurl_media=False,
            # Message metadata names the digest and its fire time, so other tools (and
            # audits of "posted exactly once") can tell digest posts apart.
            metadata={
                "event_type": "factdesk_digest",
                "event_payload": {
                    "digest": digest.title or "",
                    "fire_time": digest.until.isoformat(),
                },
            },
        )

    async def notify(self, user: str, text: str) -> None:
        """A private word to one user: posted to the user id, it lands in the app's DM."""
        await self.client.chat_postMessage(channel=user, text=text, unfurl_links=False)

    async def can_post(self, channel: str) -> str | None:
        """Why the bot cannot post in `channel`, or None (also when Slack cannot tell us).

        A public channel takes posts from a bot that is not a member only with the
        chat:write.public scope; Slack lists a token's scopes on every Web API reply.
        """
        try:
            response = await self.client.conversations_info(channel=channel)
        except SlackApiError as exc:
            if _slack_error(exc) == "channel_not_found":  # private, and the bot is not in it
                return messages.SLACK_PRIVATE_NOT_INVITED
            log.warning("cannot check Slack channel %s: %s", channel, _slack_error(exc) or exc)
            return None
        except Exception as exc:  # network trouble: posting will tell, and is reported
            log.warning("cannot check Slack channel %s: %r", channel, exc)
            return None
        info = response.get("channel") or {}
        if info.get("is_archived"):
            return messages.SLACK_CHANNEL_ARCHIVED
        if info.get("is_member") or info.get("is_im") or info.get("is_mpim"):
            return None
        if info.get("is_private"):
            return messages.SLACK_PRIVATE_NOT_INVITED
        scopes = {k.lower(): v for k, v in (response.headers or {}).items()}.get("x-oauth-scopes")
        if scopes is not None and "chat:write.public" not in scopes.replace(" ", "").split(","):
            return messages.SLACK_NOT_IN_CHANNEL
        return None

    async def check(self, channel: str) -> str | None:
        """Ask Slack about the channel at start, so a typo fails now rather than at 7 a.m."""
        try:
            await self.client.conversations_info(channel=channel)
        except SlackApiError as exc:
            # A non-JSON reply (a proxy's error page) leaves `data` a string, not a dict.
            data = getattr(exc.response, "data", None)
            error = data.get("error") if isinstance(data, dict) else None
            if error == "channel_not_found":
                return (
                    "Slack says channel_not_found (a typo, or a private channel the bot is not in)"
                )
            # missing_scope and the like: the channel may well be fine; posting will tell.
            log.warning("cannot check Slack channel %s: %s", channel, error or exc)
        except Exception as exc:  # network trouble at start must not stop the bot
            log.warning("cannot check Slack channel %s: %r", channel, exc)
        return None


# Slack errors that no retry will fix, and what the subscriber can do about them.
_CANNOT_POST = {
    "not_in_channel": messages.SLACK_NOT_IN_CHANNEL,
    "channel_not_found": messages.SLACK_PRIVATE_NOT_INVITED,
    "is_archived": messages.SLACK_CHANNEL_ARCHIVED,
}


def _slack_error(exc: SlackApiError) -> str | None:
    """The error code of a Web API failure (None for a non-JSON reply, e.g. a proxy's page)."""
    data = getattr(exc.response, "data", None)
    error = data.get("error") if isinstance(data, dict) else None
    return str(error) if error else None


def _with_retries(client: AsyncWebClient) -> AsyncWebClient:
    """Honour Retry-After on 429s and retry 5xx once: Slack's own recommended handlers."""
    kinds = {type(h) for h in client.retry_handlers}
    if AsyncRateLimitErrorRetryHandler not in kinds:
        client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    if AsyncServerErrorRetryHandler not in kinds:
        client.retry_handlers.append(AsyncServerErrorRetryHandler(max_retry_count=1))
    return client


def build_slack_app(
    desk: FactDesk,
    settings: SlackSettings,
    *,
    token: str | None,
    signing_secret: str | None,
    client: AsyncWebClient | None = None,
    answers: AnswerSettings | None = None,
    commands: ChatCommands | None = None,
    answering: Answering | None = None,
) -> AsyncApp:
    """The Bolt app with every listener. `client` lets tests point the Web API at a fake.

    Every listener translates a Slack event into `Conversation.handle` (or a button into a
    stored snapshot) and the reply back into Block Kit; deciding what to say is the core's.
    `commands` runs the admin commands; `factdesk serve` passes the shared one (wired to the
    digest scheduler), else one for `settings.admins` is made here.

    `answering` computes answers (worker processes in `factdesk serve`, so answering never
    delays an acknowledgement); without one the core computes them in a thread of this process.
    """
    answers = answers or AnswerSettings()
    admin = commands or ChatCommands(desk, {"slack": settings.admins})
    talk = Conversation(
        desk,
        admin,
        "slack",
        Policy.of(settings.allowed_channels, settings.public_channels, answers.public),
        answering,
    )
    if client is None:
        client = AsyncWebClient(token=token)
    token = client.token or token
    client.token = None
    app = AsyncApp(
        client=_with_retries(client),
        # Empty in Socket Mode: Bolt only verifies signatures of HTTP requests.
        signing_secret=signing_secret or "",
        # Slack retries events not answered in 3 s; Bolt acks first and runs listeners after.
        process_before_response=False,
        authorize=shared_authorization(client),
    )
    # Bolt ignores (with a warning) a client token once `authorize` is given, so the client
    # was handed over without one; it gets it back here for the digest poster and replies.
    app.client.token = token
    seen = ReplayGuard(desk)

    async def refuse_replays(
        request: AsyncBoltRequest,
        body: dict[str, Any],
        next_: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse:
        headers = request.headers
        signature = (headers.get("x-slack-signature") or [""])[0]
        stamp = (headers.get("x-slack-request-timestamp") or [""])[0]
        # X-Slack-Retry-Num is not signed, so it proves nothing by itself. Slack documents it
        # for Events API redeliveries only; there the event id below decides. A slash command
        # or an interaction that carries it is a replay like any other.
        event_retry = body.get("type") == "event_callback" and bool(
            headers.get("x-slack-retry-num")
        )
        first = not signature or await seen.first_time(f"sig:{stamp}:{signature}", SIGNATURE_WINDOW)
        if not first and not event_retry:
            log.warning("refused a replayed request (timestamp %s)", stamp)
            return BoltResponse(status=401, body="")
        # Slack redelivers an event when our 200 was slow or lost, maybe to another replica;
        # the event_id is the same, so answer once and still reply 200 to stop further retries.
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not await seen.first_time(
            f"event:{event_id}", EVENT_WINDOW
        ):
            log.info("skipping retried event %s", event_id)
            return BoltResponse(status=200, body="")
        return await next_()

    app.middleware(refuse_replays)

    async def render(reply: ChatReply, question: str | None) -> tuple[list[Block], str]:
        """A reply as one message; an answer with figures also gets its buttons, its pages
        kept in the store under the key the buttons carry."""
        if reply.answer is None or not reply.has_figures:
            return reply_blocks(reply)
        pages = answer_pages(reply.answer, answers.max_figures)
        more = len(pages) > 1
        key = None
        if more or reply.shareable:
            asked = question or reply.answer.query
            key = await talk.keep({"question": asked, "pages": pages})
        first = pages[0]
        head = [asked_block(question)] if question else []
        row = buttons(key, more_page=1 if more else None, share=reply.shareable)
        return [*head, *first["blocks"], *row], first["text"]

    # `/fact subscribe` asks whether the bot can post in the channel before storing anything.
    admin.posters.setdefault("slack", SlackDigestPoster(app.client))

    async def tell(respond: AsyncRespond, text: str) -> None:
        """A short private message through response_url; if even that fails, log it."""
        blocks, fallback = render_message_blocks(text)
        try:
            await respond(text=fallback, blocks=blocks, response_type="ephemeral")
        except Exception:
            log.exception("could not tell the user %r", text[:100])

    # ---- /fact --------------------------------------------------------------------------

    async def ack_fact(ack: AsyncAck) -> None:
        # Acknowledge at once (Slack allows 3 s); the lazy listener answers via response_url.
        await ack()

    async def answer_fact(body: dict[str, Any], respond: AsyncRespond) -> None:
        text = _unescape(str(body.get("text") or "")).strip()
        channel = str(body.get("channel_id") or "")
        caller = Caller(
            "slack",
            str(body.get("user_id") or ""),
            channel,
            is_dm=_is_dm(channel) or body.get("channel_name") == "directmessage",
            name=str(body.get("user_name") or ""),
        )
        try:
            reply = await talk.handle(text, caller, Entry.COMMAND)
            blocks, fallback = await render(reply, text)
            public = reply.visibility is Visibility.PUBLIC
            await respond(
                text=fallback, blocks=blocks, response_type="in_channel" if public else "ephemeral"
            )
        except Exception:  # never let a traceback reach Slack; log it for us
            log.exception("failed to answer /fact %r", text[:200])
            await tell(respond, messages.APOLOGY)

    app.command("/fact")(ack=ack_fact, lazy=[answer_fact])

    # ---- buttons: "More" and "Post to channel" ------------------------------------------

    def _user(body: dict[str, Any]) -> tuple[str, str]:
        """The clicking user's id and the name to show (display text only)."""
        user = body.get("user") or {}
        name = str(user.get("username") or user.get("name") or user.get("id") or "someone")
        return str(user.get("id") or ""), name

    def _value(body: dict[str, Any]) -> str:
        actions = body.get("actions") or [{}]
        return str(actions[0].get("value") or "")

    async def more(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        key, _, number = _value(body).rpartition(":")
        try:
            snapshot = await talk.snapshot(key) if key else None
            page = _page_of(snapshot, int(number)) if snapshot and number.isdigit() else None
            if snapshot is None or page is None:
                await tell(respond, messages.CHAT_EXPIRED)
                return
            has_next = _page_of(snapshot, int(number) + 1) is not None
            row = buttons(key, more_page=int(number) + 1 if has_next else None, share=False)
            await respond(
                text=page["text"],
                blocks=[*page["blocks"], *row],
                response_type="ephemeral",
                replace_original=False,
            )
        except Exception:
            log.exception("failed to show page %r", _value(body)[:100])
            await tell(respond, messages.APOLOGY)

    app.action(MORE_ACTION_ID)(more)

    async def post_to_channel(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        key = _value(body)
        _, name = _user(body)
        try:
            shared = await talk.share(key, "@" + name)
            if shared.snapshot is None:
                if shared.failed:
                    text = messages.APOLOGY
                elif shared.already_by:
                    text = messages.CHAT_ALREADY_SHARED.format(user=shared.already_by)
                else:
                    text = messages.CHAT_EXPIRED
                await tell(respond, text)
                return
            first = _page_of(shared.snapshot, 0)
            assert first is not None  # a snapshot is only kept with its first page
            has_next = _page_of(shared.snapshot, 1) is not None
            # Exactly what was previewed, under who shared it. Through response_url, so it
            # works even where the bot is not a channel member.
            asked = str(shared.snapshot.payload.get("question") or "")
            blocks = [shared_block(name, asked), *first["blocks"]]
            blocks += buttons(key, more_page=1 if has_next else None, share=False)
            await respond(
                text=first["text"],
                blocks=blocks,
                response_type="in_channel",
                replace_original=False,
            )
            await respond(delete_original=True)
        except Exception:
            log.exception("failed to share %r to the channel", key[:100])
            await tell(respond, messages.APOLOGY)

    app.action(POST_ACTION_ID)(post_to_channel)

    # ---- mentions and DMs ---------------------------------------------------------------

    async def post(
        client: AsyncWebClient, channel: str, user: str, reply: ChatReply, thread: str | None
    ) -> None:
        """A reply to a mention or DM: in the thread (or DM) when it may be seen there, as an
        ephemeral message to the asker when it is private to them in a channel."""
        blocks, text = await render(reply, None)
        if reply.visibility is Visibility.PRIVATE and not _is_dm(channel):
            await client.chat_postEphemeral(
                channel=channel, user=user, text=text, blocks=blocks, thread_ts=thread
            )
            return
        await client.chat_postMessage(
            channel=channel, thread_ts=thread, text=text, blocks=blocks, unfurl_links=False
        )

    async def answer_message(
        client: AsyncWebClient, event: dict[str, Any], entry: Entry, thread: str | None
    ) -> None:
        channel = str(event.get("channel") or "")
        user = str(event.get("user") or "")
        caller = Caller("slack", user, channel, is_dm=entry is Entry.DM)
        text = _MENTION.sub(" ", str(event.get("text") or "")).strip()
        try:
            if not text and event.get("files"):
                reply = talk.notice(messages.FILE_NOT_READ, caller, entry)
            else:
                reply = await talk.handle(_unescape(text), caller, entry)
            await post(client, channel, user, reply, thread)
        except Exception:
            log.exception("failed to answer in %s", channel)
            with contextlib.suppress(Exception):  # the apology is a courtesy; it was logged
                sorry = talk.notice(messages.APOLOGY, caller, entry)
                await post(client, channel, user, sorry, thread)

    def from_bot(event: dict[str, Any]) -> bool:
        # Other bots (and our own, which Bolt already drops) must never start a reply loop.
        return bool(event.get("bot_id")) or event.get("subtype") == "bot_message"

    async def on_mention(event: dict[str, Any], client: AsyncWebClient) -> None:
        if from_bot(event):
            return
        # Answer in the thread of the mention, or start one under it.
        thread = event.get("thread_ts") or event.get("ts")
        await answer_message(client, event, Entry.MENTION, thread)

    app.event("app_mention")(on_mention)

    async def on_message(event: dict[str, Any], client: AsyncWebClient) -> None:
        # Only direct messages to the bot; channel messages reach us as app_mention instead.
        # A DM with a file attached comes as subtype file_share, and is answered too.
        if event.get("channel_type") != "im" or from_bot(event):
            return
        if event.get("subtype") not in (None, "file_share"):
            return  # edits, deletions, joins: nothing was asked
        await answer_message(client, event, Entry.DM, event.get("thread_ts"))

    app.event("message")(on_message)

    # ---- "Find figures in this message" and the App Home tab ----------------------------

    async def find_figures(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        message = body.get("message") or {}
        channel = str((body.get("channel") or {}).get("id") or "")
        user, name = _user(body)
        caller = Caller("slack", user, channel, is_dm=_is_dm(channel), name=name)
        try:
            reply = await talk.find_in_message(_unescape(str(message.get("text") or "")), caller)
            blocks, text = await render(reply, None)
            await respond(text=text, blocks=blocks, response_type="ephemeral")
        except Exception:
            log.exception("failed to find figures in a message")
            await tell(respond, messages.APOLOGY)

    app.shortcut(FIND_CALLBACK_ID)(find_figures)

    async def home_opened(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab") != "home":
            return
        home = await talk.home()
        view = render_home_view(help_text(), home.overview, home.recent, home.events)
        try:
            await client.views_publish(user_id=str(event.get("user") or ""), view=view)
        except Exception:
            log.exception("failed to publish the App Home tab")

    app.event("app_home_opened")(home_opened)

    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        log.error("unhandled error in a Slack listener: %r", error, exc_info=error)

    app.error(on_error)
    return app


# ---- running ------------------------------------------------------------------------------


async def start_http(app: AsyncApp, host: str, port: int) -> web.AppRunner:
    """Serve the app's Events API endpoint (POST /slack/events) with aiohttp, without blocking.

    `AsyncApp.start()` calls `web.run_app`, which owns the event loop; an AppRunner lets
    `factdesk serve` run Slack next to other adapters and lets tests stop it cleanly.
    """
    runner = web.AppRunner(app.web_app(path=EVENTS_PATH, port=port))
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def _require(name: str) -> str:
    value = secret(name)
    if value is None:
        raise ConfigError(messages.SLACK_MISSING_SECRET.format(name=name))
    return value


@dataclass(frozen=True)
class SlackSecrets:
    bot_token: str
    app_token: str | None  # Socket Mode
    signing_secret: str | None  # HTTP mode


def slack_secrets(settings: SlackSettings) -> SlackSecrets:
    """The tokens the configured mode needs, from the environment; ConfigError names a missing one."""
    if settings.mode not in ("socket", "http"):
        raise ConfigError(f"[slack] mode must be 'socket' or 'http', not {settings.mode!r}")
    token = _require("SLACK_BOT_TOKEN")
    if settings.mode == "http":
        return SlackSecrets(token, None, _require("SLACK_SIGNING_SECRET"))
    return SlackSecrets(token, _require("SLACK_APP_TOKEN"), None)


async def run_slack(
    desk: FactDesk,
    settings: SlackSettings,
    *,
    answers: AnswerSettings | None = None,
    secrets: SlackSecrets | None = None,
    host: str = "0.0.0.0",
    client: AsyncWebClient | None = None,
    runtime: Runtime | None = None,
    answering: Answering | None = None,
) -> None:
    """Run until cancelled: Socket Mode by default, the Events API over HTTP if mode = 'http'.

    With a `runtime` (from `factdesk serve`) the admin commands are the shared ones and the
    digest poster is registered before connecting, so digests can post as soon as Slack is up.
    """
    secrets = secrets or slack_secrets(settings)
    app = build_slack_app(
        desk,
        settings,
        token=secrets.bot_token,
        signing_secret=secrets.signing_secret,
        client=client,
        answers=answers,
        commands=runtime.commands if runtime is not None else None,
        answering=answering,
    )
    if runtime is not None:
        runtime.add_poster("slack", SlackDigestPoster(app.client))
    if settings.mode == "http":
        runner = await start_http(app, host, settings.port)
        log.info("Slack adapter listening on %s:%d%s", host, settings.port, EVENTS_PATH)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()
    else:
        handler = AsyncSocketModeHandler(app, secrets.app_token)
        log.info("Slack adapter connecting in Socket Mode")
        # slack_bolt leaves these two unannotated; they return None.
        try:
            await handler.start_async()  # type: ignore[no-untyped-call]
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
