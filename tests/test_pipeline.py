"""Extraction runs as named stages over one document: the stages, their order, and the
stage each figure names."""

from __future__ import annotations

import time

import pytest

from store.extract.document import Document
from store.extract.lexicon import (
    BODY_NOUNS,
    DEAD_NOUNS,
    DEAD_ONLY_NOUNS,
    HARM_BY_VERBS,
    INJURED_CUES,
    KILLED_CUES,
    KILLING_VERBS,
    PEOPLE_NOUNS,
    STATE_NOUNS,
)
from store.extract.pipeline import STAGES, extract_document


def test_the_stages_run_in_the_documented_order() -> None:
    assert list(STAGES) == [
        "fold",
        "sentences",
        "names",
        "quantities",
        "non_figures",
        "speakers",
        "casualties",
        "meaning",
        "sentence_totals",
        "tally",
        "unfold",
    ]


def test_every_stage_says_what_it_does() -> None:
    for name, stage in STAGES.items():
        assert stage.__doc__ and stage.__doc__.strip(), name


def test_stages_one_by_one_leave_each_part_on_the_document() -> None:
    text = "The shelter took in 45 families on 3 May 2019. A guard was shot and killed."
    doc = Document(
        original=text, original_title=None, name="t", budget=5.0, started=time.thread_time()
    )
    for name in ("fold", "sentences", "quantities", "non_figures"):
        STAGES[name](doc)
    assert len(doc.sentences) == 2
    assert [q.text for q in doc.quantities[0]] == ["45"]
    assert [q.kind for q in doc.non_figures[0]] == ["date"]
    STAGES["speakers"](doc)
    STAGES["casualties"](doc)
    assert doc.casualties[0] == [] and [c.value for c in doc.casualties[1]] == [1]


def test_each_figure_names_the_stage_that_produced_it() -> None:
    text = (
        "Rescuers moved 30 people to a school. A guard was shot and killed. A clerk was shot "
        "in the leg, and two other customers were also wounded."
    )
    stages = {(f.text, f.category): f.stage for f in extract_document(text).figures}
    assert stages[("30", "count")] == "meaning"
    assert stages[("A guard", "killed")] == "casualties"
    assert "sentence_totals" in stages.values()


def test_a_worded_count_owns_its_span() -> None:
    # "no one" is 0 injured; its "one" is no figure of its own.
    [fig] = extract_document("No one was hurt in the fire.").figures
    assert (fig.value, fig.category, fig.stage) == (0, "injured", "casualties")


def test_the_lexicon_words_agree_with_each_other() -> None:
    assert BODY_NOUNS <= DEAD_ONLY_NOUNS < DEAD_NOUNS
    assert STATE_NOUNS <= DEAD_ONLY_NOUNS & PEOPLE_NOUNS
    assert not set(KILLED_CUES) & set(INJURED_CUES)
    # whoever kills someone does them harm: every killing verb names its agent after "by" too
    assert set(KILLING_VERBS) <= set(HARM_BY_VERBS)


def test_a_victim_noun_of_the_lexicon_is_read_as_one_victim() -> None:
    [fig] = extract_document("A cashier was shot and killed on Friday.").figures
    assert (fig.value, fig.category) == (1, "killed")
    [fig] = extract_document("Police said a roommate was wounded.").figures
    assert (fig.value, fig.category) == (1, "injured")
    # a near-miss: the noun is there, but no kill or injury verb governs it
    assert extract_document("A cashier said the store closed early.").figures == []


@pytest.mark.parametrize(
    ("sentence", "reading"),
    [
        ("A cook was shot and killed behind the diner.", (1, "killed")),
        ("Police said a hiker was wounded by a stray round.", (1, "injured")),
        ("A hotel porter was stabbed to death on Monday.", (1, "killed")),
        ("Deputies said a jogger was struck by gunfire near the lake.", (1, "injured")),
    ],
)
def test_a_person_named_by_trade_or_pastime_is_one_victim(
    sentence: str, reading: tuple[int, str]
) -> None:
    [fig] = extract_document(sentence).figures
    assert (fig.value, fig.category) == reading


def test_a_person_named_by_trade_with_no_harm_done_is_no_figure() -> None:
    assert extract_document("A cook said the kitchen closed early.").figures == []
    assert extract_document("The porter carried the cases upstairs.").figures == []
