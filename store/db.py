"""Opening a store: the URL, the engine and its settings per dialect, and schema upgrades."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from store.errors import StoreUnavailable

# The newest migration in store/migrations/versions; a test keeps the two in step. Comparing
# against a constant spares every command the cost of loading Alembic's script directory.
SCHEMA_HEAD = "0006"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PG_MIGRATION_LOCK = 0x66616374  # "fact": one upgrader at a time across replicas


def default_url() -> str:
    """`FACTDESK_DB`, else an SQLite file in the user's data folder."""
    env = os.environ.get("FACTDESK_DB")
    if env:
        return env
    from platformdirs import user_data_path

    folder = user_data_path("factdesk", appauthor=False)
    return f"sqlite:///{folder / 'facts.db'}"


def create_store_engine(url: str, *, immediate: bool = False) -> Engine:
    """An engine for `url`, with WAL and a busy timeout on SQLite so readers never block.

    `immediate` (SQLite): transactions take the write lock at BEGIN. A deferred transaction
    that reads and then writes cannot wait for a busy lock (SQLite would deadlock), so it fails
    at once with "database is locked"; writers that begin immediately queue instead.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreUnavailable(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            try:
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreUnavailable(f"cannot create the folder for {database}: {exc}") from exc
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            # pysqlite's own transaction handling is switched off; the "begin" hook below
            # emits BEGIN itself (the documented SQLAlchemy recipe).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # type: ignore[no-untyped-def]
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise StoreUnavailable(f"cannot use {url!r}: {exc}") from exc


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already)."""
    try:
        if current_revision(engine) == SCHEMA_HEAD:
            return
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except OperationalError as exc:
        # Another process may have created the tables between our check and our upgrade.
        if current_revision(engine) == SCHEMA_HEAD:
            return
        raise StoreUnavailable(f"cannot open the fact store: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        raise StoreUnavailable(f"cannot open the fact store: {exc}") from exc


@dataclass(frozen=True)
class StoreEngines:
    """Sessions for reading and for writing (the same engine except on SQLite)."""

    engine: Engine
    write_engine: Engine
    sessions: sessionmaker[Session]
    write_sessions: sessionmaker[Session]

    def dispose(self) -> None:
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()


def open_engine(url: str | None = None) -> StoreEngines:
    """Open (creating and upgrading as needed) the store at `url`."""
    url = url or default_url()
    engine = create_store_engine(url)
    try:
        upgrade(engine)
    except OperationalError as exc:
        raise StoreUnavailable(f"cannot open the fact store: {exc.orig}") from exc
    write_engine = engine
    if engine.dialect.name == "sqlite":
        write_engine = create_store_engine(url, immediate=True)
    return StoreEngines(
        engine=engine,
        write_engine=write_engine,
        sessions=sessionmaker(engine, expire_on_commit=False),
        write_sessions=sessionmaker(write_engine, expire_on_commit=False),
    )
