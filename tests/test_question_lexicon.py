"""The question lexicon: the newsroom's words for each kind of figure, source cues, and a
place named without "in", each pinned by invented wordings and a near-miss."""

from __future__ import annotations

import pytest

from store.factstore import FactStore
from store.query import understand
from store.question import category_words, parse_question
from store.vocabulary import Vocabulary

# category: (two wordings that ask for it, a near-miss that must not)
WORDINGS: dict[str, tuple[str, str, str]] = {
    "killed": (
        "how many lives lost in the Dunmore flood",
        "fatalities after the storm in Ellery",
        "how many skilled workers came back",
    ),
    "injured": (
        "how many people were hurt in the crash",
        "wounded at the Elm Street fair",
        "how many cars were hurtling down the hill",
    ),
    "bodies": (
        "how many remains were unearthed near the dam",
        "how many were recovered from the river",
        "the discovery of the old mine",
    ),
    "missing": (
        "how many are still unaccounted for",
        "how many disappeared after the raid",
        "what is missingness in surveys",
    ),
    "fled": (
        "how many escaped the town before the siege",
        "how many were evacuated from Ellery",
        "how many left-wing groups marched",
    ),
    "displaced": (
        "how many were uprooted by the fighting",
        "how many homeless families after the quake",
        "the displayed results",
    ),
    "detained": (
        "how many were jailed after the protest",
        "how many were kidnapped on the road",
        "the arrestor cable of the carrier",
    ),
    "population": (
        "how many inhabitants does Ellery have",
        "how many people live in Dunmore",
        "the populist vote",
    ),
    "identified": (
        "how many victims were identified",
        "can they identify the dead",
        "the identity of the owner",
    ),
    "duration": (
        "how long did the siege of Ellery last",
        "for how many weeks was the road closed",
        "a long road",
    ),
    "money": (
        "how much did the new bridge cost",
        "the reconstruction budget of Dunmore",
        "a costume party",
    ),
    "percent": (
        "what percentage of voters stayed home",
        "what share of the homes burned",
        "a shareholder meeting",
    ),
}


def test_every_category_of_the_lexicon_has_its_wordings() -> None:
    lexicon = {c for entry in category_words() for c in entry.categories}
    assert lexicon == set(WORDINGS)


@pytest.mark.parametrize(
    ("category", "wording"),
    [(c, w) for c, (a, b, _near) in WORDINGS.items() for w in (a, b)],
)
def test_a_newsroom_word_asks_for_its_category(category: str, wording: str) -> None:
    assert category in parse_question(wording).categories


@pytest.mark.parametrize(("category", "near_miss"), [(c, n) for c, (_a, _b, n) in WORDINGS.items()])
def test_a_near_miss_does_not_ask_for_the_category(category: str, near_miss: str) -> None:
    assert category not in parse_question(near_miss).categories


@pytest.mark.parametrize(
    ("category", "near_miss"),
    [
        ("killed", "how many executives resigned"),
        ("fled", "how many ships in the fleet"),
        ("fled", "a daring escapade"),
    ],
)
def test_a_word_that_only_begins_like_a_cue_is_a_near_miss(category: str, near_miss: str) -> None:
    assert category not in parse_question(near_miss).categories


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("what did the Riverside Coroner say about the dead", "the Riverside Coroner"),
        ("What has Dana Whitfield reported on the flood?", "Dana Whitfield"),
        ("how many killed according to the Ellery Monitor?", "the Ellery Monitor"),
        ("the Valley Relief Agency's figures on the displaced", "Valley Relief Agency"),
        ("how many fled, Dana Whitfield said", "Dana Whitfield"),
        ("Office for Civil Defence figures on deaths", "Office for Civil Defence"),
    ],
)
def test_a_source_cue_yields_the_source_phrase(question: str, phrase: str) -> None:
    assert parse_question(question).source_phrase == phrase


@pytest.mark.parametrize(
    "question", ["how many died in the Dunmore fire", "death toll figures", "what happened"]
)
def test_a_question_without_a_source_cue_names_no_source(question: str) -> None:
    assert parse_question(question).source_phrase is None


def test_the_words_after_a_category_word_are_a_place_candidate() -> None:
    question = parse_question("casualties al karyatayn")
    assert question.categories >= {"killed"}
    assert question.place_candidates == ("al karyatayn",)


def test_a_category_word_is_not_eaten_by_the_place(seeded_store: FactStore) -> None:
    with seeded_store.sessions() as session:
        vocab = Vocabulary(session)
    understood = understand(parse_question("casualties al karyatayn"), vocab)
    assert understood.question.categories == frozenset({"killed", "injured", "bodies"})
    (place,) = understood.places
    assert "qaryatayn" in place.norms and understood.topic_terms == ()


SOURCE_QUESTIONS = [
    "what did {name} say",
    "according to {name}",
    "{name}'s figures",
]


def test_a_question_naming_each_seed_source_returns_only_its_figures(
    seeded_store: FactStore,
) -> None:
    sources = [name for name, _count in seeded_store.overview(limit=50).sources]
    assert "Abdullah Abdul Karim" in sources  # a person the seed articles quote
    for name in sources:
        for form in SOURCE_QUESTIONS:
            answer = seeded_store.ask(form.format(name=name))
            given = {f.source for f in answer.figures}
            assert given == {name}, (form.format(name=name), given)


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("what did Abdul Karim say", "Abdullah Abdul Karim"),  # part of a person's name
        ("what did the Observatory report", "Syrian Observatory for Human Rights"),
        ("according to the Palmyra Coordination Comittee", "Palmyra Coordination Committee"),
        ("PCC figures", "Palmyra Coordination Committee"),  # a short name, exactly
    ],
)
def test_a_source_is_found_by_alias_part_or_close_spelling(
    seeded_store: FactStore, question: str, source: str
) -> None:
    answer = seeded_store.ask(question)
    assert answer.figures and {f.source for f in answer.figures} == {source}


def test_a_source_phrase_that_runs_into_other_words_names_the_source_within(
    seeded_store: FactStore,
) -> None:
    with seeded_store.sessions() as session:
        vocab = Vocabulary(session)
    found, named = vocab.resolve_source_phrase("Qaryatayn SOHR")
    assert (found, named) == ({"Syrian Observatory for Human Rights"}, "SOHR")


def test_a_short_name_is_never_matched_loosely(seeded_store: FactStore) -> None:
    with seeded_store.sessions() as session:
        vocab = Vocabulary(session)
    assert vocab.resolve_source_phrase("PCX") == (set(), "")
    assert vocab.resolve_source_phrase("SOH") == (set(), "")


def test_who_is_counted_ranks_but_people_in_general_does_not() -> None:
    assert parse_question("how many militants fled Ellery").count_nouns == ("militants",)
    assert parse_question("how many people were killed in Ellery").count_nouns == ()


def test_a_question_counts_the_people_extraction_counts() -> None:
    """The people a question names rank its answer and never filter it, whichever of the
    extraction lexicon's people nouns they are; a noun of the dead is a category word."""
    assert parse_question("how many gunmen were killed in Ellery").count_nouns == ("gunmen",)
    assert parse_question("how many worshippers were hurt in Ellery").count_nouns == (
        "worshippers",
    )
    assert "bodies" not in parse_question("how many bodies were found in Ellery").count_nouns
