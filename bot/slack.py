"""The Slack adapter: `/fact`, app mentions and DMs, answered from the fact store.

This is the only module that imports slack_bolt / slack_sdk, so the rest of factdesk (and the
Discord adapter) never pays for them. It translates Slack payloads to `FactDesk.ask` and replies
to Block Kit via bot/render/slack_blocks.py; it never touches the store.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
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
from bot.answering import Answering, ThreadAnswering
from bot.commands import Caller, ChatCommands, Runtime, parse_admin
from bot.config import AnswerSettings, ConfigError, SlackSettings, secret
from bot.core import FactDesk, Reply
from bot.digests import DigestPostError
from bot.render.slack_blocks import (
    Block,
    render_answer_blocks,
    render_digest_blocks,
    render_message_blocks,
    render_overview_blocks,
)
from store.digests import DigestContent

log = logging.getLogger("factdesk.slack")

EVENTS_PATH = "/slack/events"
POST_ACTION_ID = "factdesk_post_to_channel"
# A button's value holds at most 2,000 characters; the question is re-asked on click.
MAX_BUTTON_VALUE = 2000
# Event ids remembered for deduplicating Slack's retries (it retries up to 3 times in ~1 hour).
DEDUPE_SIZE = 4096

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
    """Refuses a signed request seen before: Bolt checks a signature and its 5-minute window,
    but a captured request replayed inside that window would pass. Slack's own redeliveries
    carry X-Slack-Retry-Num and are left to the event deduplication."""

    def __init__(self, window: float = 300.0, size: int = DEDUPE_SIZE) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._window = window
        self._size = size

    def first_time(self, signature: str, now: float) -> bool:
        while self._seen and next(iter(self._seen.values())) < now - self._window:
            self._seen.popitem(last=False)
        if signature in self._seen:
            return False
        self._seen[signature] = now
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True


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


def _channel_allowed(settings: SlackSettings, channel: str | None, *, is_dm: bool) -> bool:
    """The allowlist governs channels; DMs with the bot are always allowed (they are private)."""
    if is_dm or not settings.allowed_channels:
        return True
    return channel in settings.allowed_channels


def _is_dm(channel: str | None) -> bool:
    return bool(channel) and str(channel).startswith("D")


def _reply_blocks(
    reply: Reply, *, limit: int, question: str | None, reserve: int = 0
) -> tuple[list[Block], str]:
    if reply.answer is not None:
        return render_answer_blocks(reply.answer, limit=limit, reserve=reserve, question=question)
    return render_message_blocks(reply.message or messages.APOLOGY)


def _post_button(question: str) -> Block:
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": POST_ACTION_ID,
                "text": {"type": "plain_text", "text": messages.SLACK_POST_TO_CHANNEL},
                "value": question[:MAX_BUTTON_VALUE],
            }
        ],
    }


def _unescape(text: str) -> str:
    """Slack sends command text with &, < and > escaped as HTML entities: undo that once."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


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

    `answering` computes answers (worker processes in `factdesk serve`, so answering never
    delays an acknowledgement); without one they are computed in a thread of this process.

    `commands` runs `/fact add|remove|subscribe|unsubscribe`; `factdesk serve` passes the
    shared one (wired to the digest scheduler), else one for `settings.admins` is made here.
    """
    answers = answers or AnswerSettings()
    admin = commands or ChatCommands(desk, {"slack": settings.admins})
    limit = answers.max_figures
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
    deduper = EventDeduper()

    async def dedupe(
        body: dict[str, Any], next_: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        # Slack redelivers an event (X-Slack-Retry-Num) when our 200 was slow or lost; the
        # event_id is the same, so answer once and still reply 200 to stop further retries.
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not deduper.first_time(event_id):
            log.info("skipping retried event %s", event_id)
            return BoltResponse(status=200, body="")
        return await next_()

    app.middleware(dedupe)
    replays = ReplayGuard()

    async def refuse_replays(
        request: AsyncBoltRequest, next_: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        headers = request.headers
        signature = (headers.get("x-slack-signature") or [""])[0]
        stamp = (headers.get("x-slack-request-timestamp") or [""])[0]
        retried = bool(headers.get("x-slack-retry-num"))
        if (
            signature
            and not retried
            and not replays.first_time(f"{stamp}:{signature}", time.time())
        ):
            log.warning("refused a replayed request (timestamp %s)", stamp)
            return BoltResponse(status=401, body="")
        return await next_()

    app.middleware(refuse_replays)

    answerer = answering or ThreadAnswering(desk)
    # `/fact subscribe` asks whether the bot can post in the channel before storing anything.
    admin.posters.setdefault("slack", SlackDigestPoster(app.client))

    async def answer(question: str) -> Reply:
        return await answerer.ask(question)

    # ---- /fact ------------------------------------------------------------------------------

    async def ack_fact(ack: AsyncAck) -> None:
        # Acknowledge at once (Slack allows 3 s); the lazy listener answers via response_url.
        await ack()

    async def answer_fact(body: dict[str, Any], respond: AsyncRespond) -> None:
        question = str(body.get("text") or "").strip()
        channel = body.get("channel_id")
        is_dm = _is_dm(channel) or body.get("channel_name") == "directmessage"
        try:
            if not _channel_allowed(settings, channel, is_dm=is_dm):
                blocks, text = render_message_blocks(messages.SLACK_CHANNEL_NOT_ALLOWED)
                await respond(text=text, blocks=blocks, response_type="ephemeral")
                return
            admin_command = parse_admin(_unescape(question))
            if admin_command is not None:
                # Admin replies are always private: they are about the bot, not the news.
                caller = Caller("slack", str(body.get("user_id") or ""), str(channel or ""))
                reply_text = await admin.run(admin_command, caller)
                blocks, text = render_message_blocks(reply_text)
                await respond(text=text, blocks=blocks, response_type="ephemeral")
                return
            public = answers.public or channel in settings.public_channels
            command = question.lower()
            if command in ("", "help"):
                blocks, text = render_message_blocks(messages.HELP)
                await respond(text=text, blocks=blocks, response_type="ephemeral")
                return
            if command == "sources":
                overview = await desk.overview()
                if overview is None:
                    blocks, text = render_message_blocks(messages.APOLOGY)
                else:
                    blocks, text = render_overview_blocks(overview, messages.SLACK_STORE_LABEL)
                await respond(text=text, blocks=blocks, response_type="ephemeral")
                return
            reply = await answer(question)
            if public:
                blocks, text = _reply_blocks(reply, limit=limit, question=question)
                await respond(text=text, blocks=blocks, response_type="in_channel")
            else:
                blocks, text = _reply_blocks(reply, limit=limit, question=question, reserve=1)
                if reply.answer is not None and reply.answer.figures:
                    blocks.append(_post_button(question))
                await respond(text=text, blocks=blocks, response_type="ephemeral")
        except Exception:  # never let a traceback reach Slack; log it for us
            log.exception("failed to answer /fact %r", question[:200])
            await _apologise(respond)

    app.command("/fact")(ack=ack_fact, lazy=[answer_fact])

    async def post_to_channel(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        actions = body.get("actions") or [{}]
        question = str(actions[0].get("value") or "").strip()
        try:
            reply = await answer(question)
            blocks, text = _reply_blocks(reply, limit=limit, question=question)
            # Through response_url, so it works even where the bot is not a channel member.
            await respond(
                text=text, blocks=blocks, response_type="in_channel", replace_original=False
            )
            await respond(delete_original=True)
        except Exception:
            log.exception("failed to post %r to the channel", question[:200])
            await _apologise(respond)

    app.action(POST_ACTION_ID)(post_to_channel)

    # ---- mentions and DMs -------------------------------------------------------------------

    async def reply_in(
        client: AsyncWebClient, channel: str, text_in: str, thread_ts: str | None
    ) -> None:
        question = _MENTION.sub(" ", text_in).strip()
        if question.lower() in ("", "help"):
            reply = Reply(message=messages.HELP)
        else:
            reply = await answer(question)
        blocks, text = _reply_blocks(reply, limit=limit, question=None)
        try:
            await client.chat_postMessage(
                channel=channel, thread_ts=thread_ts, text=text, blocks=blocks, unfurl_links=False
            )
        except Exception:
            log.exception("failed to post the answer to %s", channel)

    def from_bot(event: dict[str, Any]) -> bool:
        # Other bots (and our own, which Bolt already drops) must never start a reply loop.
        return bool(event.get("bot_id")) or event.get("subtype") == "bot_message"

    async def on_mention(event: dict[str, Any], client: AsyncWebClient) -> None:
        channel = str(event.get("channel") or "")
        if from_bot(event) or not _channel_allowed(settings, channel, is_dm=_is_dm(channel)):
            return
        # Answer in the thread of the mention, or start one under it.
        thread_ts = event.get("thread_ts") or event.get("ts")
        await reply_in(client, channel, str(event.get("text") or ""), thread_ts)

    app.event("app_mention")(on_mention)

    async def on_message(event: dict[str, Any], client: AsyncWebClient) -> None:
        # Only direct messages to the bot; channel messages reach us as app_mention instead.
        if event.get("channel_type") != "im" or event.get("subtype") is not None or from_bot(event):
            return
        channel = str(event.get("channel") or "")
        await reply_in(client, channel, str(event.get("text") or ""), event.get("thread_ts"))

    app.event("message")(on_message)

    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        log.error("unhandled error in a Slack listener: %r", error, exc_info=error)

    app.error(on_error)
    return app


async def _apologise(respond: AsyncRespond) -> None:
    blocks, text = render_message_blocks(messages.APOLOGY)
    try:
        await respond(text=text, blocks=blocks, response_type="ephemeral")
    except Exception:
        log.exception("could not even apologise")


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
