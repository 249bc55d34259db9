"""Alembic environment: run against the connection factdesk hands over (see store.db)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from store.models import Base

FTS_OBJECTS = {"sentences_fts"}


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Keep the full-text objects (per dialect, made by hand) out of autogenerate."""
    return not (name in FTS_OBJECTS or (name or "").startswith("sentences_fts"))


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:  # the `alembic` command line, given a URL in alembic.ini
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "set sqlalchemy.url"
    with create_engine(url).connect() as conn:
        run_migrations(conn)
else:
    run_migrations(connection)
