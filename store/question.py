"""Understanding a question before searching: what is counted, where, said by whom, done by whom,
and which other words must appear."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from store.errors import QuestionError
from store.events.when import AskedDates, asked_dates
from store.extract.lexicon import DEAD_ONLY_NOUNS, PEOPLE_NOUNS

MAX_QUESTION_CHARS = 500  # longer input is cut: a question is a line, not an article


@dataclass(frozen=True, slots=True)
class CategoryWords:
    """Words a question uses for what it asks about, and the figure categories they mean."""

    categories: frozenset[str]
    words: tuple[str, ...]
    pattern: re.Pattern[str]


def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words or phrases; a trailing "*" takes any ending ("kill*" is "killing")."""
    alternatives = [
        r"\s+".join(re.escape(part) for part in word.rstrip("*").split())
        + (r"\w*" if word.endswith("*") else "")
        for word in words
    ]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])")


@lru_cache(maxsize=1)
def category_words() -> tuple[CategoryWords, ...]:
    """The question lexicon, `seeds/question_words.toml`, loaded once."""
    raw = tomllib.loads(resources.files("seeds").joinpath("question_words.toml").read_text("utf-8"))
    out = []
    for entry in raw["words"]:
        words = tuple(str(w).lower() for w in entry["words"])
        out.append(CategoryWords(frozenset(entry["categories"]), words, _word_pattern(words)))
    return tuple(out)


_STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or about how many much what which who whom
    is are was were be been being did do does has have had number numbers figure figures total
    toll count counts tally people persons person there their that this these those as per
    according say says said report reports reported latest current currently so far ever give
    me show tell please any all some it its get got hold held last take took stay stayed
    long since than over under during after before into out up down was many more most less
    figures? data stats statistics estimate estimates claim claims according""".split()
)
# Who is counted: words that rank but never filter ("militants fled" finds "200 members"). The
# extraction lexicon's people nouns, so a question and an article count the same people; not
# the nouns of the dead ("bodies", "casualties"), which are category words of a question.
COUNT_NOUNS = PEOPLE_NOUNS - DEAD_ONLY_NOUNS
_LOCATIVE_SPLIT = re.compile(r"\b(?:in|at|near|around|inside|outside|across)\s+", re.I)
_SOURCE_SPLIT = re.compile(r"\baccording to\s+|\breported by\s+|\bsays?\s+|\bfrom\s+", re.I)
_PERPETRATOR_SPLIT = re.compile(
    r"\b(?:killed|executed|murdered|wounded|injured|detained|"
    r"arrested|shot)\s+by\s+|\bat the hands of\s+|\bby\s+",
    re.I,
)
_TOKEN = re.compile(r"[\w'’-]+", re.UNICODE)
# Source cues that name the source before a verb or noun: "what did SOHR say", "the
# Observatory's figures", "activists said". The name itself is read back from the cue.
_WHAT_DID = re.compile(
    r"\bwhat\s+(?:did|does|do|has|have)\s+(?P<who>.+?)\s+"
    r"(?:say|said|report|reported|claim|claimed|count|counted|document|documented)\b",
    re.I,
)
_SOURCE_BEFORE = re.compile(
    r"(?:(?:['’]s?)?\s+(?:own\s+)?(?:figures?|numbers?|count|counts|tally|toll|data|estimates?)\b)"
    r"|(?:\s+(?:said|says|reported|reports|claimed|claims|counted|documented|estimated)\b)",
    re.I,
)
# Small words that may stand inside a name between capitalised ones ("Observatory for Human")
_NAME_JOINERS = frozenset({"for", "of", "the", "al", "and"})
MAX_SOURCE_WORDS = 8


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
    # Runs of content words right after a category word ("casualties al karyatayn" -> "al
    # karyatayn"): the place a question names without "in", to be resolved as a whole and
    # fuzzily, since its words alone may be no known spelling.
    place_candidates: tuple[str, ...] = field(default=())


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
    for entry in category_words():
        for m in entry.pattern.finditer(lower):
            categories |= entry.categories
            category_spans.append(m.span())

    perpetrator = None
    parts = _PERPETRATOR_SPLIT.split(text, maxsplit=1)
    if len(parts) == 2:
        perpetrator = (
            re.split(r"\b(?:in|at|near|on|during|since|according)\b|[?,.;]", parts[1])[0].strip()
            or None
        )

    source = _source_named(text)
    if source is None:
        parts = _SOURCE_SPLIT.split(text, maxsplit=1)
        if len(parts) == 2:
            source = (
                re.split(r"\b(?:in|at|near|on|during|since)\b|[?,.;]", parts[1])[0].strip() or None
            )

    places: list[str] = []
    for chunk in _LOCATIVE_SPLIT.split(text)[1:]:
        phrase = re.split(r"\b(?:by|according|during|since|from|after|before|on)\b|[?;]", chunk)[0]
        phrase = phrase.strip(" ,.")
        if phrase:
            places.append(phrase)

    terms: list[str] = []
    nouns: list[str] = []
    candidates: list[list[str]] = []
    run: list[str] | None = None  # the content words since the last category word
    previous_end = 0
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        low = word.lower().strip("'’-")
        if run is not None and text[previous_end : m.start()].strip():
            run = None  # punctuation ends the phrase
        previous_end = m.end()
        if any(s <= m.start() < e for s, e in category_spans):
            run = []
            candidates.append(run)
            continue
        if not low or low in _STOPWORDS or low in COUNT_NOUNS:
            run = None
            if low in COUNT_NOUNS and low not in _STOPWORDS:
                nouns.append(low)
            continue
        word = _without_possessive(word)
        if run is not None:
            run.append(word)
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
        place_candidates=tuple(" ".join(c) for c in candidates if c),
    )


def _without_possessive(word: str) -> str:
    """ "Observatory's" -> "Observatory", "activists’" -> "activists"."""
    stripped = re.sub(r"['’]s$|(?<=s)['’]$", "", word)
    return stripped or word


def _source_named(text: str) -> str | None:
    """The source a cue names: "what did X say", "X's figures", "X said"."""
    asked = _WHAT_DID.search(text)
    if asked:
        return asked.group("who").strip(" ,") or None
    cue = _SOURCE_BEFORE.search(text)
    if cue is None:
        return None
    before = text[: cue.start()]
    tokens = list(_TOKEN.finditer(before))
    words = [_without_possessive(m.group(0)) for m in tokens]
    name: list[str] = []
    # Back from the cue: the name's words, with "for", "of", "the" only between capitalised
    # ones ("Syrian Observatory for Human Rights"), up to the first other small word or mark.
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        low = word.lower()
        gap_after = before[tokens[i].end() : tokens[i + 1].start()] if i + 1 < len(tokens) else ""
        if gap_after.strip():
            break  # "in Qaryatayn, SOHR said": the comma ends the name
        if len(name) >= MAX_SOURCE_WORDS:
            break
        if low in _NAME_JOINERS and name and name[0][:1].isupper():
            if i > 0 and words[i - 1][:1].isupper():
                name.insert(0, word)
                continue
            break
        if low in _STOPWORDS or any(e.pattern.fullmatch(low) for e in category_words()):
            break
        name.insert(0, word)
    return " ".join(name) or None
