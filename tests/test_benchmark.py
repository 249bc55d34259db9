"""The benchmark's machinery at a tiny size: every column is filled in. No timing assertions:
speed is held by the printed figures (docs/benchmark.md), not by timed tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.__main__ import main, measure, parse, table
from benchmarks.core import COLUMNS, content_words, misspell, percentile, question_mix
from benchmarks.corpus import copy_of, place_variant, sanitise
from store.factstore import open_store
from store.readers import RawArticle


def test_report_has_every_column(tmp_path: Path) -> None:
    args = parse(
        [
            "--sizes",
            "30",
            "--questions",
            "5",
            "--repeats",
            "1",
            "--jobs",
            "1",
            "--ingest-sample",
            "10",
        ]
    )
    row = measure(args, None, 30)
    data = row.as_dict()
    assert set(COLUMNS) <= set(data)
    assert row.articles == 30 and row.questions == 5
    for column in COLUMNS:
        if column not in ("backend", "jobs"):
            assert data[column] > 0, column
    header = table([row]).splitlines()[0]
    assert header.count("|") == len(COLUMNS) + 1


def test_main_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "rows.json"
    assert (
        main(
            [
                "--sizes",
                "20",
                "--questions",
                "5",
                "--repeats",
                "1",
                "--jobs",
                "1",
                "--ingest-sample",
                "0",
                "--json",
                str(out),
            ]
        )
        == 0
    )
    rows = json.loads(out.read_text())
    assert len(rows) == 1 and set(COLUMNS) <= set(rows[0])


def test_question_mix_is_fixed_and_varied(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'f.db'}")
    store.ingest(
        [
            RawArticle(
                id="a",
                origin="t",
                text="At least 12 people were killed in Homs on "
                "Monday, police said. Five were injured in Homs, officials said.",
            )
        ]
    )
    mix = question_mix(store, 50)
    assert len(mix) == 50 and mix == question_mix(store, 50)
    assert any("according to" in q for q in mix)
    assert any(misspell("Homs") in q for q in mix)
    store.close()


def test_corpus_copies_rename_the_main_place() -> None:
    article = RawArticle(
        id="x",
        origin="t",
        text="Two shot in Franklin. Franklinville calm.",
        title="Franklin shooting",
    )
    copy = copy_of(article, 3, "Franklin")
    assert copy.id == "x~3"
    assert place_variant("Franklin", 3) in copy.text and "Franklinville" in copy.text
    assert len({place_variant("Franklin", k) for k in range(200)}) == 200
    assert sanitise("a" + "-" * 40 + "b") == "a---b"
    assert content_words("How many people were killed in Homs?") == ["killed", "homs"]
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.0
    assert percentile([float(i) for i in range(100)], 99) == 98.0


def test_clone_grows_a_store_with_renamed_places(tmp_path: Path) -> None:
    from sqlalchemy import text

    from benchmarks.core import build
    from tests.corpus import write_feed

    feed = write_feed(tmp_path / "feed.jsonl", 10)
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    _seconds, _words, ingested = build(store, feed, 35, 1, lambda _m: None, clone=True)
    assert ingested == 10 and store.document_count() == 35
    with store.sessions() as s:
        fts = s.scalar(text("SELECT count(*) FROM sentences_fts"))
        sentences = s.scalar(text("SELECT count(*) FROM sentences"))
        places = s.scalars(text("SELECT DISTINCT main_place FROM documents")).all()
    assert fts == sentences
    assert any(p and p.startswith("North ") for p in places)
    assert store.ask("how many were killed in North " + str(places[0]).split()[-1]) is not None
    store.close()


def test_hostile_prints_the_slowest_hostile_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hostile"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("hostile text: ") and "slowest" in line and "CPU s" in line
