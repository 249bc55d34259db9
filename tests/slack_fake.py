"""A fake Slack on 127.0.0.1: the Web API, response_url endpoints and a Socket Mode websocket.

It records what the bot sends so tests can assert content, and pushes Socket Mode envelopes
that tests queue. Nothing here reaches the internet.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

# What an installed factdesk may do: the manifest's scopes (slack_manifest.yaml).
MANIFEST_SCOPES = (
    "commands,chat:write,chat:write.public,app_mentions:read,im:history,im:read,im:write,"
    "channels:read,groups:read"
)
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"


@dataclass
class Call:
    kind: str  # "api" (Web API method), "rate_limited", "response_url", "socket_ack"
    name: str  # the API method, the response_url path, or the envelope id
    payload: dict[str, Any]


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    envelopes: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    port: int = 0
    # method -> how many more times to answer HTTP 429 (Retry-After: 1) before succeeding
    rate_limit: dict[str, int] = field(default_factory=dict)
    # method -> how many more times to answer HTTP 500 before succeeding
    server_errors: dict[str, int] = field(default_factory=dict)
    # method -> the Slack error code to answer with ({"ok": false, "error": ...}, HTTP 200)
    errors: dict[str, str] = field(default_factory=dict)
    # The token's scopes, sent as X-OAuth-Scopes on every Web API reply as Slack does.
    scopes: str = MANIFEST_SCOPES
    # channel id -> what conversations.info says of it (default: a public channel the bot
    # is in); a channel id in `hidden` is channel_not_found (private, bot not a member).
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    # Channels whose chat.postMessage is refused with not_in_channel (a bot not invited,
    # without chat:write.public).
    not_in_channel: set[str] = field(default_factory=set)
    _runner: web.AppRunner | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # conversations.info and other reads
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # ---- recording ----------------------------------------------------------------------------

    def posts(self, kind: str | None = None, name: str | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if (kind is None or c.kind == kind) and (name is None or c.name == name)
        ]

    async def wait_for(self, predicate: Callable[[Call], bool], timeout: float = 10.0) -> Call:
        """The first recorded call matching `predicate`, polling up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for call in self.calls:
                if predicate(call):
                    return call
            await asyncio.sleep(0.05)
        raise AssertionError(f"no matching call within {timeout}s; recorded: {self.calls!r}")

    # ---- handlers -------------------------------------------------------------------------------

    @staticmethod
    async def _payload(request: web.Request) -> dict[str, Any]:
        if request.method == "GET":
            return dict(request.query)
        if request.content_type == "application/json":
            data = await request.json()
            return dict(data) if isinstance(data, dict) else {"_": data}
        form = await request.post()
        out: dict[str, Any] = {}
        for key, value in form.items():
            text = str(value)
            # slack_sdk form-encodes some arguments; blocks arrive as a JSON string then.
            if key in ("blocks", "attachments"):
                text_value: Any = json.loads(text)
                out[key] = text_value
            else:
                out[key] = text
        return out

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        payload = await self._payload(request)
        if self.rate_limit.get(method, 0) > 0:
            self.rate_limit[method] -= 1
            self.calls.append(Call("rate_limited", method, payload))
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"}
            )
        if self.server_errors.get(method, 0) > 0:
            self.server_errors[method] -= 1
            self.calls.append(Call("server_error", method, payload))
            return web.json_response({"ok": False, "error": "internal_error"}, status=500)
        self.calls.append(Call("api", method, payload))
        headers = {"X-OAuth-Scopes": self.scopes}
        channel = str(payload.get("channel") or "")
        error = self.errors.get(method)
        if method == "conversations.info" and channel in self.hidden:
            error = "channel_not_found"
        if method == "chat.postMessage" and channel in self.not_in_channel:
            error = "not_in_channel"
        if error is not None:
            return web.json_response({"ok": False, "error": error}, headers=headers)
        body: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            body.update(
                user_id=BOT_USER_ID,
                bot_id=BOT_ID,
                team_id=TEAM_ID,
                user="factdesk",
                team="Newsroom",
                url="https://newsroom.example/",
            )
        elif method in ("chat.postMessage", "chat.postEphemeral"):
            body.update(channel=payload.get("channel"), ts=f"{time.time():.6f}")
        elif method == "apps.connections.open":
            body.update(url=f"ws://127.0.0.1:{self.port}/socket")
        elif method == "conversations.info":
            info = {"id": channel, "is_channel": True, "is_private": False, "is_member": True}
            body.update(channel={**info, **self.channels.get(channel, {})})
        return web.json_response(body, headers=headers)

    async def _response_url(self, request: web.Request) -> web.Response:
        payload = await self._payload(request)
        self.calls.append(Call("response_url", request.match_info["name"], payload))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {}})

        async def push() -> None:
            while True:
                envelope = await self.envelopes.get()
                await ws.send_json(envelope)

        pusher = asyncio.create_task(push())
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    data = json.loads(msg.data)
                    self.calls.append(Call("socket_ack", str(data.get("envelope_id")), data))
        finally:
            pusher.cancel()
        return ws
