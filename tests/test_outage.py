"""Outages: the store's server going away mid-run gets users a short reply, never an error, and
the bot answers again once the server is back."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from bot import messages
from bot.core import FactDesk
from store.factstore import FactStore
from tests.conftest import SEEDS, create_pg_database, drop_pg_database
from tests.tcp_proxy import TcpProxy


@pytest.fixture
def proxied_pg(pg_admin: str) -> Iterator[tuple[str, TcpProxy]]:
    name, url = create_pg_database(pg_admin)
    parts = urlsplit(url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    proxy.start()
    try:
        yield url.replace(f":{parts.port or 5432}/", f":{proxy.port}/"), proxy
    finally:
        proxy.close()
        drop_pg_database(pg_admin, name)


def test_postgres_outage_gets_a_short_reply_and_recovers(proxied_pg: tuple[str, TcpProxy]) -> None:
    url, proxy = proxied_pg
    store = FactStore(url)
    store.ingest_paths([SEEDS])
    desk = FactDesk(store)
    before = desk.ask_sync("death toll Qaryatayn?")
    assert before.answer is not None and before.answer.figures

    proxy.cut()
    during = [desk.ask_sync("death toll Qaryatayn?") for _ in range(3)]
    assert all(r.message == messages.STORE_UNAVAILABLE and r.answer is None for r in during)

    proxy.start()
    after = desk.ask_sync("death toll Qaryatayn?")
    assert after.answer is not None
    assert {f.value for f in after.answer.figures} == {f.value for f in before.answer.figures}
    store.close()
