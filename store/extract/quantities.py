"""Find and normalise every quantity in news text.

Rule-based on purpose: a handful of precompiled regular expressions plus a little context logic
per number, no model and no spaCy, so a 500-word article costs well under a millisecond or two.
It is written by hand because the libraries we looked at (quantulum3, number-parser, CQE's rule
set) do not handle the newsroom phrasings we care about: ``half a million``, ``dozens``,
``at least 128`` / ``128 persons at least``, ``Some 128``, ``from 2,000 to a few hundred``.

Two passes:

1. *Non-figures* are claimed first (dates, clock times, phone numbers, street addresses, ages,
   ids/codes, numeric ordinals) so that their digits never become figures.
2. *Figures* are found around every remaining number core (digits, number words, vague amounts,
   fractions), extended left for a qualifier and a currency and right for a scale, a unit, a
   range tail and a trailing qualifier.  Standalone years are decided here, from context.

Conventions (documented because callers rely on them):

* ``value`` is the number as stated, even with a qualifier: ``more than 1000`` has value 1000.
  It is ``None`` for ranges and vague amounts.
* Bounds: exact, ``about``/``some``/``only`` -> low = high = value (no band is invented: the
  qualifier says it is approximate); ``at least``/``more than`` -> low = value, high None;
  ``up to``/``nearly``/``fewer than``/``at most`` -> low None, high = value.
* Vague amounts: ``dozens`` 24..99, ``scores of`` 40..199, ``hundreds`` 200..999,
  ``thousands`` 2000..9999 (each plural scale S: 2S..10S-1), ``tens of thousands`` 20000..99999,
  ``a few hundred`` 200..900, ``several hundred`` 300..900, ``a couple of hundred`` 200..300.
  A bare ``several`` / ``a few`` carries no magnitude and is not reported.
* Ages (``21-year-old``, ``aged 46``, ``Omar Tate, 28,``) are ``age``; a "year-old" of 130
  or more (``a 300,000 year-old skull``) is antiquity, a ``measure``.
* A bare month (``in April``) has no number and is not reported.
* The article ``a`` is a number only before a scale or fraction (``a million``, ``a third of``);
  ``one`` is a count except as a pronoun (``no one``, ``the one who``, ``each one``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from store.figure import Amount

__all__ = ["Quantity", "find_quantities", "parse_number"]

FIGURE_KINDS = frozenset({"count", "money", "percent", "measure", "duration", "range", "vague"})


@dataclass(frozen=True, slots=True)
class Quantity(Amount):
    """One quantity (or non-figure number) found in a text; ``text[start:end] == self.text``.

    An `Amount` (value, bounds, text, qualifier, unit: `store.figure`) before it has a
    meaning: extraction reads every number first, dates, ages and ids among them, and only
    then decides what the figures count (`store.extract.meaning` makes an `ExtractedFigure`).
    Positional construction: the amount's fields, then ``start, end, kind``."""

    start: int
    end: int
    kind: str

    @property
    def is_figure(self) -> bool:
        """True for amounts worth storing; False for dates, years, times, ages, ids ..."""
        return self.kind in FIGURE_KINDS


# --------------------------------------------------------------------------- number words

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 100.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
_FRACTION_WORDS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "quarter": 4,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
# Glued or abbreviated scale suffixes after digits: "$1.5bn", "€20m", "25k", "S$1mil".
_SUFFIX_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "mil": 1e6,
    "mill": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "billion": 1e9,
    "tn": 1e12,
    "trn": 1e12,
    "trillion": 1e12,
    "hundred": 100.0,
}
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}

_U = "|".join(sorted(_UNITS, key=len, reverse=True))
_T = "|".join(_TENS)
_S = "hundred|thousand|million|billion|trillion"
_DIGIT_WORD = "one|two|three|four|five|six|seven|eight|nine"
# One number-word token; "hundred and" only joins when a unit/tens word follows.
_WTOK = (
    rf"(?:(?:hundred|thousand|million|billion)\s+and(?=\s+(?:{_T}|{_U})\b)"
    rf"|(?:{_T})(?:[-\s](?:{_DIGIT_WORD})(?![\w-]))?|(?:{_U})|(?:{_S})|dozen)(?![\w])"
)
# "two and a half", "three-and-a-half": a half joined to a whole number
_AND_A_HALF = rf"(?:[-\s]+and[-\s]+a[-\s]+half(?![\w])(?:\s+(?:{_S})(?![\w]))?)"
_WORDNUM = rf"(?:(?:half\s+an?|an?)\s+(?=(?:{_S}|dozen)\b))?{_WTOK}(?:[-\s]+{_WTOK})*{_AND_A_HALF}?"

_NUM = r"(?:\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d+)(?:\.\d+)?|\.\d+"
_VULGAR_CLASS = "".join(_VULGAR)

_VAGUE = (
    r"(?:tens|hundreds|dozens|scores)\s+of\s+(?:thousands|millions|billions)"
    r"|(?:a\s+few|several|a\s+couple(?:\s+of)?)\s+(?:dozen|hundred|thousand|million|billion)(?![\w])"
    r"|(?:dozens|hundreds|thousands|millions|billions|scores(?=\s+of\b))(?![\w])"
)
_FRACTION = (
    rf"(?:an?|one|{_DIGIT_WORD})[-\s](?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?"
    r"|sevenths?|eighths?|ninths?|tenths?)(?=\s+of\b)"
)

# The letters a number word can start with ("a", "one", "half", "dozens", "several", …):
# tests/test_numbers.py derives them from the patterns below and checks this list covers them.
_NUMBER_WORD_STARTS = "abdefhmnostz"
_CORE_WORD_ALTERNATIVES = (
    # Speed: a position that is inside a word, or whose letter starts no number word, fails the
    # opening assertions at once instead of trying each alternative (every alternative needs
    # both anyway). The lookbehinds inside make every word alternative fail fast inside words.
    rf"(?<![\w])(?=(?i:[{_NUMBER_WORD_STARTS}]))(?:"
    rf"(?<![\w])(?P<vague>(?i:{_VAGUE}))"
    rf"|(?<![\w])(?P<frac>(?i:{_FRACTION}))"
    rf"|(?<![\w-])(?P<word>(?i:{_WORDNUM}))"
    r")"
)
_CORE = re.compile(
    rf"{_CORE_WORD_ALTERNATIVES}"
    # the lookahead is every character `num` can start with: most positions fail on it at once
    # instead of trying the sign and three lookbehinds (a third of _CORE's scan)
    rf"|(?=[-−+\d.{_VULGAR_CLASS}])(?P<num>(?:(?<![\w)\].,])[-−+])?(?<![\d.])(?<!\d,)"
    rf"(?:\d+[/⁄]\d+(?![/⁄\d])|(?:{_NUM})[{_VULGAR_CLASS}]?|[{_VULGAR_CLASS}]))"
)
# _CORE for a text with no digit and no vulgar fraction, where its last alternative (`num`)
# cannot match: the same matches, and the scan is ~40 % cheaper without it.
_CORE_WORDS = re.compile(_CORE_WORD_ALTERNATIVES)
_NUM_CHAR = re.compile(rf"[\d{_VULGAR_CLASS}]")

_WORD_SPLIT = re.compile(r"[\s-]+")


def _parse_words(words: str) -> float | None:
    """Parse a run of English number words; None when it is not one number."""
    toks = [t for t in _WORD_SPLIT.split(words.lower().strip()) if t and t != "and"]
    if not toks:
        return None
    scale = 1.0
    if len(toks) >= 4 and toks[-3:-1] == ["a", "half"] and toks[-1] in _SCALES:
        scale, toks = _SCALES[toks[-1]], toks[:-1]  # "one and a half million"
    if len(toks) >= 3 and toks[-2:] == ["a", "half"]:
        whole = _parse_words(" ".join(toks[:-2]))
        return (whole + 0.5) * scale if whole is not None else None
    last = toks[-1]
    if len(toks) >= 2 and (
        last in _FRACTION_WORDS or (last.endswith("s") and last[:-1] in _FRACTION_WORDS)
    ):
        head = 1 if toks[0] in ("a", "an") else _UNITS.get(toks[0])
        den = _FRACTION_WORDS.get(toks[-1], _FRACTION_WORDS.get(toks[-1][:-1], 0))
        return head / den if head is not None and den and len(toks) == 2 else None
    mult = 1.0
    article = False
    if toks[0] in ("a", "an"):
        article = True
        toks = toks[1:]
    elif toks[0] == "half" and len(toks) > 1 and toks[1] in ("a", "an"):
        mult, toks, article = 0.5, toks[2:], True
    if not toks or (not article and (toks[0] in _SCALES or toks[0] == "dozen")):
        return None  # a bare "thousand" / "dozen" is no stated number
    total = 0.0
    current = 0.0
    seen = False
    last_small = False  # guards "two three" (two separate numbers) from being summed
    for tok in toks:
        if tok in _UNITS or tok in _TENS:
            v = _UNITS.get(tok, _TENS.get(tok, 0))
            if last_small and not (v < 10 and current % 100 >= 20 and current % 10 == 0):
                return None
            current += v
            last_small = True
            seen = True
        elif tok == "dozen":
            current = (current or 1.0) * 12
            last_small = False
            seen = True
        elif tok == "hundred":
            current = (current or 1.0) * 100
            last_small = False
            seen = True
        elif tok in _SCALES:
            total += (current or 1.0) * _SCALES[tok]
            current = 0.0
            last_small = False
            seen = True
        else:
            return None
    return (total + current) * mult if seen else None


_NUMERIC_FULL = re.compile(
    rf"^\s*(?P<sign>[-−+])?\s*(?P<n>{_NUM})?(?P<vf>[{_VULGAR_CLASS}])?\s*"
    r"(?P<scale>[a-z]+)?\s*$",
    re.I,
)
_FRACTION_FULL = re.compile(r"^\s*(?:(\d+)\s+)?(\d+)\s*[/⁄]\s*(\d+)\s*$")


def parse_number(words: str) -> float | None:
    """Parse one stated number: ``"Two hundred"`` -> 200.0, ``"1.5 million"``, ``"3/4"``, ..."""
    m = _FRACTION_FULL.match(words)
    if m:
        den = int(m.group(3))
        if den == 0:
            return None
        return int(m.group(1) or 0) + int(m.group(2)) / den
    m = _NUMERIC_FULL.match(words)
    if m and (m.group("n") or m.group("vf")):
        v = float(m.group("n").replace(",", "")) if m.group("n") else 0.0
        if m.group("vf"):
            v += _VULGAR[m.group("vf")]
        scale = m.group("scale")
        if scale:
            factor = _SUFFIX_SCALES.get(scale.lower())
            if factor is None:
                return None
            v *= factor
        if m.group("sign") in ("-", "−"):
            v = -v
        return v
    # "1.5 million" with a word scale is covered above; everything else is words.
    return _parse_words(words)


# --------------------------------------------------------------------------- context patterns

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_ORD_SUF = r"(?:st|nd|rd|th)"
_TZ = r"(?:\s*\(?(?:GMT|UTC|BST|CET|CEST|EDT|EST|CDT|CST|MDT|MST|PDT|PST|ET|PT|IST|AEST|AEDT)\)?)"
_AMPM = r"(?:\s?(?:[ap]\.m\.?|[AP]\.M\.?|[ap]m\b|[AP]M\b))"

# The age pattern's alternatives: "three-year-old" (the only one without a digit) …
_AGE_IN_WORDS = (
    rf"(?i:(?<![\w,.])(?=\w[\w-]*[-\s]+(?:\w[\w-]*[-\s]+){{0,5}}?(?:years?|yrs?|months?|mths?|mos?|weeks?|days?)[-\s]+old)"
    rf"(?:\d{{1,3}}\s*(?:-|to)\s*)?(?P<agenum>\d{{1,3}}|{_WORDNUM})[-\s]+"
    r"(?:years?|yrs?|months?|mths?|mos?|weeks?|days?)"
    rf"[-\s]+old\b)"
)
# … and "aged 19", "Omar Tate, 28," and the like, each with a digit.
_AGE_OTHERS = (
    r"\b(?i:aged?|ages)(?::|\s+of)?\s+\d{1,3}(?:\s*,\s*\d{1,3})*(?:,?\s*(?:to|-|–|and)\s*\d{1,3})?\b"
    # "two others, ranging in age from 16 to 24,"
    r"|\b(?i:in\s+age\s+from)\s+\d{1,3}\s*(?:to|-|–)\s*\d{1,3}\b"
    # "Omar Tate, 28," / "Smith (28)": only the digits are claimed
    r"|\b[A-Z][A-Za-z'’.-]*,\s(?P<span>\d{1,2})"
    r"(?=,|\s*\)|\.(?:\s|$)|\s+(?:and|of|from|was|is|who|had|has|died|were|pleaded)\b|;|\s+\()"
    r"|\b[A-Z][a-z'’-]+\s\((?P<span2>\d{1,2})\)"
    # "one woman, 34, dead": a person noun's apposition is an age too
    r"|\b(?i:man|woman|boy|girl|teen|teenager|victim|male|female|suspect|shooter|gunman|student|"
    r"driver|passenger|officer|son|daughter|mother|father|wife|husband|brother|sister|friend|"
    r"boyfriend|girlfriend|child|toddler|resident|neighbor|neighbour),\s(?P<span3>\d{1,2}),"
    # "Ann Lee and Bo Diaz, both 20, face charges": a shared apposition is an age too
    r"|,\s(?i:both|all|each|also)\s(?P<span5>\d{1,2})(?=,|\s+and\b|\.(?:\s|$)|;)"
    # "She was 41 when she fired", "a child under 12"
    r"|\b(?i:(?:he|she)\s+was)\s(?P<span7>\d{1,2})\s+(?=when\b|at\s+the\s+time\b)"
    r"|\b(?i:child|children|kids?|boys?|girls?)\s+(?i:under|over)\s+(?:the\s+age\s+of\s+)?"
    r"(?P<span8>\d{1,2})\b"
    # "two men, 19 and 22, were shot": ages in apposition to plural people
    r"|\b(?i:men|women|boys|girls|teens|teenagers|brothers|sisters|victims|suspects)"
    r",\s(?P<span6>\d{1,2}(?:,\s\d{1,2})*,?\s(?:and|&)\s\d{1,2}),"
    # "four teens, one aged 19 and three who were 17,": a bare number after plural "who were"
    # (a singular "who was 10" is left a figure, as NewsQuant reads it)
    r"|\b(?i:who\s+(?:were|are))\s(?P<span4>\d{1,2})(?=\s*(?:[,;)]|\.(?:\s|$)|and\b))"
    # a caption's "Dana Rhoden (left), 37, and her son": the position, then the age
    r"|\b[A-Z][a-z'’-]+\s\([^()]{1,60}\),\s(?P<span10>\d{1,2})(?=,)"
)

# What a text must contain for a _NONFIGURE pattern to match in it: a cheap search that lets
# find_quantities skip the pattern's scan. Most sentences of an article have no digit, and the
# digit patterns' scans were ~40 % of its time. tests/test_numbers.py checks each gate against
# its pattern's parse tree, so an alternative added without a digit fails there instead of
# silently never matching.
_DIGIT = re.compile(r"\d")
_OLD = re.compile(r"(?i:[-\s]old\b)")  # in every "three-year-old" (_AGE_IN_WORDS)
_DIGIT_OR_OLD = re.compile(rf"\d|{_OLD.pattern}")
# What every match of the URL/file-name pattern contains: its alternatives' fixed parts.
_WEB_ADDRESS = re.compile(
    r"https?://|www\.|\.(?:com|org|gov|net|edu|co\.uk)/|\.(?:jpe?g|png|gif|pdf|mp4|html?|php|aspx?)\b"
)


def _led(first: str, pattern: str) -> re.Pattern[str]:
    """`pattern` behind a lookahead for the characters its matches can start with (`first`, a
    character-class body; tests/test_numbers.py checks it against the pattern): positions that
    cannot start a match fail at once instead of trying each alternative (speed)."""
    return re.compile(rf"(?=[{first}])(?:{pattern})")


class _Scan(NamedTuple):
    """A non-figure pattern, and what lets find_quantities skip (part of) its scan."""

    kind: str
    pattern: re.Pattern[str]
    gate: re.Pattern[str] | None  # every match contains a match of this (None: no gate)
    # (rare, lean): for a text where `rare` finds nothing, `lean` is `pattern` less the
    # alternatives whose matches contain it, and finds the same matches
    lean: tuple[re.Pattern[str], re.Pattern[str]] | None = None


_NONFIGURE: list[_Scan] = [
    _Scan(
        "date",
        _led(
            r"\dtJFMASOND",
            rf"\b\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.]+Z?)?"
            rf"|(?<![\d.])\d{{1,2}}[./]\d{{1,2}}[./](?:\d{{4}}|\d{{2}})\b"
            rf"|(?<![\d.-])\d{{1,2}}-\d{{1,2}}-(?:\d{{4}}|\d{{2}})\b(?!-)"  # "4-13-15" in a press release
            rf"|\b(?:the\s+)?\d{{1,2}}{_ORD_SUF}?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?\b"
            rf"|\b{_MONTH}\s+(?:the\s+)?\d{{1,2}}{_ORD_SUF}?\b(?:\s*[-–]\s*\d{{1,2}}\b(?![/.]\d))?"
            rf"(?:,?\s+\d{{4}}\b)?(?!\s*[%$])"
            rf"|\b{_MONTH}\s+(?:of\s+)?\d{{4}}\b",
        ),
        _DIGIT,
    ),
    _Scan(
        "time",
        _led(
            r"\dnNmMeEaA",
            rf"(?<![\d.:])\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\.\d+)?{_AMPM}?{_TZ}?"
            rf"|\b\d{{1,2}}(?:[.:]\d{{2}})?{_AMPM}{_TZ}?"
            rf"|\b\d{{4}}{_TZ}(?![\w])"
            # "Friday evening around 9": an hour
            r"|\b(?i:night|morning|evening|afternoon)\s+(?i:around|about|at|near|just\s+after|"
            r"shortly\s+after)\s+(?P<span9>\d{1,2})\b"
            r"(?=\s*(?:[,.;)]|$)|\s+(?:on|in|at|near|when|as|while|o['’]clock)\b)",
        ),
        _DIGIT,
    ),
    _Scan(
        "code",
        re.compile(
            # page furniture: URLs, file names, paths
            r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|gov|net|edu|co\.uk)/\S*"
            r"|\b[\w.-]+\.(?:jpe?g|png|gif|pdf|mp4|html?|php|aspx?)\b"
        ),
        _WEB_ADDRESS,
    ),
    _Scan(
        "phone",
        _led(
            r"\d(+",
            r"\b(?:1-)?8\d\d-\d{3}-(?:\d{4}|[A-Z]{4})\b(?:\s\(\d{4}\))?"
            r"|\(\d{3}\)\s?\d{3}-(?:\d{4}|[A-Z]{4})\b(?:\s\(\d{4}\))?"
            r"|\b9-1-1\b|"
            r"(?<![\w.])(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[.-]\d{4}(?!\d)"
            r"|(?<![\w.,-])\d{3}-\d{4}(?![\d-])|(?<![\w.,-])\d{3}-\d{3}-[A-Z]{4}\b",
        ),
        _DIGIT,
    ),
    _Scan(
        "address",
        _led(
            r"\dHRISC",
            r"\b\d{1,6}(?:-\d{1,6})?\s+(?:block\s+of\s+)?(?:(?:[NSEW]\.?|North|South|East|West)\s+)?"
            r"(?:[A-Z0-9][\w'.]*\s+){1,3}"
            r"(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Way|Court|Ct|Place|Pl"
            r"|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Terrace|Trail|Pike|Square|Sq)\b\.?"
            r"|\b\d{1,6}\s+block\b"
            r"|\b(?:Highway|Route|Interstate|Hwy|State\s+Road|County\s+Road|Rte)\s+\d+\b",
        ),
        _DIGIT,
    ),
    _Scan(
        "age",
        re.compile(rf"{_AGE_IN_WORDS}|{_AGE_OTHERS}"),
        _DIGIT_OR_OLD,
        (_OLD, re.compile(_AGE_OTHERS)),
    ),
    _Scan(
        "code",
        re.compile(
            # ids glued to letters ("URL4132446", "S23", "XC40"); currency codes are not ids
            r"\b(?=[A-Za-z]+\d)(?!(?:US|USD|EUR|GBP|AUD|CAD|JPY|INR|CHF|CNY|HKD|SGD|NZD|RMB|RM|Rs|PS)[\d.]"
            r"|(?:US|A|C|S|HK|NZ)\$)[A-Za-z]+\d[\w]*"
            r"|\b[A-Z]{1,4}\.\d+\b"
            # a station's call sign as its name: "KTVA 11 News", "NewsChannel 5" (the networks'
            # "CBS 4" and "Channel 5" are below)
            r"|\b(?:[KW][A-Z]{2,3}(?:-(?:TV|DT))?|NewsChannel)\s\d{1,2}\b"
            r"(?!\s*(?:%|percent|people|persons|men|women|children|years?|dead|killed|injured))"
            # a station's call sign in a dateline: "(WXR 9)"
            r"|(?<=\()[A-Z]{2,5}\s\d{1,2}(?=\))"
            # "TA-35", "F-150", "COVID-19"
            r"|\b[A-Z][A-Za-z]*-\d+[A-Za-z]*\b(?!-)"
            r"|(?:\bNo\.|\bnumber|#)\s?\d+\b"
            r"|\b911\b(?!\s*%)|\b9/11\b"  # the US emergency number, the 2001 attacks
            r"|\b\d+(?=['’]s\b)"  # "NBC 6's": a name, not an amount
            r"|\b(?:ABC|CBS|NBC|FOX|Fox|CW|PBS)\s?\d{1,2}\b"  # "CBS 4 News": a station's name
            # a number in a quoted name: a "Sweet 16" party, "Ocean's 11"
            r"|(?<=[“\"])(?:[A-Z][\w'’]*\s){1,3}\d{1,3}(?=[”\"])"
            # a place in a gallery or document: "Image 2 of 14", "Image 1 of / 9", "Page 4 of 9"
            r"|\b(?i:image|photo|slide|picture|page)\s+\d+(?:\s+of(?:\s*/\s*|\s+)\d+)?\b"
            # a gallery's counter without its word: "3 / 8 Back to Gallery"
            r"|\b\d+\s*/\s*\d+(?=\s+(?i:back\s+to\s+gallery|gallery|photos?|images?)\b)"
            # a number naming a thing: "Section 112 Row 8", "Game 6", "category 4"
            r"|\b(?=[A-Za-z.]+\s+\d)(?i:category|section|row|room|game|round|level|grade|phase|stage|chapter|article"
            r"|part|class|division|tier|gate|platform|terminal|flight|channel|version|episode|suite"
            r"|unit|lot|district|ward|precinct|apt\.?|apartment|bus|line|track|pier|exit|runway"
            r"|volume|vol\.|act|scene|week|day|step|sector|zone|block|building|floor)"
            r"\s+\d+[A-Za-z]?\b(?![.,]\d|\s*(?:%|percent|per\s?cent))"
        ),
        _DIGIT,
    ),
    _Scan("ordinal", _led(r"\d", rf"\b\d+{_ORD_SUF}\b"), _DIGIT),
]

_AGE_LIMIT = 130.0  # older than any person: a "year-old" beyond this is antiquity, a measure

_WORD_ORDINAL = re.compile(
    # the lookahead (their first letters, checked by a test) fails most word starts at once
    r"\b(?=[fstenh])(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fifteenth|twentieth|thirtieth|fiftieth|hundredth|thousandth)\b",
    re.I,
)
_ORDINAL_VALUES = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fifteenth": 15,
    "twentieth": 20,
    "thirtieth": 30,
    "fiftieth": 50,
    "hundredth": 100,
    "thousandth": 1000,
}


def ordinal_value(word: str) -> int | None:
    """The number an ordinal stands for: 2 for "second" or "2nd"; None for anything else."""
    word = word.lower()
    if word in _ORDINAL_VALUES:
        return _ORDINAL_VALUES[word]
    m = re.fullmatch(rf"(\d+){_ORD_SUF}", word)
    return int(m.group(1)) if m else None


# Currency written before the number.
_CUR_BEFORE = re.compile(
    r"(?P<cur>(?:(?:US|U\.S\.|A|AU|C|CA|HK|S|NZ|NT|R|Mex)\s?)?[$€£¥₹₩₽₪]\s?(?:US|A)?"
    r"|\b(?:USD|EUR|GBP|AUD|CAD|JPY|CHF|CNY|INR|HKD|SGD|NZD|RMB|ZAR|Rs\.?|RM|Rp|PS)"
    r"|\bY=)\s?[-−]?$"
)
_SCALE_AFTER = re.compile(
    r"(?:\s*(?P<w>(?:hundred\s+)?(?:hundred|thousand|million|billion|trillion))(?![\w])"
    r"|(?P<g>k|K|m|M|mn|mln|mil|mill|b|bn|bln|B|tn|trn)(?![\w])"
    r"|\s(?P<s>bn|mn|mln|tn)(?![\w]))"
)
_SMALL_UNITS = (
    r"%|percentage\s+points?|per\s?cent|percent|pct|pc|basis\s+points?|bps|bp"
    r"|(?:(?:[A-Z][a-z]+|US|HK|New\s+Zealand|Hong\s+Kong)\s+)?"
    r"(?:dollars?|euros?|pounds?\s+sterling|yen|yuan|renminbi|shekels?|rupees?|pesos?|francs?"
    r"|crowns?|kronor|kroner|krona|rand|ringgit|baht|rubles?|roubles?|dinars?|dirhams?|riyals?"
    r"|lira|naira|won|reais|real|zloty|forint)"
    r"|cents?|pence|sen|p(?=[\s.,;)]|$)"
    r"|USD|EUR|GBP|JPY|YEN|AUD|CAD|CHF|CNY|INR|HKD|SGD|RMB"
)
_DURATION_UNITS = (
    r"(?:milli)?seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|fortnights?"
    r"|months?|years?|yrs?|decades?|centuries|century|millennia|seasons?|nights?"
)
_MEASURE_UNITS = (
    r"(?:square|sq\.?|cubic|cu\.?)\s*(?:kilomet(?:er|re)s?|met(?:er|re)s?|miles?|feet|foot|ft|km|m|yards?)"
    r"|(?:nautical\s+)?miles?(?:\s+(?:per|an|a)\s+(?:hour|gallon))?|m\.p\.h\.?|mph|mpg|km/h|kmh|kph|kmph"
    r"|kilomet(?:er|re)s?|centimet(?:er|re)s?|millimet(?:er|re)s?|nanomet(?:er|re)s?|met(?:er|re)s?"
    r"|km|cm|mm|nm|m(?![\w])|feet|foot|ft|inches|inch|in\.|yards?|yds?|″|\"|acres?|hectares?|ha"
    r"|pound-feet(?:\s+of\s+torque)?|lb-ft|lbs?|pounds?|ounces?|oz|tonnes?|tons?|kilo(?:gram)?s?|kg"
    r"|grams?|g(?![\w])|milligrams?|mg|micrograms?|mcg|gigatonnes?|megatonnes?|carats?"
    r"|litres?|liters?|l(?![\w])|millilitres?|milliliters?|ml|gallons?|gal|barrels?|bpd|cc"
    r"|cubic\s+feet"
    r"|degrees?(?:\s+(?:Celsius|Fahrenheit|C|F)\b)?|deg\s?[CF]?|°\s?[CF]?|[CF](?=\s|$|[.,;)])"
    r"|kilowatt[- ]hours?|kWh|MWh|GWh|TWh|kilowatts?|megawatts?|gigawatts?|watts?|kW|MW|GW|W"
    r"|volts?|V|amps?|mAh|Hz|kHz|MHz|GHz|hertz|HZ|Ghz|decibels?|dB"
    r"|horsepower|hp|bhp|HP|PS|Nm|rpm|kt|knots?"
    r"|bytes?|kilobytes?|megabytes?|gigabytes?|terabytes?|KB|MB|GB|TB|PB|Mbps|Gbps|kbps|Mb|Gb"
    r"|pixels?|megapixels?|MP|fps"
    r"|calories?|kcal|points?|pts|goals?|runs?|yards|times|gauge|storeys?|stories|floors?"
)
_UNIT_AFTER = re.compile(
    rf"(?:\s?-\s?|\s*)(?P<unit>(?P<pct>{_SMALL_UNITS})|(?P<dur>{_DURATION_UNITS})"
    rf"|(?P<meas>(?i:{_MEASURE_UNITS})))"
    r"(?:-(?P<suffix>long|wide|high|tall|deep|thick|old))?(?![\w])",
)
_MONEY_WORD = re.compile(
    r"dollar|euro|pound\s+sterling|yen|yuan|renminbi|shekel|rupee|peso|franc|crown|kron|rand"
    r"|ringgit|baht|rub|roub|dinar|dirham|riyal|lira|naira|won|rea|zloty|forint|cent|pence|sen|p$"
    r"|USD|EUR|GBP|JPY|YEN|AUD|CAD|CHF|CNY|INR|HKD|SGD|RMB",
    re.I,
)
_PCT_WORD = re.compile(r"%|per\s?cent|percent|pct|pc|percentage", re.I)

# Qualifiers written before the figure, longest first; value = normalised form.
_QUALIFIERS: dict[str, str] = {
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "a minimum of": "at least",
    "more than": "more than",
    "greater than": "more than",
    "over than": "more than",
    "over": "more than",
    "above": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "exceeding": "more than",
    "well over": "more than",
    "just over": "more than",
    "fewer than": "fewer than",
    "less than": "less than",
    "under": "less than",
    "below": "less than",
    "sub-": "less than",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "just shy of": "nearly",
    "up to": "up to",
    "as many as": "up to",
    "as much as": "up to",
    "a maximum of": "at most",
    "at most": "at most",
    "no more than": "at most",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "approx.": "about",
    "roughly": "about",
    "circa": "about",
    "c.": "about",
    "an estimated": "about",
    "estimated": "about",
    "~": "about",
    "some": "some",
    "only": "only",
    "just": "only",
    "a mere": "only",
    "barely": "only",
}
_QUAL_BEFORE = re.compile(
    r"(?<![\w-])(?P<q>(?i:"
    + "|".join(
        re.escape(q).replace(r"\ ", r"\s+") for q in sorted(_QUALIFIERS, key=len, reverse=True)
    )
    + r"))\s*$"
)
_LOWER_BOUND = {"at least", "more than"}
_UPPER_BOUND = {"fewer than", "less than", "nearly", "up to", "at most"}

_TRAIL_QUAL = re.compile(
    r"(?:\s+[a-z]+)?\s+(?P<q>at\s+least|or\s+more|or\s+so|or\s+fewer|or\s+less|and\s+up)\b"
    # "... over 20 days executed at least 116": that "at least" belongs to the next figure
    rf"(?![\s]*[-−$€£\d]|\s+(?i:an?|some|about|{_U}|{_T})\b)"
)
_TRAIL_MAP = {
    "at least": "at least",
    "or more": "at least",
    "or so": "about",
    "or fewer": "at most",
    "or less": "at most",
    "and up": "at least",
}

_RANGE_TAIL = re.compile(
    r"\s*(?P<sep>-|–|—|to|and|through)\s*(?P<cur>(?:US|A|C|HK|S)?\s?[$€£¥₹]|RM|Rs\.?\s?|PS)?"
    rf"(?P<n>{_NUM}|(?i:{_WORDNUM}))(?![\d,])"
)
_BY_BEFORE = re.compile(r"(?i:\bby\s+)$")
_RANGE_START = re.compile(r"(?i:\b(?P<r>between|from)\s+)$")
_MINUS_BEFORE = re.compile(r"(?i:\bminus[-\s]?)$")
_YEAR_PREP = re.compile(
    r"(?i:\b(?:in|since|by|from|until|till|to|of|during|before|after|year|circa|c\.|early|late"
    r"|mid|mid-|spring|summer|autumn|fall|winter|season|between|and|through|the)\s*)$"
)
_ERA_AFTER = re.compile(r"\s*(?:BC|BCE|AD|CE|B\.C\.|A\.D\.)(?![\w])")
_ERA_BEFORE = re.compile(r"(?:AD|A\.D\.|CE)\s*$")
_CAP_BEFORE = re.compile(r"(?P<w>\b[\w&'’.]*[A-Z][\w&'’.]*)\s+$")
_COUNTED_NOUN_AFTER = re.compile(
    r"\s+(?:[A-Za-z]{2,}[a-z](?<!ss)s\b|(?i:people|men|women|children|dead|killed|injured|wounded)\b)"
)
_SENT_START = re.compile(r"(?:^|[.!?\"“(]\s*|\n\s*)$")
_ONE_PRONOUN_BEFORE = re.compile(
    r"(?i:\b(?:no|each|every|any|the|this|that|same|which|last|little|loved|young|big|only|new"
    r"|right|wrong|such|another|other)\s+)$"
)
_ONE_PRONOUN_AFTER = re.compile(r"(?i:\s*(?:another\b|'s\b|’s\b|who\b|whom\b|whose\b|thing\b))")

# Capitalised words that may stand right before a figure ("The 11 members", "Some 128").
_CAP_OK = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        "for",
        "with",
        "by",
        "from",
        "to",
        "about",
        "some",
        "only",
        "nearly",
        "over",
        "under",
        "almost",
        "more",
        "less",
        "just",
        "around",
        "approximately",
        "roughly",
        "all",
        "and",
        "but",
        "or",
        "those",
        "these",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "another",
        "last",
        "first",
        "top",
        "up",
        "down",
        "after",
        "before",
        "since",
        "than",
        "while",
        "when",
        "where",
        "as",
        "that",
        "this",
        "there",
        "here",
        "it",
        "he",
        "she",
        "we",
        "they",
        "i",
        "you",
        "if",
        "so",
        "then",
        "also",
        "now",
        "still",
        "even",
        "about",
        "another",
        "each",
        "every",
        "both",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "said",
        "says",
        "told",
        "added",
        "estimated",
        "reported",
    ]
)


# --------------------------------------------------------------------------- finder


class _Mask:
    """Characters already claimed by a quantity; keeps spans non-overlapping."""

    __slots__ = ("buf",)

    def __init__(self, n: int) -> None:
        self.buf = bytearray(n)

    def free(self, a: int, b: int) -> bool:
        return a >= b or self.buf.find(1, a, b) == -1

    def take(self, a: int, b: int) -> None:
        self.buf[a:b] = b"\x01" * (b - a)


def _unit_kind(unit_m: re.Match[str]) -> tuple[str, str]:
    """(kind, unit) for a unit match."""
    unit = unit_m.group("unit")
    if unit_m.group("pct"):
        if _PCT_WORD.match(unit):
            return ("percent", "%") if "point" not in unit else ("percent", unit)
        if _MONEY_WORD.search(unit):
            return "money", unit
        return "measure", unit  # basis points
    if unit_m.group("dur"):
        return "duration", unit
    return "measure", unit


def _claimed_span(m: re.Match[str]) -> tuple[int, int]:
    """The part of a non-figure match that is the number (a name before an age is not)."""
    groups = m.re.groupindex
    for g in (
        "span",
        "span2",
        "span3",
        "span4",
        "span5",
        "span6",
        "span7",
        "span8",
        "span9",
        "span10",
    ):
        if g in groups and m.start(g) >= 0:
            return m.span(g)
    return m.span()


def _nonfigure_quantity(text: str, kind: str, m: re.Match[str]) -> Quantity | None:
    start, end = _claimed_span(m)
    value: float | None = None
    if kind == "age":
        g = m.group("agenum") if "agenum" in m.re.groupindex else None  # absent from a lean scan
        if g is not None:
            value = parse_number(g)
            if value is not None and value >= _AGE_LIMIT:
                return None  # antiquity, left to the figure pass
        else:
            d = re.search(r"\d+", text[start:end])
            value = float(d.group()) if d else None
    elif kind == "ordinal":
        value = float(re.sub(r"\D", "", m.group()))
    if kind == "code" and start > 0 and text[start - 1] in "$€£":
        return None
    return Quantity(value, value, value, text[start:end], None, None, start, end, kind)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, figures and non-figures, sorted by start and non-overlapping."""
    mask = _Mask(len(text))
    out: list[Quantity] = []
    for kind, pat, gate, lean in _NONFIGURE:
        if gate is not None and gate.search(text) is None:
            continue  # the pattern cannot match here
        if lean is not None and lean[0].search(text) is None:
            pat = lean[1]
        for m in pat.finditer(text):
            s, e = _claimed_span(m)
            if s == e or not mask.free(s, e):
                continue
            q = _nonfigure_quantity(text, kind, m)
            if q is None:
                continue
            mask.take(s, e)
            out.append(q)

    pos = 0
    core = _CORE if _NUM_CHAR.search(text) else _CORE_WORDS
    for m in core.finditer(text):
        s, e = m.span()
        if s < pos or not mask.free(s, e):
            continue
        q = _figure_at(text, m, mask)
        if q is None:
            continue
        mask.take(q.start, q.end)
        out.append(q)
        pos = q.end

    for m in _WORD_ORDINAL.finditer(text):
        s, e = m.span()
        if mask.free(s, e):
            v = float(_ORDINAL_VALUES[m.group().lower()])
            out.append(Quantity(v, v, v, m.group(), None, None, s, e, "ordinal"))
            mask.take(s, e)
    out.sort(key=lambda q: q.start)
    return out


_VAGUE_SCALE = {
    "dozen": 12.0,
    "hundred": 100.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
}


def _vague_bounds(phrase: str) -> tuple[float, float] | None:
    words = phrase.lower().split()
    last = words[-1].rstrip("s")
    if words[0] in ("tens", "hundreds", "dozens", "scores"):
        if len(words) >= 3:  # "tens of thousands"
            base = _VAGUE_SCALE[last]
            mult = {"tens": 10, "hundreds": 100, "dozens": 12, "scores": 20}[words[0]]
            return 2 * mult * base, 10 * mult * base - 1
        if words[0] == "dozens":
            return 24.0, 99.0
        if words[0] == "scores":
            return 40.0, 199.0
        base = _VAGUE_SCALE[last]
        return 2 * base, 10 * base - 1
    if words[0] in ("thousands", "millions", "billions"):
        base = _VAGUE_SCALE[last]
        return 2 * base, 10 * base - 1
    if last not in _VAGUE_SCALE:
        return None
    base = _VAGUE_SCALE[last]
    if words[0] == "several":
        return 3 * base, 9 * base
    if "couple" in words:
        return 2 * base, 3 * base
    return 2 * base, 9 * base  # "a few"


def _number_value(text: str, m: re.Match[str], s: int, e: int) -> float | None:
    core = text[s:e]
    if m.group("word") is not None:
        return _parse_words(core)
    if m.group("frac") is not None:
        return _parse_words(core)
    return parse_number(core.replace("−", "-"))


def _figure_at(text: str, m: re.Match[str], mask: _Mask) -> Quantity | None:
    """Build the figure around the number core ``m``, or None when it is no quantity."""
    s, e = m.span()
    start, end = s, e
    if m.group("vague") is not None:
        bounds = _vague_bounds(m.group())
        if bounds is None:
            return None
        vqual = None
        qm = _QUAL_BEFORE.search(text, max(0, s - 20), s)
        if qm and mask.free(qm.start(), s):
            vqual, start = _QUALIFIERS[_norm(qm.group("q"))], qm.start()
        um = _UNIT_AFTER.match(text, end)
        vunit = None
        if um and um.group("pct") and _MONEY_WORD.search(um.group("unit")):
            vunit, end = um.group("unit"), um.end()
        return Quantity(None, *bounds, text[start:end], vqual, vunit, start, end, "vague")

    parsed = _number_value(text, m, s, e)
    if parsed is None:
        return None
    value: float = parsed
    is_word = m.group("word") is not None or m.group("frac") is not None
    core = text[s:e]
    if is_word:
        low_core = core.lower()
        if low_core in ("a", "an"):
            return None
        if low_core == "one":
            # pronoun "one": "no one", "the one who", "each one", "one another"
            if _ONE_PRONOUN_BEFORE.search(text, max(0, s - 12), s) or _ONE_PRONOUN_AFTER.match(
                text, e
            ):
                return None
            if core == "One" and not _SENT_START.search(text, max(0, s - 3), s):
                cm = _CAP_BEFORE.search(text, max(0, s - 30), s)
                if cm and cm.group("w").lower() not in _CAP_OK:
                    return None  # "BBC One", "Apple One"
    # digits glued to letters that are neither scale nor unit: an id ("5G", "4132446abc")
    p = e
    scale = 1.0
    if not is_word:
        sm = _SCALE_AFTER.match(text, p)
        if sm:
            word = " ".join((sm.group("w") or sm.group("g") or sm.group("s")).lower().split())
            glued_m = sm.group("g") is not None and word == "m"
            # a glued "m" is metres unless money or a counted noun follows ("1.2m tons")
            money = _CUR_BEFORE.search(text, max(0, s - 6), s) is not None
            counted = re.match(r"\s+(?:of\s+)?[a-z]", text[sm.end() : sm.end() + 5]) is not None
            # a capital "B" glued to digits is bytes-ish unless it is money
            bytes_b = sm.group("g") == "B" and not money
            if (not glued_m or money or counted) and not bytes_b:
                scale = _scale_of(word)
                p = sm.end()
    value *= scale

    # left context: sign words, currency, qualifier, range openers
    cur = None
    cm2 = _CUR_BEFORE.search(text, max(0, s - 6), s)
    if cm2 and not is_word and mask.free(cm2.start(), s):
        cur = cm2.group("cur").replace(" ", "")
        start = cm2.start()
        if cm2.group().rstrip().endswith(("-", "−")) and value > 0:
            value = -value
    mm = _MINUS_BEFORE.search(text, max(0, start - 8), start)
    if mm and mask.free(mm.start(), start) and value > 0:
        value, start = -value, mm.start()

    # unit right after
    kind = "count"
    unit: str | None = cur
    if cur:
        kind = "money"
    um = _UNIT_AFTER.match(text, p)
    unit_end = p
    if um and mask.free(p, um.end()):
        ukind, utext = _unit_kind(um)
        if cur is None or ukind == "money":
            if cur is None:
                kind, unit = ukind, utext
            unit_end = um.end()
            if um.group("suffix") == "old":
                if abs(value) < _AGE_LIMIT:
                    kind = "age"
                else:
                    kind, unit = "measure", um.group()[um.group().find(utext) :].strip("- ")
    if unit_end == p and not is_word and p < len(text) and (text[p].isalpha() or text[p] == "_"):
        return _plain(text, s, p, None, "code")  # glued letters: an id, not a figure
    end = unit_end

    # range tail: "50-60", "50 to 60", "between 50 and 60", "from 5 to 10"
    opener = _RANGE_START.search(text, max(0, start - 9), start)
    rt = _RANGE_TAIL.match(text, end)
    if rt and rt.group("sep") == "and" and not (opener and opener.group("r").lower() == "between"):
        rt = None
    if rt and rt.group("sep") == "to" and opener and opener.group("r").lower() == "between":
        rt = None
    if rt and rt.group("sep") in ("-", "–", "—") and (text[end - 1 : end].isspace() is False):
        pass
    if rt and mask.free(end, rt.end()):
        q = _range_figure(
            text, m, rt, start, end, value, scale, kind, unit, unit_end > p, cur, opener, mask
        )
        if q is not None:
            return q

    # qualifier before
    qual = None
    qm = _QUAL_BEFORE.search(text, max(0, start - 20), start)
    if qm and mask.free(qm.start(), start):
        qual = _QUALIFIERS[_norm(qm.group("q"))]
        start = qm.start()
    if qual is None:
        tq = _TRAIL_QUAL.match(text, end)
        if tq and mask.free(end, tq.end()):
            qual, end = _TRAIL_MAP[_norm(tq.group("q"))], tq.end()

    if kind == "age":
        return Quantity(value, value, value, text[start:end], qual, unit, start, end, "age")

    # years: a bare 4-digit integer in the calendar range, or one marked BC/AD
    if (kind == "count" and not is_word and scale == 1.0 and "," not in core) or _ERA_AFTER.match(
        text, end
    ):
        era = _ERA_AFTER.match(text, end)
        if era or _ERA_BEFORE.search(text, max(0, s - 6), s):
            e2 = era.end() if era and mask.free(end, era.end()) else end
            return _plain(text, s, e2, value, "year")
        if kind == "count" and re.fullmatch(r"\d{4}", core) and qual is None:
            v = int(core)
            prep = _YEAR_PREP.search(text, max(0, s - 12), s)
            if 1900 <= v <= 2099 or (1000 <= v < 2200 and prep):
                return _plain(text, s, e, value, "year")
        if kind == "count" and qual is None and re.fullmatch(r"\d+(?:\.\d+)?", core):
            # "Section 427", "Big 12", "S&P 500": a number naming a thing, not counting
            cb = _CAP_BEFORE.search(text, max(0, s - 30), s)
            if (
                cb
                and cb.group("w").lower() not in _CAP_OK
                and not _SENT_START.search(text, max(0, cb.start() - 3), cb.start())
                and not _COUNTED_NOUN_AFTER.match(text, end)  # "Daesh Executes 128 Civilians"
            ):
                return _plain(text, s, e, None, "code")

    low: float | None = value
    high: float | None = value
    if qual in _LOWER_BOUND:
        high = None
    elif qual in _UPPER_BOUND:
        low = None
    return Quantity(value, low, high, text[start:end], qual, unit, start, end, kind)


def _scale_of(word: str) -> float:
    """Multiplier of a scale suffix; "hundred million" multiplies out."""
    factor = 1.0
    for w in word.split():
        factor *= _SUFFIX_SCALES[w]
    return factor


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _plain(text: str, s: int, e: int, value: float | None, kind: str) -> Quantity:
    return Quantity(value, value, value, text[s:e], None, None, s, e, kind)


def _range_figure(
    text: str,
    m: re.Match[str],
    rt: re.Match[str],
    start: int,
    end: int,
    v1: float,
    scale1: float,
    kind: str,
    unit: str | None,
    unit1: bool,
    cur: str | None,
    opener: re.Match[str] | None,
    mask: _Mask,
) -> Quantity | None:
    """A range "v1 <sep> v2 [scale] [unit]", or None when the tail is no range."""
    n2 = rt.group("n")
    sep = rt.group("sep")
    core1 = text[m.start() : m.end()]
    kind1 = kind
    if sep in ("-", "–", "—") and n2[:1].isalpha():
        return None
    v2 = parse_number(n2) if n2[:1].isdigit() or n2[:1] == "." else _parse_words(n2)
    if v2 is None:
        return None
    p = rt.end()
    scale2 = 1.0
    if n2[:1].isdigit() or n2[:1] == ".":
        sm = _SCALE_AFTER.match(text, p)
        if sm and not (sm.group("g") and sm.group("g").lower() == "m" and not cur):
            scale2 = _scale_of((sm.group("w") or sm.group("g") or sm.group("s")).lower())
            p = sm.end()
    v2 *= scale2
    if scale1 == 1.0 and scale2 != 1.0 and v1 * scale2 <= v2:
        v1 *= scale2  # "between 50 and 60 million": the scale is shared
    um = _UNIT_AFTER.match(text, p)
    kind2 = "money" if rt.group("cur") else None
    unit2 = rt.group("cur").replace(" ", "") if rt.group("cur") else None
    if um and mask.free(p, um.end()):
        ukind, utext = _unit_kind(um)
        kind2 = kind2 or ukind
        unit2 = unit2 or utext
        if um.group("suffix") == "old" and v2 < _AGE_LIMIT:
            return None
        if unit is None or kind == "count":
            kind, unit = ukind, utext
        p = um.end()
    if p < len(text) and text[p].isalpha() and not um:
        return None  # "20-30abc"
    if (unit1 or cur) and opener is None and (kind2 != kind1 or unit2 != unit):
        return None  # "rose 7.2 per cent to $61": a change to a new level, not a range
    if sep == "to" and _BY_BEFORE.search(text, max(0, start - 4), start):
        return None  # "grew by $12.5 billion to $310.8 billion"
    if (
        re.fullmatch(r"\d{4}", core1)
        and 1900 <= v1 <= 2099
        and not (unit1 or cur)
        and not 1000 <= v2 <= 2099
        and not (sep in "-–" and re.fullmatch(r"\d{2}", n2))
    ):
        return None  # "in 2016 to 2.7 million": the first is a year
    # calendar years on both ends: "between 1700 and 1850", "2014-15"
    if (
        kind == "count"
        and re.fullmatch(r"\d{4}", core1)
        and (re.fullmatch(r"\d{4}", n2) or (re.fullmatch(r"\d{2}", n2) and sep in "-–"))
        and 1000 <= v1 <= 2099
    ):
        return _plain(text, m.start(), rt.end(), None, "year")
    if v1 > v2:
        if sep in ("-", "–", "—") and kind == "count":
            return _plain(text, m.start(), p, None, "code")  # a score line "2-1"
        return None  # "from 6.3 to 6.1" is a change, two figures
    if v1 == v2 and sep in ("-", "–"):
        return _plain(text, m.start(), p, None, "code")  # "2-2"
    s = opener.start() if opener else start
    if not mask.free(s, start):
        s = start
    return Quantity(None, v1, v2, text[s:p], None, unit, s, p, "range")
