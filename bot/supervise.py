"""Keeping each part of `factdesk serve` running on its own: when one stops with an error, it
is logged with the reason and started again after a pause that doubles up to a ceiling.

Slack being unreachable must not take Discord, the digests or the feed pollers down with it,
so each part runs under `supervise` rather than bare in one task group (where the first
failure cancels every sibling). Configuration errors are the exception: retrying cannot fix
a typo, so they still stop the start with their one-line message.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from bot.config import ConfigError

log = logging.getLogger("factdesk.serve")

Part = Coroutine[Any, Any, None]


@dataclass(frozen=True, slots=True)
class Backoff:
    """Pauses between restarts: `first`, doubled after each failure up to `most`; back to
    `first` once a run lasted `healthy_after` seconds (the part was up; this is a new outage)."""

    first: float = 1.0
    most: float = 300.0
    healthy_after: float = 60.0
    # ±20 % so replicas that lost Slack at the same moment do not all retry in step.
    jitter: float = 0.2

    def pause(self, delay: float) -> float:
        return delay * random.uniform(1 - self.jitter, 1 + self.jitter)


def _why(exc: BaseException) -> str:
    """The failure on one short line, for the log."""
    text = " ".join(str(exc).split())
    return f"{exc.__class__.__name__}: {text[:300]}" if text else exc.__class__.__name__


async def supervise(
    name: str,
    start: Callable[[], Part],
    backoff: Backoff,
    *,
    first: Part | None = None,
) -> None:
    """Run `start()` until it returns or is cancelled, starting it again after each failure.

    `first` is an already-built first run (an adapter's, built early so its tokens are checked
    before anything connects); later runs come from `start`.
    """
    loop = asyncio.get_running_loop()
    delay = backoff.first
    run = first
    while True:
        began = loop.time()
        try:
            await (run if run is not None else start())
            return
        except ConfigError:
            raise
        except Exception as exc:  # network, platform or store trouble: try again later
            if loop.time() - began >= backoff.healthy_after:
                delay = backoff.first
            pause = backoff.pause(delay)
            log.warning("%s stopped (%s); starting it again in %.1f s", name, _why(exc), pause)
            await asyncio.sleep(pause)
            delay = min(delay * 2, backoff.most)
        finally:
            run = None
