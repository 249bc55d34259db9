"""Invisible characters and other scripts' digits: numbers are read as a reader sees them,
and every citation stays exactly the text as stored."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.extract.folding import fold
from store.extract.pipeline import extract_document
from store.extract_only import figures_of
from store.readers import RawArticle


def figures(text: str) -> list[tuple[str, float | None]]:
    doc = extract_document(text)
    for fig in doc.figures:
        start, end = doc.sentences[fig.sentence]
        assert text[fig.start : fig.end] == fig.text, "a figure's text is its stored span"
        assert start <= fig.start and fig.end <= end, "a figure stands inside its sentence"
    return [(f.text, f.value) for f in doc.figures]


@pytest.mark.parametrize(
    ("invisible", "name"),
    [
        ("\u200b", "zero-width space"),
        ("\u200c", "zero-width non-joiner"),
        ("\u200d", "zero-width joiner"),
        ("\u2060", "word joiner"),
        ("\ufeff", "byte-order mark"),
        ("\u200e", "left-to-right mark"),
        ("\u200f", "right-to-left mark"),
        ("\u061c", "Arabic letter mark"),
        ("\u2066", "left-to-right isolate"),
        ("\u2069", "pop directional isolate"),
    ],
)
def test_an_invisible_character_inside_a_number_does_not_split_it(
    invisible: str, name: str
) -> None:
    text = f"Rescuers said at least 2{invisible}47 villagers were missing."
    assert figures(text) == [(f"at least 2{invisible}47", 247.0)], name


def test_a_right_to_left_override_is_read_in_the_order_it_is_shown() -> None:
    # "\u202e913\u202c" shows as 319 on screen: the figure is what the reader sees.
    text = "Officials counted \u202e913\u202c displaced families in the valley."
    [(surface, value)] = figures(text)
    assert value == 319.0
    assert "913" in surface


def test_a_left_to_right_override_is_dropped() -> None:
    text = "Officials counted \u202d913\u202c displaced families in the valley."
    assert [value for _, value in figures(text)] == [913.0]


@pytest.mark.parametrize("space", ["\u00a0", "\u2007", "\u2009", "\u202f"])
def test_a_no_break_or_thin_space_groups_digits(space: str) -> None:
    text = f"The agency said 64{space}500 people had left the district."
    assert figures(text) == [(f"64{space}500", 64500.0)]


@pytest.mark.parametrize("space", ["\u00a0", "\u2009"])
def test_a_no_break_space_before_a_word_is_only_a_space(space: str) -> None:
    text = f"Firefighters rescued 14{space}people from the flats."
    assert [value for _, value in figures(text)] == [14.0]


def test_a_no_break_space_before_more_than_three_digits_does_not_join_them() -> None:
    text = "Teams searched 6\u00a02000 homes."
    assert 62000.0 not in [value for _, value in figures(text)]


@pytest.mark.parametrize(
    ("digits", "script"),
    [("٣٤٠", "Arabic-Indic"), ("۳۴۰", "Persian"), ("३४०", "Devanagari"), ("３４０", "fullwidth")],
)
def test_digits_of_other_scripts_are_read_as_numbers(digits: str, script: str) -> None:
    text = f"The ministry said {digits} houses were destroyed."
    assert [value for _, value in figures(text)] == [340.0], script


def test_fullwidth_separators_are_read_like_ascii_ones() -> None:
    text = "The ministry said １２，５００ people were displaced."
    assert [value for _, value in figures(text)] == [12500.0]


def test_superscripts_and_vulgar_fractions_are_left_as_written() -> None:
    assert fold("an area of 5 km² and ½ mile").text == "an area of 5 km² and ½ mile"


def test_ordinary_text_is_read_as_it_is() -> None:
    folded = fold("At least 128 people were killed, officials said.")
    assert folded.origin is None
    assert folded.span(9, 12) == (9, 12)


def test_sentences_are_offsets_into_the_stored_text() -> None:
    text = "Two\u200b hundred families fled.\u2060 Another 3\u200b00 stayed behind."
    doc = extract_document(text)
    quotes = [text[a:b] for a, b in doc.sentences]
    assert quotes == ["Two\u200b hundred families fled.", "Another 3\u200b00 stayed behind."]
    assert sorted(f.value for f in doc.figures if f.value is not None) == [200.0, 300.0]


def test_extract_cites_the_stored_text_of_a_document_with_invisible_characters() -> None:
    text = "Relief agencies said 3\u200b400 families had fled Lowmoor.\u2060 About 2\u00a0500 returned."
    article = RawArticle(id="lowmoor.txt", text=text, origin="lowmoor.txt")
    figures = [figure for figure, _extracted in figures_of(article)]
    assert sorted(f.value for f in figures if f.value is not None) == [2500.0, 3400.0]
    for fig in figures:
        [citation] = fig.citations
        assert citation.quote == text[citation.start : citation.end]
        assert fig.text in citation.quote


WORDS = st.sampled_from(
    [
        "At least",
        "1,250",
        "64",
        "500",
        "people",
        "were",
        "killed",
        "in",
        "Marlow",
        ",",
        ".",
        "the council said",
        "dozens",
        "two hundred",
        "\n",
        "\u00bd",
    ]
)
INVISIBLE = st.sampled_from(["\u200b", "\u200d", "\ufeff", "\u202e", "\u202c", "\u2066", "\u00a0"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(WORDS, st.lists(INVISIBLE, max_size=2)), min_size=1, max_size=40))
def test_citations_stay_exact_whatever_invisible_characters_the_text_holds(
    parts: list[tuple[str, list[str]]],
) -> None:
    # Invisible characters go between and inside words ("1\u200b,250"), where a spoofer puts them.
    text = " ".join(word[:1] + "".join(marks) + word[1:] for word, marks in parts)
    doc = extract_document(text)
    for start, end in doc.sentences:
        assert 0 <= start < end <= len(text)
    for fig in doc.figures:
        start, end = doc.sentences[fig.sentence]
        assert fig.text == text[fig.start : fig.end]
        assert start <= fig.start < fig.end <= end
