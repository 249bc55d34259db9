"""What an article says about the one occurrence it reports: where, when, what harm, by whom,
and whom it names. These are the signals a reporter uses to tell two shootings in one city
apart, computed once per article at ingest (a pure function: it runs in worker processes)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from store.events.dates import SPAN_SENTENCES, event_span
from store.events.gazetteer import Gazetteer, Place, gazetteer
from store.extract.document import ExtractedDocument
from store.extract.meaning import tells_of_several_incidents
from store.extract.quantities import parse_number
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
    # the region (state, governorate) the article names most, for an event whose own place
    # the gazetteer cannot place ("Tallow County", "Pine County", a village)
    region: str | None = None


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


# Who a follow-up names without an age: "the deaths of Darnell Ortiz", "Ortiz was charged".
# A name in a sentence about the harm or the case, whose surname the article also uses alone
# (news style: "Darnell Ortiz ... Ortiz"), is a victim's, a suspect's or a relative's; a police
# spokesman's is named with a title, and a hospital or a station is no person.
_ROLE = re.compile(
    r"\b(?:victims?|suspects?|identified|charged|arrested|accused|shot|killed|died|dead|"
    r"murder(?:ed)?|homicide|manslaughter|son|daughter|mother|father|wife|husband|girlfriend|"
    r"boyfriend|brother|sister|cousin|grandson|granddaughter|nephew|niece|gunman|shooter|"
    r"wounded|injured|custody|booked|indicted|pleaded|sentenced|convicted|funeral|vigil)\b",
    re.I,
)
_TITLED = re.compile(
    r"\b(?:Sgt|Sergeant|Officer|Chief|Lt|Lieutenant|Detective|Det|Capt|Captain|Cpl|Corporal|"
    r"Deputy|Sheriff|Mayor|Gov|Governor|Sen|Senator|Rep|Judge|Attorney|Prosecutor|"
    r"[Ss]pokes(?:man|woman|person)|Trooper|Agent|Dr|President|Coroner|Commissioner|"
    r"Superintendent|Director|Officers?|Pastor|Rev|Professor|Principal|Coach|Councilman|"
    r"Councilwoman|Alderman)\.?[ \t]+(?:[A-Z][\w'’.-]+[ \t]+){0,2}(?P<s>[A-Z][\w'’-]+)"
)
# "Rami Saleh, the head of the monitoring group": a spokesman named before his title.
_APPOSED = re.compile(
    r"\b[A-Z][\w'’.-]+[ \t]+(?:[A-Z][\w'’.-]+[ \t]+)?(?P<s>[A-Z][\w'’-]+),[ \t]+(?:the[ \t]+|a[ \t]+)?"
    r"(?:[\w-]+[ \t]+){0,3}(?:head|director|chief|spokes(?:man|woman|person)|leader|commander|"
    r"official|minister|president|founder|monitor|coordinator|analyst|expert|researcher)s?\b"
)
_NOT_NAME_WORDS = frozenset(
    """hospital medical health news tv weather broadcasting corporation service services police
    sheriff sheriffs superintendent mayor president commissioner chief office department division
    university college county state city district court attorney prosecutor coroner examiner fbi
    bureau press associated copyright rights reserved facebook twitter photo video shooting
    investigation crime stoppers rescue fire homicide trauma memorial action caption close image
    charged teen teens new st year years first report follow wounded killed girl boy man woman
    in on at of to for and the from with after about more is will always following coverage
    injured agent special identified victim victims overnight help now public safety download
    story highlights gunman shooter planned father mother mass politics ap community home beat
    supreme breaking update updated watch live read observatory coalition committees committee
    crescent front army forces network group council ministry agency monitor afp reuters media
    terrorist terrorists rebels rebel militants regime government countryside province
    opposition kurdish arab islamic state""".split()
)
_MONTHS_AND_DAYS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december""".split()
)
# A street or a venue by its name: "Magnolia Street", "Cedar Grove Playground", "Blue Door Bar".
_VENUE_WORDS = frozenset(
    """street avenue road drive lane boulevard court place way circle parkway park playground bar
    lounge club nightclub tavern pub grill restaurant cafe apartments complex motel hotel inn
    school academy church mosque mall plaza market high ave st rd dr blvd ln ct pkwy""".split()
)
# One venue as outlets write it: "Larch Ave." is "Larch Avenue", "West Larch Avenue" is
# "Larch Avenue", "Ridgeview High School" is "Ridgeview High", a playground a park.
_VENUE_FORMS = {
    "ave": "avenue",
    "st": "street",
    "rd": "road",
    "dr": "drive",
    "blvd": "boulevard",
    "ln": "lane",
    "ct": "court",
    "pkwy": "parkway",
    "playground": "park",
}
_DIRECTIONS = frozenset(
    "north south east west n s e w northeast northwest southeast southwest".split()
)


def _venue_key(words: list[str]) -> str | None:
    """A venue's name in one form, or None where nothing but a direction and a street word."""
    while words and words[0] in _DIRECTIONS:
        words = words[1:]
    if len(words) >= 2 and words[-1] == "school" and words[-2] in ("high", "middle", "elementary"):
        words = words[:-1]
    words = [*words[:-1], _VENUE_FORMS.get(words[-1], words[-1])] if words else words
    return " ".join(words) if len(words) >= 2 else None


MAX_NAMED = 8  # more than this is a listing, not one event's people and places
VENUE_SENTENCES = 4  # the headline and the lede name the scene


_STREET_WORDS = frozenset(
    "street avenue road drive lane boulevard court place way circle parkway".split()
)


def _is_number(word: str) -> bool:
    return word.isdigit() or parse_number(word) is not None


def _is_country_or_region(word: str) -> bool:
    """A country, a state or a governorate, or a people's word for one ("Syrian", "British")."""
    places = gazetteer()
    if places.region_named(word) is not None or word.capitalize() in _STATES:
        return True
    found = places.resolve(word)
    return found is not None and found.level == "country"


def _named(text: str, extracted: ExtractedDocument, lead: str) -> frozenset[str]:
    """The people the article names in its story (without an age) and the streets and venues
    its lead names: "#first last", "#magnolia street". A later report naming one of them at
    the same place is about the same occurrence, months later even. (A venue further down is
    as often another shooting's, or the background: "they met at Ridgeview High School".)"""
    places = gazetteer()
    head = text[:20000]
    titled = {normalise(m.group("s")) for m in _TITLED.finditer(head)}
    titled |= {normalise(m.group("s")) for m in _APPOSED.finditer(head)}
    # who said it is in every report of a conflict, not one event's: "Rami Saleh said"
    sources = [set(normalise(f.source).split()) for f in extracted.figures if f.source]
    body = head.find("\n")  # a headline's capitals make names of anything: the body must too
    people: set[str] = set()
    venues: set[str] = set()
    for name in extracted.names:
        words = normalise(name).split()
        if not 2 <= len(words) <= 4 or places.knows(" ".join(words)):
            continue
        if _MONTHS_AND_DAYS.intersection(words):
            continue
        if words[-1] in _VENUE_WORDS:
            if (
                name in lead
                and not _NOT_NAME_WORDS.intersection(words[:-1])
                and not all(places.knows(w) for w in words[:-1])
                and (key := _venue_key(words)) is not None
            ):
                venues.add(key)
            continue
        if (
            len(words) > 3
            or _NOT_NAME_WORDS.intersection(words)
            or _VENUE_WORDS.intersection(words)
            or _DIRECTIONS.intersection(words)
        ):
            continue
        first, last = words[0], words[-1]
        if titled.intersection(words) or len(first) < 2 or places.knows(last):
            continue
        if any(first in said and last in said for said in sources):
            continue
        if any(_is_number(w) or _is_country_or_region(w) for w in words):
            continue  # "Daraa two", "Syrian Kurdish", "Britain Syrian"
        if not any(
            m.start() > body and _ROLE.search(head[max(0, m.start() - 100) : m.end() + 100])
            for m in re.finditer(re.escape(name), head)
        ):
            continue
        # the surname alone ("Ortiz said", "Ortiz's mother") more often than the full name
        surname = name.split()[-1]
        full = len(re.findall(rf"\b{re.escape(name)}\b", head))
        if len(re.findall(rf"\b{re.escape(surname)}\b", head)) > full:
            people.add(f"{first} {last}")
    # "Cedar Grove Park" is kept, not also its "Grove Park"
    venues = {v for v in venues if not any(v != w and w.endswith(" " + v) for w in venues)}
    named = people | venues
    if len(named) > MAX_NAMED:
        return frozenset()
    # A street is a place, not a story's own: the next shooting on Magnolia Street is another.
    return frozenset(n if n.split()[-1] in _STREET_WORDS else f"#{n}" for n in named)


# Whom the lead says was shot: "an 8-year-old girl", "Boy, 13,". A child's age alone, or an
# age with the word for the person, tells one shooting from the month's others at one place.
_DESCRIBED = re.compile(
    r"\b(?P<a>\d{1,2})-year-old(?:[ \t]+(?P<w>boy|girl|man|woman|son|daughter|child|toddler|"
    r"teen|teenager|student))?"
    r"|\b(?P<v>boy|girl|man|woman|toddler|child|teen),?[ \t]+(?P<b>\d{1,2})\b",
    re.I,
)
_SAME_WORD = {"son": "boy", "daughter": "girl", "teenager": "teen"}
CHILD = 12
DESCRIBED_SENTENCES = 6


def _described(lead: str) -> frozenset[str]:
    """The victims the lead describes: "&8 girl", "&8" (a child), "&31 man"."""
    out: set[str] = set()
    for m in _DESCRIBED.finditer(lead):
        age = int(m.group("a") or m.group("b"))
        word = (m.group("w") or m.group("v") or "").lower()
        word = _SAME_WORD.get(word, word)
        if word:
            out.add(f"&{age} {word}")
        if age <= CHILD:
            out.add(f"&{age}")
    return frozenset(out) if len(out) <= MAX_NAMED else frozenset()


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
        norm = normalise(_clean_place(name))
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


def _state_forms() -> dict[str, str]:
    """Each curated place alias as an article writes it, without its period ("Ky", "Calif",
    "KY") -> its place's normalised name. Case counts: "In" opens a sentence, "IN" is Indiana."""
    return {
        alias.rstrip("."): normalise(place)
        for place, aliases in curated_aliases().places.items()
        for alias in aliases
        if normalise(alias)
    }


_STATES = _state_forms()
# "Dayton, OH": a two-letter code names a state after a town, not in a capitalised headline
_STATE_CODE = re.compile(r",[ \t]+([A-Z]{2})\b")


def _states_named(text: str, extracted: ExtractedDocument) -> Counter[str]:
    """The places the article names by a curated abbreviation, normalised, with counts."""
    counted: Counter[str] = Counter()
    for name, n in extracted.names.items():
        if name in _STATES and not (len(name) == 2 and name.isupper()):
            counted[_STATES[name]] += n
    for m in _STATE_CODE.finditer(text[:20000]):
        if m.group(1) in _STATES:
            counted[_STATES[m.group(1)]] += 1
    return counted


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
    for name in dict.fromkeys(_clean_place(c) for c in candidates):
        found = places.resolve(name, context)
        if found is None:
            continue
        if found.level == "town":
            return found
        fallback = fallback or found
    if fallback is not None:
        return fallback
    if extracted.main_place and _clean_place(extracted.main_place):
        return Place(_clean_place(extracted.main_place), None, None, "town")
    return None


# A place as a headline or a page title glues it: "Pine Hollow Township - WXYZ TV 5",
# "Greenville's Eastside", "Pine County Wednesday".
_OUTLET_SUFFIX = re.compile(r"[ \t]+[-–—|][ \t].*$")
_POSSESSIVE = re.compile(r"^[A-Z][\w. ]*?['’]s[ \t]+(?=[A-Z])")


def _clean_place(name: str) -> str:
    """The place a name names, without the outlet, the day or the larger place glued to it."""
    name = _OUTLET_SUFFIX.sub("", name)
    name = _POSSESSIVE.sub("", name)
    return _TRAILING_TIME.sub("", name).strip()


def _own_place(text: str, extracted: ExtractedDocument, context: set[str]) -> Place | None:
    """The article's place; where it names none after "in", the place its police serve."""
    place = _place(extracted, context)
    if place is None:
        force = _force_place(text)
        if force:
            place = gazetteer().resolve(force, context) or Place(force, None, None, "town")
    return place


@lru_cache(maxsize=1)
def _region_pattern() -> re.Pattern[str]:
    """A region's name as a name of its own: "in Kentucky", "Tulsa, Oklahoma." but not
    "Kentucky Avenue", "Virginia Street" or "Kansas City", where it begins another."""
    names = "|".join(re.escape(n) for n in gazetteer().region_names())
    return re.compile(rf"(?<![\w-])(?:{names})(?![\w-]|[ \t]+[A-Z0-9])")


def _named_region(text: str, abbreviated: Counter[str]) -> str | None:
    """The region the article names most often, by name or abbreviation ("Ky."); None when
    it names none, or two as often. A region that is a town's name too ("New York",
    "Washington") is left out: which one the article means is not known."""
    places = gazetteer()
    counted: Counter[str] = Counter()
    for m in _region_pattern().finditer(text[:20000]):
        region = places.region_named(m.group(0))
        if region is not None and not places.is_town(m.group(0)):
            counted[region] += 1
    for norm, n in abbreviated.items():
        region = places.region_named(norm)
        if region is not None:
            counted[region] += n
    top = counted.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


def read_signals(
    text: str, extracted: ExtractedDocument, published: dt.date | None
) -> EventSignals:
    """The event signals of one article."""
    sentences = [text[s:e] for s, e in extracted.sentences[:SPAN_SENTENCES]]
    start, end, dated = event_span(sentences, published)
    context = {normalise(name) for name in extracted.names}
    # "Henderson, Ky." names Kentucky: a state's abbreviation tells which Henderson
    abbreviated = _states_named(text, extracted)
    context |= set(abbreviated)
    place = _own_place(text, extracted, context)
    if (
        place is not None
        and place.level == "town"
        and gazetteer().guessed(place.name, place, context)
    ):
        # Franklin of which state? Without the article saying, the event keeps only the name.
        place = Place(place.name, None, None, "town")
    # A town the gazetteer cannot place ("Tallow County", a village) is in the region the
    # article names: a question about a town of that state on that day still reaches it.
    region = place.region if place is not None and place.region else None
    region = region or _named_region(text, abbreviated)
    people = _people(text)
    if len(people) > MAX_PEOPLE:
        people = frozenset()
    lead = "\n".join(sentences[:VENUE_SENTENCES])
    # the people named with an age are named without one in the next report
    named = _named(text, extracted, lead) | {f"#{p}" for p in people}
    streets = frozenset(k for k in named if not k.startswith("#"))
    named -= streets
    named |= _described("\n".join(sentences[:DESCRIBED_SENTENCES]))
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
        places=_places(text, extracted, place) | {f"@{p}" for p in people} | named | streets,
        primary=_primary(text, place) | {f"@{p}" for p in people} | named | streets,
        published=published,
        region=region,
        round_up=any(tells_of_several_incidents(x) for x in sentences[:ROUND_UP_SENTENCES]),
        killed=_top(extracted, "killed"),
        killed_values=frozenset(
            f.value
            for f in extracted.figures
            if f.category in ("killed", "bodies") and f.value is not None and f.period is None
        ),
        injured=_top(extracted, "injured"),
    )
