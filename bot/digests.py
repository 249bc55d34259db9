"""Scheduled digests, bot side: settings from `[[digests]]`, one APScheduler job per digest,
and a run that claims its fire time in the store before posting anything.

Exactly once: every replica schedules every digest (APScheduler's job store stays in memory,
never shared), and each run first claims `(digest id, fire time)` in the store; the replica
that loses the claim posts nothing. Fire times are the *scheduled* times, never "now", so two
replicas firing a few milliseconds apart compete for the same key.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot import messages
from bot.config import (
    ConfigError,
    _setting,
    checked_value,
    config_path,
    read_toml,
    reject_unknown_keys,
)
from store.digests import STALE_CLAIM, DigestContent, SubscriptionInfo, utc
from store.factstore import FactStore

log = logging.getLogger("factdesk.digests")

PLATFORMS = ("slack", "discord")
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DigestConfigError(ConfigError):
    """A `[[digests]]` table (or a subscription) is unusable; the message names the digest."""


class DigestPoster(Protocol):
    """What a chat adapter implements to receive digests (one per platform: "slack", "discord").

    `digest.empty` means "nothing new" and is only posted for digests with `quiet = "post"`;
    the poster renders it (bot.render.digest_text for the fallback text).
    """

    async def post(self, channel: str, digest: DigestContent) -> None: ...


@runtime_checkable
class SubscriberNotifier(Protocol):
    """A poster that can also tell a user privately (a DM) that their digest failed."""

    async def notify(self, user: str, text: str) -> None: ...


class DigestPostError(Exception):
    """A post a platform refused, with a reason a user can act on (the message)."""


@dataclass
class DigestSettings:
    """One `[[digests]]` table, declared once with defaults and help (docs/digests.md)."""

    id: str = _setting("", "name of the digest, unique; shown in the posts and in `digest run ID`")
    schedule: str = _setting(
        "", "when: a 5-field cron string, day names allowed ('0 7 * * mon-fri')"
    )
    timezone: str = _setting("UTC", "IANA timezone the schedule is read in ('Europe/London')")
    question: str = _setting(
        "", "the question whose figures the digest reports ('death toll Qaryatayn')"
    )
    window: str = _setting(
        "24h",
        "how far back a digest looks at most ('90m', '24h', '7d'); after a post it looks back only to that post",
    )
    max_items: int = _setting(10, "figures shown before '…and N more'")
    quiet: str = _setting(
        "post", "when nothing is new: 'post' a 'no new figures' line, or 'skip' posting"
    )
    grace: str = _setting(
        "15m", "a run missed by at most this much (restart, pause) still runs once at start"
    )
    slack_channels: list[str] = field(
        default_factory=list, metadata={"help": "Slack channel ids to post to"}
    )
    discord_channels: list[str] = field(
        default_factory=list, metadata={"help": "Discord channel ids to post to"}
    )


@dataclass(frozen=True)
class Digest:
    """A validated digest: its settings, parsed."""

    id: str
    question: str
    schedule: str
    timezone: ZoneInfo
    trigger: CronTrigger
    window: dt.timedelta
    max_items: int
    quiet: str
    grace: dt.timedelta
    channels: tuple[tuple[str, str], ...]  # (platform, channel id)
    subscriber: str | None = None  # who subscribed from chat: told when posting fails

    def next_fire_time(self, after: dt.datetime) -> dt.datetime | None:
        """The first scheduled time at or after `after`, in the digest's timezone."""
        fire: dt.datetime | None = self.trigger.get_next_fire_time(None, after)
        return fire

    def previous_fire_time(self, now: dt.datetime) -> dt.datetime | None:
        return previous_fire_time(self.trigger, now)


_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> dt.timedelta:
    """'90m', '24h', '7d', '2w' as a timedelta (ValueError otherwise)."""
    match = _DURATION.match(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError("expected a positive number and a unit m/h/d/w, like '24h' or '7d'")
    return dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def previous_fire_time(trigger: CronTrigger, now: dt.datetime) -> dt.datetime | None:
    """The latest scheduled time at or before `now` (None if none within a year).

    APScheduler only computes forward, so walk forward from ever longer look-backs; the first
    window holding a fire time ends the search, which keeps a minutely cron at most 60 steps.
    """
    for lookback in (
        dt.timedelta(hours=1),
        dt.timedelta(days=1),
        dt.timedelta(days=8),
        dt.timedelta(days=32),
        dt.timedelta(days=367),
    ):
        fire: dt.datetime | None = trigger.get_next_fire_time(None, now - lookback)
        last = None
        while fire is not None and fire <= now:
            last = fire
            fire = trigger.get_next_fire_time(fire, fire)
        if last is not None:
            return last
    return None


def _checked(raw: Mapping[str, Any], where: str) -> DigestSettings:
    settings = DigestSettings()
    known = sorted(f.name for f in fields(settings))
    reject_unknown_keys(raw, known, where, DigestConfigError)
    for key, value in raw.items():
        default = getattr(settings, key)
        if isinstance(default, list):
            # Discord ids are numbers; written bare in TOML they arrive as ints.
            if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
                raise DigestConfigError(
                    f"{where}: {key} must be a list of channel ids, not {value!r}"
                )
            value = [str(v) for v in value]
        else:
            value = checked_value(value, default, f"{where}: {key}", DigestConfigError)
        setattr(settings, key, value)
    return settings


def build_digest(
    raw: Mapping[str, Any],
    known_channels: Mapping[str, Collection[str]] | None = None,
    position: int = 0,
) -> Digest:
    """Validate one `[[digests]]` table; every error names the digest (or its position)."""
    name = raw.get("id")
    where = f"digest {name!r}" if isinstance(name, str) and name else f"digests[{position}]"
    s = _checked(raw, where)
    if not s.id.strip():
        raise DigestConfigError(f"{where}: needs an id")
    if not s.question.strip():
        raise DigestConfigError(f"{where}: needs a question")
    try:
        tz = ZoneInfo(s.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DigestConfigError(f"{where}: unknown timezone {s.timezone!r}") from exc
    try:
        trigger = CronTrigger.from_crontab(s.schedule, timezone=tz)
    except ValueError as exc:
        raise DigestConfigError(f"{where}: bad schedule {s.schedule!r}: {exc}") from exc
    durations: dict[str, dt.timedelta] = {}
    for key in ("window", "grace"):
        try:
            durations[key] = parse_duration(getattr(s, key))
        except ValueError as exc:
            raise DigestConfigError(f"{where}: bad {key} {getattr(s, key)!r}: {exc}") from exc
    if s.quiet not in ("post", "skip"):
        raise DigestConfigError(f"{where}: quiet must be 'post' or 'skip', not {s.quiet!r}")
    if s.max_items < 1:
        raise DigestConfigError(f"{where}: max_items must be at least 1, not {s.max_items}")
    channels = [("slack", c) for c in s.slack_channels] + [
        ("discord", c) for c in s.discord_channels
    ]
    if not channels:
        raise DigestConfigError(
            f"{where}: no channels (set slack_channels and/or discord_channels)"
        )
    for platform, channel in channels:
        allowed = (known_channels or {}).get(platform)
        if allowed and channel not in allowed:
            raise DigestConfigError(
                f"{where}: unknown {platform} channel {channel!r} (known: {', '.join(sorted(allowed))})"
            )
    return Digest(
        id=s.id,
        question=s.question,
        schedule=s.schedule,
        timezone=tz,
        trigger=trigger,
        window=durations["window"],
        max_items=s.max_items,
        quiet=s.quiet,
        grace=durations["grace"],
        channels=tuple(channels),
    )


def parse_digests(
    raw: object, known_channels: Mapping[str, Collection[str]] | None = None
) -> list[Digest]:
    """Every `[[digests]]` table, validated at start: a bad one stops the bot with its name."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise DigestConfigError("digests must be an array of tables: [[digests]]")
    digests = [build_digest(table, known_channels, i) for i, table in enumerate(raw)]
    seen: set[str] = set()
    for d in digests:
        if d.id in seen:
            raise DigestConfigError(f"digest {d.id!r}: defined twice")
        seen.add(d.id)
    return digests


def load_digests(
    path: Path | None = None, known_channels: Mapping[str, Collection[str]] | None = None
) -> list[Digest]:
    """The digests of the config file (none without one)."""
    candidate = config_path(path)
    if candidate is None:
        return []
    return parse_digests(read_toml(candidate).get("digests"), known_channels)


SUBSCRIPTION_PREFIX = "sub:"
POST_RETRY_DELAYS = (5.0, 20.0)
STALE_MARGIN = 5.0  # seconds past a claim's staleness before looking again (clock skew)


def digests_from_subscriptions(subscriptions: Iterable[SubscriptionInfo]) -> list[Digest]:
    """Chat subscriptions as digests. A bad stored row is logged and left out: one user's
    typo must not stop the bot (the subscribe command validates before storing)."""
    out: list[Digest] = []
    for sub in subscriptions:
        try:
            out.append(subscription_digest(sub))
        except DigestConfigError as exc:
            log.warning("subscription left out: %s", exc)
    return out


def subscription_digest(sub: SubscriptionInfo) -> Digest:
    """One chat subscription as a digest (id `sub:<id>`); DigestConfigError when unusable.

    The subscribe command calls this before storing, so the check at subscribe time and the
    one at every start are the same check."""
    table: dict[str, Any] = {
        "id": SUBSCRIPTION_PREFIX + sub.id,
        "schedule": sub.schedule,
        "timezone": sub.timezone,
        "question": sub.question,
        f"{sub.platform}_channels": [sub.channel],
    }
    return replace(build_digest(table), subscriber=sub.created_by)


def all_digests(
    store: FactStore,
    path: Path | None = None,
    known_channels: Mapping[str, Collection[str]] | None = None,
) -> list[Digest]:
    """What a bot schedules at start: the config file's digests, then chat subscriptions
    (config errors stop the start; a subscription clashing with a config id is left out)."""
    digests = load_digests(path, known_channels)
    taken = {d.id for d in digests}
    subscribed = digests_from_subscriptions(store.subscriptions())
    for digest in subscribed:
        if digest.id in taken:
            log.warning("subscription %s left out: a configured digest has its id", digest.id)
            continue
        digests.append(digest)
    return digests


@dataclass
class DigestRunner:
    """Runs one digest for one fire time: claim, build, post to every channel, record."""

    store: FactStore
    posters: Mapping[str, DigestPoster] = field(default_factory=dict)
    stale_after: dt.timedelta = STALE_CLAIM  # a claim this old is taken over, once
    # Seconds to wait before each retry of a failed post: bounded, and the whole run stays
    # far inside STALE_CLAIM so a slow run is never mistaken for a stopped one.
    retry_delays: tuple[float, ...] = POST_RETRY_DELAYS

    def content(self, digest: Digest, fire_time: dt.datetime) -> DigestContent:
        """What `digest` says at `fire_time`: since the previous post (at most `window` back)."""
        fire = utc(fire_time)
        last = self.store.last_posted_fire_time(digest.id, before=fire)
        since = fire - digest.window
        if last is not None and last > since:
            since = last
        found = self.store.digest_content(digest.question, since, fire, digest.max_items)
        return replace(found, title=digest.id)

    def _claim(self, digest_id: str, fire: dt.datetime) -> bool:
        return self.store.claim_digest_run(digest_id, fire, stale_after=self.stale_after)

    def _mark(self, digest_id: str, fire: dt.datetime, status: str, detail: str | None) -> None:
        self.store.mark_digest_run(digest_id, fire, status, detail)

    async def run(self, digest: Digest, fire_time: dt.datetime) -> str:
        """ "posted", "skipped" (nothing new, quiet = skip), "failed", or "taken" (another
        process, or an earlier run, claimed this fire time: nothing is posted)."""
        fire = utc(fire_time)
        if not await asyncio.to_thread(self._claim, digest.id, fire):
            log.debug("digest %s at %s: claimed elsewhere", digest.id, fire)
            return "taken"
        try:
            content = await asyncio.to_thread(self.content, digest, fire)
        except Exception as exc:  # a claimed run must end recorded, whatever went wrong
            log.exception("digest %s at %s: building failed", digest.id, fire)
            await asyncio.to_thread(self._mark, digest.id, fire, "failed", repr(exc)[:2000])
            return "failed"
        if content.empty and digest.quiet == "skip":
            await asyncio.to_thread(self._mark, digest.id, fire, "skipped", "nothing new")
            return "skipped"
        errors: list[str] = []
        for platform, channel in digest.channels:
            failure = await self._post(digest, platform, channel, content)
            if failure is not None:  # one channel failing must not starve the others
                errors.append(f"{platform}:{channel}: {failure!r}")
                await self._tell_subscriber(digest, platform, channel, fire, failure)
        status = "failed" if errors else "posted"
        await asyncio.to_thread(
            self._mark, digest.id, fire, status, "; ".join(errors)[:2000] or None
        )
        return status

    async def _post(
        self, digest: Digest, platform: str, channel: str, content: DigestContent
    ) -> Exception | None:
        """Post to one channel, retrying after each of `retry_delays`; the last error, if any.
        A refusal no retry can change (DigestPostError: the bot is not in the channel) ends
        the attempts at once."""
        poster = self.posters.get(platform)
        if poster is None:
            return RuntimeError(f"no {platform} adapter is running")
        error: Exception | None = None
        for attempt, delay in enumerate((0.0, *self.retry_delays), start=1):
            if delay:
                await asyncio.sleep(delay)
            try:
                await poster.post(channel, content)
                return None
            except DigestPostError as exc:
                error = exc
                break
            except Exception as exc:
                error = exc
                log.warning(
                    "digest %s: posting to %s %s failed (attempt %d): %r",
                    digest.id,
                    platform,
                    channel,
                    attempt,
                    exc,
                )
        log.error("digest %s: could not post to %s %s: %s", digest.id, platform, channel, error)
        return error

    async def _tell_subscriber(
        self, digest: Digest, platform: str, channel: str, fire: dt.datetime, error: Exception
    ) -> None:
        """A DM to whoever subscribed from chat: the digest they asked for did not arrive."""
        poster = self.posters.get(platform)
        if digest.subscriber is None or not isinstance(poster, SubscriberNotifier):
            return
        reason = str(error) if isinstance(error, DigestPostError) else repr(error)[:300]
        text = messages.DIGEST_UNDELIVERED.format(
            id=digest.id.removeprefix(SUBSCRIPTION_PREFIX),
            question=digest.question,
            where=channel,
            fire=fire.strftime("%Y-%m-%d %H:%M UTC"),
            attempts=1 if isinstance(error, DigestPostError) else 1 + len(self.retry_delays),
            reason=reason,
        )
        try:
            await poster.notify(digest.subscriber, text)
        except Exception:  # telling them failed too: the run's detail still records it
            log.exception("digest %s: could not tell subscriber %s", digest.id, digest.subscriber)


class DigestScheduler:
    """One APScheduler job per digest, with an in-memory job store; catch-up at start."""

    def __init__(
        self, digests: Iterable[Digest], runner: DigestRunner, clock: Clock = utc_now
    ) -> None:
        self.digests = {d.id: d for d in digests}
        self.runner = runner
        self.clock = clock
        # The default MemoryJobStore: sharing a job store between replicas would make
        # APScheduler itself decide who runs; the store's claim already does, exactly once.
        self.scheduler = AsyncIOScheduler(timezone=dt.UTC)
        self.catch_up_tasks: list[asyncio.Task[str | None]] = []
        self.follow_ups: set[asyncio.Task[str | None]] = set()
        self.stale_margin = STALE_MARGIN

    async def _run(self, digest: Digest, fire: dt.datetime) -> str:
        """Run once; when another run holds the claim, look again once it would be stale."""
        status = await self.runner.run(digest, fire)
        if status == "taken" and await asyncio.to_thread(self._status, digest.id, fire) == (
            "claimed"
        ):
            task = asyncio.create_task(self._follow_up(digest, fire))
            self.follow_ups.add(task)
            task.add_done_callback(self.follow_ups.discard)
        return status

    async def _follow_up(self, digest: Digest, fire: dt.datetime) -> str | None:
        """The holder of a claim may have stopped mid-run: once its claim is stale, claim
        again (the store lets one process take a stale claim over, once). A holder that
        finished meanwhile leaves nothing to do: the run is "taken"."""
        await asyncio.sleep(self.runner.stale_after.total_seconds() + self.stale_margin)
        if digest.id not in self.digests:  # unsubscribed meanwhile
            return None
        return await self.runner.run(digest, fire)

    async def fire(self, digest_id: str) -> str | None:
        """The job: run the digest for the scheduled time just passed (not for "now")."""
        digest = self.digests[digest_id]
        fire = digest.previous_fire_time(self.clock())
        if fire is None:
            return None
        return await self._run(digest, fire)

    async def catch_up(self, digest: Digest) -> str | None:
        """At start: run the most recent missed fire time once if within the grace period."""
        now = self.clock()
        fire = digest.previous_fire_time(now)
        if fire is None:
            return None
        if now - fire <= digest.grace:
            return await self._run(digest, fire)
        status = await asyncio.to_thread(self._status, digest.id, fire)
        if status is None:
            log.warning(
                "digest %s: skipped missed run of %s (%s late, grace %s)",
                digest.id,
                fire.isoformat(),
                now - fire,
                digest.grace,
            )
        return None

    def _status(self, digest_id: str, fire: dt.datetime) -> str | None:
        return self.runner.store.digest_run_status(digest_id, fire)

    def _schedule(self, digest: Digest) -> None:
        self.scheduler.add_job(
            self.fire,
            trigger=digest.trigger,
            args=[digest.id],
            id=digest.id,
            name=f"digest {digest.id}",
            misfire_grace_time=max(1, int(digest.grace.total_seconds())),
            coalesce=True,  # a burst of missed runs posts once, not once per miss
            max_instances=1,
            replace_existing=True,
        )

    def start(self) -> None:
        """Schedule every digest and start catching up (needs a running event loop)."""
        for digest in self.digests.values():
            self._schedule(digest)
        self.scheduler.start()
        self.catch_up_tasks = [asyncio.create_task(self.catch_up(d)) for d in self.digests.values()]

    def add(self, digest: Digest) -> None:
        """Schedule a digest created while running (a chat subscription); no catch-up."""
        self.digests[digest.id] = digest
        self._schedule(digest)

    def remove(self, digest_id: str) -> bool:
        """Unschedule a digest; False when there was none."""
        if self.digests.pop(digest_id, None) is None:
            return False
        if self.scheduler.get_job(digest_id) is not None:
            self.scheduler.remove_job(digest_id)
        return True

    def shutdown(self) -> None:
        self.scheduler.shutdown(wait=False)
        for task in [*self.catch_up_tasks, *self.follow_ups]:
            task.cancel()
