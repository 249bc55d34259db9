"""From an article's text to its figures: what each number counts, what happened, who did it,
where, and who said so, with the exact sentence it stands in.

Rules over the text, no model: each rule reads like the news language it handles. Its people,
death and injury words are data, `seeds/lexicon.toml` (read through `store.extract.lexicon`);
the other tables of cue words below are the place to extend the rest.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from store.extract.document import Document, ExtractedFigure
from store.extract.lexicon import (
    BODY_NOUNS,
    DEAD_NOUNS,
    DEAD_ONLY_NOUNS,
    DEATH_WORDS,
    HARM_BY_VERBS,
    INJURED_CUES,
    INJURED_PARTICIPLES,
    KILL_COMPLETIONS,
    KILLED_CUES,
    KILLING_VERBS,
    NOT_VICTIM_NOUNS,
    PEOPLE_NOUNS,
    STATE_NOUNS,
    WOUND_CUES,
    alternation,
)
from store.extract.quantities import Quantity, parse_number
from store.names import NameEntry, curated_aliases, longest_alias_in, normalise

CATEGORIES = (
    "killed",
    "injured",
    "bodies",
    "missing",
    "fled",
    "displaced",
    "detained",
    "population",
    "identified",
    "duration",
    "money",
    "percent",
    "measure",
    "count",
)

# Cue words per category, matched as word prefixes on lower-cased text.
_CATEGORY_CUES: dict[str, tuple[str, ...]] = {
    "killed": KILLED_CUES,
    "injured": INJURED_CUES,
    "bodies": ("bodies", "body", "corpses", "remains", "mass grave"),
    "missing": ("missing", "disappeared", "unaccounted"),
    "fled": ("fled", "flee", "fleeing", "escaped", "withdrew", "withdrawal", "retreated"),
    "displaced": ("displaced", "refugees", "homeless", "evacuated", "uprooted"),
    "detained": (
        "arrested",
        "detained",
        "detention",
        "captured",
        "abducted",
        "kidnapped",
        "held hostage",
        "prisoners",
        "in custody",
        "jailed",
    ),
    "population": (
        "population",
        "inhabitants",
        "remain",
        "remained",
        "residents live",
        "live in",
        "lived in",
        "populated",
    ),
    "identified": ("identified", "identify"),
}
_VERB_CATEGORIES = (
    "identified",
    "injured",
    "killed",
    "fled",
    "displaced",
    "detained",
    "missing",
    "population",
    "bodies",
)
_KIND_CATEGORY = {
    "money": "money",
    "percent": "percent",
    "measure": "measure",
    "duration": "duration",
}

# Nouns that say who or what a figure counts ("128 civilians", "35 of the casualties").
_SKIP_AFTER_NUMBER = re.compile(
    r"(?:\s*(?:of\s+(?:the|those|them|whom|which)\s+)?"
    r"(?:(?:[A-Z][\w'’.-]*|more|other|additional|further|young|unarmed|innocent|local|"
    r"armed|suspected|foreign|alleged|total|dead|wounded|injured|male|female|adult|separate|"
    r"new|former|christian|muslim)\s+)*)"
)
_NOUN = re.compile(r"([a-z][a-z'-]{2,})")
_NOT_NOUNS = frozenset(
    """were was are is be been being have has had will would could should may might can do did
    does of in on at to for from by with and or but as that which who whom than then also at
    least more most less about some only nearly almost over under per each a an the this those
    these their its his her our percent per cent times people's hurt shot""".split()
)
# People counted as the ones who did it or were charged: "Two of the five teens accused in the
# killing", "Three deputies who shot and killed a driver", "4 charged in death of".
_NOT_VICTIM_ROLE = re.compile(
    r"(?:\s+[\w'’-]+){0,5}?\s+(?:(?:are|were|was|have\s+been|had\s+been)\s+)?"
    r"(?:accused|charged|indicted|arrested|booked|convicted|sentenced|suspected|suspects|"
    r"who\s+(?:shot|killed|opened\s+fire|fired)|"
    # the subject of an active verb with an object: "one cousin accidentally shot the other"
    r"(?:accidentally\s+)?(?:shot|killed|fired\s+at)\s+(?:the|a|an|his|her|their)\b)",
    re.I,
)
_PARENT_OF = re.compile(
    r"\b(?:father|mother|dad|mom|parent|grandfather|grandmother)\s+of\s+$", re.I
)
# "a brawl involving more than 40 people", "a crowd of 200": those present, not the victims
_PRESENT_AT = re.compile(r"\b(?:involving|attended\s+by|a\s+crowd\s+of)\s+$", re.I)
# "Officers first said that nine people were shot, then revised that number to six":
# a count the sentence itself corrects.
_SUPERSEDED = re.compile(
    r"\b(?:originally|initially|first)\s+(?:said|reported|thought|believed)\b(?:\s+that)?\s+$", re.I
)
_CORRECTED = re.compile(r"\b(?:amended|revised|corrected|lowered)\b", re.I)
# "It could have been ten people dead on that bus": what did not happen
_COUNTERFACTUAL = re.compile(
    r"\b(?:should|could|would|might)(?:\s+have|['’]ve)\s+been\s+(?:[\w-]+\s+){0,3}$", re.I
)
_JUST_BEFORE = 40  # characters: longer than _ACCORDING_TO_COUNT or _PARENT_OF can match
_ACCORDING_TO_COUNT = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.I)

_SPEECH = (
    r"said|says|say|told|tells|reported|reports|added|adds|documented|claimed|claims|"
    r"confirmed|confirms|stated|states|estimated|estimates|announced|announces|monitored|"
    r"recorded|counted|wrote|writes|noted|explained|published|put the (?:toll|number) at|"
    r"has said|had said|have said|has reported|had documented|has documented"
)
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>[^,.;:()“”\"]{2,80})", re.I)
_SPEECH_VERB = re.compile(rf"(?:,\s*)?\b(?:also\s+)?(?:has\s+|have\s+|had\s+)?(?:{_SPEECH})\b")
_BY_REPORTER = re.compile(
    r"\b(?:documented|reported|confirmed|recorded|counted|monitored|announced|released)\s+by\s+"
    r"(?P<who>(?:the\s+)?[A-Z][^,.;:()]{2,80})"
)
_CONFIRMED_TO = re.compile(
    r"\b(?:confirmed|reported|told)\s+to\s+(?P<who>(?:the\s+)?[A-Z][\w\s'’-]{2,80}?)\s+that\b"
)
_GENERIC_SPEAKERS = frozenset(
    """activists activist sources source officials official residents resident witnesses
    witness medics doctors authorities police statement investigators detectives deputies
    prosecutors coroner officers authorities spokesman spokeswoman spokesperson
    group""".split()
) | {"human rights group", "rights group", "reliable sources", "local sources", "the statement"}
_PRONOUNS = {"it": "org", "he": "person", "she": "person", "they": "any", "the group": "org"}

_PERPETRATOR = re.compile(
    rf"\b{alternation(HARM_BY_VERBS)}\b[^.;]{{0,40}}?"
    r"\b(?:by|at the hands of)\s+(?P<who>(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,4})"
)
_HANDS_OF = re.compile(r"\bat the hands of\s+(?P<who>(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,4})")
_SUBJECT_KILLED = re.compile(
    r"(?P<who>\b[A-Z][\w'’-]*+(?:\s+[A-Z][\w'’-]*+){0,3})\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:[^.,;]{0,40}?\s)?"
    rf"{alternation(KILLING_VERBS)}\s+(?:at least\s+|some\s+)?$"
)
# A capitalised word of a place name; "St.", "Mt.", "Ft." keep their period ("Mt. Airy").
_ABBREVIATED_WORD = r"(?:St|Ste|Mt|Ft|Pt)\."
# An Arabic article joined to a capitalised word is part of the name: "Deir al-Zor",
# "Jisr ash-Shughur", "Ras el-Ain".
_PARTICLE_WORD = r"(?:a[dlnrstz]|e[dlnrstz]|ash|esh)-[A-Z][\w'’-]*"
_PLACE_WORD = rf"(?:{_ABBREVIATED_WORD}|{_PARTICLE_WORD}|[A-Z][\w'’-]*)"
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|inside|across|around|of|from)\s+(?:the\s+(?:town|city|village|"
    r"province|region|district|county|state|area)\s+of\s+|the\s+)?"
    rf"(?P<place>{_PLACE_WORD}(?:[\s-]+{_PLACE_WORD}){{0,3}})"
)
_STRONG_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|inside|across|(?:town|city|village|province|county|suburb)\s+of)"
    rf"\s+(?:the\s+)?(?P<place>{_PLACE_WORD}(?:[\s-]+{_PLACE_WORD}){{0,3}})"
)
_NOT_PLACES = frozenset(
    """January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An This That It He She They
    His Her Their We I Mr Mrs Ms Dr""".split()
)
_SUB_PLACE = re.compile(
    r"\b(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Way|Court|Place|"
    r"Block|Highway|Hwy|Parkway|Park|Mall|School|Church|Hospital|Center|Centre|Apartments?|"
    r"Motel|Hotel|Bar|Club|Restaurant|Station|Square)\b"
)
_PERIOD = re.compile(
    r"\b(?:in|during|over|within|for)\s+(?:the\s+)?(?:last|past|first|final)\s+"
    r"(?:[\w-]+\s+){1,2}(?:hours?|days?|weeks?|months?|years?)\b",
    re.I,
)
# Starts only where a word starts and never gives back a word or a space it took: a run of
# capitals is read once, not once from each of its letters.
_ACRONYM_DEF = re.compile(
    r"(?<![\w'’-])(?P<full>(?:[A-Z][\w'’-]*+\s++)(?:(?:[A-Z][\w'’-]*+|of|for|the|and|on)\s++){0,8}"
    r"[A-Z][\w'’-]*+)\s*+\((?P<acr>[A-Z]{2,8})\)"
)
_CLAUSE_BREAK = re.compile(
    r"\s(?:—|–|-)\s|;|\bwhile\b|\bwhereas\b|\bbut\b|,\s+(?:as|after|before|when|since|because)\b"
)
# An aside between dashes that names a part of the count before it ("left 17 villagers - among
# them four women - dead"): the clause runs on through it to its verb.
_DASHED_ASIDE = re.compile(
    r"\s(?:—|–|-)\s(?:including|among\s+them|mostly|most\s+of\s+them|many\s+of\s+them)\b"
    r"[^—–;]{0,60}?\s(?:—|–|-)\s"
)
# "Gunshot wounds" describe the dead as well as the living: only "wounded" says someone lived.
_INJURY_WORD = re.compile(r"\b(?:injur|wounded|wounding|hurt|hospital|grazed)", re.I)
_OTHER_INCIDENT = re.compile(
    # A year after "in"/"since" dates another incident; a dateline's "March 2, 2015" does not.
    r"\b(?:in|since|of)\s+(?:19|20)\d\d\b|\bthis year\b|\bso far\b|\bsince\b|\bhomicides\b|\blast year\b"
    # "the first homicide of the year"
    r"|\b(?:of|for)\s+the\s+year\b"
    # statistics, a season ago, a timeline's dated entry: "hundreds of teens each year",
    # "the 2014 report", "Last spring, a woman was killed", "1987: A clerk is shot to death"
    r"|\b(?:each|every|per)\s+year\b|\bannually\b|\b(?:19|20)\d\d\s+(?:report|study|survey)\b"
    r"|\blast\s+(?:summer|spring|fall|autumn|winter)\b|\b(?:19|20)\d\d:\s"
    # a round-up: "19 hurt in weekend shootings across Memphis", "shot over the weekend"
    r"|\b(?:over|during|this|last)\s+(?:the\s+)?(?:[\w-]+\s+){0,5}?weekend\b"
    # a tally over a span: "two children hurt in one week", "within the past month"
    r"|\b(?:in|within|over)\s+(?:one|a|a\s+single|the\s+(?:past|last))\s+(?:week|month)\b"
    r"|\bweekend\s+(?:shootings|violence)\b|\bshootings\s+across\b"
    # "photos from March 2011": a month and year without a day is no dateline either; with a
    # day before it ("Tuesday 4 May 2021 Rocket fire kills ...") it is the article's dateline
    r"|(?<!\d\s)(?<!\d\xa0)\b(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December)\s+(?:19|20)\d\d\b",
    re.I,
)
# A round-up of several shootings: "6 wounded in 3 shootings", "in separate incidents",
# "Woman killed, 4 hurt in Omaha shootings", "a string of shootings"; and "The ambush comes
# after recent attacks on deputies in Reno, where two officers died". Only
# sentences with one of _ROUND_UP_WORDS are searched.
_ROUND_UP = re.compile(
    r"\b(?:separate|several|multiple|two|three|four|five|six|[2-9])\s+(?:separate\s+)?"
    r"(?:shootings|incidents)\b|\b(?-i:[A-Z][a-z]+)\s+(?-i:[Ss]hootings)\b"
    r"|\bunrelated\s+shootings\b|\bstring\s+of\s+(?:[\w,-]+\s+){0,3}?shootings\b"
    r"|\brecent\s+(?:[\w-]+\s+){0,2}?(?:attacks|shootings|killings)\b",
    re.I,
)
_ROUND_UP_WORDS = ("hootings", "ncidents", "ttacks", "illings")


def tells_of_several_incidents(sentence: str) -> bool:
    """Whether a sentence is a round-up of several incidents ("6 wounded in 3 shootings")."""
    return any(w in sentence for w in _ROUND_UP_WORDS) and bool(_ROUND_UP.search(sentence))


def _about_other_incidents(text: str, start: int, end: int) -> bool:
    """Whether the sentence text[start:end] tells of other incidents or periods."""
    if _OTHER_INCIDENT.search(text, start, end):
        return True
    sentence = text[start:end]
    return any(w in sentence for w in _ROUND_UP_WORDS) and bool(_ROUND_UP.search(sentence))


# Words by which an article tells of a death, whether or not it states who died in a form read
# as a count ("Toddler Shot, Killed By Cousin", "was pronounced dead at the scene").
_DEATH_REPORTED = re.compile(rf"\b{alternation(DEATH_WORDS)}\b", re.I)
_DEATH_LEAD_SENTENCES = 3
# A unit's name in a lead ("the Metro Homicide Unit is investigating") names who investigates,
# not a death.
_HOMICIDE_UNIT = re.compile(
    r"\bhomicide\s+(?:unit|division|detectives?|squad|investigators?|bureau|section|team)\b", re.I
)
# "One of the four people wounded ... has died": a partitive whose member later died.
_ONE_OF_DIED = re.compile(
    r"\b(?P<died>one|two|three|\d)\s+of\s+(?:the\s+)?(?P<rest>[^.;]{0,60}?)"
    rf"\b{alternation(INJURED_PARTICIPLES)}\b"
    r"[^.;]{0,80}?\b(?:(?:has|have|later|since)\s+died|dies)\b",
    re.I,
)
# "All three victims were taken to the hospital": everyone, the dead among them.
_ALL_OF_THEM = re.compile(r"\b[Aa]ll\s+(?:of\s+the\s+|the\s+)?$")
# "Two others were shot", "another man was hit": victims besides the dead, not among them.
_ANOTHER = re.compile(r"\b(?:others?|another|second|third|also)\b", re.I)
_QUOTE_OPEN = '"“'
_QUOTE_CLOSE = '"”'


@dataclass(slots=True)
class _Speakers:
    """Who spoke last, so "It said" and "he added" can be resolved."""

    org: str | None = None
    person: str | None = None
    persons: list[str] = field(default_factory=list)


@lru_cache(maxsize=8)
def _entries(kind: str) -> tuple[NameEntry, ...]:
    # Cached: building the entries normalises every alias, and this is called per figure.
    return tuple(curated_aliases().entries(kind))


# Cues that need context: "shot" wounds unless the words after it say the victim died.
_EXTRA_CUES: dict[str, re.Pattern[str]] = {
    "injured": re.compile(
        rf"\b{alternation(WOUND_CUES)}\b(?!\s+{alternation(KILL_COMPLETIONS)})"
        # firing a gun hurts no one: "she shot a rifle into the air to scare them off"
        r"(?!\s+(?:a|the|his|her)\s+(?:gun|weapon|rifle|pistol|handgun|shotgun|round|bullet)s?\b)"
        # "charged with shooting six neighbours, killing one": the six were shot
        r"|\bshooting(?=\s+(?:[a-z]+\s+)?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)\b)"
    ),
    "killed": re.compile(
        r"\b(?:shot\s+and\s+killed|shot\s+to\s+death)\b"
        # "lives" the noun ("claimed three lives", "their lives"), not the verb: "a woman who
        # lives nearby said" tells of no death.
        r"|(?:(?<=\btheir\s)|(?<=\bhis\s)|(?<=\bher\s)|(?<=\bthe\s)|(?<=\bour\s)|(?<=\bmany\s)"
        r"|(?<=\bmore\s)|(?<=\bhuman\s)|(?<=\binnocent\s)|(?<=\d\s)|(?<=\bone\s)|(?<=\btwo\s)"
        r"|(?<=\bthree\s)|(?<=\bfour\s)|(?<=\bfive\s)|(?<=\bsix\s)|(?<=\bseven\s)|(?<=\beight\s)"
        r"|(?<=\bnine\s)|(?<=\bten\s)|(?<=\bclaimed\s)|(?<=\bclaiming\s)|(?<=\btook\s)"
        r"|(?<=\bcost\s))lives\b"
    ),
}


# Agent nouns (killers, executioners, murderers) name who did it, not what happened to the
# people counted, so a cue followed by -er/-or is not a cue (no inflection below ends so).
# A cue is a word start, and only an inflection may follow it: "kill" is in "killings" but not
# in "Killeen", "die" in "dies" but not in "San Diego", "dead" in "deadly" but not in
# "deadline", "body" not in "bodyguard".
_CUE_INFLECTION = (
    r"(?:s|es|d|ed|ing|ings|ly|y|ies|ity|ities|ze|se|zed|sed|zing|sing|zation|sation|ion|ions)?"
)
_CUE_STARTS: dict[str, re.Pattern[str]] = {
    category: re.compile(
        r"\b(?=(?:" + "|".join(re.escape(c) for c in cues) + rf"){_CUE_INFLECTION}(?![a-z]))"
    )
    for category, cues in _CATEGORY_CUES.items()
}


_CUE_WORD = re.compile(r"[\w'’-]+")


def _cue_positions(lower: str, category: str) -> list[tuple[int, int]]:
    """Where each cue of `category` starts and ends in `lower`."""
    out: list[tuple[int, int]] = []
    extra = _EXTRA_CUES.get(category)
    if extra is not None:
        out.extend((m.start(), m.end()) for m in extra.finditer(lower))
    # One zero-width pass per category finds every position where any cue starts.
    for m in _CUE_STARTS[category].finditer(lower):
        word = _CUE_WORD.match(lower, m.start())
        out.append((m.start(), word.end() if word else m.start()))
    return out


class Clauses:
    """One sentence with what its rules read per clause, each worked out once.

    A sentence may hold thousands of numbers: reading its clause breaks, cue words, places,
    periods and perpetrators once per clause rather than once per number keeps extraction
    linear in the length of the sentence."""

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self._break_starts: list[int] = []
        self._break_ends: list[int] = []
        aside_end = -1
        for m in _CLAUSE_BREAK.finditer(sentence):
            if m.start() < aside_end:
                continue
            aside = _DASHED_ASIDE.match(sentence, m.start())
            if aside:
                aside_end = aside.end()  # "17 villagers - among them four women - dead"
                continue
            self._break_starts.append(m.start())
            self._break_ends.append(m.end())
        self._lower: dict[tuple[int, int], str] = {}
        self._cues: dict[tuple[int, int], dict[str, list[tuple[int, int]]]] = {}
        self._places: dict[tuple[int, int], str | None] = {}
        self._periods: dict[tuple[int, int], re.Match[str] | None] = {}
        self._perpetrators: dict[tuple[int, int], list[tuple[int, str]]] = {}
        self._hands_of: dict[tuple[int, int], str | None] = {}

    def bounds(self, pos: int) -> tuple[int, int]:
        """The clause around `pos`: from the end of the last break ending at or before it to
        the start of the first break starting at or after it."""
        i = bisect_right(self._break_ends, pos)
        j = bisect_left(self._break_starts, pos)
        start = self._break_ends[i - 1] if i else 0
        end = self._break_starts[j] if j < len(self._break_starts) else len(self.sentence)
        return start, end

    def lower(self, clause: tuple[int, int]) -> str:
        if clause not in self._lower:
            self._lower[clause] = self.sentence[clause[0] : clause[1]].lower()
        return self._lower[clause]

    def cues(self, clause: tuple[int, int]) -> dict[str, list[tuple[int, int]]]:
        """Where each category's cue words start and end in the clause (lower-cased), sorted."""
        if clause not in self._cues:
            lower = self.lower(clause)
            self._cues[clause] = {
                category: sorted(_cue_positions(lower, category)) for category in _VERB_CATEGORIES
            }
        return self._cues[clause]

    def place(self, clause: tuple[int, int], places: set[str]) -> str | None:
        if clause not in self._places:
            self._places[clause] = _figure_place(self.sentence[clause[0] : clause[1]], places)
        return self._places[clause]

    def period(self, clause: tuple[int, int]) -> re.Match[str] | None:
        if clause not in self._periods:
            self._periods[clause] = _PERIOD.search(self.sentence, clause[0], clause[1])
        return self._periods[clause]

    def perpetrators(self, clause: tuple[int, int]) -> list[tuple[int, str]]:
        """(start, who) of each "killed by X" in the clause, offsets into the clause."""
        if clause not in self._perpetrators:
            text = self.sentence[clause[0] : clause[1]]
            self._perpetrators[clause] = [
                (m.start(), m.group("who")) for m in _PERPETRATOR.finditer(text)
            ]
        return self._perpetrators[clause]

    def hands_of(self, clause: tuple[int, int]) -> str | None:
        if clause not in self._hands_of:
            m = _HANDS_OF.search(self.sentence[clause[0] : clause[1]])
            self._hands_of[clause] = m.group("who") if m else None
        return self._hands_of[clause]


# "and" between a cue and a number, unless it joins two verbs of one predicate ("shot and killed").
_CONJUNCT = re.compile(
    r"\band\s+(?!(?:then\s+|later\s+)?(?:killed|wounded|injured|died)\b)"
    # "Four were caught up in the gunfire, including one dead": the cue is the included part's
    r"|\bincluding\s"
)
_CONJUNCT_PENALTY = 60.0
_VERB_THEN_NUMBER = re.compile(
    r"(?:kills|killed|killing|wounds|wounded|wounding|injures|injured|injuring)\s+"
)
# A negation right before a cue: the people counted are the ones it did not happen to.
_NEGATED = re.compile(r"(?:\bnot|n['’]t|\bnever)\s+(?:been\s+|seriously\s+|physically\s+)?$")
# A number followed by its own participle ("Driver killed 3 injured in crash", "killed 6
# people hurt in raid"): in headline grammar, stripped of its commas, the verb before the number
# ends the first clause and does not take the number as its object. A participle that itself
# takes a number ("killed 3 people injured 5 others") is a verb of the same clause.
_OWN_PARTICIPLE = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:injured|wounded|hurt|killed|dead)\b(?!\s+(?:\d|a\s|an\s|one\b|two\b))"
)
# Hurt feelings, not wounds: "the family is hurt by the news", "hurting so deeply".
_FEELINGS_HURT = re.compile(
    r"hurt(?:s|ing)?\s+(?:by\s+(?:this|that|it|what|the\s+(?:news|loss|death|decision|verdict))"
    r"|so\s+(?:much|deeply)|deeply|emotionally)\b"
)
# An "and" inside a parenthetical ("three teens, one who was 18 and two who were 16, were")
# joins parts of the number's own phrase.
_APPOSITION_AND = re.compile(r",[^,]*\band\b[^,]*,")
# "nine miners including a foreman were killed": the passive verb after the included part (or
# after a dashed aside naming it) is the whole subject's, so it gives the head number its
# category too (unlike "Five were hurt in the blast, including one badly", where the cue is the
# part's own).
_INCLUDED_THEN_VERB = re.compile(
    r"^[^.;]{0,30}?\bincluding\s+(?:[\w-]+\s+){1,6}?(?:were|are|have\s+been|had\s+been|[—–-])\s+$"
)


# How far from a number a cue can be and still give its category (_category's distances):
# after it, up to the cut-off; before it, up to the cut-off over the before-weight, or the
# length of the longest verb of _VERB_THEN_NUMBER before the spaces that lead to it.
_CUE_CUTOFF = 90
_CUE_BEFORE = int(_CUE_CUTOFF / 1.6) + 1
_LONGEST_VERB_BEFORE = 9


def _cue_window(lower: str, rel_start: int, rel_end: int) -> tuple[int, int]:
    """The positions [lo, hi) where a cue can give a number its category; cues outside weigh
    more than the cut-off, so leaving them out changes nothing and keeps a sentence of
    thousands of numbers and cues from being read number by cue."""
    spaces = rel_start
    while spaces > 0 and lower[spaces - 1].isspace():
        spaces -= 1
    return min(rel_start - _CUE_BEFORE, spaces - _LONGEST_VERB_BEFORE), rel_end + _CUE_CUTOFF + 1


@dataclass(frozen=True, slots=True)
class Reading:
    """A category with the rule that chose it and the words that decided it (`cue`, offsets
    into the sentence; None when the number itself decided)."""

    category: str
    rule: str
    cue: tuple[int, int] | None = None


def _category(view: Clauses, q: Quantity, counts: str | None) -> Reading:
    if q.kind in _KIND_CATEGORY:
        return Reading(_KIND_CATEGORY[q.kind], f"{_KIND_CATEGORY[q.kind]}.quantity_kind")
    sentence = view.sentence
    clause = view.bounds(q.start)
    lo = clause[0]
    lower = view.lower(clause)
    cues = view.cues(clause)
    rel_start, rel_end = q.start - lo, q.end - lo
    window_lo, window_hi = _cue_window(lower, rel_start, rel_end)
    best: tuple[float, str, int, int] | None = None
    for category in _VERB_CATEGORIES:
        positions = cues[category]
        first = bisect_left(positions, (window_lo,))
        last = bisect_left(positions, (window_hi,))
        for pos, cue_end in positions[first:last]:
            if rel_start <= pos < rel_end:
                continue
            if category == "killed" and lower.endswith(("attempted ", "attempt to "), 0, pos):
                continue  # "attempted murder" killed no one
            if category == "injured" and (
                _FEELINGS_HURT.match(lower, pos)
                or lower.endswith(("feel ", "feels ", "felt ", "deeply ", "emotionally "), 0, pos)
            ):
                continue  # "my boys are hurt by this", "we felt hurt": grief, not wounds
            if _NEGATED.search(lower, max(0, pos - 24), pos):
                continue  # "two tellers who weren't injured" were not

            if counts and lower.startswith(counts, pos) and 0 <= pos - rel_end <= 40:
                continue  # the counted noun says what is counted, not what happened
            # Cues after the number (its verb) weigh more than cues before it, except a verb
            # whose object the number is: "Blast Kills Two, Injures Five".
            if (
                pos < rel_start
                and _VERB_THEN_NUMBER.fullmatch(lower, pos, rel_start)
                and not _OWN_PARTICIPLE.match(lower, rel_end)
            ):
                distance = 0.5
            else:
                distance = (pos - rel_end) if pos >= rel_end else (rel_start - pos) * 1.6
            between = lower[rel_end:pos] if pos >= rel_end else lower[pos:rel_start]
            if (
                _CONJUNCT.search(between)
                and not _APPOSITION_AND.search(between)
                and not (pos >= rel_end and _INCLUDED_THEN_VERB.match(between))
            ) or (pos < rel_start and distance > 0.5 and "," in between):
                # "left one woman dead and two others wounded", "wounding five and killing
                # another": across "and" a cue tells of the other conjunct's people. So does
                # a cue before a comma: "Man killed, two others hurt" lists two tolls.
                distance += _CONJUNCT_PENALTY
            if best is None or distance < best[0]:
                best = (distance, category, pos, cue_end)
    if best is not None and best[0] <= _CUE_CUTOFF:
        cue = (lo + best[2], lo + best[3])
        # "35 of the casualties were found shot": the dead, however they were wounded.
        if best[1] == "injured" and counts in DEAD_ONLY_NOUNS:
            dead = "bodies" if counts in BODY_NOUNS else "killed"
            return Reading(dead, f"{dead}.dead_noun_wounded", cue)
        return Reading(best[1], f"{best[1]}.nearest_cue", cue)
    # "Victims" alone may be wounded or dead: without a verb it says neither.
    if counts in DEAD_NOUNS and counts != "victims":
        dead = "bodies" if counts in BODY_NOUNS else "killed"
        at = sentence.lower().find(counts, q.end)
        return Reading(dead, f"{dead}.dead_noun", (at, at + len(counts)) if at >= 0 else None)
    return Reading("count", "count.plain")


def _counts(sentence: str, q: Quantity) -> str | None:
    if q.kind in ("money", "percent", "measure", "duration"):
        return q.unit
    skip = _SKIP_AFTER_NUMBER.match(sentence, q.end)
    m = _NOUN.match(sentence, skip.end() if skip else q.end)
    if m and m.group(1) not in _NOT_NOUNS:
        word = m.group(1)
        if word.endswith("ed") and word not in PEOPLE_NOUNS:
            return None
        if len(word) > 6 and word.endswith(("ally", "ously", "ely", "tly")):
            return None  # an adverb ("one fatally", "two critically") says how, not what
        return word
    return None


def _clean_speaker(raw: str) -> str:
    who = raw.strip(" ,.;:\"'“”")
    who = re.sub(r"^(?:the|a|an)\s+", "", who, flags=re.I)
    return who.strip()


def _resolve_speaker(raw: str | None, speakers: _Speakers) -> str | None:
    """Canonical source for a speaker phrase, or None for an outlet or nobody."""
    if not raw:
        return None
    who = _clean_speaker(raw)
    if not who:
        return None
    low = who.lower()
    if low in _PRONOUNS:
        role = _PRONOUNS[low]
        if role == "org":
            return speakers.org
        if role == "person":
            return speakers.person
        return speakers.org or speakers.person
    if longest_alias_in(who, _entries("outlets")) is not None and not longest_alias_in(
        who, _entries("sources")
    ):
        return None  # an outlet prints figures; it does not give them
    org = longest_alias_in(who, _entries("sources"))
    if org is not None:
        speakers.org = org.canonical
        return org.canonical
    names = re.findall(r"[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|al-\w+|bin|de|van))*", who)
    if names:
        name = max(names, key=len) if len(names) > 1 and "," not in who else names[0]
        words = name.split()
        if len(words) >= 2 and not any(w.lower() in ("the",) for w in words):
            full = next((p for p in speakers.persons if p.endswith(name) or name in p), name)
            if full not in speakers.persons:
                speakers.persons.append(full)
            # An organisation's name has a telltale word; a person's does not.
            if re.search(
                r"\b(?:Committee|Council|Ministry|Observatory|Agency|Organi[sz]ation|"
                r"Office|Department|Group|Network|Center|Centre|Army|Forces|"
                r"Police|Association|Union|Authority|Watch|Coalition|Front)\b",
                full,
            ):
                speakers.org = full
            else:
                speakers.person = full
            return full
    if low in _GENERIC_SPEAKERS or len(low.split()) <= 4:
        generic = re.sub(r"^(?:several|some|many|local|reliable|other)\s+", "", low)
        return generic or None
    return None


def _quote_attributions(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Quoted spans in a paragraph with the speaker named right after (or before) the quote."""
    out: list[tuple[int, int, str]] = []
    i = start
    while i < end:
        if text[i] in _QUOTE_OPEN:
            close = -1
            for j in range(i + 1, end):
                if text[j] in _QUOTE_CLOSE and (
                    text[j] == "”" or j + 1 >= end or not text[j + 1].isalnum()
                ):
                    close = j
                    break
            if close < 0:
                break
            after = text[close + 1 : min(end, close + 120)]
            m = re.match(
                r"\s*,?\s*(?:(?:said|says|added|adds|according to)\s+(?P<a>[^,.;]{2,80})|"
                r"(?P<b>[^,.;\"“”]{2,80}?)\s+(?:said|says|added|adds|told|wrote)\b)",
                after,
            )
            who = None
            if m:
                who = m.group("a") or m.group("b")
            else:
                before = text[max(start, i - 120) : i]
                mb = re.search(
                    r"(?P<w>[^,.;\"“”]{2,80}?)\s+(?:said|says|added|told \w+)\s*[:,]?\s*$", before
                )
                if mb:
                    who = mb.group("w")
            if who:
                out.append((i, close + 1, who))
            i = close + 1
        else:
            i += 1
    return out


# How far back from a speech verb its subject is looked for: far more than any subject with its
# apposition, and a bound that keeps a sentence of many speech verbs linear.
_SPEAKER_REACH = 600


def _subject_before(view: Clauses, verb_start: int) -> str | None:
    """The subject of a speech verb: the phrase before it, looking through an apposition
    ("SOHR chief, Rami Abdelrahman, said"; "Abdul Karim, an activist from X, told")."""
    sentence = view.sentence
    lo = max(view.bounds(verb_start)[0], verb_start - _SPEAKER_REACH)
    left = sentence[lo:verb_start]
    left = _QUOTE_MARK.split(left)[-1]
    segments = [seg.strip() for seg in left.split(",")]
    segments = [seg for seg in segments if seg]
    if not segments:
        return None
    if left.rstrip().endswith(",") or (
        len(segments) >= 2 and sentence[verb_start:].lstrip().startswith(",")
    ):
        candidates = segments[-2:] if len(segments) >= 2 else segments[-1:]
    else:
        candidates = segments[-1:]
    for seg in candidates:
        if longest_alias_in(seg, _entries("sources")) is not None:
            return seg
    for seg in candidates:
        if re.search(r"[A-Z][\w'’-]+\s+[A-Z][\w'’-]+", seg):
            return seg
    last = _clean_speaker(re.sub(r"\b(?:also|then|later|now)\b", "", candidates[-1]))
    if last.lower() in _PRONOUNS:
        return last  # "It said": resolved to the group named before
    if last.lower() in _GENERIC_SPEAKERS or last.lower().split()[-1:] in (
        ["activists"],
        ["officials"],
        ["police"],
        ["sources"],
        ["group"],
    ):
        return last
    return None


_QUOTE_MARK = re.compile(r"[\"”“]")
# Speech verbs whose subjects are looked for, per sentence: a news sentence names its speaker at
# one of its first few; a page of "said said said" is not read verb by verb.
_SPEECH_VERBS_READ = 25


def _sentence_speaker(view: Clauses) -> str | None:
    sentence = view.sentence
    m = _ACCORDING.search(sentence)
    if m:
        return m.group("who")
    m = _BY_REPORTER.search(sentence)
    if m:
        return m.group("who")
    subject = None
    for verb in itertools.islice(_SPEECH_VERB.finditer(sentence), _SPEECH_VERBS_READ):
        subject = _subject_before(view, verb.start())
        if subject:
            break
    m = _CONFIRMED_TO.search(sentence)
    if m and (subject is None or _clean_speaker(subject).lower() in _GENERIC_SPEAKERS):
        return m.group("who")
    return subject


# How far back from a number _SUBJECT_KILLED looks: a subject of four words, 40 characters
# and a verb fit many times over; the bound keeps a sentence of many numbers linear.
_SUBJECT_REACH = 400


def _perpetrator(view: Clauses, q: Quantity) -> str | None:
    clause = view.bounds(q.start)
    lo = clause[0]
    rel = q.start - lo
    who = None
    found = view.perpetrators(clause)
    k = bisect_left(found, rel - 60, key=lambda item: item[0])
    if k < len(found):
        who = found[k][1]
    if who is None:
        who = view.hands_of(clause)
    if who is None:
        reach = max(lo, q.start - _SUBJECT_REACH)
        if reach > lo:  # start at a word, as a search of the whole clause would
            space = view.sentence.find(" ", reach, q.start)
            reach = space + 1 if space >= 0 else q.start
        m3 = _SUBJECT_KILLED.search(view.sentence[reach : q.start])
        if m3:
            who = m3.group("who")
    if who is None:
        return None
    alias = longest_alias_in(who, _entries("perpetrators"))
    if alias is not None:
        return alias.canonical
    cleaned = _clean_speaker(re.split(r"\b(?:after|in|on|at|during|while|when|who|that)\b", who)[0])
    return cleaned or None


def _is_headline(line: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) >= 3 and capitalised >= 0.7 * len(words)


# Days and events named like places: "A Fourth of July cookout at Pine Lodge".
_OCCASION = re.compile(
    r"\b(?:New\s+Year|Christmas|Thanksgiving|Easter|Halloween|Independence\s+Day|Fourth\s+of\s+July|"
    r"Memorial\s+Day|Labor\s+Day|Veterans\s+Day|Mother['’]s\s+Day|Father['’]s\s+Day|"
    r"Valentine['’]s\s+Day|Super\s+Bowl|Mardi\s+Gras)\b"
)


def _not_a_place(name: str) -> bool:
    if name.split()[0] in _NOT_PLACES or _SUB_PLACE.search(name) or _OCCASION.search(name):
        return True
    for kind in ("sources", "perpetrators", "outlets"):
        alias = longest_alias_in(name, _entries(kind))
        if alias is not None and alias.norm == normalise(name):
            return True
    return False


def _place_names(text: str) -> tuple[dict[str, int], dict[str, int], str | None]:
    """Capitalised names in the text, and the place-like ones among them (used after a
    locative: "in X", "town of X"), with their counts, and the most mentioned place."""
    places: Counter[str] = Counter()
    for line in re.finditer(r"[^\n]+", text):
        if _is_headline(line.group(0)):
            continue
        for m in _STRONG_LOCATIVE.finditer(line.group(0)):
            name = m.group("place").strip(" -")
            if not _not_a_place(name):
                places[name] += 1
    main = None
    if places:
        by_norm: Counter[str] = Counter()
        shown: dict[str, str] = {}
        for name, n in places.items():
            key = normalise(name)
            by_norm[key] += n
            shown.setdefault(key, name)
        main = shown[by_norm.most_common(1)[0][0]]
    return dict(capitalised_names(text)), dict(places), main


def capitalised_names(text: str) -> Counter[str]:
    """Every capitalised run in `text`, and each word of a run of several, with counts."""
    all_names: Counter[str] = Counter()
    for m in _CAPITALISED_RUN.finditer(text):
        run = m.group(0)
        all_names[run] += 1
        # A capitalised run often glues a place to what stands beside it ("Detroit Wednesday",
        # "East Baton Rouge Parish", "Los Angeles County"): each word, and each shorter run of
        # its words, is a name the article uses too.
        words = run.split()
        for size in range(1, len(words)):
            for start in range(len(words) - size + 1):
                part = words[start : start + size]
                if size > 1 or len(part[0]) > 2:
                    all_names[" ".join(part)] += 1
    return all_names


# Up to four capitalised words on one line: a run never crosses a line or a dash.
# "St. Louis", "Ft. Wayne": an abbreviated word keeps its period inside a run.
_RUN_WORD = rf"(?:{_ABBREVIATED_WORD}|{_PARTICLE_WORD}|[A-Z][\w'’-]+)"
_CAPITALISED_RUN = re.compile(rf"\b{_RUN_WORD}(?:[ \t]+{_RUN_WORD}){{0,3}}")


def _figure_place(clause: str, places: set[str]) -> str | None:
    """The first place named after a locative in the figure's own clause."""
    for m in _LOCATIVE.finditer(clause):
        name = m.group("place").strip(" -")
        if _SUB_PLACE.search(name):
            continue
        curated = longest_alias_in(name, _entries("places"))
        if curated is not None and curated.norm == normalise(name):
            adjective = normalise(name) != normalise(curated.canonical) and name.endswith(
                ("an", "ish", "i", "ese")
            )
            # A demonym names a place only as "in the Syrian ...", not "from Russian jets".
            if not adjective or re.match(r"in\s+the\s", m.group(0)):
                return curated.canonical
            continue
        if name in places and not _not_a_place(name):
            return name
    return None


# Words after a count that say its people are others than those counted before it: "one
# person was taken to the hospital ... and two others were transported".
_SHOOTER = re.compile(r"shooter|gunman|suspect|attacker|killer", re.I)
_MORE_PEOPLE = re.compile(r"\b(?:others?|another|also|more)\b", re.I)


_PERSON_WORDS = re.compile(r"[A-Za-z][\w'’-]*")
_VICTIM_PRONOUNS = frozenset({"he", "she", "him", "her", "himself", "herself", "they", "them"})


def _distinct_people(figs: list[ExtractedFigure]) -> bool:
    """Single victims named by different nouns: "the aunt was shot in the arm, while the
    teenager was shot in the back" is two people."""
    heads = []
    for f in figs:
        words = _PERSON_WORDS.findall(f.text)
        if f.value != 1 or not words or words[-1].lower() in _VICTIM_PRONOUNS:
            return False
        if re.fullmatch(r"(?i:one|1|a|an)", words[-1]):
            return False
        heads.append(words[-1].lower())
    return len(set(heads)) == len(heads)


# "thousands of gunshots", "dozens of rounds": things counted through "of"; "two crime
# scenes", "three separate shootings": things named a word on
_OF_THINGS = re.compile(
    r"\s+of\s+(?:gun)?(?:shots|rounds|bullets|casings)\b"
    r"|\s+[\w-]+\s+(?:scenes|shootings|incidents|shots|rounds|homes|houses|cars|vehicles|guns|"
    r"weapons|counts|charges|blocks|miles|calls)\b"
    # wounds, not the wounded: "suffered two gunshot wounds", "one or more fatal stab wounds"
    r"|(?:\s+(?:fatal|serious|minor|superficial|severe|critical|multiple|apparent|possible|"
    r"life-threatening|non-life-threatening|gunshot|bullet|stab|knife|shotgun|puncture|entry|"
    r"exit)){0,3}\s+wounds?\b",
    re.I,
)


def _not_the_victims(sentence: str, q: Quantity, counts: str | None) -> bool:
    """Whether a number beside a kill/injure verb counts others than its victims: things
    ("four shots"), the accused or the shooters, who said it ("according to two family
    members"), someone's children ("Father of 5 killed"), those present ("a fight involving
    30 people") or a first report the sentence corrects ("originally said seven, but amended")."""
    if (
        counts in NOT_VICTIM_NOUNS
        or _NOT_VICTIM_ROLE.match(sentence, q.end)
        or _OF_THINGS.match(sentence, q.end)
    ):
        return True
    before = max(0, q.start - _JUST_BEFORE)
    return bool(
        _ACCORDING_TO_COUNT.search(sentence, before, q.start)
        or _PARENT_OF.search(sentence, before, q.start)
        or _PRESENT_AT.search(sentence, before, q.start)
        or _COUNTERFACTUAL.search(sentence, before, q.start)
        or (_SUPERSEDED.search(sentence, before, q.start) and _CORRECTED.search(sentence, q.end))
    )


def _add_sentence_totals(doc: Document, text: str, shot_only: set[int]) -> None:
    """Add, per sentence, the sum of wounded counts that name different people.

    "A man was shot in the neck, and two women were also wounded" is 3 wounded; the total
    quotes the span from the first count to the last, so its text is still in the sentence.
    Only counts joined by "other(s)", "another", "also" or "more" are added up: "four were
    shot, two of them critically" restates, it does not add."""
    by_key: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i, f in enumerate(doc.figures):
        # The dead are summed only with a dead shooter (below): on the shooting articles,
        # summing killed counts otherwise lost more than it gained (a death restated).
        if f.category in ("injured", "killed") and f.value is not None and f.value >= 1:
            by_key[(f.sentence, f.category)].append(i)
    for (_sentence, category), members in by_key.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: doc.figures[i].start)
        figs = [doc.figures[i] for i in members]
        if any(a.end > b.start for a, b in pairwise(figs)):
            continue
        if category == "killed":
            later_are_others = all(_SHOOTER.fullmatch(f.text) for f in figs[1:])
        else:
            later_are_others = all(
                _MORE_PEOPLE.search(f.text) or _MORE_PEOPLE.search(text, f.end, f.end + 20)
                for f in figs[1:]
            ) or _distinct_people(figs)
        if not later_are_others:
            continue
        total = float(sum(f.value or 0 for f in figs))
        first = figs[0]
        if all(i in shot_only for i in members):
            shot_only.add(len(doc.figures))
        doc.figures.append(
            dataclasses.replace(
                first,
                end=figs[-1].end,
                text=text[first.start : figs[-1].end],
                value=total,
                low=total,
                high=total,
                qualifier=None,
                rule=f"{category}.sentence_total",
                cue=(first.start, figs[-1].end),
                stage="sentence_totals",
            )
        )


# ------------------------------------------------------------------ stages (store.extract.pipeline)


def read_names(doc: Document) -> None:
    """Names: every capitalised name the article and its headline use, the places named after
    a locative ("in X", "town of X") with the most mentioned as its main place, and the
    acronyms it defines ("the Example Monitoring Group (EMG)")."""
    names, places, main_place = _place_names(doc.text)
    if doc.title:
        # The headline often names the place the body leaves out ("... in overnight Savannah
        # shooting"); a question about that place should find the article.
        for name, n in capitalised_names(doc.title).items():
            names[name] = names.get(name, 0) + n
    doc.names = names
    doc.main_place = main_place
    doc.places = places
    for m in _ACRONYM_DEF.finditer(doc.text):
        full = re.sub(r"^(?:The|A|An)\s+", "", m.group("full").replace("\xa0", " "))
        doc.acronyms[m.group("acr")] = full


def read_speakers(doc: Document) -> None:
    """Source: who says each sentence's figures ("according to X", "X said", a quote's
    speaker). Speakers are tracked in every sentence, so "It said" finds the group named
    before."""
    quote_speakers: list[tuple[int, int, str]] = []
    for para in re.finditer(r"[^\n]+", doc.text):
        quote_speakers.extend(_quote_attributions(doc.text, para.start(), para.end()))
    speakers = _Speakers()
    for index in doc.each_sentence("speakers"):
        s_start, s_end = doc.sentences[index]
        speaker = _resolve_speaker(_sentence_speaker(doc.views[index]), speakers)
        if speaker is None:
            for q_start, q_end, who in quote_speakers:
                if q_start < s_end and s_start < q_end:
                    speaker = _resolve_speaker(who, speakers)
                    break
        doc.speakers.append(speaker)


def read_meaning(doc: Document) -> None:
    """Meaning: each casualty count and each quantity becomes a figure with its category,
    what it counts, who did it, where, over what period and who said so, in sentence order
    (a sentence's worded casualty counts first)."""
    text = doc.text
    place_set = set(doc.places)
    n_sentences = max(len(doc.sentences), 1)
    previous_counts: str | None = None
    for index in doc.each_sentence("meaning"):
        s_start, s_end = doc.sentences[index]
        sentence = text[s_start:s_end]
        view = doc.views[index]
        speaker = doc.speakers[index]
        for c in doc.casualties[index]:
            # "Another woman was also shot": one besides the dead. Only words at the victim
            # phrase say so; "the other" elsewhere in the sentence is someone else.
            if c.counts_all or (
                c.weak and not _ANOTHER.search(sentence, max(0, c.start - 30), c.end + 50)
            ):
                doc.shot_only.add(len(doc.figures))
            doc.figures.append(
                ExtractedFigure(
                    start=s_start + c.start,
                    end=s_start + c.end,
                    text=c.text,
                    value=c.value,
                    low=c.value,
                    high=c.value,
                    qualifier=None,
                    unit=None,
                    counts="people",
                    category=c.category,
                    perpetrator=None,
                    place=view.place((0, len(sentence)), place_set),
                    period=None,
                    source=speaker,
                    sentence=index,
                    salience=1.0 - index / n_sentences,
                    rule=c.rule,
                    cue=(s_start + c.cue[0], s_start + c.cue[1]),
                    stage="casualties",
                )
            )
        one_of_died = _ONE_OF_DIED.search(sentence)
        if one_of_died:
            # "1 of 3 workers wounded": the count of the wounded opens the rest of the phrase
            words = one_of_died.group("rest").split()
            died = parse_number(one_of_died.group("died"))
            total = parse_number(words[0]) if words else None
            if died is not None and total is not None and died < total:
                doc.died_among[total] = died
        quantities = doc.quantities[index]
        if not quantities:
            continue
        sentence_counts: str | None = None
        for q in quantities:
            counts = _counts(sentence, q)
            if counts is None and q.kind in ("count", "vague", "range"):
                counts = sentence_counts or previous_counts
            if (
                q.kind in ("count", "vague", "range")
                and counts in PEOPLE_NOUNS
                and counts not in STATE_NOUNS
            ):
                # "One dead, 4 wounded": a state says what happened to its own number only.
                sentence_counts = counts
            reading = _category(view, q, counts)
            category, rule = reading.category, reading.rule
            if one_of_died and q.start == one_of_died.start("died"):
                # "One of the five people shot has died": the part that died is a death toll,
                # whatever the cue nearest to it ("shot") says.
                died_word = (one_of_died.end() - len("died"), one_of_died.end())
                reading = Reading("killed", "killed.one_of_died", died_word)
                category, rule = reading.category, reading.rule
            if category in ("killed", "injured") and _not_the_victims(sentence, q, counts):
                category, rule = "count", f"count.not_the_victims({rule})"
            if category == "injured" and (
                one_of_died or _ALL_OF_THEM.search(sentence, max(0, q.start - 12), q.start)
            ):
                # "One of four women wounded Monday has died": the four include the dead.
                doc.shot_only.add(len(doc.figures))
            elif (
                category == "injured"
                and not _INJURY_WORD.search(sentence)
                and not _ANOTHER.search(sentence)
                and (counts == "victims" or counts not in DEAD_NOUNS)
            ):
                # "35 of the casualties were found shot" counts the dead themselves, but
                # "four victims were shot" may be the dead and the living alike.
                # "Four people were shot" counts the dead too; "three were wounded" does not.
                doc.shot_only.add(len(doc.figures))
            clause = view.bounds(q.start)
            place = view.place(clause, place_set)
            period = None
            period_match = view.period(clause)
            if period_match and not (period_match.start() <= q.start < period_match.end()):
                period = period_match.group(0)
            doc.figures.append(
                ExtractedFigure(
                    start=s_start + q.start,
                    end=s_start + q.end,
                    text=q.text,
                    value=q.value,
                    low=q.low,
                    high=q.high,
                    qualifier=q.qualifier,
                    unit=q.unit,
                    counts=counts,
                    category=category,
                    perpetrator=_perpetrator(view, q)
                    if category in ("killed", "injured", "bodies", "detained", "identified")
                    else None,
                    place=place,
                    period=period,
                    source=speaker,
                    sentence=index,
                    salience=1.0 - index / n_sentences,
                    rule=rule,
                    cue=(s_start + reading.cue[0], s_start + reading.cue[1])
                    if reading.cue
                    else None,
                    stage="meaning",
                )
            )
        if sentence_counts:
            previous_counts = sentence_counts


def add_sentence_totals(doc: Document) -> None:
    """Sentence totals: wounded counts of one sentence that name different people, added up
    ("a man was shot ..., and two women were also wounded" is 3)."""
    _add_sentence_totals(doc, doc.text, doc.shot_only)


def other_incident_sentences(doc: Document) -> frozenset[int]:
    """Sentences about other incidents or periods ("since 2009", "this year"), whose counts
    are not this incident's toll."""
    return frozenset(
        i for i, (a, b) in enumerate(doc.sentences) if _about_other_incidents(doc.text, a, b)
    )


def tells_of_death(text: str | None) -> bool:
    """Whether `text` tells of a death in any words ("was pronounced dead", "Fatal crash")."""
    return bool(_DEATH_REPORTED.search(text or ""))


def lead_tells_of_death(doc: Document, other: frozenset[int]) -> bool:
    """Whether the headline, or the lead of the body (its first sentences about this incident),
    tells of a death: "A hunter killed Sunday was identified" beside "man shot in field". A
    homicide unit's name ("the Metro Homicide Unit is investigating") tells of none."""
    lead = [i for i in range(len(doc.sentences)) if i not in other][:_DEATH_LEAD_SENTENCES]
    return tells_of_death(doc.title) or any(
        _DEATH_REPORTED.search(
            _HOMICIDE_UNIT.sub("", doc.text[doc.sentences[i][0] : doc.sentences[i][1]])
        )
        for i in lead
    )


def parts_among_others(doc: Document) -> frozenset[int]:
    """Figures that are a part of a count given after them ("six medics were counted among the
    dead"), or in the next sentence ("They were among 27 people killed")."""
    return frozenset(
        i
        for i, f in enumerate(doc.figures)
        if _AMONG_OTHERS.match(doc.text, f.end)
        or (
            f.sentence + 1 < len(doc.sentences)
            and _THEY_WERE_AMONG.match(doc.text, doc.sentences[f.sentence + 1][0])
        )
    )


def looking_back_sentences(doc: Document) -> frozenset[int]:
    """Sentences looking back to an earlier incident ("a day after ...", "last week")."""
    return frozenset(i for i, (a, b) in enumerate(doc.sentences) if _EARLIER.search(doc.text, a, b))


# "They were among 27 people killed": the counts of the sentence before are a part.
_THEY_WERE_AMONG = re.compile(r"\s*(?:They|These|Those)\s+(?:were|are)\s+(?:also\s+)?among\b")
# A sentence looking back to an earlier incident: "a day after ...", "last week", "earlier this
# month", "a March 3 bombing".
_EARLIER = re.compile(
    r"\b(?:earlier\s+this|last|previous)\s+(?:week|month)\b"
    r"|\b(?:a|one|two|three|several|few)\s+(?:days?|weeks?|months?)\s+(?:after|before|earlier|ago)\b"
    r"|\bday\s+(?:after|before)\b"
    r"|\b(?:an?|the)\s+(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+\d{1,2}\s+(?:attack|bombing|strike|raid|massacre|blast|shooting)",
    re.I,
)
# "Eight nurses were among at least 30 people killed", in a headline "3 children among 15
# killed": a part of the count that follows.
_AMONG_OTHERS = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,4}?(?:(?:were|was|are|is)\s+(?:also\s+)?among\b"
    r"|among\s+(?:(?:at\s+least|more\s+than|some|about|nearly|over)\s+)?(?:\d|the\s+dead\b))"
)
