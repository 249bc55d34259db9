"""Where the seed articles disagree: rival totals side by side, a conservative summary."""

from __future__ import annotations

from store.answer import AnswerFigure, Citation
from store.disagreement import conflicts, is_part, rival_groups, summary
from store.events.lead import build_event
from store.factstore import FactStore


def figure(value: float, category: str = "killed", **fields: object) -> AnswerFigure:
    text = str(int(value))
    quote = str(fields.pop("quote", f"Officials said {text} people were killed."))
    document = str(fields.pop("document", f"doc-{text}"))
    citation = Citation(document, None, None, None, None, quote, 0, len(quote))
    base: dict[str, object] = {
        "value": value,
        "low": value,
        "high": value,
        "text": text,
        "qualifier": None,
        "unit": None,
        "counts": "people",
        "category": category,
        "perpetrator": None,
        "place": "Qaryatayn",
        "period": None,
        "source": None,
        "citations": (citation,),
    }
    base.update(fields)
    return AnswerFigure(**base)  # type: ignore[arg-type]


def test_the_seed_death_toll_shows_80_116_and_128_side_by_side(seeded_store: FactStore) -> None:
    answer = seeded_store.ask("death toll Qaryatayn?")
    rivals = [c for c in answer.conflicts if {e.value for e in c.figures} >= {80, 116, 128}]
    assert len(rivals) == 1
    (rival,) = rivals
    assert rival.category == "killed"
    by_value = {e.value: e for e in rival.figures}
    assert by_value[80].source == "activists"
    assert by_value[116].source == "Syrian Observatory for Human Rights"
    assert str(by_value[116].published) == "2017-10-24"
    # another perpetrator's count, a count over 48 hours and "35 of the casualties" are no rivals
    assert not {12, 83, 35} & set(by_value)


def test_the_summary_gives_the_events_lead_with_the_range_of_its_rival_totals(
    seeded_store: FactStore,
) -> None:
    """UCDP's best, not the lowest: the total most outlets carry, with its rivals' low-high
    (another hand's 12 and the 83 of the last 48 hours are no rivals)."""
    answer = seeded_store.ask("death toll Qaryatayn?")
    killed = next(s for s in answer.summary if s.category == "killed")
    assert (killed.value, killed.low, killed.high, killed.sources) == (128, 80, 128, 5)


def test_the_main_toll_ranks_first(seeded_store: FactStore) -> None:
    answer = seeded_store.ask("death toll Qaryatayn?")
    assert answer.figures[0].value == 128
    assert answer.figures[0].perpetrator == "Islamic State"


def test_a_question_about_regime_killings_summarises_their_count(
    seeded_store: FactStore,
) -> None:
    answer = seeded_store.ask("civilians killed by regime forces in Qaryatayn")
    assert [(s.category, s.value) for s in answer.summary] == [("killed", 12)]
    assert answer.conflicts == ()


def test_a_count_without_a_perpetrator_joins_the_main_event() -> None:
    figures = [
        figure(128, perpetrator="Islamic State", document="a"),
        figure(128, perpetrator="Islamic State", document="b"),
        figure(12, perpetrator="Syrian government forces", document="c"),
        figure(67, document="d"),
    ]
    groups = [sorted(f.value or 0 for f in g) for g in rival_groups(figures, one_place=True)]
    assert sorted(groups) == [[12], [67, 128, 128]]
    (conflict,) = conflicts(rival_groups(figures, one_place=True))
    assert [e.value for e in conflict.figures] == [67, 128]
    assert conflict.figures[1].documents == ("a", "b")


def test_bodies_found_and_people_killed_are_one_toll() -> None:
    figures = [figure(80, "bodies", document="a"), figure(128, "killed", document="b")]
    (conflict,) = conflicts(rival_groups(figures, one_place=True))
    assert conflict.category == "killed"
    assert [e.value for e in conflict.figures] == [80, 128]


def test_parts_are_not_rival_totals() -> None:
    over_a_period = figure(83, period="in the last 48 hours")
    partitive = figure(35, quote="At least 35 of the casualties were found shot.")
    assert is_part(over_a_period) and is_part(partitive)
    assert not is_part(figure(128))
    parts_and_a_total = [over_a_period, partitive, figure(128)]
    assert conflicts(rival_groups(parts_and_a_total, one_place=True)) == ()


def test_places_keep_their_tolls_apart_when_the_question_names_none() -> None:
    figures = [figure(5, place="Homs", document="a"), figure(9, place="Aleppo", document="b")]
    assert conflicts(rival_groups(figures, one_place=False)) == ()
    assert len(conflicts(rival_groups(figures, one_place=True))) == 1
    (killed,) = summary(figures, rival_groups(figures, one_place=False))
    assert (killed.low, killed.high, killed.sources) == (5, 9, 2)


def _cited(value: float, outlets: int, source: str | None, quote: str) -> AnswerFigure:
    """A killed figure carried by `outlets` articles of different outlets."""
    citations = tuple(
        Citation(f"doc-{value}-{n}", None, f"outlet-{n}", None, None, quote, 0, len(quote))
        for n in range(outlets)
    )
    return figure(value, source=source, quote=quote, citations=citations)


def test_one_named_victim_from_a_named_source_does_not_take_the_lead_from_the_total() -> None:
    """Every article names the one victim police identified; the toll stays the total."""
    total = _cited(3, 3, None, "3 killed in parking lot shooting")
    named = _cited(1, 3, "police", "Police said Rue Alder, 19, died at the scene.")
    event = build_event(event_id="1", place=None, start=None, end=None, ranked=[total, named])
    assert event.lead is not None and event.lead.figure.value == 3


def test_a_larger_sourced_total_still_takes_the_lead() -> None:
    """The near-miss: a named source's total at least as large as the unsourced one leads."""
    total = _cited(3, 2, None, "3 killed in parking lot shooting")
    sourced = _cited(4, 2, "the coroner", "The coroner said four people died.")
    event = build_event(event_id="1", place=None, start=None, end=None, ranked=[total, sourced])
    assert event.lead is not None and event.lead.figure.value == 4
