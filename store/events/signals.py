"""What an article says about the one occurrence it reports: where, when, what harm, by whom,
and whom it names. These are the signals a reporter uses to tell two shootings in one city
apart, computed once per article at ingest (a pure function: it runs in worker processes)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from store.events.dates import SPAN_SENTENCES, event_span
from store.events.gazetteer import Gazetteer, Place, gazetteer
from store.extract.document import ExtractedDocument
from store.extract.meaning import tells_of_several_incidents
from store.names import curated_aliases, normalise

# A person named with an age, as news names victims and suspects: "Dana Reyes, 34," or
# "34-year-old Dana Reyes". These names belong to one event; a police spokesman's does not.
_NAME = (
    r"[A-Z][a-z'’]+(?:[ \t]+[A-Z]\.)?(?:[ \t]+(?:de|van|von|al|el|bin)?[ \t]*[A-Z][a-z'’-]+){1,2}"
)
_AGED_NAME = re.compile(
    rf"(?P<a>{_NAME}),[ \t]+(?:age[ \t]+)?\d{{1,2}}\b(?![,.]?\d)"
    rf"|\b\d{{1,2}}-year-old[ \t]+(?:[a-z]+[ \t]+){{0,2}}(?P<b>{_NAME})"
)
_NOT_PERSON_WORDS = frozenset(
    """police county city street avenue road department sheriff office hospital center centre
    school university church park news channel station online post times daily state north
    south east west fort mount saint""".split()
)
HARMS = ("killed", "bodies", "injured")


@dataclass(frozen=True, slots=True)
class EventSignals:
    """One article's event: place, span, harm, perpetrator, people named, and its tally."""

    place: Place | None
    start: dt.date | None
    end: dt.date | None
    dated: bool  # the text itself dates the event ("on Saturday"), not only the publication
    harm: str | None
    perpetrator: str | None
    people: frozenset[str]  # "first last" of the people named with an age, normalised
    killed: float | None
    injured: float | None
    # every whole death toll the article gives (its own, a rival's, an update's)
    killed_values: frozenset[float] = frozenset()
    published: dt.date | None = None  # the report's own date, however old its event
    # the article leads with several incidents (a weekend's shootings): it is no one event's
    round_up: bool = False
    # every place the article names, normalised, and "@first last" of each person it names
    # with an age: the keys a later article's event is looked up by
    places: frozenset[str] = frozenset()
    # the keys of its own place (main place, dateline) and people: what the event is found by
    primary: frozenset[str] = frozenset()


# A second reference by surname with the age: "Ortiz, 27, and Marsh, 31, were shot".
_AGED_SURNAME = re.compile(r"\b(?P<s>[A-Z][a-z'’-]{2,}),[ \t]+\d{1,2},")


def _people(text: str) -> frozenset[str]:
    found: set[str] = set()
    head = text[:20000]
    for m in _AGED_SURNAME.finditer(head):
        surname = m.group("s")
        # the full name the article gives elsewhere: "the deaths of Darnell Ortiz and ..."
        full = re.search(rf"\b([A-Z][a-z'’-]+)[ \t]+{re.escape(surname)}\b", head)
        if full and full.group(1).lower() not in _NOT_PERSON_WORDS:
            found.add(normalise(f"{full.group(1)} {surname}"))
    for m in _AGED_NAME.finditer(text[:20000]):
        name = m.group("a") or m.group("b")
        words = normalise(name).split()
        if len(words) >= 2 and not _NOT_PERSON_WORDS.intersection(words):
            # First and last name: "Dana Lee Reyes" in one story is "Dana Reyes" in the next.
            found.add(f"{words[0]} {words[-1]}")
    return frozenset(found)


# A dateline: "MILLTOWN, Ohio (WXYZ) —", "RIVERTON (March 3, 2015) –".
_DATELINE = re.compile(
    r"^(?P<p>[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,3})(?:,[ \t]+[A-Z][\w.]+(?:[ \t]+[A-Z][\w.]+)?)?"
    r"[ \t]*(?:\(|—|–|-)",
    re.M,
)
MAX_PLACES = 8


_AREA_WORDS = re.compile(r"\s+(?:county|parish|city|township|borough|village)$")
_DIRECTION = re.compile(
    r"^(?:north|south|east|west|northeast|northwest|southeast|southwest|ne|nw|se|sw|n|s|e|w)\s+"
)


ROUND_UP_SENTENCES = 2  # the headline and the lede say whether an article is a round-up
MAX_PEOPLE = 4  # an article naming more people with ages is a round-up of several events


def _keys(norm: str, places: Gazetteer) -> set[str]:
    """The keys a place is looked up by: its name, and where it is a county or a quarter of
    a known town, the plainer name ("Habersham County" is "Habersham", "South Toledo" is in
    Toledo). A one-word name the gazetteer does not know as a town ("Center", "Police") is too
    common to tell events apart, and is left out."""
    out: set[str] = set()
    if " " in norm or places.is_town(norm):
        out.add(norm)
    plain = _AREA_WORDS.sub("", norm)
    if plain != norm and len(plain) > 3:
        out.add(plain)
    quarter = _DIRECTION.sub("", plain)
    if quarter != plain and places.is_town(quarter):
        out.add(quarter)
    return out


def _places(text: str, extracted: ExtractedDocument, place: Place | None) -> frozenset[str]:
    """The places the article names (its most mentioned first), its dateline's, its own, and
    towns the gazetteer knows that it names twice or more."""
    counted: Counter[str] = Counter()
    for name, n in extracted.places.items():
        norm = normalise(name)
        if norm:
            counted[norm] += n
    places = gazetteer()
    for m in _DATELINE.finditer(text[:3000]):
        norm = normalise(m.group("p"))
        if len(norm) > 3:
            counted[norm] += 2
    for name, n in extracted.names.items():
        # A known town named more than once, without "in" before it: "Franklin police said".
        if n >= 2 and name.count(" ") <= 1:
            norm = normalise(name)
            if norm not in counted and places.is_town(norm):
                counted[norm] += n - 1
    keys: set[str] = set()
    for norm, _n in counted.most_common(MAX_PLACES):
        keys |= _keys(norm, places)
    return frozenset(k for k in keys | _primary(text, place) if len(k) > 3)


def _primary(text: str, place: Place | None) -> frozenset[str]:
    """The keys of the article's own place: its main place and its dateline's. An event is
    found through these, not through every place a web page happens to name."""
    places = gazetteer()
    keys: set[str] = set()
    if place is not None:
        own = normalise(place.name)
        keys |= _keys(own, places) | {own}
    for m in _DATELINE.finditer(text[:3000]):
        norm = normalise(m.group("p"))
        if len(norm) > 3:
            keys |= _keys(norm, places) | {norm}
        break
    return frozenset(k for k in keys if len(k) > 3)


# "Franklin police said", "Bartow County sheriff's deputies": the force names its place.
_FORCE_PLACE = re.compile(
    r"\b(?P<p>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2})[ \t]+(?:[Pp]olice|[Ss]heriff|[Ff]ire)\b"
)
_NOT_FORCE_PLACE = frozenset({"the", "state", "city", "county", "local", "metro", "transit"})


def _force_place(text: str) -> str | None:
    """The place a police or sheriff's force named in the article serves, if any."""
    counted: Counter[str] = Counter()
    for m in _FORCE_PLACE.finditer(text[:20000]):
        name = m.group("p")
        if normalise(name).split()[0] not in _NOT_FORCE_PLACE:
            counted[name] += 1
    return counted.most_common(1)[0][0] if counted else None


def _state_names() -> dict[str, str]:
    """Each curated place alias (a state's "Ky.", "KY") -> its place's normalised name."""
    return {
        normalise(alias): normalise(place)
        for place, aliases in curated_aliases().places.items()
        for alias in aliases
        if normalise(alias)
    }


_STATES = _state_names()


def _top(extracted: ExtractedDocument, category: str) -> float | None:
    """The figure of `category` the article leads with: its most salient whole count."""
    whole = [
        f
        for f in extracted.figures
        if f.category == category and f.value is not None and f.period is None
    ]
    return max(whole, key=lambda f: f.salience).value if whole else None


# A capitalised run glues the day to the place before it: "Kokomo Wednesday", "Bakersfield
# Friday night".
_TRAILING_TIME = re.compile(
    r"(?:\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Morning|Night|"
    r"Evening|Afternoon|Today|Tonight|Yesterday))+$"
)


def _place(extracted: ExtractedDocument, context: set[str]) -> Place | None:
    """The article's place, as low in the hierarchy as it allows: the first of its most
    mentioned place, the places its figures are placed in, and the other places it names,
    that the gazetteer knows as a town; else the first it knows at all; else the most
    mentioned place as the article writes it (a neighbourhood, a village)."""
    places = gazetteer()
    candidates: list[str] = [extracted.main_place] if extracted.main_place else []
    candidates += [
        n for n, _ in Counter(f.place for f in extracted.figures if f.place).most_common()
    ]
    candidates += [n for n, _ in Counter(extracted.places).most_common()]
    fallback: Place | None = None
    for name in dict.fromkeys(_TRAILING_TIME.sub("", c) for c in candidates):
        found = places.resolve(name, context)
        if found is None:
            continue
        if found.level == "town":
            return found
        fallback = fallback or found
    if fallback is not None:
        return fallback
    if extracted.main_place:
        return Place(extracted.main_place, None, None, "town")
    return None


def _own_place(text: str, extracted: ExtractedDocument, context: set[str]) -> Place | None:
    """The article's place; where it names none after "in", the place its police serve."""
    place = _place(extracted, context)
    if place is None:
        force = _force_place(text)
        if force:
            place = gazetteer().resolve(force, context) or Place(force, None, None, "town")
    return place


def read_signals(
    text: str, extracted: ExtractedDocument, published: dt.date | None
) -> EventSignals:
    """The event signals of one article."""
    sentences = [text[s:e] for s, e in extracted.sentences[:SPAN_SENTENCES]]
    start, end, dated = event_span(sentences, published)
    context = {normalise(name) for name in extracted.names}
    # "Henderson, Ky." names Kentucky: a state's abbreviation tells which Henderson
    context |= {_STATES[n] for n in context if n in _STATES}
    place = _own_place(text, extracted, context)
    if (
        place is not None
        and place.level == "town"
        and gazetteer().guessed(place.name, place, context)
    ):
        # Franklin of which state? Without the article saying, the event keeps only the name.
        place = Place(place.name, None, None, "town")
    people = _people(text)
    if len(people) > MAX_PEOPLE:
        people = frozenset()
    harms = Counter(f.category for f in extracted.figures if f.category in HARMS)
    harm = harms.most_common(1)[0][0] if harms else None
    perpetrators = Counter(
        f.perpetrator for f in extracted.figures if f.category in HARMS and f.perpetrator
    )
    return EventSignals(
        place=place,
        start=start,
        end=end,
        dated=dated,
        harm=harm,
        perpetrator=perpetrators.most_common(1)[0][0] if perpetrators else None,
        people=people,
        places=_places(text, extracted, place) | {f"@{p}" for p in people},
        primary=_primary(text, place) | {f"@{p}" for p in people},
        published=published,
        round_up=any(tells_of_several_incidents(x) for x in sentences[:ROUND_UP_SENTENCES]),
        killed=_top(extracted, "killed"),
        killed_values=frozenset(
            f.value
            for f in extracted.figures
            if f.category in ("killed", "bodies") and f.value is not None and f.period is None
        ),
        injured=_top(extracted, "injured"),
    )
