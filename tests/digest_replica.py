"""One bot replica for the exactly-once test: runs two digests over N scheduled fire times
against a shared store, posting into a shared file. Run as a script by tests/test_digests.py.

Fire times are driven directly (no waiting on cron); both replicas walk the same fire times
from the same start instant, so every claim is a race.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import time

from bot.digests import Digest, DigestPoster, DigestRunner, build_digest
from store.digests import DigestContent
from store.factstore import FactStore


class FilePoster:
    """Appends one line per post; O_APPEND keeps lines from two processes whole."""

    def __init__(self, path: str, replica: str, platform: str) -> None:
        self.path, self.replica, self.platform = path, replica, platform

    async def post(self, channel: str, digest: DigestContent) -> None:
        line = f"{self.replica}\t{digest.title}\t{self.platform}:{channel}\t{digest.until.isoformat()}\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)


def digests() -> list[Digest]:
    common = {"question": "death toll Qaryatayn?", "quiet": "post", "timezone": "Europe/London"}
    return [
        build_digest(
            {
                "id": "every-minute",
                "schedule": "* * * * *",
                "slack_channels": ["C1"],
                "discord_channels": ["D1"],
                **common,
            }
        ),
        build_digest(
            {
                "id": "weekday-mornings",
                "schedule": "0 7 * * mon-fri",
                "slack_channels": ["C2"],
                **common,
            }
        ),
    ]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("posts")
    parser.add_argument("replica")
    parser.add_argument("--fires", type=int, default=30)
    parser.add_argument("--start-at", type=float, required=True, help="time.time() to start at")
    parser.add_argument("--slack-api", help="post Slack digests to this (fake) Web API instead")
    args = parser.parse_args()
    store = FactStore(args.db)
    posters: dict[str, DigestPoster] = {
        p: FilePoster(args.posts, args.replica, p) for p in ("slack", "discord")
    }
    if args.slack_api:
        from slack_sdk.web.async_client import AsyncWebClient

        from bot.slack import SlackDigestPoster

        client = AsyncWebClient(token="xoxb-replica", base_url=args.slack_api)
        posters["slack"] = SlackDigestPoster(client)
    runner = DigestRunner(store, posters)
    origin = dt.datetime(2026, 10, 22, 12, 0, tzinfo=dt.UTC)  # spans the London DST change
    plans: list[tuple[Digest, dt.datetime]] = []
    for digest in digests():
        fire = digest.next_fire_time(origin)
        for _ in range(args.fires):
            assert fire is not None
            plans.append((digest, fire))
            fire = digest.next_fire_time(fire + dt.timedelta(seconds=1))
    plans.sort(key=lambda plan: (plan[1], plan[0].id))
    time.sleep(max(0.0, args.start_at - time.time()))  # both replicas start together
    for digest, fire in plans:
        await runner.run(digest, fire)
    store.close()


if __name__ == "__main__":
    asyncio.run(main())
