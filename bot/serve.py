"""`factdesk serve`: run the chat adapters side by side on one event loop, over one FactDesk.

Adapters register here by name. Each entry returns a coroutine that runs until cancelled and
raises ConfigError (a one-line message) when its tokens are missing. Adapter modules are
imported lazily so that serving Slack never imports discord.py, and vice versa.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from bot import messages
from bot.config import ConfigError, Settings
from bot.core import FactDesk
from store.errors import FactdeskError

AdapterRunner = Callable[[FactDesk, Settings], Coroutine[Any, Any, None]]


def _slack(desk: FactDesk, settings: Settings) -> Coroutine[Any, Any, None]:
    from bot.slack import run_slack, slack_secrets

    # Read the tokens now, so a missing one fails before any adapter connects.
    secrets = slack_secrets(settings.slack)
    return run_slack(desk, settings.slack, answers=settings.answers, secrets=secrets)


# The hook for more adapters: add e.g. "discord": _discord (a function importing
# bot.discord_bot lazily) and an `enabled` flag read in `enabled_adapters`.
ADAPTERS: dict[str, AdapterRunner] = {"slack": _slack}


def enabled_adapters(settings: Settings) -> list[str]:
    enabled = {"slack": settings.slack.enabled, "discord": settings.discord.enabled}
    return [name for name in ADAPTERS if enabled.get(name, False)]


def choose(names: Sequence[str], settings: Settings) -> list[str]:
    """The adapters to run: those named, else every enabled one."""
    for name in names:
        if name not in ADAPTERS:
            raise ConfigError(
                messages.SERVE_UNKNOWN_ADAPTER.format(name=name, known=", ".join(ADAPTERS))
            )
    chosen = list(dict.fromkeys(names)) or enabled_adapters(settings)
    if not chosen:
        raise ConfigError(messages.SERVE_NOTHING_ENABLED)
    return chosen


async def serve(desk: FactDesk, settings: Settings, names: Sequence[str]) -> None:
    """Run the adapters until one fails or the process is interrupted; stop the others then."""
    coros: list[Coroutine[Any, Any, None]] = []
    try:
        # Build every coroutine first: each checks its tokens, so nothing connects half-way.
        for name in choose(names, settings):
            coros.append(ADAPTERS[name](desk, settings))
    except BaseException:
        for coro in coros:
            coro.close()
        raise
    try:
        async with asyncio.TaskGroup() as group:
            for coro in coros:
                group.create_task(coro)
    except ExceptionGroup as group_error:
        # One clear message for the CLI instead of an exception group's traceback.
        known = group_error.subgroup(FactdeskError)
        if known is not None:
            raise known.exceptions[0] from None
        raise
