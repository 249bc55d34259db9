"""Property-based tests: no input makes extraction or question parsing raise, and every figure's
citation is exact."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.errors import QuestionError
from store.extract.pipeline import extract_document
from store.question import parse_question

NEWS_WORDS = st.sampled_from(
    [
        "At least",
        "128",
        "civilians",
        "were",
        "killed",
        "by",
        "Daesh",
        "in",
        "Al-Qaryatayn",
        ",",
        "the",
        "Observatory",
        "said",
        ".",
        '"',
        "“",
        "”",
        "It",
        "told",
        "VOA",
        "that",
        "dozens",
        "half a million",
        "18,000",
        "three weeks",
        "—",
        "\n",
        "between 50 and 60",
        "$1.5 billion",
        "12%",
        "October 24, 2017",
        "23:38",
        "a man",
        "was shot",
        "and",
        "wounded",
        "(SOHR)",
        "according to",
        "police",
        "Two hundred",
        "fled",
        "bodies",
        "identified",
        "NEAR(",
        "*",
    ]
)
news_text = st.lists(NEWS_WORDS, max_size=60).map(" ".join)
any_text = st.one_of(st.text(max_size=400), news_text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_extraction_never_raises_and_citations_are_exact(text: str) -> None:
    doc = extract_document(text)
    for start, end in doc.sentences:
        assert 0 <= start < end <= len(text)
    for fig in doc.figures:
        assert text[fig.start : fig.end] == fig.text
        s_start, s_end = doc.sentences[fig.sentence]
        assert s_start <= fig.start and fig.end <= s_end
        assert fig.text in text[s_start:s_end]
        if fig.low is not None and fig.high is not None:
            assert fig.low <= fig.high


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_question_parsing_never_raises(text: str) -> None:
    try:
        question = parse_question(text)
    except QuestionError:
        return
    assert len(question.text) <= 500
    assert all(isinstance(c, str) for c in question.categories)
