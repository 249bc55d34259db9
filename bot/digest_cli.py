"""`factdesk digest list` and `factdesk digest run ID [--dry-run]`.

Kept out of bot/cli.py (which wires it in with one call) so the digest commands and the
`serve` command can grow side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import messages
from bot.config import load_settings
from store.errors import FactdeskError
from store.factstore import open_store

if TYPE_CHECKING:
    from bot.digests import Digest

# bot.digests (and APScheduler) are imported inside the commands: every other `factdesk`
# command starts without paying for them.


def _digests(args: argparse.Namespace) -> list[Digest]:
    """The config file's digests and the store's subscriptions, as `serve` schedules them."""
    from bot.digests import all_digests

    settings = load_settings(args.config)
    # Only channels listed as allowed are "known"; an empty list allows every channel.
    known = {
        "slack": set(settings.slack.allowed_channels),
        "discord": {str(c) for c in settings.discord.allowed_channels},
    }
    return all_digests(open_store(args.db), args.config, known)


def cmd_digest_list(args: argparse.Namespace) -> int:
    from bot.digests import utc_now

    digests = _digests(args)
    if not digests:
        print(messages.DIGEST_LIST_EMPTY)
        return 0
    now = utc_now()
    for d in digests:
        nxt = d.next_fire_time(now)
        channels = ", ".join(f"{p}:{c}" for p, c in d.channels)
        print(f"{d.id}: “{d.question}”")
        print(f"   {d.schedule} ({d.timezone.key}); next {nxt.isoformat() if nxt else 'never'}")
        print(f"   window {d.window}, at most {d.max_items} items, quiet={d.quiet} → {channels}")
    return 0


def cmd_digest_run(args: argparse.Namespace) -> int:
    from bot.digests import DigestRunner, utc_now
    from bot.render.digest_text import format_moment, render_digest, render_nothing_new

    digests = {d.id: d for d in _digests(args)}
    digest = digests.get(args.id)
    if digest is None:
        raise FactdeskError(
            messages.DIGEST_UNKNOWN.format(id=args.id, known=", ".join(digests) or "none")
        )
    if not args.dry_run:
        # Posting needs the platform posters, which live in the running adapters.
        raise FactdeskError(messages.DIGEST_NO_POSTERS.format(id=digest.id))
    if args.at:
        try:
            fire = dt.datetime.fromisoformat(args.at)
        except ValueError as exc:
            raise FactdeskError(f"--at {args.at!r}: not an ISO date and time") from exc
        if fire.tzinfo is None:
            fire = fire.replace(tzinfo=digest.timezone)
    else:
        fire = digest.previous_fire_time(utc_now()) or utc_now()
    runner = DigestRunner(open_store(args.db))
    content = runner.content(digest, fire)
    print(f"# {digest.id} at {format_moment(fire)} (dry run: nothing posted, nothing recorded)")
    print(render_digest(content) or render_nothing_new(content))
    return 0


def add_digest_commands(subparsers: Any) -> None:
    """Add `digest list|run` to the `factdesk` subcommands."""
    p = subparsers.add_parser("digest", help="scheduled digests: list them, or show one")
    p.add_argument(
        "--config",
        type=Path,
        default=None,
        help="config file with [[digests]] (default: $FACTDESK_CONFIG, ./factdesk.toml)",
    )
    actions = p.add_subparsers(dest="digest_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="configured digests and chat subscriptions")
    listing.set_defaults(func=cmd_digest_list)
    run = actions.add_parser("run", help="build a digest now and print it")
    run.add_argument("id", metavar="ID")
    run.add_argument("--dry-run", action="store_true", help="print it; post and record nothing")
    run.add_argument(
        "--at",
        default=None,
        help="the fire time to build it for (ISO; default the latest scheduled)",
    )
    run.set_defaults(func=cmd_digest_run)
