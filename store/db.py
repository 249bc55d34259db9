"""Opening a store: the URL, the engine and its settings per dialect, and schema upgrades."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from store import notes
from store.errors import StoreUnavailable
from store.redact import hide_secrets, redact_url

# The newest migration in store/migrations/versions; a test keeps the two in step. Comparing
# against a constant spares every command the cost of loading Alembic's script directory.
SCHEMA_HEAD = "0008_event_stated_span"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PG_MIGRATION_LOCK = 0x66616374  # "fact": one upgrader at a time across replicas
# Seconds the integrity check at open may take. `PRAGMA quick_check` reads every page, about
# 200 MB/s here: the seeds' store is checked whole in milliseconds, a 100k-article store (2 GB)
# would cost every command 9 s, so past this budget the check stops (and says so in the log)
# rather than break the 2 s cold start. Larger stores are then checked only in part.
INTEGRITY_BUDGET = 0.25

log = logging.getLogger("factdesk.store")


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
        raise StoreUnavailable(f"not a database URL: {redact_url(url)!r}") from exc
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
        raise StoreUnavailable(hide_secrets(f"cannot use {redact_url(url)!r}: {exc}", url)) from exc


def _hidden(text: str, engine: Engine) -> str:
    """An error text on one line (libpq adds hints on lines of their own), with the store's
    password hidden should the driver have quoted it."""
    return hide_secrets(" ".join(text.split()), engine.url.render_as_string(hide_password=False))


def check_integrity(engine: Engine, budget: float = INTEGRITY_BUDGET) -> None:
    """Raise StoreUnavailable naming the damage when SQLite's `quick_check` finds any.

    A store damaged mid-file (a disk fault, a copy cut short) otherwise opens fine and fails
    later, on whichever question touches the bad page, with "database disk image is
    malformed". PostgreSQL checks its own pages; nothing to do there."""
    if engine.dialect.name != "sqlite":
        return
    database = engine.url.database
    if not database or database == ":memory:" or not Path(database).expanduser().exists():
        return
    try:
        raw = engine.raw_connection()  # runs the connect PRAGMAs, which read the header
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        # The PRAGMAs of the connect hook raise sqlite3's own error, unwrapped.
        orig = exc.orig if isinstance(exc, DBAPIError) else exc
        if isinstance(orig, sqlite3.DatabaseError) and not isinstance(
            orig, sqlite3.OperationalError
        ):
            raise StoreUnavailable(damaged(database, str(orig))) from exc
        raise
    try:
        dbapi = raw.driver_connection
        assert dbapi is not None
        # quick_check runs inside one virtual-machine instruction, so a progress handler is
        # never called while it works (a 2 GB store took 3 s past a 0.25 s budget); SQLite's
        # interrupt, from a timer thread, does stop it.
        timer = threading.Timer(budget, dbapi.interrupt)
        timer.start()
        try:
            rows = [str(row[0]) for row in dbapi.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.OperationalError as exc:
            if "interrupted" not in str(exc):
                raise StoreUnavailable(damaged(database, str(exc))) from exc
            log.info("integrity check of %s stopped after %.2f s (budget)", database, budget)
            return
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
            raise StoreUnavailable(damaged(database, str(exc))) from exc
        finally:
            timer.cancel()
            timer.join()
    finally:
        raw.close()
    if rows != ["ok"]:
        more = f" (and {len(rows) - 3} more)" if len(rows) > 3 else ""
        raise StoreUnavailable(damaged(database, "; ".join(rows[:3]) + more))


def damaged(path: str, problem: str) -> str:
    return notes.STORE_DAMAGED.format(path=path, problem=" ".join(problem.split()))


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
            _build_missing_events(conn)
    except OperationalError as exc:
        # Another process may have created the tables between our check and our upgrade.
        if current_revision(engine) == SCHEMA_HEAD:
            return
        raise StoreUnavailable(_hidden(f"cannot open the fact store: {exc.orig}", engine)) from exc
    except SQLAlchemyError as exc:
        raise StoreUnavailable(_hidden(f"cannot open the fact store: {exc}", engine)) from exc


def _build_missing_events(conn: Connection) -> None:
    """Give every stored article without an event one, as ingest would: a store made before
    events (migration 0006) answers by event at once. Runs in the upgrade's transaction,
    with the schema at its head, so the clustering code writes the columns it knows."""
    if conn.execute(text("SELECT 1 FROM documents WHERE event_id IS NULL LIMIT 1")).first():
        from store.events.build import rebuild_events  # here: the pipeline loads on use

        rebuild_events(Session(bind=conn))


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
    check_integrity(engine)  # before the upgrade writes to it
    try:
        upgrade(engine)
    except OperationalError as exc:
        raise StoreUnavailable(_hidden(f"cannot open the fact store: {exc.orig}", engine)) from exc
    write_engine = engine
    if engine.dialect.name == "sqlite":
        write_engine = create_store_engine(url, immediate=True)
    return StoreEngines(
        engine=engine,
        write_engine=write_engine,
        sessions=sessionmaker(engine, expire_on_commit=False),
        write_sessions=sessionmaker(write_engine, expire_on_commit=False),
    )
