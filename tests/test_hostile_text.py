"""Hostile text cannot stall extraction: ~10 kB built to make rules retry from every character
is read in well under a second of CPU, and a document past its budget keeps what it found.

CPU time (time.process_time), not wall time: the test holds on a busy machine."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.hostile import PIECES, catalogue, cpu_seconds, hostile_text
from store.extract.pipeline import extract_document

LIMIT_S = 1.0

# A piece is one of the hostile pieces, or a run of digits, punctuation or capitals.
piece = st.one_of(
    st.sampled_from(PIECES),
    st.text(alphabet="0123456789", min_size=1, max_size=60),
    st.text(alphabet=".!?,;:-–—'\"“”()", min_size=1, max_size=30),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ ", min_size=1, max_size=40),
    st.text(alphabet="½¾⅓0123456789/:., \u200b\u202e\u00a0", min_size=1, max_size=20),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(piece, min_size=1, max_size=6))
def test_ten_kilobytes_of_hostile_text_is_read_in_under_a_second(pieces: list[str]) -> None:
    text = hostile_text(pieces)
    assert cpu_seconds(text) < LIMIT_S, f"{pieces!r} x {len(text)} characters"


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_each_known_hostile_input_is_read_in_under_a_second(name: str) -> None:
    assert cpu_seconds(catalogue()[name]) < LIMIT_S, name


def test_thirty_thousand_numbers_in_one_sentence_are_all_read() -> None:
    text = "7 " * 30_000
    doc = extract_document(text)
    assert len(doc.figures) == 30_000
    assert all(text[f.start : f.end] == "7" for f in doc.figures)


def test_a_sentence_past_the_length_cap_is_read_in_pieces_with_a_note(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = "Crews counted " + "12 trucks and " * 400 + "4 buses."
    with caplog.at_level(logging.WARNING, logger="store"):
        doc = extract_document(text, name="convoy.txt")
    assert len(doc.sentences) > 1
    assert all(b - a <= 2000 for a, b in doc.sentences)
    assert "".join(text[a:b] for a, b in doc.sentences).replace(" ", "") == text.replace(" ", "")
    assert len(doc.figures) == 401
    assert any(
        "convoy.txt" in r.getMessage() and "pieces" in r.getMessage() for r in caplog.records
    )


def test_a_document_past_its_budget_keeps_the_figures_found_before(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = "Floods left 40 families homeless. Another 12 homes were lost. Then 3 bridges fell."
    with caplog.at_level(logging.WARNING, logger="store"):
        doc = extract_document(text, name="floods.txt", budget=0.0)
    assert [f.value for f in doc.figures] == [40.0]
    assert len(doc.sentences) == 3  # the text is still split whole, so it is stored whole
    [note] = [r.getMessage() for r in caplog.records if "stopped" in r.getMessage()]
    assert "floods.txt" in note


def test_a_document_within_its_budget_is_read_whole() -> None:
    text = "Floods left 40 families homeless. Another 12 homes were lost. Then 3 bridges fell."
    assert [f.value for f in extract_document(text, name="floods.txt").figures] == [40.0, 12.0, 3.0]
