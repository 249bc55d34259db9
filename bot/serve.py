"""`factdesk serve`: the chat adapters, the digest scheduler, the feed pollers and the watched
folder, side by side on one event loop over one FactDesk.

Adapters register here by name. Each entry checks its tokens (raising ConfigError, a one-line
message, when one is missing) and returns a coroutine that runs until cancelled. Adapter
modules are imported lazily so that serving Slack never imports discord.py, and vice versa.

Order at start: everything that can be checked without a network (adapter tokens, `[[digests]]`,
`[[feeds]]`, `[watch]`) is checked before anything connects. The adapters then register their
digest posters; once they have, digest channels are checked with the platforms (an unknown
channel stops the bot with a message naming the digest) and the scheduler starts. Feeds and
the watched folder start at once. Each part runs under bot/supervise.py: one that fails (a
platform unreachable, the store down) is logged and started again with backoff while the others
carry on; only a configuration error stops the start. Cancelling (Ctrl-C, SIGTERM) stops all of
it: each part closes what it opened.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import messages
from bot.answering import ProcessAnswering, answering_for
from bot.commands import ChatCommands, Runtime
from bot.config import ConfigError, Settings, address_policy
from bot.core import FactDesk
from bot.digests import (
    SUBSCRIPTION_PREFIX,
    Digest,
    DigestConfigError,
    DigestRunner,
    DigestScheduler,
    all_digests,
)
from bot.feeds import run_feeds, watch_folder
from bot.feeds_config import FeedSettings, load_feeds
from bot.supervise import Backoff, Part, supervise
from store.errors import FactdeskError
from store.fetch import FetchSettings

log = logging.getLogger("factdesk.serve")

AdapterRunner = Callable[..., Coroutine[Any, Any, None]]
# How long digests wait for the adapters to register their posters: they do so before
# connecting, so this only runs out if an adapter is stuck before its first await.
POSTER_WAIT = 30.0


def _slack(
    desk: FactDesk, settings: Settings, runtime: Runtime, **options: Any
) -> Coroutine[Any, Any, None]:
    from bot.slack import run_slack, slack_secrets

    # Read the tokens now, so a missing one fails before any adapter connects.
    secrets = slack_secrets(settings.slack)
    return run_slack(
        desk, settings.slack, answers=settings.answers, secrets=secrets, runtime=runtime, **options
    )


def _discord(
    desk: FactDesk, settings: Settings, runtime: Runtime, **options: Any
) -> Coroutine[Any, Any, None]:
    from bot.discord_bot import discord_token, run_discord

    token = discord_token()  # fails before anything connects, like Slack's tokens
    return run_discord(desk, settings, token=token, runtime=runtime, **options)


ADAPTERS: dict[str, AdapterRunner] = {"slack": _slack, "discord": _discord}


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


@dataclass(frozen=True)
class Plan:
    """What runs next to the adapters, checked before anything connects."""

    digests: list[Digest]
    feeds: list[FeedSettings]
    folder: Path | None
    interval: float


def plan_services(
    desk: FactDesk, settings: Settings, adapters: Sequence[str], config: Path | None
) -> Plan:
    """Digests (config + stored subscriptions), feeds and the watched folder, checked.

    A configured digest posting to a platform that is not served stops the start (it would fail
    at every run); a subscription made on such a platform is only left out, with a warning, so
    one chat user's subscription never stops the bot.
    """
    known = {
        "slack": set(settings.slack.allowed_channels),
        "discord": {str(c) for c in settings.discord.allowed_channels},
    }
    digests: list[Digest] = []
    for digest in all_digests(desk.store, config, known):
        missing = [p for p, _ in digest.channels if p not in adapters]
        if not missing:
            digests.append(digest)
            continue
        text = messages.DIGEST_PLATFORM_NOT_SERVED.format(id=digest.id, platform=missing[0])
        if digest.id.startswith(SUBSCRIPTION_PREFIX):
            log.warning("subscription left out: %s", text)
        else:
            raise DigestConfigError(text)
    watch = settings.watch
    if watch.interval <= 0:
        raise ConfigError(messages.WATCH_BAD_INTERVAL.format(interval=watch.interval))
    folder = Path(watch.folder).expanduser() if watch.folder.strip() else None
    if folder is not None and not folder.is_dir():
        raise ConfigError(messages.WATCH_NOT_A_FOLDER.format(folder=watch.folder))
    return Plan(digests, load_feeds(config), folder, watch.interval)


async def check_channels(digests: Sequence[Digest], runtime: Runtime) -> list[Digest]:
    """Ask each platform about each digest channel once: the digests to schedule.

    An unknown channel in a configured digest stops the start with a message naming the
    digest; a subscription's is left out with a warning (its channel may have been deleted).
    """
    verdicts: dict[tuple[str, str], str | None] = {}
    kept: list[Digest] = []
    for digest in digests:
        problem: str | None = None
        for platform, channel in digest.channels:
            poster = runtime.posters.get(platform)
            if poster is None:
                continue
            if (platform, channel) not in verdicts:
                verdicts[platform, channel] = await poster.check(channel)
            reason = verdicts[platform, channel]
            if reason is not None:
                problem = messages.DIGEST_UNKNOWN_CHANNEL.format(
                    id=digest.id, platform=platform, channel=channel, reason=reason
                )
                break
        if problem is None:
            kept.append(digest)
        elif digest.id.startswith(SUBSCRIPTION_PREFIX):
            log.warning("subscription not scheduled: %s", problem)
        else:
            raise DigestConfigError(problem)
    return kept


async def run_digests(
    desk: FactDesk, runtime: Runtime, digests: Sequence[Digest], adapters: Sequence[str]
) -> None:
    """Check the digests' channels, then run the scheduler until cancelled."""
    try:
        await asyncio.wait_for(runtime.wait_for_posters(adapters), POSTER_WAIT)
    except TimeoutError:
        log.warning("not every adapter registered a digest poster; their digests will fail")
    checked = await check_channels(digests, runtime)
    scheduler = DigestScheduler(checked, DigestRunner(desk.store, runtime.posters))
    scheduler.start()
    runtime.commands.scheduler = scheduler  # chat subscriptions join the running scheduler
    log.info("digest scheduler running with %d digest(s)", len(checked))
    try:
        await asyncio.Event().wait()
    finally:
        runtime.commands.scheduler = None
        scheduler.shutdown()


async def _warm(answering: ProcessAnswering) -> None:
    """Start the answering workers now rather than at the first question. A worker that cannot
    start is not fatal here: questions are then answered in this process (see ProcessAnswering)."""
    try:
        await answering.warm()
    except Exception:
        log.exception("the answering workers did not start; answering in this process")


async def serve(
    desk: FactDesk,
    settings: Settings,
    names: Sequence[str],
    *,
    config: Path | None = None,
    adapter_options: Mapping[str, Mapping[str, Any]] | None = None,
    fetch_settings: FetchSettings | None = None,
    backoff: Backoff | None = None,
) -> None:
    """Run adapters, digests, feeds and the watched folder until cancelled.

    Each part runs under `supervise`: one that fails (Slack unreachable, say) is logged and
    started again with `backoff` while the others carry on; only a configuration error stops
    everything. `config` is the settings file holding `[[digests]]` and `[[feeds]]` (None: the
    same lookup `load_settings` does). `adapter_options` passes keyword arguments to one
    adapter's runner (tests point Slack's Web API client at a fake with it).
    """
    backoff = backoff or Backoff()
    chosen = choose(names, settings)
    plan = await asyncio.to_thread(plan_services, desk, settings, chosen, config)
    max_bytes = int(settings.store.max_article_mb * 1e6)
    fetch = fetch_settings or FetchSettings(max_bytes=max_bytes, policy=address_policy(settings))
    commands = ChatCommands(
        desk,
        {"slack": settings.slack.admins, "discord": settings.discord.admins},
        fetch_settings=fetch,
    )
    runtime = Runtime(commands)
    options = adapter_options or {}
    coros: list[Coroutine[Any, Any, None]] = []
    # Answers are computed in worker processes, so a burst of questions never delays an ack.
    answering = answering_for(desk, settings.answers.workers)
    try:
        # Build every coroutine first: each checks its tokens, so nothing connects half-way.
        for name in chosen:
            extra = {"answering": answering, **options.get(name, {})}
            coros.append(ADAPTERS[name](desk, settings, runtime, **extra))
    except BaseException:
        for coro in coros:
            coro.close()
        answering.close()
        raise

    def adapter(name: str) -> Callable[[], Part]:
        return lambda: ADAPTERS[name](
            desk, settings, runtime, **{"answering": answering, **options.get(name, {})}
        )

    # (what the log calls it, how to start it again, its first run if already built)
    parts: list[tuple[str, Callable[[], Part], Part | None]] = [
        (f"the {name} adapter", adapter(name), coro)
        for name, coro in zip(chosen, coros, strict=True)
    ]
    parts.append(("the digests", lambda: run_digests(desk, runtime, plan.digests, chosen), None))
    if plan.feeds:
        parts.append(
            ("the feed pollers", lambda: run_feeds(desk, plan.feeds, fetch_settings=fetch), None)
        )
    folder = plan.folder
    if folder is not None:
        parts.append(
            ("the watched folder", lambda: watch_folder(desk, folder, plan.interval), None)
        )
        log.info("watching %s every %gs", folder, plan.interval)
    try:
        async with asyncio.TaskGroup() as group:
            for label, start, first in parts:
                group.create_task(supervise(label, start, backoff, first=first), name=label)
            if isinstance(answering, ProcessAnswering):
                group.create_task(_warm(answering), name="answering workers")
    except ExceptionGroup as group_error:
        # One clear message for the CLI instead of an exception group's traceback.
        known = group_error.subgroup(FactdeskError)
        if known is not None:
            raise known.exceptions[0] from None
        raise
    finally:
        # Off the loop: shutting the pool down waits for the workers to exit.
        await asyncio.to_thread(answering.close)


async def serve_until_signalled(
    desk: FactDesk, settings: Settings, names: Sequence[str], *, config: Path | None = None
) -> None:
    """`serve`, stopped cleanly by SIGINT or SIGTERM (a container stop, systemd, Ctrl-C).

    The signal cancels the serve task, so every part unwinds through its `finally`: the HTTP
    listener closes, the gateway disconnects, the scheduler shuts down. Where the loop cannot
    take signal handlers (Windows), Ctrl-C still arrives as KeyboardInterrupt.
    """
    loop = asyncio.get_running_loop()
    main = asyncio.ensure_future(serve(desk, settings, names, config=config))
    signalled: list[int] = []

    def stop(sig: int) -> None:
        log.info("received signal %d: stopping", sig)
        signalled.append(sig)
        main.cancel()

    installed: list[int] = []
    for sig in (int(signal.SIGINT), int(signal.SIGTERM)):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop, sig)
            installed.append(sig)
    try:
        await main
    except asyncio.CancelledError:
        if not signalled:
            raise
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
