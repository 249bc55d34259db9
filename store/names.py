"""Name matching: exact normalised name, then a consonant skeleton, then rapidfuzz.

Curated synonyms are data (`seeds/aliases.toml`): no string metric knows that Daesh is ISIS.
Names of three characters or fewer are never fuzzy-matched ("IS" would match half the world).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

_ARTICLES = re.compile(r"^(?:the|al|el|an|ad|ar|as|at|az)\s+")
_NON_WORD = re.compile(r"[^\w]+")
_VOWELS = re.compile(r"[aeiouyw]")
_REPEATS = re.compile(r"(.)\1+")
FUZZY_CUTOFF = 86.0
MIN_FUZZY_LENGTH = 4


# Cached: ingest normalises every capitalised name of every article, and most recur (places,
# sources, "Police", "Monday"); a pure function of a short string. Bounded for servers.
@lru_cache(maxsize=16384)
def normalise(name: str) -> str:
    """Case-, accent- and punctuation-free form, without a leading article ("Al-", "the")."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("’", "").replace("'", "")
    words = _NON_WORD.sub(" ", folded).strip()
    return _ARTICLES.sub("", words, count=1)


def skeleton(norm: str) -> str:
    """Consonant skeleton of a normalised name: Qaryatayn, Qaryatain and Qaryatein agree, and
    so do the spellings of an Arabic article inside a name (Deir ez-Zor, Deir al-Zor, Deir
    el Zour), which takes the sound of the letter after it."""
    inner = _INNER_ARABIC_ARTICLE.sub(" ", norm)
    return _REPEATS.sub(r"\1", _VOWELS.sub("", inner.replace(" ", "")))


# "al", "el" and their assimilated forms ("ez-Zor", "ash-Sham", "ar-Raqqa") between two words
_INNER_ARABIC_ARTICLE = re.compile(r"(?<=\w) (?:[ae](?:l|[dnrstz]|sh|th|dh)) (?=\w)")


@dataclass(frozen=True, slots=True)
class NameEntry:
    """A name the store knows, mapped to its canonical form."""

    name: str
    canonical: str
    norm: str


class NameIndex:
    """Resolves free-text names to canonical ones, fuzzily, over a fixed vocabulary."""

    def __init__(self, entries: Iterable[NameEntry]) -> None:
        self._by_norm: dict[str, set[str]] = {}
        self._by_skeleton: dict[str, set[str]] = {}
        for entry in entries:
            if not entry.norm:
                continue
            self._by_norm.setdefault(entry.norm, set()).add(entry.canonical)
            if len(entry.norm) > 3:
                self._by_skeleton.setdefault(skeleton(entry.norm), set()).add(entry.canonical)
        self._norms: list[str] = sorted(self._by_norm)

    def __len__(self) -> int:
        return len(self._norms)

    def resolve(self, name: str) -> set[str]:
        """Canonical names that `name` refers to; empty when none is close enough."""
        norm = normalise(name)
        if not norm:
            return set()
        if norm in self._by_norm:
            return set(self._by_norm[norm])
        if len(norm) <= 3:
            return set()
        skel = skeleton(norm)
        if len(skel) >= 3 and skel in self._by_skeleton:
            return set(self._by_skeleton[skel])
        best = process.extractOne(norm, self._norms, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is None:
            return set()
        found = best[0]
        if len(found) < MIN_FUZZY_LENGTH:
            return set()
        return set(self._by_norm[found])

    def nearest(self, name: str, limit: int = 3) -> list[str]:
        """The closest known names, for "did you mean" suggestions."""
        norm = normalise(name)
        if not norm or not self._norms:
            return []
        hits = process.extract(norm, self._norms, scorer=fuzz.WRatio, limit=limit * 3)
        out: list[str] = []
        for found, score, _ in hits:
            if score < 50:
                continue
            for canonical in sorted(self._by_norm[found]):
                if canonical not in out:
                    out.append(canonical)
        return out[:limit]


@dataclass(frozen=True, slots=True)
class CuratedAliases:
    """The alias tables shipped in `seeds/aliases.toml`, by kind."""

    sources: dict[str, tuple[str, ...]]
    perpetrators: dict[str, tuple[str, ...]]
    places: dict[str, tuple[str, ...]]
    outlets: dict[str, tuple[str, ...]]

    def entries(self, kind: str) -> list[NameEntry]:
        table: dict[str, tuple[str, ...]] = getattr(self, kind)
        out = []
        for canonical, aliases in table.items():
            for name in (canonical, *aliases):
                out.append(NameEntry(name, canonical, normalise(name)))
        return out


@lru_cache(maxsize=1)
def curated_aliases() -> CuratedAliases:
    """Load `seeds/aliases.toml` once."""
    raw = tomllib.loads(resources.files("seeds").joinpath("aliases.toml").read_text("utf-8"))

    def table(key: str) -> dict[str, tuple[str, ...]]:
        return {k: tuple(v) for k, v in raw.get(key, {}).items()}

    return CuratedAliases(
        table("sources"), table("perpetrators"), table("places"), table("outlets")
    )


def longest_alias_in(text: str, entries: Sequence[NameEntry]) -> NameEntry | None:
    """The longest alias that appears in `text` as whole words (exact, case-insensitive)."""
    norm_text = f" {normalise(text)} "
    best: NameEntry | None = None
    for entry in entries:
        if entry.norm and f" {entry.norm} " in norm_text:
            if len(entry.norm) <= 3 and not re.search(rf"\b{re.escape(entry.name)}\b", text):
                continue  # short acronyms only in their own case: "IS" the group, not "is"
            if best is None or len(entry.norm) > len(best.norm):
                best = entry
    return best
