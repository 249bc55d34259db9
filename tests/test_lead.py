"""The lead of an event: which of its claims a reporter would quote (store.events.lead)."""

from __future__ import annotations

from store.answer import AnswerFigure, Citation
from store.events.lead import build_event, merge_claims


def claim(
    value: int,
    quote: str,
    *,
    outlets: tuple[str, ...] = ("Daily Ledger",),
    perpetrator: str | None = None,
    source: str | None = None,
    counts: str = "people",
) -> AnswerFigure:
    text = str(value)
    assert text in quote
    return AnswerFigure(
        value=value,
        low=value,
        high=value,
        text=text,
        qualifier=None,
        unit=None,
        counts=counts,
        category="killed",
        perpetrator=perpetrator,
        place=None,
        period=None,
        source=source,
        citations=tuple(
            Citation(
                document=f"{outlet}-{value}",
                title=None,
                outlet=outlet,
                published=None,
                url=None,
                quote=quote,
                start=0,
                end=len(quote),
            )
            for outlet in outlets
        ),
    )


def lead_of(*ranked: AnswerFigure) -> float | None:
    event = build_event(event_id="1", place=None, start=None, end=None, ranked=ranked)
    assert event.lead is not None
    return event.lead.figure.value


def test_the_leading_totals_hand_is_the_events_own() -> None:
    # a wrongly read "perpetrator" carried by more reports must not set the toll aside
    toll = claim(4, "Mortar fire by insurgents killed 4 people.", perpetrator="insurgents")
    aside = claim(
        2, "On Monday 2 people were killed nearby.", perpetrator="On Monday", outlets=("A", "B")
    )
    assert lead_of(toll, aside) == 4


def test_the_leading_totals_hand_keeps_a_rival_hand_apart() -> None:
    toll = claim(30, "Militants killed 30 villagers.", perpetrator="militants")
    other = claim(5, "Troops killed 5 of the attackers.", perpetrator="troops")
    event = build_event(event_id="1", place=None, start=None, end=None, ranked=[toll, other])
    assert event.lead is not None and event.lead.figure.value == 30
    assert event.rivals == ()


def test_near_miss_a_total_naming_no_hand_takes_the_hand_most_reports_name() -> None:
    toll = claim(10, "At least 10 people were killed.")
    named = claim(10, "Raiders killed 10 people.", perpetrator="raiders", outlets=("A", "B"))
    by_others = claim(3, "Guards killed 3 people.", perpetrator="guards")
    event = build_event(
        event_id="1", place=None, start=None, end=None, ranked=[toll, named, by_others]
    )
    assert event.lead is not None and event.lead.figure.value == 10
    assert [r.value for r in event.rivals] == []  # the 10s are one claim; the guards' 3 apart


def test_a_smaller_count_a_source_gives_is_not_preferred_to_the_total() -> None:
    both = ("Daily Ledger", "Courier")
    toll = claim(17, "Artillery fire killed 17 farmers on Sunday.", outlets=both)
    part = claim(
        3,
        "A mother and her 3 children were killed, a monitor said.",
        source="monitor",
        outlets=both,
    )
    assert lead_of(toll, part) == 17


def test_a_sources_smaller_count_of_a_family_is_not_preferred() -> None:
    both = ("Daily Ledger", "Courier")
    toll = claim(21, "Shelling killed 21 people in the market.", outlets=both)
    part = claim(2, "Medics said 2 brothers were among the dead.", source="medics", outlets=both)
    assert lead_of(toll, part) == 21


def test_near_miss_a_sources_larger_total_leads_over_an_unnamed_one() -> None:
    both = ("Daily Ledger", "Courier")
    unnamed = claim(80, "The bodies of 80 people were found.", outlets=both)
    named = claim(128, "A monitor said 128 people were executed.", source="monitor", outlets=both)
    assert lead_of(unnamed, named) == 128


def test_a_sources_count_many_times_the_toll_does_not_lead() -> None:
    """A named source's figure thousands of times the event's toll counts something else (a
    war's dead, a province's people): it does not take the lead from the toll."""
    both = ("Daily Ledger", "Courier")
    toll = claim(23, "Shellfire on the market killed 23 people, medics said.", outlets=both)
    war = claim(
        400000, "An agency said 400000 people had died in the war.", source="agency", outlets=both
    )
    assert lead_of(toll, war) == 23


def test_near_miss_a_sources_total_twice_the_toll_still_leads() -> None:
    both = ("Daily Ledger", "Courier")
    first = claim(23, "Shellfire on the market killed 23 people, medics said.", outlets=both)
    later = claim(46, "A monitor put the toll at 46 people.", source="monitor", outlets=both)
    assert lead_of(first, later) == 46


def test_counts_of_different_groups_are_different_claims() -> None:
    children = claim(6, "Strikes on the school killed 6 children.", counts="children")
    teachers = claim(6, "The agency said 6 teachers died too.", counts="teachers")
    assert len(merge_claims([children, teachers])) == 2


def test_counts_of_other_named_groups_stay_apart() -> None:
    doctors = claim(9, "The raid killed 9 doctors at the clinic.", counts="doctors")
    nurses = claim(9, "Officials said 9 nurses were among the wounded.", counts="nurses")
    assert len(merge_claims([doctors, nurses])) == 2


def test_near_miss_a_general_noun_and_a_group_may_be_one_statement() -> None:
    civilians = claim(40, "The monitor said 40 civilians were killed.", counts="civilians")
    residents = claim(
        40, "Militants killed 40 residents.", counts="residents", outlets=("Courier",)
    )
    merged = merge_claims([civilians, residents])
    assert len(merged) == 1 and len(merged[0].citations) == 2
