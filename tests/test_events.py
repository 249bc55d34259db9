"""Events: the articles about one occurrence gathered, other occurrences kept apart, and the
answer led by one line a reporter can quote. Every article here is invented."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, select, text

from bot.render.event_lines import date_span, event_line
from store.events.dates import event_span, resolve
from store.events.gazetteer import gazetteer
from store.events.when import asked_dates
from store.factstore import FactStore
from tests.event_fixtures import article, events_of

# Two shootings in one city, a week apart, and the follow-up of the first.
FIRST = article(
    "first",
    "GREENVILLE — Two men were killed in a shooting outside a bar on Magnolia Street on "
    "Saturday night, Greenville police said. Police identified the victims as Darnell Ortiz, "
    "27, and Kevin Marsh, 31.",
    "2016-03-13",
)
SECOND = article(
    "second",
    "GREENVILLE — A woman was wounded in a shooting at an apartment complex on Birch Avenue on "
    "Friday, Greenville police said. Tanya Hollis, 44, was taken to a hospital.",
    "2016-03-19",
)
FOLLOW_UP = article(
    "follow-up",
    "Greenville police have arrested a man in the deaths of Darnell Ortiz and Kevin Marsh. "
    "Ortiz, 27, and Marsh, 31, were shot outside a Magnolia Street bar last month.",
    "2016-04-04",
)


def test_two_shootings_in_one_city_a_week_apart_are_two_events(
    empty_store: FactStore,
) -> None:
    empty_store.ingest([FIRST, SECOND])
    events = events_of(empty_store)
    assert events["first"] is not None and events["second"] is not None
    assert events["first"] != events["second"]


def test_a_follow_up_weeks_later_naming_the_same_victim_joins_the_first(
    empty_store: FactStore,
) -> None:
    empty_store.ingest([FIRST, SECOND, FOLLOW_UP])
    events = events_of(empty_store)
    assert events["follow-up"] == events["first"]
    assert events["follow-up"] != events["second"]


def test_an_event_shows_the_days_its_reports_give_not_a_later_reports_publication(
    empty_store: FactStore,
) -> None:
    """An undated follow-up joins the event and still finds it, but its publication day is
    not a day of the event: the event's title keeps the days the dated reports give."""
    empty_store.ingest(
        [
            article(
                "dated",
                "Shelling killed nine people in Dunmore on Saturday, a monitor said.",
                "2019-05-12",
            ),
            article(
                "undated",
                "The toll from the shelling in Dunmore has risen to nine people killed, a monitor said.",
                "2019-05-13",
            ),
        ]
    )
    events = events_of(empty_store)
    assert events["dated"] == events["undated"]
    answer = empty_store.ask("how many people were killed in Dunmore?")
    event = answer.events[0]
    assert (event.start, event.end) == (dt.date(2019, 5, 11), dt.date(2019, 5, 11))
    asked_later = empty_store.ask("how many people were killed in Dunmore on 13 May 2019?")
    assert {c.document for f in asked_later.figures for c in f.citations} == {"dated", "undated"}


def test_a_round_up_of_a_weekends_shootings_joins_none_of_them(empty_store: FactStore) -> None:
    round_up = article(
        "round-up",
        "Three people were killed and four wounded in separate shootings across Greenville over "
        "the weekend, police said. Two men died outside a Magnolia Street bar on Saturday.",
        "2016-03-14",
    )
    empty_store.ingest([FIRST, round_up])
    events = events_of(empty_store)
    assert events["round-up"] != events["first"]
    answer = empty_store.ask("how many people were killed in Greenville on 12 March 2016?")
    first_event = next(e for e in answer.events if e.id == str(events["first"]))
    assert first_event.lead is not None and first_event.lead.figure.value == 2


def test_the_same_report_twice_is_one_claim_with_two_citations(empty_store: FactStore) -> None:
    """One statement carried by two outlets, counting different nouns, is one claim."""
    wire = article(
        "wire",
        "At least 40 civilians were killed in air strikes in Maarat Misrin on Tuesday, the "
        "monitoring group said.",
        "2016-05-10",
    )
    paper = article(
        "paper",
        "Air strikes in Maarat Misrin killed 40 residents on Tuesday, a monitor reported.",
        "2016-05-10",
    )
    empty_store.ingest([wire, paper])
    answer = empty_store.ask("how many people were killed in Maarat Misrin?")
    assert len(answer.events) == 1
    lead = answer.events[0].lead
    assert lead is not None and lead.figure.value == 40
    assert {c.document for c in lead.figure.citations} == {"wire", "paper"}


def test_the_seeds_lead_with_the_toll_most_outlets_carry(seeded_store: FactStore) -> None:
    answer = seeded_store.ask("death toll Qaryatayn?")
    assert len(answer.events) == 1
    event = answer.events[0]
    assert event.lead is not None
    assert event.lead.figure.value == 128
    assert event.lead.figure.source == "Syrian Observatory for Human Rights"
    assert (event.lead.low, event.lead.high) == (80, 128)
    assert {f.value for f in event.rivals} == {80, 116}
    # parts and another hand's count are under the event, never rivals of its total
    assert {12, 83, 35, 67} & {f.value for f in event.rivals} == set()
    line = event_line(event)
    assert line.startswith("Al-Qaryatayn, 1–22 October 2017: at least 128 civilians killed by")
    assert ", according to the Syrian Observatory" in line
    assert "other totals: 116 (SOHR, 24 Oct), 80 bodies (activists, 23 Oct)" in line
    assert line.endswith("12 killed by Syrian government forces (SOHR)")
    assert answer.figures[0].value == 128  # the asked event's lead first in `figures` too


def test_a_place_the_seeds_never_name_says_so(seeded_store: FactStore) -> None:
    answer = seeded_store.ask("death toll Aleppo")
    assert answer.figures == () and answer.events == ()
    assert answer.note is not None and "Aleppo" in answer.note


def test_a_date_the_store_has_nothing_on_gets_a_note_and_the_nearest_dates(
    seeded_store: FactStore,
) -> None:
    answer = seeded_store.ask("how many people were killed in Qaryatayn on 3 March 2015?")
    assert answer.figures == ()
    assert answer.note is not None and "3 March 2015" in answer.note
    assert answer.suggestions and all("October 2017" in s for s in answer.suggestions)


def test_a_dated_question_reaches_the_event_of_that_day(empty_store: FactStore) -> None:
    empty_store.ingest([FIRST, SECOND])
    answer = empty_store.ask("how many people were injured in Greenville on 18 March 2016?")
    assert answer.events and answer.events[0].lead is not None
    assert answer.events[0].lead.figure.value == 1
    assert {c.document for f in answer.figures for c in f.citations} == {"second"}


def test_a_place_with_many_events_gets_an_overview_newest_first(empty_store: FactStore) -> None:
    streets = ["Magnolia Street", "Birch Avenue", "Cedar Lane", "Elm Court", "Oak Drive"]
    reports = [
        article(
            f"week-{i}",
            f"GREENVILLE — {i + 1} people were killed in a shooting on {street} on Saturday, "
            "Greenville police said.",
            (dt.date(2016, 1, 4) + dt.timedelta(weeks=2 * i)).isoformat(),
        )
        for i, street in enumerate(streets)
    ]
    empty_store.ingest(reports)
    answer = empty_store.ask("how many people were killed in Greenville?")
    assert answer.overview
    starts = [e.start for e in answer.events]
    assert len(starts) == 5 and starts == sorted(starts, reverse=True)  # type: ignore[type-var]
    assert [e.lead.figure.value for e in answer.events if e.lead] == [5, 4, 3, 2, 1]


def test_an_overview_holds_the_newest_events_whatever_the_ranking_cap_kept(
    empty_store: FactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ranking keeps a bounded number of prominent figures; a place's newest events are
    read beside them, so its overview is never missing last week's shooting."""
    reports = [
        article(
            f"week-{i}",
            f"GREENVILLE — {i + 1} people were killed in a shooting on Block {i + 1} of Cedar "
            "Lane on Saturday, Greenville police said.",
            (dt.date(2016, 1, 4) + dt.timedelta(weeks=2 * i)).isoformat(),
        )
        for i in range(14)
    ]
    empty_store.ingest(reports)
    monkeypatch.setattr("store.query.MAX_CANDIDATES", 2)
    answer = empty_store.ask("how many people were killed in Greenville?")
    assert answer.overview
    newest = dt.date(2016, 1, 4) + dt.timedelta(weeks=26)
    assert answer.events[0].start is not None
    assert newest - dt.timedelta(days=2) <= answer.events[0].start <= newest
    assert len(answer.events) >= 10


def test_ingesting_the_same_articles_again_changes_no_event(empty_store: FactStore) -> None:
    empty_store.ingest([FIRST, SECOND, FOLLOW_UP])
    before = events_of(empty_store)
    empty_store.ingest([FIRST, SECOND, FOLLOW_UP])
    assert events_of(empty_store) == before


@pytest.mark.parametrize(
    ("phrase", "published", "day"),
    [
        ("Saturday night", "2016-03-13", "2016-03-12"),
        ("Sunday", "2016-03-13", "2016-03-13"),  # the day it appeared
        ("on Feb. 3", "2014-02-05", "2014-02-03"),
        ("October 24", "2018-01-02", "2017-10-24"),  # last October
        ("yesterday", "2016-05-10", "2016-05-09"),
    ],
)
def test_an_articles_own_dates_are_read_against_its_publication_day(
    phrase: str, published: str, day: str
) -> None:
    assert resolve(phrase.removeprefix("on "), dt.date.fromisoformat(published)) == (
        dt.date.fromisoformat(day)
    )


def test_an_undated_report_placed_its_event_just_before_it_appeared() -> None:
    start, end, dated = event_span(["Police found a man shot dead in a car."], dt.date(2016, 5, 9))
    assert (start, end, dated) == (dt.date(2016, 5, 7), dt.date(2016, 5, 9), False)


def test_a_weekend_is_the_saturday_before_the_report() -> None:
    # a Tuesday paper: "over the weekend" is the Saturday and Sunday before it
    assert resolve("over the weekend", dt.date(2016, 5, 10)) == dt.date(2016, 5, 7)


def test_the_publication_day_named_in_the_text_dates_no_event() -> None:
    """ "police said Monday" in a Monday paper tells when it was said; an earlier day named
    beside it still dates the event."""
    monday = dt.date(2016, 4, 18)
    said = event_span(["A man is in custody, police said Monday."], monday)
    assert said == (dt.date(2016, 4, 16), monday, False)
    shot = event_span(["A girl shot Saturday died, police said Monday."], monday)
    assert shot == (dt.date(2016, 4, 16), dt.date(2016, 4, 16), True)


def test_a_stated_duration_widens_the_event_back() -> None:
    start, end, _ = event_span(
        ["The group held the town over a period of 20 days, activists said."],
        dt.date(2017, 10, 24),
    )
    assert (start, end) == (dt.date(2017, 10, 4), dt.date(2017, 10, 24))


@pytest.mark.parametrize(
    ("question", "first", "last"),
    [
        ("killed in Riverton on 16 April 2017?", "2017-04-16", "2017-04-16"),
        ("killed in Riverton on April 16, 2017", "2017-04-16", "2017-04-16"),
        ("deaths in Riverton in 2016", "2016-01-01", "2016-12-31"),
        ("deaths in Riverton in March 2015", "2015-03-01", "2015-03-31"),
    ],
)
def test_a_question_names_its_dates(question: str, first: str, last: str) -> None:
    asked = asked_dates(question)
    assert asked is not None
    assert asked.resolve(None) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


def test_a_question_without_a_date_names_none_even_with_a_count() -> None:
    assert asked_dates("how many fled the 2000 homes of Riverton") is None


def test_relative_dates_are_read_against_the_newest_article() -> None:
    asked = asked_dates("deaths in Riverton last week")
    assert asked is not None
    assert asked.resolve(dt.date(2016, 3, 20)) == (dt.date(2016, 3, 13), dt.date(2016, 3, 20))


def test_the_gazetteer_places_a_town_in_its_region_and_country() -> None:
    places = gazetteer()
    qaryatayn = places.resolve("Al-Qaryatayn")
    assert qaryatayn is not None and (qaryatayn.region, qaryatayn.country) == ("Homs", "Syria")
    assert places.resolve("Deir Ezzor") == places.resolve("Deir ez-Zor")
    indiana = places.resolve("Franklin", {"indiana"})
    assert indiana is not None and indiana.region == "Indiana"
    province = places.resolve("Homs province")
    assert province is not None and province.level == "region"


def test_a_question_about_a_region_reaches_the_events_of_its_towns(
    seeded_store: FactStore,
) -> None:
    answer = seeded_store.ask("how many people were killed in Homs province in October 2017?")
    assert answer.events and answer.events[0].lead is not None
    assert answer.events[0].lead.figure.value == 128


def test_date_spans_read_as_a_reporter_writes_them() -> None:
    assert date_span(dt.date(2017, 10, 1), dt.date(2017, 10, 21)) == "1–21 October 2017"
    assert date_span(dt.date(2017, 4, 16), dt.date(2017, 4, 16)) == "16 April 2017"
    assert date_span(dt.date(2017, 9, 28), dt.date(2017, 10, 3)) == "28 September – 3 October 2017"


def test_a_store_made_before_events_gets_them_when_opened(store_url: str) -> None:
    """The migration builds the events of a store whose articles have none."""
    from alembic import command
    from alembic.config import Config

    from store.db import MIGRATIONS

    url = store_url
    store = FactStore(url)
    store.ingest([FIRST, SECOND, FOLLOW_UP])
    expected = events_of(store)
    store.close()
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006_document_body")
    engine.dispose()
    reopened = FactStore(url)
    try:
        rebuilt = events_of(reopened)
        assert all(v is not None for v in rebuilt.values())
        assert rebuilt["follow-up"] == rebuilt["first"] != rebuilt["second"]
        assert len(set(rebuilt.values())) == len(set(expected.values()))
    finally:
        reopened.close()


def test_a_store_made_before_stated_spans_shows_its_dated_events_days(store_url: str) -> None:
    """Migration 0008 gives a dated event its matching span as the days it shows; an event
    no article dates shows none of its own."""
    from alembic import command
    from alembic.config import Config

    from store.db import MIGRATIONS
    from store.models import Event

    store = FactStore(store_url)
    store.ingest([FIRST, SECOND])
    store.close()
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(store_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007_document_published_index")
        conn.execute(
            text("UPDATE events SET dated = false WHERE id = (SELECT MIN(id) FROM events)")
        )
    engine.dispose()
    reopened = FactStore(store_url)
    try:
        with reopened.sessions() as session:
            rows = session.execute(
                select(Event.dated, Event.start, Event.end, Event.stated_start, Event.stated_end)
            ).all()
        assert any(not dated for dated, *_ in rows) and any(dated for dated, *_ in rows)
        for dated, start, end, stated_start, stated_end in rows:
            expected = (start, end) if dated else (None, None)
            assert (stated_start, stated_end) == expected
    finally:
        reopened.close()


def test_an_event_is_titled_with_its_articles_spelling_of_the_place(
    seeded_store: FactStore,
) -> None:
    """The gazetteer writes "Al Qaryatayn"; the sources write "Al-Qaryatayn", and so does the
    line a reporter quotes."""
    event = seeded_store.ask("death toll Qaryatayn?").events[0]
    assert event.place == "Al-Qaryatayn"
