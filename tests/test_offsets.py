"""Offsets true to the input: a feed item's body is cited against its own `text`, its headline
against its own `title`, and a store written before the two were kept apart is converted."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from store.db import MIGRATIONS, create_store_engine
from store.extract.sentences import split_sentences
from store.factstore import FactStore

TITLE = "Three wounded in Maple Avenue shooting"
BODY = (
    "Two men and a woman were taken to hospital after gunfire on Maple Avenue in Dunmore. "
    "Police said 14 shell casings were found at the scene."
)


def _feed(tmp_path: Path, *items: dict[str, str]) -> Path:
    feed = tmp_path / "items.jsonl"
    feed.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return feed


def test_stored_body_quotes_are_exact_against_the_items_own_text(
    empty_store: FactStore, tmp_path: Path
) -> None:
    item = {"id": "maple-1", "title": TITLE, "text": BODY}
    assert empty_store.ingest_paths([_feed(tmp_path, item)]).added == 1
    answer = empty_store.ask("how many casings in Dunmore")
    cites = [c for f in answer.figures for c in f.citations if c.part == "body"]
    assert cites, "the body's figures are cited"
    for c in cites:
        assert item["text"][c.start : c.end] == c.quote


def test_a_headline_figure_is_cited_as_the_headline(empty_store: FactStore, tmp_path: Path) -> None:
    item = {"id": "maple-2", "title": TITLE, "text": BODY}
    empty_store.ingest_paths([_feed(tmp_path, item)])
    answer = empty_store.ask("how many wounded in Dunmore")
    headline = [c for f in answer.figures for c in f.citations if c.part == "title"]
    assert headline, "the headline's count is still read"
    for c in headline:
        assert item["title"][c.start : c.end] == c.quote == TITLE


def test_a_headline_without_a_body_is_cited_as_the_headline(
    empty_store: FactStore, tmp_path: Path
) -> None:
    item = {"id": "maple-3", "title": "2 killed in Dunmore crash", "text": ""}
    empty_store.ingest_paths([_feed(tmp_path, item)])
    (figure,) = [f for f in empty_store.ask("how many killed in Dunmore").figures]
    (cite,) = figure.citations
    assert (cite.part, cite.quote, cite.start, cite.end) == ("title", item["title"], 0, 25)


def test_a_body_that_opens_with_its_headline_is_all_body(
    empty_store: FactStore, tmp_path: Path
) -> None:
    own = f"{TITLE}\n\n{BODY}"
    empty_store.ingest_paths([_feed(tmp_path, {"id": "maple-4", "title": TITLE, "text": own})])
    cites = [c for f in empty_store.ask("wounded Dunmore").figures for c in f.citations]
    assert cites and all(c.part == "body" and own[c.start : c.end] == c.quote for c in cites)


def _old_hash(body: str, title: str) -> str:
    payload = json.dumps([body, title, None, "None", None], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _store_at_0005(
    url: str, documents: list[tuple[str, str, str, str]], address: str | None = None
) -> None:
    """A store as revision 0005 wrote it: the headline put before the body in `text`.

    `documents` are (id, title, stored text, content hash), each at web `address`."""
    engine = create_store_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        for doc_id, title, stored, digest in documents:
            conn.execute(
                text(
                    "INSERT INTO documents (id, title, url, content_hash, text, ingested_at) "
                    "VALUES (:id, :title, :url, :hash, :text, CURRENT_TIMESTAMP)"
                ),
                {"id": doc_id, "title": title, "url": address, "hash": digest, "text": stored},
            )
            for position, (start, end) in enumerate(split_sentences(stored)):
                sentence_id = conn.execute(
                    text(
                        'INSERT INTO sentences (document_id, position, start, "end", text) '
                        "VALUES (:doc, :pos, :start, :end, :text) RETURNING id"
                    ),
                    {
                        "doc": doc_id,
                        "pos": position,
                        "start": start,
                        "end": end,
                        "text": stored[start:end],
                    },
                ).scalar_one()
                at = stored.find("14", start, end)
                if at >= 0:
                    conn.execute(
                        text(
                            'INSERT INTO figures (document_id, sentence_id, start, "end", text, '
                            "value, low, high, category, salience) VALUES (:doc, :sid, :start, "
                            ":end, '14', 14, 14, 14, 'count', 0.5)"
                        ),
                        {"doc": doc_id, "sid": sentence_id, "start": at, "end": at + 2},
                    )
    engine.dispose()


def test_an_existing_store_migrates_to_body_offsets(store_url: str) -> None:
    prepended = f"{TITLE}\n\n{BODY}"
    # A body that opens with its own headline: its hash is of the whole text, which stays.
    own_opening = f"{TITLE}\n\n{BODY}"
    _store_at_0005(
        store_url,
        [
            ("prepended", TITLE, prepended, _old_hash(BODY, TITLE)),
            ("own-opening", TITLE, own_opening, _old_hash(own_opening, TITLE)),
        ],
    )
    store = FactStore(store_url)  # opening a store upgrades it
    try:
        with store.sessions() as session:
            rows = {
                doc: (stored, start, end, quote, part)
                for doc, stored, start, end, quote, part in session.execute(
                    text(
                        'SELECT documents.id, documents.text, figures.start, figures."end", '
                        "sentences.text, sentences.part FROM figures "
                        "JOIN sentences ON figures.sentence_id = sentences.id "
                        "JOIN documents ON figures.document_id = documents.id"
                    )
                )
            }
            first = {
                doc: (part, start, end, quote)
                for doc, part, start, end, quote in session.execute(
                    text(
                        'SELECT document_id, part, start, "end", text FROM sentences '
                        "WHERE position = 0"
                    )
                )
            }
    finally:
        store.close()
    stored, start, end, quote, part = rows["prepended"]
    assert stored == BODY and part == "body" and stored[start:end] == "14" in quote
    assert first["prepended"] == ("title", 0, len(TITLE), TITLE)
    stored, start, end, quote, part = rows["own-opening"]
    assert stored == own_opening and part == "body" and stored[start:end] == "14" in quote
    assert first["own-opening"] == ("body", 0, len(TITLE), TITLE)


def test_migrated_citations_quote_the_stored_text(store_url: str) -> None:
    _store_at_0005(store_url, [("prepended", TITLE, f"{TITLE}\n\n{BODY}", _old_hash(BODY, TITLE))])
    store = FactStore(store_url)
    try:
        cites = [c for f in store.ask("casings Dunmore").figures for c in f.citations]
    finally:
        store.close()
    assert cites and all(BODY[c.start : c.end] == c.quote for c in cites)


def test_a_stored_headline_alone_migrates_to_the_title_part(store_url: str) -> None:
    headline = "14 hurt in Dunmore blast"
    _store_at_0005(
        store_url,
        [("headline-only", headline, headline, _old_hash(headline, headline))],
        address="https://web.archive.org/web/2015/http://www.dunmore-ledger.com/blast",
    )
    store = FactStore(store_url)
    try:
        with store.sessions() as session:
            stored, outlet = session.execute(
                text("SELECT text, outlet FROM documents WHERE id = 'headline-only'")
            ).one()
        (cite,) = [c for f in store.ask("blast Dunmore").figures for c in f.citations]
    finally:
        store.close()
    assert (stored, outlet) == ("", "dunmore-ledger.com")
    assert (cite.part, cite.quote, cite.start, cite.end) == ("title", headline, 0, len(headline))
