"""The signals that gather one incident's reports into one event, each with a report that joins
and a near miss that must stay apart. Every article, person, venue and town here is invented
(the states are real: they are what a region is)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from store.events.dates import event_span
from store.events.signals import EventSignals, _clean_place, read_signals
from store.extract.pipeline import extract_document
from store.factstore import FactStore
from store.models import Document, Event
from store.readers import RawArticle
from tests.event_fixtures import article as event_article
from tests.event_fixtures import events_of


def article(doc_id: str, text: str, published: str) -> RawArticle:
    """A report from an outlet of its own, so no two reports share one."""
    return event_article(doc_id, text, published, outlet=f"Outlet {doc_id}")


def signals(text: str, published: str = "2016-03-14") -> EventSignals:
    extracted = extract_document(text, None, name="invented")
    return read_signals(text, extracted, dt.date.fromisoformat(published))


# The first report of a shooting at a lounge in Greenville, and what later reports say of it.
LOUNGE = article(
    "lounge",
    "GREENVILLE — Two men were killed in a shooting at the Blue Door Lounge on Saturday night, "
    "Greenville police said. Officers found Darnell Ortiz and Kevin Marsh shot in the parking "
    "lot. Ortiz was pronounced dead at the scene and Marsh died at a hospital.",
    "2016-03-13",
)


# --- a person named in the story, without an age -----------------------------------------------


def test_a_report_months_later_naming_the_victim_joins_his_event(empty_store: FactStore) -> None:
    trial = article(
        "trial",
        "GREENVILLE — A jury on Tuesday convicted a man of murder in the death of Darnell Ortiz, "
        "who was shot outside a bar last spring. Ortiz's mother wept as the verdict was read in "
        "Greenville.",
        "2016-11-16",
    )
    empty_store.ingest([LOUNGE, trial])
    events = events_of(empty_store)
    assert events["trial"] == events["lounge"]


def test_an_officer_quoted_in_two_reports_ties_no_shootings_together(
    empty_store: FactStore,
) -> None:
    """A spokesman is named with his title: he is in every report, of every shooting."""
    first = article(
        "first",
        "GREENVILLE — A man was shot dead on Birch Avenue on Saturday, said Sgt. Paul Brennan, "
        "a police spokesman. Brennan said the victim was found in a car.",
        "2016-03-13",
    )
    later = article(
        "later",
        "GREENVILLE — A woman was wounded in a shooting on Cedar Lane on Friday, said Sgt. Paul "
        "Brennan. Brennan said she was shot in the leg.",
        "2016-04-09",
    )
    empty_store.ingest([first, later])
    events = events_of(empty_store)
    assert events["first"] != events["later"]


# --- the venue the lead names --------------------------------------------------------------------


def test_a_report_naming_the_venue_weeks_later_joins_its_event(empty_store: FactStore) -> None:
    charged = article(
        "charged",
        "GREENVILLE — A man was charged Tuesday in the Blue Door Lounge shooting that killed two "
        "men, prosecutors said.",
        "2016-05-25",
    )
    empty_store.ingest([LOUNGE, charged])
    events = events_of(empty_store)
    assert events["charged"] == events["lounge"]


def test_the_next_shooting_on_the_same_street_is_another_event(empty_store: FactStore) -> None:
    """A street is a place, not a story's own: two shootings on it weeks apart are two."""
    first = article(
        "first",
        "GREENVILLE — A man was killed in a shooting on Magnolia Street on Saturday night, "
        "police said.",
        "2016-03-13",
    )
    later = article(
        "later",
        "GREENVILLE — Two women were wounded in a shooting on Magnolia Street on Friday, police "
        "said.",
        "2016-04-02",
    )
    empty_store.ingest([first, later])
    events = events_of(empty_store)
    assert events["first"] != events["later"]


# --- the victim the lead describes ---------------------------------------------------------------


GIRL = article(
    "girl",
    "GREENVILLE — An 8-year-old girl was critically wounded on Saturday when she was caught in "
    "crossfire outside her home, Greenville police said.",
    "2016-03-13",
)


def test_a_follow_up_describing_the_same_child_joins_her_event(empty_store: FactStore) -> None:
    arrest = article(
        "arrest",
        "GREENVILLE — Detectives say a stray bullet from a suspect booked on Thursday struck the "
        "8-year-old girl on her porch, Greenville police said.",
        "2016-03-24",
    )
    empty_store.ingest([GIRL, arrest])
    events = events_of(empty_store)
    assert events["arrest"] == events["girl"]


def test_a_report_describing_another_victim_stays_apart(empty_store: FactStore) -> None:
    other = article(
        "other",
        "GREENVILLE — Detectives say a suspect booked on Thursday fired the shot that struck the "
        "34-year-old man outside a store, Greenville police said.",
        "2016-03-24",
    )
    empty_store.ingest([GIRL, other])
    events = events_of(empty_store)
    assert events["other"] != events["girl"]


# --- someone named and the victim described, where a report names no place ---------------------


GRANDSON = article(
    "grandson",
    "GREENVILLE — An 8-year-old boy was killed on Saturday when his brother found a gun in the "
    "home of their grandmother, Dana Potter, police said. Potter was not home.",
    "2016-07-17",
)


def test_a_placeless_report_naming_the_person_and_the_victim_joins(
    empty_store: FactStore,
) -> None:
    charged = article(
        "charged",
        "A grandmother faces a charge of child endangerment because the 8-year-old boy found her "
        "loaded pistol. Dana Potter pleaded not guilty, and Potter's lawyer declined to comment.",
        "2017-02-22",
    )
    empty_store.ingest([GRANDSON, charged])
    events = events_of(empty_store)
    assert events["charged"] == events["grandson"]


def test_a_placeless_report_naming_the_person_but_another_victim_stays_apart(
    empty_store: FactStore,
) -> None:
    other = article(
        "other",
        "A grandmother faces a charge of child endangerment because the 15-year-old boy found "
        "her loaded pistol. Dana Potter pleaded not guilty, and Potter's lawyer declined to "
        "comment.",
        "2017-02-22",
    )
    empty_store.ingest([GRANDSON, other])
    events = events_of(empty_store)
    assert events["other"] != events["grandson"]


# --- the toll the report leads with --------------------------------------------------------------


TRAILER = article(
    "trailer",
    "GREENVILLE — Three people were shot dead in a trailer on Wednesday, Greenville police said.",
    "2016-06-23",
)


def test_an_arrest_in_the_week_after_with_the_same_toll_joins(empty_store: FactStore) -> None:
    arrest = article(
        "arrest",
        "GREENVILLE — Detectives booked a suspect on Tuesday for the shooting that left three "
        "people dead in the trailer, Greenville police said.",
        "2016-06-29",
    )
    empty_store.ingest([TRAILER, arrest])
    events = events_of(empty_store)
    assert events["arrest"] == events["trailer"]


def test_a_single_death_in_the_week_after_is_another_event(empty_store: FactStore) -> None:
    """One dead tells nothing from the month's other shootings at one place."""
    other = article(
        "other",
        "GREENVILLE — A man was killed in a shooting outside a store, Greenville police said.",
        "2016-06-29",
    )
    empty_store.ingest([TRAILER, other])
    events = events_of(empty_store)
    assert events["other"] != events["trailer"]


def test_the_same_toll_by_another_hand_the_week_after_is_another_attack(
    empty_store: FactStore,
) -> None:
    strikes = article(
        "strikes",
        "Five civilians were killed by government air strikes in Maarat Misrin on Tuesday, a "
        "monitor said.",
        "2016-05-11",
    )
    shelling = article(
        "shelling",
        "Five civilians were killed by rebel shelling in Maarat Misrin, a monitor said.",
        "2016-05-17",
    )
    empty_store.ingest([strikes, shelling])
    events = events_of(empty_store)
    assert events["shelling"] != events["strikes"]


def test_a_monitor_quoted_in_two_reports_ties_no_attacks_together(
    empty_store: FactStore,
) -> None:
    """The head of a monitoring group speaks of every attack: he is no one attack's person."""
    first = article(
        "first",
        "Air strikes killed seven people in Maarat Misrin on Tuesday, said Rami Saleh, the head "
        "of the monitoring group. Saleh said the dead included two children.",
        "2016-05-11",
    )
    later = article(
        "later",
        "Shelling killed eight people in Maarat Misrin on Sunday, said Rami Saleh, the head of "
        "the monitoring group. Saleh said a market was hit.",
        "2016-06-20",
    )
    empty_store.ingest([first, later])
    events = events_of(empty_store)
    assert events["first"] != events["later"]


# --- two events one report shows are one ---------------------------------------------------------


def test_a_report_naming_what_two_events_share_merges_them(empty_store: FactStore) -> None:
    """The first report names the venue, a later one the suspect; a third names both."""
    suspect = article(
        "suspect",
        "GREENVILLE — Marcus Webb was arrested on Monday in a killing, Greenville police said. "
        "Webb is held without bail.",
        "2016-05-03",
    )
    both = article(
        "both",
        "GREENVILLE — Marcus Webb was charged with murder in the Blue Door Lounge shooting that "
        "killed two men, prosecutors said. Webb pleaded not guilty.",
        "2016-05-25",
    )
    empty_store.ingest([LOUNGE, suspect])
    before = events_of(empty_store)
    assert before["suspect"] != before["lounge"]
    empty_store.ingest([both])
    events = events_of(empty_store)
    assert events["both"] == events["lounge"] == events["suspect"]
    with empty_store.sessions() as session:
        assert (
            session.execute(select(Event.articles).where(Event.id == events["both"])).scalar_one()
            == 3
        )
        assert session.get(Event, before["suspect"]) is None


def test_a_follow_up_read_before_its_first_report_still_joins_it(empty_store: FactStore) -> None:
    """An archive's order is not the news's: within what is stored at once, the oldest
    report is placed first, so the arrest finds the shooting it follows."""
    arrest = article(
        "arrest",
        "GREENVILLE — Detectives booked a suspect on Tuesday for the shooting that left three "
        "people dead in the trailer, Greenville police said.",
        "2016-06-29",
    )
    empty_store.ingest([arrest, TRAILER])
    events = events_of(empty_store)
    assert events["arrest"] == events["trailer"]


# --- the region of a town the gazetteer cannot place ---------------------------------------------


def region_of(store: FactStore, doc_id: str) -> str | None:
    with store.sessions() as session:
        return session.execute(
            select(Event.region)
            .join(Document, Document.event_id == Event.id)
            .where(Document.id == doc_id)
        ).scalar_one()


def test_an_unplaced_town_is_in_the_state_its_report_names(empty_store: FactStore) -> None:
    report = article(
        "report",
        "PELLSTON, Ky. — Two men were killed in a shooting at a farmhouse outside Pellston on "
        "Saturday, the state police said.",
        "2016-03-13",
    )
    empty_store.ingest([report])
    assert region_of(empty_store, "report") == "Kentucky"


def test_a_state_that_begins_a_street_name_names_no_state(empty_store: FactStore) -> None:
    report = article(
        "report",
        "PELLSTON — Two men were killed in a shooting on Kentucky Avenue on Saturday, police said.",
        "2016-03-13",
    )
    empty_store.ingest([report])
    assert region_of(empty_store, "report") is None


def test_a_state_is_read_from_its_abbreviation_as_written() -> None:
    assert signals("PELLSTON, Ky. — A man was shot dead on Saturday.").region == "Kentucky"
    # "In" opening a sentence is not Indiana's "IN"
    assert signals("PELLSTON — In a quiet street, a man was shot dead on Saturday.").region is None


# --- a town the gazetteer knows in another state --------------------------------------------------


# Another report, so the store knows Colorado and a question can name it as the town's state.
DENVER = article(
    "denver",
    "DENVER, Colorado — A man was wounded in a shooting on Friday, police said.",
    "2016-02-06",
)


def test_a_town_placed_by_a_guess_is_reached_in_the_state_asked(empty_store: FactStore) -> None:
    """The gazetteer knows one Casper, Wyoming's; a report that never names a state may be about
    another, and a question about Casper, Colorado on that day still reaches it."""
    report = article(
        "report",
        "CASPER — A high school student was killed in an accidental shooting on Saturday, Casper "
        "police said.",
        "2016-03-13",
    )
    empty_store.ingest([DENVER, report])
    answer = empty_store.ask("how many people were killed in Casper, Colorado on 12 March 2016?")
    assert [e.id for e in answer.events] == [str(events_of(empty_store)["report"])]


def test_a_town_its_reports_place_in_another_state_is_not_reached(empty_store: FactStore) -> None:
    report = article(
        "report",
        "CASPER, Wyoming — A high school student was killed in an accidental shooting on "
        "Saturday, Casper police said.",
        "2016-03-13",
    )
    empty_store.ingest([DENVER, report])
    answer = empty_store.ask("how many people were killed in Casper, Colorado on 12 March 2016?")
    assert answer.events == ()


# --- the words around a date and a place ---------------------------------------------------------


def test_a_weekday_before_an_explicit_date_is_that_date() -> None:
    """A page's "Updated: Wednesday, May 27" is not the Wednesday before the report."""
    tuesday = dt.date(2015, 5, 26)
    lead = ["Updated: Wednesday, May 27, 2015. A man and a boy died in a shooting early Tuesday."]
    assert event_span(lead, tuesday) == (tuesday - dt.timedelta(days=2), tuesday, False)
    assert event_span(["A man was shot dead on Wednesday."], tuesday)[0] == dt.date(2015, 5, 20)


def test_a_place_glued_to_an_outlet_a_day_or_a_larger_place_is_the_place() -> None:
    assert _clean_place("Pine Hollow Township - WXYZ TV 5") == "Pine Hollow Township"
    assert _clean_place("Pine County Wednesday") == "Pine County"
    assert _clean_place("Greenville's Eastside") == "Eastside"
    assert _clean_place("St. Albans") == "St. Albans"
