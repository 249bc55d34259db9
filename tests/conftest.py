"""Fixtures: real stores (SQLite files and throwaway PostgreSQL databases) built from the seeds;
the Slack and Discord ones come from tests/chat_fixtures.py, loaded here as a plugin."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.factstore import FactStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PG_ADMIN_URL = os.environ.get("FACTDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")

pytest_plugins = ["tests.chat_fixtures"]


def _pg_reachable() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except Exception as exc:  # any failure to connect means "not here"
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}"


@pytest.fixture(scope="session")
def pg_admin() -> str:
    """The PostgreSQL admin URL; skips (or fails, under FACTDESK_REQUIRE_PG=1) without one."""
    reason = _pg_reachable()
    if reason:
        if os.environ.get("FACTDESK_REQUIRE_PG") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return PG_ADMIN_URL


def create_pg_database(admin_url: str) -> tuple[str, str]:
    import psycopg

    name = f"factdesk_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return name, f"{base}/{name}"


def drop_pg_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty store: an SQLite file, or a PostgreSQL database of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'facts.db'}"
        return
    admin = request.getfixturevalue("pg_admin")
    name, url = create_pg_database(admin)
    try:
        yield url
    finally:
        drop_pg_database(admin, name)


@pytest.fixture
def empty_store(store_url: str) -> Iterator[FactStore]:
    store = FactStore(store_url)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[FactStore]:
    """An empty SQLite store of the test's own (no PostgreSQL run: for the bot-side tests)."""
    fact_store = FactStore(f"sqlite:///{tmp_path / 'facts.db'}")
    try:
        yield fact_store
    finally:
        fact_store.close()


@pytest.fixture
def seeded_store(empty_store: FactStore) -> FactStore:
    """A store built from the five seed articles."""
    report = empty_store.ingest_paths([SEEDS])
    assert report.errors == [] and report.added == 5
    return empty_store


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
