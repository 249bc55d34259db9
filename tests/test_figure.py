"""One figure type from extraction to answer (`store/figure.py`): every record of a figure says
what a `Statement` says, and each conversion between them is written once."""

from __future__ import annotations

from dataclasses import fields

import pytest

from store.answer import AnswerFigure, Citation, answer_figure, figure_json
from store.explain import FigureExplanation
from store.extract.document import ExtractedFigure
from store.extract.quantities import Quantity
from store.figure import (
    STATEMENT_FIELDS,
    STORED_FIELDS,
    Amount,
    Statement,
    from_row,
    positional,
    row_values,
    statement_values,
)
from store.models import Figure
from store.query import _Fig

SAID = Statement(
    value=128.0,
    low=128.0,
    high=None,
    text="at least 128",
    qualifier="at least",
    unit=None,
    counts="civilians",
    category="killed",
    perpetrator="Islamic State",
    place="Al-Qaryatayn",
    period="",
    source="Syrian Observatory for Human Rights",
)
CITATION = Citation(
    document="d1",
    title=None,
    outlet=None,
    published=None,
    url=None,
    quote="at least 128 civilians were killed",
    start=0,
    end=34,
)


def test_every_figure_record_is_a_statement_and_spells_none_of_its_fields() -> None:
    own = {
        ExtractedFigure: {"start", "end", "sentence", "salience", "rule", "cue", "stage"},
        AnswerFigure: {"citations"},
        FigureExplanation: {"stage", "rule", "cue", "quote", "part"},
    }
    for record, extra in own.items():
        assert issubclass(record, Statement)
        names = [f.name for f in fields(record)]
        assert tuple(names[: len(STATEMENT_FIELDS)]) == STATEMENT_FIELDS
        assert set(names[len(STATEMENT_FIELDS) :]) == extra
    # A quantity is an amount before it has a meaning: it shares the amount's fields only.
    assert issubclass(Quantity, Amount) and not issubclass(Quantity, Statement)
    assert {f.name for f in fields(Quantity)} - {f.name for f in fields(Amount)} == {
        "start",
        "end",
        "kind",
    }


def test_the_answer_json_gives_the_statement_then_its_citations() -> None:
    figure = answer_figure(SAID, (CITATION,))
    out = figure_json(figure)
    assert list(out) == [*STATEMENT_FIELDS, "citations"]
    assert out["value"] == 128 and isinstance(out["value"], int) and out["high"] is None
    assert out["citations"][0]["quote"] == CITATION.quote


def test_answer_figure_copies_a_record_with_the_changes_asked() -> None:
    extracted = ExtractedFigure(
        **statement_values(SAID), start=3, end=15, sentence=0, salience=1.0, rule="killed.x"
    )
    figure = answer_figure(extracted, (CITATION,), place=None, source="SOHR")
    assert type(figure) is AnswerFigure
    assert statement_values(figure) == {**statement_values(SAID), "place": None, "source": "SOHR"}
    assert figure.citations == (CITATION,)


def test_a_stored_row_says_what_the_figure_said_its_free_text_cut_to_its_column() -> None:
    assert set(STORED_FIELDS) <= set(Figure.__table__.columns.keys())
    long_place = "x" * 300
    values = row_values(Statement(**{**statement_values(SAID), "place": long_place}))
    assert set(values) == set(STORED_FIELDS)
    assert values["place"] == long_place[:200] and values["period"] is None  # "" stored as NULL
    for name, value in values.items():
        column = Figure.__table__.columns[name]
        width = getattr(column.type, "length", None)
        assert value is None or not isinstance(value, str) or width is None or len(value) <= width
    row = Figure(**row_values(SAID))
    assert from_row(row, SAID.source) == Statement(**{**statement_values(SAID), "period": None})


def test_the_positional_constructor_builds_what_the_init_builds() -> None:
    values = (*statement_values(SAID).values(), ())
    made = positional(AnswerFigure)(*values)
    assert type(made) is AnswerFigure
    assert made == AnswerFigure(*values)


def test_a_query_candidate_holds_the_statements_fields_in_their_order() -> None:
    """The ranking's own record of a row is built by position from the statement's columns:
    it must name them as `Statement` does, in its order, before its own."""
    names = [f.name for f in fields(_Fig)]
    assert tuple(names[: len(STATEMENT_FIELDS)]) == STATEMENT_FIELDS
    candidate = _Fig(*statement_values(SAID).values(), 7, 3, 2, 0.5)
    assert statement_values(candidate) == statement_values(SAID)


def test_answer_figure_refuses_a_field_no_figure_has() -> None:
    with pytest.raises(TypeError, match="colour"):
        answer_figure(SAID, (), colour="red")
