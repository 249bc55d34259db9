"""A fake Discord (REST + gateway) on 127.0.0.1 for offline end-to-end tests of the real
discord.py client.

Point discord.py at it with `point_discord_at(port)` (which sets `discord.http.Route.BASE` and
`DiscordWebSocket.DEFAULT_GATEWAY`). The fake answers what login and command sync need, runs
HELLO → IDENTIFY → READY → GUILD_CREATE, acknowledges heartbeats, lets a test push dispatch
events (INTERACTION_CREATE, MESSAGE_CREATE) and records every REST request it receives.

discord.py only parses a body as JSON when Content-Type is exactly `application/json`
(aiohttp's `json_response` adds `; charset=utf-8`), hence `_json` below.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import discord
import yarl
from aiohttp import WSMsgType, web

BOT_ID = 1000
APP_ID = 1001
GUILD_ID = 2000
CHANNEL_ID = 3000
PUBLIC_CHANNEL_ID = 3001
READ_ONLY_CHANNEL_ID = 3002  # everyone may read, nobody may send (a channel overwrite)
DM_CHANNEL_ID = 6000  # the DM channel the bot opens with a user
USER_ID = 4000
OTHER_BOT_ID = 4001
BOT_ROLE_ID = 6000  # the role Discord makes for the bot when it joins (managed, tagged)
TIMESTAMP = "2026-01-01T00:00:00.000000+00:00"


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    response: Any = None  # the JSON the fake answered with (e.g. the created message)


def _json(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        body=json.dumps(data).encode(), status=status, content_type="application/json"
    )


def user(uid: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(uid),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
    }


def member(uid: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "user": user(uid, name, bot=bot),
        "roles": [],
        "joined_at": TIMESTAMP,
        "deaf": False,
        "mute": False,
        "flags": 0,
    }


def text_channel(cid: int, name: str) -> dict[str, Any]:
    return {
        "id": str(cid),
        "type": 0,
        "guild_id": str(GUILD_ID),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def read_only_channel(cid: int, name: str) -> dict[str, Any]:
    """A text channel whose overwrite for @everyone (the guild's id) denies Send Messages."""
    deny = discord.Permissions(send_messages=True).value
    overwrite = {"id": str(GUILD_ID), "type": 0, "allow": "0", "deny": str(deny)}
    return {**text_channel(cid, name), "permission_overwrites": [overwrite]}


# Every permission but Administrator, which would override the channel overwrites.
EVERYONE_PERMISSIONS = (
    discord.Permissions.all().value & ~discord.Permissions(administrator=True).value
)


def guild_payload() -> dict[str, Any]:
    return {
        "id": str(GUILD_ID),
        "name": "Newsroom",
        "icon": None,
        "owner_id": str(USER_ID),
        "roles": [
            {
                "id": str(GUILD_ID),  # @everyone has the guild's id
                "name": "@everyone",
                "permissions": str(EVERYONE_PERMISSIONS),
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            },
            {
                "id": str(BOT_ROLE_ID),
                "name": "factdesk",
                "permissions": "0",
                "position": 1,
                "color": 0,
                "hoist": False,
                "managed": True,
                "mentionable": True,
                "flags": 0,
                "tags": {"bot_id": str(BOT_ID)},
            },
        ],
        "channels": [
            text_channel(CHANNEL_ID, "desk"),
            text_channel(PUBLIC_CHANNEL_ID, "public-desk"),
            read_only_channel(READ_ONLY_CHANNEL_ID, "announcements"),
        ],
        "members": [
            {**member(BOT_ID, "factdesk", bot=True), "roles": [str(BOT_ROLE_ID)]},
            member(USER_ID, "reporter"),
        ],
        "member_count": 2,
        "features": [],
        "emojis": [],
        "stickers": [],
        "threads": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "large": False,
        "unavailable": False,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "premium_tier": 0,
        "nsfw_level": 0,
        "preferred_locale": "en-US",
        "system_channel_id": None,
        "joined_at": TIMESTAMP,
    }


@dataclass
class FakeDiscord:
    """The fake server; `await start()`, push events with `dispatch`, read `requests`."""

    host: str = "127.0.0.1"
    port: int = 0
    requests: list[Recorded] = field(default_factory=list)
    identified: asyncio.Event = field(default_factory=asyncio.Event)
    _ws: web.WebSocketResponse | None = None
    _seq: int = 0
    _runner: web.AppRunner | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(900_000))

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def point_discord_at(self) -> None:
        """Send the real discord.py here (REST base and gateway URL)."""
        discord.http.Route.BASE = f"http://{self.host}:{self.port}/api/v10"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(
            f"ws://{self.host}:{self.port}/"
        )

    def next_id(self) -> str:
        return str(next(self._ids))

    # -- REST -----------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        response = await self._answer(request)
        if isinstance(response, web.Response) and response.content_type == "application/json":
            assert isinstance(response.body, bytes)
            self.requests[-1].response = json.loads(response.body)
        return response

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        raw = await request.read()
        body: Any = None
        if raw:
            if request.content_type == "application/json":
                body = json.loads(raw)
            else:  # multipart (files): keep the JSON part only
                body = raw.decode(errors="replace")
        self.requests.append(Recorded(request.method, path, dict(request.query), body))
        parts = path.strip("/").split("/")
        method = request.method
        if method == "GET" and path == "/users/@me":
            return _json(user(BOT_ID, "factdesk", bot=True))
        if method == "GET" and path == "/oauth2/applications/@me":
            return _json(
                {
                    "id": str(APP_ID),
                    "name": "factdesk",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": user(USER_ID, "reporter"),
                    "verify_key": "00",
                    "flags": 0,
                    "summary": "",
                }
            )
        if method == "GET" and parts[0] == "users" and parts[1].isdigit():
            return _json(user(int(parts[1]), "reporter"))
        if method == "POST" and path == "/users/@me/channels":  # open a DM
            recipient = int((body or {}).get("recipient_id", USER_ID))
            return _json(
                {
                    "id": str(DM_CHANNEL_ID),
                    "type": 1,
                    "recipients": [user(recipient, "reporter")],
                    "last_message_id": None,
                }
            )
        if method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            return _json(
                [
                    {
                        "description": "",  # context menu commands have none
                        **cmd,
                        "id": self.next_id(),
                        "application_id": str(APP_ID),
                        "version": "1",
                    }
                    for cmd in body or []
                ]
            )
        if method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            data = {
                "interaction": {
                    "id": parts[1],
                    "type": 2,
                    "response_message_loading": body.get("type") == 5,
                    "response_message_ephemeral": bool(
                        (body.get("data") or {}).get("flags", 0) & 64
                    ),
                },
                "resource": {"type": body.get("type", 4)},
            }
            return _json(data)
        if method == "POST" and parts[0] == "webhooks":
            return _json(self.message(body, CHANNEL_ID, author=user(BOT_ID, "factdesk", bot=True)))
        if method == "POST" and parts[0] == "channels" and parts[-1] == "typing":
            return web.Response(status=204)
        if method == "POST" and path == f"/channels/{READ_ONLY_CHANNEL_ID}/messages":
            return _json({"message": "Missing Permissions", "code": 50013}, status=403)
        if method == "POST" and parts[0] == "channels" and parts[-1] == "messages":
            return _json(
                self.message(body, int(parts[1]), author=user(BOT_ID, "factdesk", bot=True))
            )
        if method in ("PATCH", "DELETE") and parts[0] == "webhooks":
            return _json(
                self.message(body or {}, CHANNEL_ID, author=user(BOT_ID, "factdesk", bot=True))
            )
        return _json({"message": f"fake: no route {method} {path}", "code": 0}, status=404)

    def message(self, body: Any, channel_id: int, *, author: dict[str, Any]) -> dict[str, Any]:
        body = body if isinstance(body, dict) else {}
        return {
            "id": self.next_id(),
            "channel_id": str(channel_id),
            "author": author,
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "type": 0,
            "flags": body.get("flags", 0),
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "components": body.get("components") or [],
        }

    def posts(self, prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST" and r.path.startswith(prefix)]

    async def wait_for(self, prefix: str, count: int = 1, timeout: float = 10.0) -> list[Recorded]:
        """Poll (bounded) until `count` POSTs under `prefix` were recorded."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            found = self.posts(prefix)
            if len(found) >= count:
                return found
            await asyncio.sleep(0.02)
        raise AssertionError(f"no {count} POST(s) to {prefix} within {timeout}s: {self.requests!r}")

    # -- gateway --------------------------------------------------------------------------

    async def _send(self, op: int, data: Any, event: str | None = None) -> None:
        assert self._ws is not None, "no gateway connection"
        payload: dict[str, Any] = {"op": op, "d": data, "s": None, "t": event}
        if op == 0:
            self._seq += 1
            payload["s"] = self._seq
        await self._ws.send_str(json.dumps(payload))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        await self._send(0, data, event)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await self._send(10, {"heartbeat_interval": 41_250})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                break
            frame = json.loads(msg.data)
            op = frame.get("op")
            if op == 1:  # heartbeat
                await self._send(11, None)
            elif op == 2:  # identify
                await self.dispatch(
                    "READY",
                    {
                        "v": 10,
                        "user": user(BOT_ID, "factdesk", bot=True),
                        "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
                        "session_id": "fake-session",
                        "resume_gateway_url": f"ws://{self.host}:{self.port}/",
                        "application": {"id": str(APP_ID), "flags": 0},
                        "private_channels": [],
                        "relationships": [],
                    },
                )
                await self.dispatch("GUILD_CREATE", guild_payload())
                self.identified.set()
        return ws

    # -- events a test sends --------------------------------------------------------------

    def slash_command(
        self, name: str, options: list[dict[str, Any]], *, channel_id: int = CHANNEL_ID
    ) -> dict[str, Any]:
        iid = self.next_id()
        return {
            "id": iid,
            "application_id": str(APP_ID),
            "type": 2,
            "token": f"token-{iid}",
            "version": 1,
            "guild_id": str(GUILD_ID),
            "channel_id": str(channel_id),
            "channel": text_channel(channel_id, "desk"),
            "member": {**member(USER_ID, "reporter"), "permissions": "8"},
            "app_permissions": str(discord.Permissions.all().value),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "context": 0,
            "attachment_size_limit": 8 * 1024 * 1024,
            "data": {"id": self.next_id(), "name": name, "type": 1, "options": options},
        }

    def button_click(self, message: dict[str, Any], custom_id: str) -> dict[str, Any]:
        """A MESSAGE_COMPONENT interaction: someone pressed `custom_id` on `message`."""
        event = self.slash_command("unused", [])
        event["type"] = 3
        event["message"] = message
        event["data"] = {"custom_id": custom_id, "component_type": 2}
        return event

    def message_command(self, name: str, target: dict[str, Any]) -> dict[str, Any]:
        """A message context-menu command (`name`) used on the message `target`."""
        event = self.slash_command(name, [])
        event["data"] = {
            "id": self.next_id(),
            "name": name,
            "type": 3,
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
        }
        return event

    def dm_message(self, content: str, *, channel_id: int = 5000) -> dict[str, Any]:
        msg = self.guild_message(content, mention_bot=False)
        del msg["guild_id"], msg["member"]
        msg["channel_id"] = str(channel_id)
        return msg

    def guild_message(
        self, content: str, *, author_id: int = USER_ID, bot: bool = False, mention_bot: bool = True
    ) -> dict[str, Any]:
        return {
            "id": self.next_id(),
            "channel_id": str(CHANNEL_ID),
            "guild_id": str(GUILD_ID),
            "author": user(author_id, "someone", bot=bot),
            "member": {k: v for k, v in member(author_id, "someone").items() if k != "user"},
            "content": content,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [user(BOT_ID, "factdesk", bot=True)] if mention_bot else [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
