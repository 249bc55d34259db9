"""The store on SQLite and PostgreSQL: ingest is idempotent and atomic, answers cite exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.factstore import FactStore
from store.readers import RawArticle
from tests.conftest import SEEDS


def values(answer_figures: object) -> set[float | None]:
    return {f.value for f in answer_figures}  # type: ignore[attr-defined]


def test_death_toll_question_returns_every_sourced_figure(seeded_store: FactStore) -> None:
    answer = seeded_store.ask("death toll Qaryatayn?")
    assert {128, 12, 83, 116, 80, 67, 35, 75} <= values(answer.figures)
    assert not {18000, 500000, 200} & values(answer.figures)


def test_same_figure_across_articles_is_one_entry_with_several_citations(
    seeded_store: FactStore,
) -> None:
    answer = seeded_store.ask("civilians killed by regime forces in Qaryatayn")
    twelves = [f for f in answer.figures if f.value == 12]
    documents = {c.document[:3] for f in twelves for c in f.citations}
    assert documents == {"000", "001", "002", "003", "004"}
    assert max(len(f.citations) for f in twelves) >= 3


def test_every_citation_is_the_exact_sentence(
    seeded_store: FactStore, seed_texts: dict[str, str]
) -> None:
    answer = seeded_store.ask("how many people were killed in Al-Qaryatayn")
    assert answer.figures
    for figure in answer.figures:
        for c in figure.citations:
            assert seed_texts[c.document][c.start : c.end] == c.quote
            assert figure.text in c.quote


def test_outlet_and_date_come_from_the_text(seeded_store: FactStore) -> None:
    answer = seeded_store.ask("death toll Qaryatayn?")
    by_doc = {c.document[:3]: c for f in answer.figures for c in f.citations}
    assert by_doc["000"].outlet == "VOA"
    assert by_doc["003"].outlet == "TRT World"
    assert str(by_doc["003"].published) == "2017-10-23"
    assert str(by_doc["001"].published) == "2017-10-24"
    assert by_doc["004"].outlet == "Sputnik"


def test_ingesting_the_same_articles_twice_stores_them_once(seeded_store: FactStore) -> None:
    before = seeded_store.overview()
    again = seeded_store.ingest_paths([SEEDS])
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 5)
    after = seeded_store.overview()
    assert (after.documents, after.figures) == (before.documents, before.figures)


def test_a_changed_article_replaces_its_figures(empty_store: FactStore) -> None:
    first = RawArticle(
        id="story", text="At least 80 people were killed in Homs, officials said.", origin="t"
    )
    empty_store.ingest([first])
    assert 80 in values(empty_store.ask("how many killed in Homs").figures)
    changed = RawArticle(
        id="story", text="At least 95 people were killed in Homs, officials said.", origin="t"
    )
    report = empty_store.ingest([changed])
    assert report.replaced == 1
    figures = empty_store.ask("how many killed in Homs").figures
    assert values(figures) == {95}
    assert empty_store.overview().documents == 1


def test_removing_a_document_takes_its_figures(seeded_store: FactStore) -> None:
    assert seeded_store.remove("001_68d61ab14ce3b830.txt")
    answer = seeded_store.ask("death toll Qaryatayn?")
    assert 116 not in values(answer.figures)
    assert not seeded_store.remove("001_68d61ab14ce3b830.txt")


@pytest.mark.parametrize(
    "question",
    [
        '"',
        "*",
        "NEAR(killed, 5)",
        "'; DROP TABLE figures; --",
        "Al-Qaryatayn",
        "killed AND OR NOT",
        "x" * 10_000,
        "🙂🙂🙂",
        "كم عدد القتلى",
    ],
)
def test_hostile_questions_get_an_answer_not_an_error(
    seeded_store: FactStore, question: str
) -> None:
    answer = seeded_store.ask(question)
    assert answer.figures or answer.note
    assert seeded_store.overview().documents == 5  # nothing dropped


def test_an_empty_question_gets_a_note(seeded_store: FactStore) -> None:
    answer = seeded_store.ask("   ")
    assert answer.figures == () and answer.note


def test_an_unknown_place_offers_the_nearest_names(seeded_store: FactStore) -> None:
    answer = seeded_store.ask("death toll in Palmyraville")
    assert answer.figures == ()
    assert answer.note


@pytest.mark.parametrize("spelling", ["Qaryatayn", "Al Qaryatain", "al-Qaryatein", "Qaryatyan"])
def test_misspelt_places_still_match(seeded_store: FactStore, spelling: str) -> None:
    assert 128 in values(seeded_store.ask(f"death toll {spelling}").figures)


def test_source_questions_return_only_that_source(seeded_store: FactStore) -> None:
    answer = seeded_store.ask("SOHR figures on deaths in Qaryatayn")
    assert {128, 83, 12, 116} <= values(answer.figures)
    assert all(f.source == "Syrian Observatory for Human Rights" for f in answer.figures)


def test_conflicting_totals_are_listed_side_by_side(seeded_store: FactStore) -> None:
    answer = seeded_store.ask("death toll Qaryatayn?")
    assert answer.conflicts
    assert any(len(c.figures) >= 2 for c in answer.conflicts)
    killed = next(s for s in answer.summary if s.category == "killed")
    assert killed.low is not None and killed.high is not None and killed.low <= killed.high


def test_store_reopens_at_the_current_schema(store_url: str, tmp_path: Path) -> None:
    FactStore(store_url).close()
    reopened = FactStore(store_url)
    assert reopened.document_count() == 0
    reopened.close()


@pytest.mark.parametrize(
    ("title", "text", "question"),
    [
        (
            "Two hurt, 1 dead in late-night Macon shooting",
            "Two men were rushed to a clinic. The third victim, a woman, died.",
            "how many people were killed in Macon, Georgia?",
        ),
        (  # and its abbreviation matches the full spelling
            "St. Louis man killed, 2 wounded in gunfire near school",
            "Officers said the shots rang out just after 9 p.m. by the gym.",
            "how many people were killed in Saint Louis, Missouri?",
        ),
    ],
    ids=["named_in_headline", "abbreviated_in_headline"],
)
def test_a_place_named_only_in_the_headline_is_found(
    empty_store: FactStore, title: str, text: str, question: str
) -> None:
    empty_store.ingest([RawArticle(id="story", title=title, text=text, origin="t")])
    answer = empty_store.ask(question)
    assert [f.value for f in answer.figures if f.category == "killed"][:1] == [1]


def test_a_known_place_does_not_widen_to_names_that_merely_look_alike(
    empty_store: FactStore,
) -> None:
    empty_store.ingest(
        [
            RawArticle(
                id="atlanta",
                text="Two people were killed in Georgia on Friday, police said.",
                origin="t",
            ),
            RawArticle(
                id="george",
                text="George Diaz said five people were killed on Friday.",
                origin="t",
            ),
        ]
    )
    answer = empty_store.ask("how many people were killed in Georgia?")
    cited = {c.document for f in answer.figures for c in f.citations}
    assert cited == {"atlanta"}


def test_past_the_candidate_cap_the_asked_place_comes_first(
    empty_store: FactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.query

    others = [
        RawArticle(
            id=f"state-{n}",
            text=f"{n + 2} people were killed in Maple Grove, Ohio, officials said.",
            origin="t",
        )
        for n in range(6)
    ]
    city = RawArticle(
        id="zz-city", text="Three people were killed in Dunmore, officials said.", origin="t"
    )
    empty_store.ingest([*others, city])
    monkeypatch.setattr(store.query, "MAX_CANDIDATES", 2)
    answer = empty_store.ask("how many people were killed in Dunmore, Ohio?")
    assert answer.figures and answer.figures[0].citations[0].document == "zz-city"


@pytest.mark.parametrize(
    ("written", "asked"),
    [("St. Louis", "Saint Louis"), ("Fort Wayne", "Ft. Wayne"), ("Mt. Airy", "Mount Airy")],
)
def test_a_place_abbreviated_in_the_article_matches_its_full_spelling(
    empty_store: FactStore, written: str, asked: str
) -> None:
    text = f"Two people were killed in {written} on Friday, police said."
    empty_store.ingest([RawArticle(id="story", text=text, origin="t")])
    answer = empty_store.ask(f"how many people were killed in {asked}?")
    assert [f.value for f in answer.figures] == [2]


@pytest.mark.parametrize(
    ("written", "asked"),
    [("Tell ash-Shamir", "Tell al-Shamir"), ("Kafr es-Sawan", "Kafr al-Sawan")],
)
def test_an_arabic_article_spelt_another_way_reaches_every_spelling(
    empty_store: FactStore, written: str, asked: str
) -> None:
    """One outlet writes the article as it sounds, another as it is spelt: a question in
    either spelling reaches both reports."""
    empty_store.ingest(
        [
            RawArticle(id="one", text=f"Shelling killed four people in {written}.", origin="t"),
            RawArticle(id="two", text=f"Shelling killed six people in {asked}.", origin="t"),
        ]
    )
    answer = empty_store.ask(f"how many people were killed in {asked}?")
    assert sorted(f.value for f in answer.figures) == [4, 6]


def test_a_name_that_differs_by_more_than_its_article_is_another_place(
    empty_store: FactStore,
) -> None:
    empty_store.ingest(
        [
            RawArticle(
                id="one", text="Shelling killed four people in Tell ash-Shamir.", origin="t"
            ),
            RawArticle(id="two", text="Shelling killed six people in Tell al-Shabur.", origin="t"),
        ]
    )
    answer = empty_store.ask("how many people were killed in Tell al-Shabur?")
    assert [f.value for f in answer.figures] == [6]


def test_among_disagreeing_tallies_the_one_most_articles_give_comes_first(
    empty_store: FactStore,
) -> None:
    reports = [
        ("first", "Dunmore police said three people were killed on Friday."),
        ("second", "Dunmore police said three people were killed on Friday night."),
        ("third", "Two people were killed in Dunmore on Friday, a neighbour said."),
    ]
    empty_store.ingest([RawArticle(id=i, text=t, origin="t") for i, t in reports])
    answer = empty_store.ask("how many people were killed in Dunmore?")
    assert [f.value for f in answer.figures][:2] == [3, 2]


def test_an_answer_is_the_same_in_every_process(tmp_path: Path) -> None:
    """Ties are broken by sorted order, never by a set's order (which follows the hash seed)."""
    import os
    import subprocess
    import sys

    db = f"sqlite:///{tmp_path / 'facts.db'}"
    towns = ["Homs", "Hama", "Idlib", "Daraa", "Raqqa", "Aleppo"]
    FactStore(db).ingest(
        [
            RawArticle(id=t, text=f"Five people were killed in {t}, officials said.", origin="t")
            for t in towns
        ]
    )
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "--db", db, "ask", "--json", "how many killed?"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_a_vocabulary_refresh_rebuilds_only_when_names_changed(store_url: str) -> None:
    reader, writer = FactStore(store_url), FactStore(store_url)
    try:
        writer.ingest([RawArticle(id="a", text="Two people were killed in Homs.", origin="t")])
        first = reader._vocabulary()
        reader._refresh(reader._generation)
        assert reader._vocabulary() is first  # nothing new: the loaded names are kept
        writer.ingest([RawArticle(id="b", text="Three people were killed in Hama.", origin="t")])
        reader._refresh(reader._generation)
        assert reader._vocabulary() is not first
        assert [f.value for f in reader.ask("how many killed in Hama?").figures] == [3]
    finally:
        reader.close()
        writer.close()


def test_the_migrations_build_the_schema_the_models_declare(empty_store: FactStore) -> None:
    """Stores are built by the migrations alone: a table, column or index the models declare
    and no migration creates (or the reverse) would differ between new and upgraded stores."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from store.models import Base

    with empty_store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # Tables, columns and indexes; not type spellings, which differ harmlessly between
    # dialects, nor the full-text search objects (SQLite's sentences_fts tables, PostgreSQL's
    # tsv column and its index), which raw SQL creates and no model declares.
    kinds = (
        "add_table",
        "remove_table",
        "add_column",
        "remove_column",
        "add_index",
        "remove_index",
    )
    drift = [
        (d[0], str(getattr(d[-1], "name", d[-1])))
        for d in differences
        if isinstance(d, tuple) and d[0] in kinds
    ]
    full_text = [(kind, name) for kind, name in drift if name.startswith("sentences_fts")]
    full_text += [(kind, name) for kind, name in drift if kind == "remove_column" and name == "tsv"]
    assert [d for d in drift if d not in full_text] == []
