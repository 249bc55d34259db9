"""The layout is the architecture: the store never imports the bot or a chat library."""

from __future__ import annotations

import subprocess
import sys

from store import db


def imported_by(module: str) -> set[str]:
    code = (
        f"import sys, {module}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_store_imports_neither_the_bot_nor_chat_libraries() -> None:
    loaded = imported_by("store.factstore, store.query, store.ingest, store.extract_only")
    assert not loaded & {"bot", "discord", "slack_bolt", "slack_sdk"}


def test_extraction_is_pure_and_needs_no_database() -> None:
    # store/extract/ reads text into figures: no bot, no database, no network, and nothing
    # from the rest of the store but the name tables it reads aliases from, the domain errors
    # (a malformed shipped lexicon is a LexiconError) and the one figure type (store/figure.py,
    # plain data) its figures are.
    loaded = imported_by("store.extract.pipeline")
    assert not loaded & {"bot", "sqlalchemy", "psycopg", "alembic", "httpx", "requests"}
    code = (
        "import sys, store.extract.pipeline; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('store.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    outside = {m for m in out.stdout.split() if not m.startswith("store.extract")}
    assert outside == {"store.names", "store.errors", "store.figure"}


def test_cli_does_not_load_chat_libraries() -> None:
    loaded = imported_by("bot.cli")
    assert not loaded & {"discord", "slack_bolt", "slack_sdk"}


def test_schema_head_constant_matches_the_migrations() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == db.SCHEMA_HEAD


def test_serving_slack_never_imports_discord_and_vice_versa() -> None:
    # bot.serve registers both adapters lazily; each adapter (and the shared admin commands)
    # must leave the other platform's library unloaded.
    slack_side = imported_by("bot.serve, bot.commands, bot.slack")
    assert "discord" not in slack_side
    discord_side = imported_by("bot.serve, bot.commands, bot.discord_bot")
    assert not discord_side & {"slack_bolt", "slack_sdk"}


def test_renderers_load_no_chat_library() -> None:
    # Pure data in, JSON-able dicts out: only the adapters (bot/discord_bot.py, bot/slack.py)
    # import discord.py or slack_bolt/slack_sdk; the renderers build plain dicts.
    loaded = imported_by("bot.render.discord_embeds, bot.render.slack_blocks")
    assert not loaded & {"discord", "slack_bolt", "slack_sdk"}


def test_the_bot_reaches_the_store_only_through_factstore_methods() -> None:
    # Sessions belong to store/: a bot module that opens one has grown its own store logic,
    # which FactStore should own (and the bot's failure replies would not cover); it would
    # also tie conversation code to the schema.
    from pathlib import Path

    bot_dir = Path(__file__).resolve().parent.parent / "bot"
    offenders = [
        f"{path.relative_to(bot_dir.parent)}:{number}: {line.strip()}"
        for path in sorted(bot_dir.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(
            word in line for word in (".sessions(", "write_sessions(", ".sessions.begin", "Session")
        )
    ]
    assert offenders == []
