"""One vocabulary of people, death and injury words, read by every extraction stage.

Rules are data where they can be: the word lists live in `seeds/lexicon.toml`, each with what
it is for, which rules read it and where its words come from. This module loads that file once,
at import, checks it, and gives each list the name the rules import: the table `people_nouns`
is `PEOPLE_NOUNS`. To teach extraction a new word of this kind, add it to the file, with a test
of an invented sentence that uses it and a near-miss it must leave alone (see the README's
extraction section).

Entries of the pattern lists (`PATTERN_LISTS`) are regular-expression fragments, so one entry
can carry a word's forms (``teen(?:ager)?``); the other lists are plain words, matched as words
or word prefixes as each rule says.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources

from store.errors import LexiconError

LEXICON_FILE = "seeds/lexicon.toml"

# Lists of plain words, and lists of regular-expression fragments (each must compile).
WORD_LISTS = frozenset(
    {
        "people_nouns",
        "dead_nouns",
        "dead_or_hurt_nouns",
        "body_nouns",
        "state_nouns",
        "killed_cues",
        "injured_cues",
        "harm_by_verbs",
        "killing_verbs",
        "injured_participles",
        "not_victim_nouns",
    }
)
PATTERN_LISTS = frozenset(
    {
        "victim_nouns",
        "death_words",
        "killed_passives",
        "dying_verbs",
        "injured_passives",
        "kill_completions",
        "headline_killed",
        "wound_cues",
        "casualty_gate",
        "kin_nouns",
    }
)


def parse_lexicon(text: str, where: str = LEXICON_FILE) -> dict[str, tuple[str, ...]]:
    """Every list of a lexicon file's `text`, by table name, each list's words in file order.

    Raises `LexiconError` naming `where` and the table when the text is not TOML, a list the
    rules read is missing, a table no rule reads is present, `words` is not a non-empty list
    of non-empty strings, or an entry of a pattern list is not a regular expression."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(where, "", f"not valid TOML ({exc})") from exc
    expected = WORD_LISTS | PATTERN_LISTS
    missing, unknown = sorted(expected - raw.keys()), sorted(raw.keys() - expected)
    if missing:  # the first by name; one message names one list
        raise LexiconError(where, missing[0], "is missing: the rules read this list")
    if unknown:
        raise LexiconError(where, unknown[0], "is no list the rules read (a misspelt table name?)")
    return {key: _words(where, key, raw[key]) for key in sorted(expected)}


def _words(where: str, key: str, table: object) -> tuple[str, ...]:
    """The checked `words` of one table."""
    if not isinstance(table, Mapping) or set(table) != {"words"}:
        raise LexiconError(where, key, "must be a table holding one key, `words`")
    words = table["words"]
    if not isinstance(words, list) or not words:
        raise LexiconError(where, key, "`words` must be a non-empty list of strings")
    for word in words:
        if not isinstance(word, str) or not word.strip():
            raise LexiconError(where, key, f"`words` holds {word!r}, not a non-empty string")
        # a word with no character special to `re` is always a valid pattern: only the rest
        # are compiled, which keeps the check to a few milliseconds of the import
        if key in PATTERN_LISTS and re.escape(word) != word:
            try:
                re.compile(word)
            except re.error as exc:
                raise LexiconError(
                    where, key, f"{word!r} is no regular expression ({exc})"
                ) from exc
    return tuple(words)


def _load() -> dict[str, tuple[str, ...]]:
    """The shipped lexicon, read from the installed `seeds` package."""
    text = resources.files("seeds").joinpath("lexicon.toml").read_text(encoding="utf-8")
    return parse_lexicon(text)


_LISTS = _load()

# Nouns that count people: what a figure counts when it counts persons ("128 civilians").
PEOPLE_NOUNS = frozenset(_LISTS["people_nouns"])
# Nouns whose count is a count of the dead whatever verb stands beside it ("35 bodies");
# "victims" may be wounded or dead, so it is a dead noun only with a verb that says so.
DEAD_NOUNS = frozenset(_LISTS["dead_nouns"])
DEAD_OR_HURT_NOUNS = frozenset(_LISTS["dead_or_hurt_nouns"])
DEAD_ONLY_NOUNS = DEAD_NOUNS - DEAD_OR_HURT_NOUNS
# The dead as found, not as killed: their count is "bodies", not "killed".
BODY_NOUNS = frozenset(_LISTS["body_nouns"])
# People nouns that are also what happened to them ("One dead, 4 wounded").
STATE_NOUNS = frozenset(_LISTS["state_nouns"])
# People a report names as a single victim ("a 41-year-old man", "the victim").
VICTIM_NOUNS: tuple[str, ...] = _LISTS["victim_nouns"]
# Cue words of a death and of an injury beside a number, matched as word prefixes.
KILLED_CUES: tuple[str, ...] = _LISTS["killed_cues"]
INJURED_CUES: tuple[str, ...] = _LISTS["injured_cues"]
# Verbs whose agent follows "by", and killing verbs whose subject is the agent.
HARM_BY_VERBS: tuple[str, ...] = _LISTS["harm_by_verbs"]
KILLING_VERBS: tuple[str, ...] = _LISTS["killing_verbs"]
# Words by which an article tells of a death, whether or not a count is read.
DEATH_WORDS: tuple[str, ...] = _LISTS["death_words"]
# What follows an auxiliary when one victim was killed, and the verbs of dying.
KILLED_PASSIVES: tuple[str, ...] = _LISTS["killed_passives"]
DYING_VERBS: tuple[str, ...] = _LISTS["dying_verbs"]
# The participles of a wound ("shot", "hurt"), and what follows an auxiliary when one was hurt.
INJURED_PARTICIPLES: tuple[str, ...] = _LISTS["injured_participles"]
INJURED_PASSIVES: tuple[str, ...] = _LISTS["injured_passives"]
# What follows "shot" when the one shot died ("and killed", "dead", "to death").
KILL_COMPLETIONS: tuple[str, ...] = _LISTS["kill_completions"]
# What a headline says happened to one killed ("shot, killed", "dies").
HEADLINE_KILLED: tuple[str, ...] = _LISTS["headline_killed"]
# Injury cues that need the words after them to say the victim lived ("shot", "grazed").
WOUND_CUES: tuple[str, ...] = _LISTS["wound_cues"]
# Family and partners, the victims a murder-suicide names ("killed his wife and then himself").
KIN_NOUNS: tuple[str, ...] = _LISTS["kin_nouns"]
# Word starts without which a sentence skips the casualty rules.
CASUALTY_GATE: tuple[str, ...] = _LISTS["casualty_gate"]
# Things (and people other than the victims) a number beside a harm verb may count.
NOT_VICTIM_NOUNS = frozenset(_LISTS["not_victim_nouns"])


def alternation(fragments: Iterable[str]) -> str:
    """A non-capturing group of `fragments` in order: ``(?:a|b|c)``."""
    return "(?:" + alternatives(fragments) + ")"


def alternatives(fragments: Iterable[str]) -> str:
    """`fragments` as alternatives in order, ungrouped (``a|b|c``), for a pattern that lists
    other alternatives beside them in one group."""
    return "|".join(fragments)


def initials_class(fragments: Iterable[str]) -> str:
    """A character class of the first letters of `fragments`, in both cases (``[skSK]``):
    a lookahead on it fails most word starts at once, before any alternative is tried."""
    letters = dict.fromkeys(fragment[0].lower() for fragment in fragments)
    return "[" + "".join(letters) + "".join(letters).upper() + "]"
