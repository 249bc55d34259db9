"""The meaning of figures in the seeds' hard cases: what is counted, who did it, who said it."""

from __future__ import annotations

import pytest

from store.extract.meaning import capitalised_names
from store.extract.pipeline import extract_document
from store.extract.sentences import split_sentences


def figure(text: str, surface: str):  # type: ignore[no-untyped-def]
    found = [f for f in extract_document(text).figures if f.text == surface]
    assert found, f"no figure {surface!r} in {[f.text for f in extract_document(text).figures]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "surface", "category"),
    [
        ("Only 75 bodies were identified, the rest decomposed.", "Only 75", "identified"),
        ("Some 128 bodies have been found in the town of Qaryatayn.", "Some 128", "bodies"),
        ("Two hundred ISIS militants fled to the desert.", "Two hundred", "fled"),
        ("18,000 civilians remain in the town", "18,000", "population"),
        ("The town had a population of about 18,000 before the war.", "about 18,000", "population"),
        ("The killings occurred over a 20 day period.", "20 day", "duration"),
        # Casualties found shot are the dead, not the wounded.
        (
            "At least 35 of the casualties were found shot and dumped in a shaft.",
            "At least 35",
            "killed",
        ),
        # An agent noun names who did it: the resident who spoke is not a victim.
        (
            "Of the executioners, one resident of the town told reporters they were afraid.",
            "one",
            "count",
        ),
    ],
)
def test_the_verb_nearest_the_number_gives_the_category(
    text: str, surface: str, category: str
) -> None:
    assert figure(text, surface).category == category


def test_a_number_without_a_noun_inherits_what_the_clause_before_counted() -> None:
    text = "At least 128 civilians were assassinated by Islamic State — 83 were killed in the last 48 hours."
    assert figure(text, "83").counts == "civilians"
    assert figure(text, "83").period == "in the last 48 hours"


@pytest.mark.parametrize(
    ("text", "surface", "perpetrator"),
    [
        (
            "The Observatory added that 12 civilians were killed by the Syrian regime forces.",
            "12",
            "Syrian government forces",
        ),
        (
            "It documented at least 12 killed at the hands of pro-government troops.",
            "at least 12",
            "Syrian government forces",
        ),
        ("But in that period, Daesh executed 128 residents of the town.", "128", "Islamic State"),
    ],
)
def test_who_did_it(text: str, surface: str, perpetrator: str) -> None:
    assert figure(text, surface).perpetrator == perpetrator


@pytest.mark.parametrize(
    ("text", "surface", "source"),
    [
        (
            "Abdullah Abdul Karim, an activist from the town, told VOA that 18,000 civilians have remained.",
            "18,000",
            "Abdullah Abdul Karim",
        ),
        (
            '"Two hundred militants fled," the Observatory said.',
            "Two hundred",
            "Syrian Observatory for Human Rights",
        ),
        (
            "SOHR chief, Rami Abdelrahman, said at least 116 civilians were executed.",
            "at least 116",
            "Syrian Observatory for Human Rights",
        ),
        (
            "Some 128 bodies have been found, according to the Syrian Observatory of Human Rights (SOHR).",
            "Some 128",
            "Syrian Observatory for Human Rights",
        ),
        (
            "The Palmyra Coordination Committee published the names of 67 civilians. It said at least 35 were found shot.",
            "at least 35",
            "Palmyra Coordination Committee",
        ),
    ],
)
def test_who_said_it_and_never_the_outlet(text: str, surface: str, source: str) -> None:
    assert figure(text, surface).source == source


def test_every_shorter_run_of_a_capitalised_name_is_a_name_the_article_uses() -> None:
    names = capitalised_names("Deputies in East Baton Rouge Parish said.")
    assert {"East Baton Rouge Parish", "Baton Rouge", "East Baton Rouge"} <= set(names)


def test_a_capitalised_run_stops_at_a_line_break_and_a_dash() -> None:
    names = capitalised_names("NEW ORLEANS -- Police said.\nKilled Last Night\n\nPosted")
    assert "NEW ORLEANS" in names
    assert not any("Police" in n and "ORLEANS" in n for n in names)
    assert not any("Posted" in n and "Night" in n for n in names)


def test_an_abbreviated_place_word_keeps_its_period_in_the_name() -> None:
    names = capitalised_names("St. Louis woman killed near Ft. Wayne Road")
    assert {"St. Louis", "Ft. Wayne"} <= set(names)


def test_a_sentence_glued_to_the_next_by_a_lost_space_is_still_two() -> None:
    text = "Three others were wounded.Gunfire broke out at 10 p.m. Thursday. Visit WSAV.com now."
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == [
        "Three others were wounded.",
        "Gunfire broke out at 10 p.m. Thursday.",
        "Visit WSAV.com now.",
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Three people were hurt at a party in Christmas week.", None),
        ("Two people were wounded at the Super Bowl party.", None),
        # near-misses: the same words around a town's name do give the place
        ("Three people were hurt at a party in Hartwell week.", "Hartwell"),
        ("Two people were wounded at the Riverside party.", "Riverside"),
    ],
)
def test_a_holiday_is_not_where_a_figure_happened(text: str, place: str | None) -> None:
    assert figure(text, text.split()[0]).place == place
