"""A damaged SQLite store is named as damaged when it is opened, not later on a question."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from store.db import check_integrity, create_store_engine
from store.errors import StoreUnavailable
from store.factstore import FactStore
from tests.conftest import SEEDS


def seeded_file(tmp_path: Path) -> Path:
    path = tmp_path / "facts.db"
    store = FactStore(f"sqlite:///{path}")
    store.ingest_paths([SEEDS])
    store.close()  # the last connection checkpoints the WAL into the file
    return path


def damage(path: Path, offset: int, length: int = 4096) -> None:
    with path.open("r+b") as f:
        f.seek(offset)
        f.write(bytes((i * 37 + 11) % 256 for i in range(length)))


def test_a_store_damaged_mid_file_is_refused_at_open_naming_the_damage(tmp_path: Path) -> None:
    path = seeded_file(tmp_path)
    size = path.stat().st_size
    assert size > 16 * 4096  # the seeds fill enough pages for a middle to exist
    damage(path, (size // 2) // 4096 * 4096)  # one whole page in the middle
    with pytest.raises(StoreUnavailable) as caught:
        FactStore(f"sqlite:///{path}")
    message = str(caught.value)
    assert str(path) in message and "damaged" in message and "integrity check" in message
    print(f"\n{message}")


def test_a_store_whose_header_is_damaged_is_named_too(tmp_path: Path) -> None:
    path = seeded_file(tmp_path)
    damage(path, 0, 100)
    with pytest.raises(StoreUnavailable, match="damaged"):
        FactStore(f"sqlite:///{path}")


def test_the_cli_says_the_store_is_damaged_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = seeded_file(tmp_path)
    size = path.stat().st_size
    damage(path, (size // 2) // 4096 * 4096)
    assert main(["--db", f"sqlite:///{path}", "ask", "death toll Qaryatayn?"]) == 1
    _, err = capsys.readouterr()
    assert err.startswith(f"factdesk: the fact store {path} is damaged")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_sound_store_opens(tmp_path: Path) -> None:
    store = FactStore(f"sqlite:///{seeded_file(tmp_path)}")
    try:
        assert store.document_count() == 5
    finally:
        store.close()


def test_the_check_of_a_large_store_stops_at_its_budget_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """quick_check runs inside one SQLite instruction, where no progress handler is called:
    only an interrupt stops it, so a large store still opens in its cold-start time."""
    path = tmp_path / "large.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)")
        conn.executemany(
            "INSERT INTO filler (body) VALUES (randomblob(2000))", ([] for _ in range(40_000))
        )
    engine = create_store_engine(f"sqlite:///{path}")
    try:
        with caplog.at_level(logging.INFO, logger="factdesk.store"):
            check_integrity(engine, budget=0.005)
    finally:
        engine.dispose()
    assert any("stopped after" in r.getMessage() for r in caplog.records)
