"""Understanding a question before searching: what is counted, where, said by whom, done by whom,
and which other words must appear."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.errors import QuestionError
from store.events.when import AskedDates, asked_dates

MAX_QUESTION_CHARS = 500  # longer input is cut: a question is a line, not an article

# Question words → the figure categories they ask for (matched as word prefixes).
_CATEGORY_WORDS: list[tuple[str, frozenset[str]]] = [
    (r"death toll|deaths?|dead|died|die|fatalit\w*|lives lost", frozenset({"killed", "bodies"})),
    (r"casualt\w*", frozenset({"killed", "injured", "bodies"})),
    (r"kill\w*|execut\w*|murder\w*|massacre\w*|slain|assassinat\w*", frozenset({"killed"})),
    (r"injur\w*|wound\w*|hurt", frozenset({"injured"})),
    (r"bod(?:y|ies)|corpses?", frozenset({"bodies"})),
    (r"missing|disappeared", frozenset({"missing"})),
    (r"fled|flee\w*|escap\w*|withdr[ae]w\w*", frozenset({"fled"})),
    (r"displac\w*|refugees?|homeless", frozenset({"displaced"})),
    (r"arrest\w*|detain\w*|detention|captured|abduct\w*|kidnap\w*", frozenset({"detained"})),
    (r"population|inhabitants|residents|live there|lives? in", frozenset({"population"})),
    (r"identified|identify", frozenset({"identified"})),
    (r"how long|duration|for how many (?:days|weeks|months|years)", frozenset({"duration"})),
    (r"cost\w*|spent|spend|money|budget|dollars|funding|price", frozenset({"money"})),
    (r"percent(?:age)?|per cent|share|%", frozenset({"percent"})),
]
_STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or about how many much what which who whom
    is are was were be been being did do does has have had number numbers figure figures total
    toll count counts tally people persons person there their that this these those as per
    according say says said report reports reported latest current currently so far ever give
    me show tell please any all some it its get got hold held last take took stay stayed
    long since than over under during after before into out up down was many more most less
    figures? data stats statistics estimate estimates claim claims according""".split()
)
# Who is counted: words that rank but never filter ("militants fled" finds "200 members").
COUNT_NOUNS = frozenset(
    """people persons civilians civilian residents militants fighters soldiers troops members
    children women men victims families refugees prisoners police officers workers students
    migrants protesters rebels insurgents jihadists hostages passengers patients employees
    individuals citizens christians muslims inhabitants villagers""".split()
)
_LOCATIVE_SPLIT = re.compile(r"\b(?:in|at|near|around|inside|outside|across)\s+", re.I)
_SOURCE_SPLIT = re.compile(r"\baccording to\s+|\breported by\s+|\bsays?\s+|\bfrom\s+", re.I)
_PERPETRATOR_SPLIT = re.compile(
    r"\b(?:killed|executed|murdered|wounded|injured|detained|"
    r"arrested|shot)\s+by\s+|\bat the hands of\s+|\bby\s+",
    re.I,
)
_TOKEN = re.compile(r"[\w'’-]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Question:
    """A parsed question; the name fields are raw text, resolved against the store later."""

    text: str
    categories: frozenset[str]
    place_phrases: tuple[str, ...]
    source_phrase: str | None
    perpetrator_phrase: str | None
    terms: tuple[str, ...]  # every content word, for resolution and full-text search
    count_nouns: tuple[str, ...] = field(default=())
    dates: AskedDates | None = None  # "on 16 April 2017", "last week"


def clean_question(raw: str) -> str:
    """Collapse whitespace, drop control characters and cut to a sensible length."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw)
    text = " ".join(text.split())
    if len(text) > MAX_QUESTION_CHARS:
        text = text[:MAX_QUESTION_CHARS].rsplit(" ", 1)[0]
    return text


def parse_question(raw: str) -> Question:
    """Read the categories, names and search terms out of a question."""
    shown = text = clean_question(raw)
    if not _TOKEN.search(text):
        raise QuestionError("empty")
    dates = asked_dates(text)
    if dates is not None:
        # The date is read here; its words are neither a place nor words to search for.
        a, b = dates.span
        text = f"{text[:a]}{' ' * (b - a)}{text[b:]}"
    lower = text.lower()
    categories: set[str] = set()
    category_spans: list[tuple[int, int]] = []
    for pattern, cats in _CATEGORY_WORDS:
        for m in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", lower):
            categories |= cats
            category_spans.append(m.span())

    perpetrator = None
    parts = _PERPETRATOR_SPLIT.split(text, maxsplit=1)
    if len(parts) == 2:
        perpetrator = (
            re.split(r"\b(?:in|at|near|on|during|since|according)\b|[?,.;]", parts[1])[0].strip()
            or None
        )

    source = None
    parts = _SOURCE_SPLIT.split(text, maxsplit=1)
    if len(parts) == 2:
        source = re.split(r"\b(?:in|at|near|on|during|since)\b|[?,.;]", parts[1])[0].strip() or None

    places: list[str] = []
    for chunk in _LOCATIVE_SPLIT.split(text)[1:]:
        phrase = re.split(r"\b(?:by|according|during|since|from|after|before|on)\b|[?;]", chunk)[0]
        phrase = phrase.strip(" ,.")
        if phrase:
            places.append(phrase)

    terms: list[str] = []
    nouns: list[str] = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        low = word.lower().strip("'’-")
        if not low or low in _STOPWORDS:
            continue
        if any(s <= m.start() < e for s, e in category_spans):
            continue
        if low in COUNT_NOUNS:
            nouns.append(low)
            continue
        terms.append(word)
    return Question(
        text=shown,
        categories=frozenset(categories),
        place_phrases=tuple(places),
        source_phrase=source,
        perpetrator_phrase=perpetrator,
        terms=tuple(terms),
        count_nouns=tuple(nouns),
        dates=dates,
    )
