"""What names the store knows (places, sources, perpetrators), resolved fuzzily from questions.

Built once per store generation (it changes only when articles are ingested or removed), so a
question costs a dictionary look-up, not a scan.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import Alias, KnownName, Source
from store.names import FUZZY_CUTOFF, NameEntry, NameIndex, curated_aliases, normalise, skeleton

# Place-name words that news writes both in full and abbreviated.
_ABBREVIATIONS = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft", "port": "pt"}
_ABBREVIATION_WORD = re.compile(
    r"\b(" + "|".join(sorted({*_ABBREVIATIONS, *_ABBREVIATIONS.values()})) + r")\b"
)
_EXPANSIONS = {short: full for full, short in _ABBREVIATIONS.items()}


def _abbreviation_variants(norm: str) -> set[str]:
    """`norm` with its place-name words abbreviated and expanded: "saint louis" -> "st louis"."""
    swapped = _ABBREVIATION_WORD.sub(
        lambda m: _ABBREVIATIONS.get(m.group(1)) or _EXPANSIONS[m.group(1)], norm
    )
    return {swapped} - {norm}


_MIN_SKELETON = 4  # consonants; shorter skeletons match only with a close spelling


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place a question names: every normalised spelling the articles use for it."""

    phrase: str
    shown: str
    norms: frozenset[str]


def names_fingerprint(session: Session) -> tuple[int, int, int]:
    """How many names, sources and learnt aliases the store holds: rows of these tables are
    only ever added, so an unchanged count means an unchanged vocabulary."""
    return (
        int(session.scalar(select(func.count()).select_from(KnownName)) or 0),
        int(session.scalar(select(func.count()).select_from(Source)) or 0),
        int(session.scalar(select(func.count()).select_from(Alias)) or 0),
    )


class Vocabulary:
    """Names known to one store, with their spellings, for resolving question words."""

    def __init__(self, session: Session) -> None:
        self.fingerprint = names_fingerprint(session)
        aliases = curated_aliases()
        self.place_names: dict[str, str] = {}  # norm -> a spelling to show
        for norm, name in session.execute(select(KnownName.norm, KnownName.name)):
            self.place_names[norm] = name
        by_skeleton: dict[str, set[str]] = defaultdict(set)
        for norm in self.place_names:
            if len(norm) > 3:
                by_skeleton[skeleton(norm)].add(norm)
        # Tuples, not sets: the garbage collector untracks a tuple of strings, but scans every
        # set on each full collection, and at 100k articles there are ~16,000 of them (a full
        # collection took ~30 ms in the middle of some question).
        self._by_skeleton: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in by_skeleton.items()
        }
        self._place_norms = sorted(self.place_names)
        # Misspellings keep their first letter far more often than not ("Esat" for "East"),
        # and a ratio above the cutoff bounds the length difference: looking among the names
        # with the same initial and a near length first is a small part of the work at 100k.
        by_initial: dict[str, list[str]] = defaultdict(list)
        by_shape: dict[tuple[str, int], list[str]] = defaultdict(list)
        for norm in self._place_norms:
            by_initial[norm[0]].append(norm)
            by_shape[(norm[0], len(norm))].append(norm)
        self._by_initial: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in by_initial.items()}
        self._by_shape: dict[tuple[str, int], tuple[str, ...]] = {
            k: tuple(v) for k, v in by_shape.items()
        }
        self.curated_places = NameIndex(aliases.entries("places"))
        self._curated_place_norms: dict[str, set[str]] = defaultdict(set)
        for entry in aliases.entries("places"):
            self._curated_place_norms[entry.canonical].add(entry.norm)

        source_entries = list(aliases.entries("sources"))
        for alias in session.scalars(select(Alias).where(Alias.kind == "source")):
            source_entries.append(NameEntry(alias.name, alias.canonical, alias.norm))
        self.source_rows: dict[int, str] = dict(
            session.execute(select(Source.id, Source.name)).all()
        )
        for name in self.source_rows.values():
            source_entries.append(NameEntry(name, name, normalise(name)))
        self.sources = NameIndex(source_entries)
        # Each source name's words, for a question naming part of it ("Abdul Karim").
        self._source_words: tuple[tuple[frozenset[str], str], ...] = tuple(
            (frozenset(entry.norm.split()), entry.canonical)
            for entry in source_entries
            if entry.norm
        )
        # Each stored source, under every canonical name it resolves to.
        self.source_canonical: dict[int, set[str]] = {
            sid: (self.sources.resolve(name) or {name}) for sid, name in self.source_rows.items()
        }
        self.perpetrators = NameIndex(aliases.entries("perpetrators"))

    def resolve_place(self, phrase: str, *, strict: bool) -> PlaceMatch | None:
        """Every stored spelling of the place `phrase` names, or None.

        `strict` (a word not introduced as a place) allows only exact or skeleton matches, so
        ordinary words in a question are not mistaken for places.
        """
        norm = normalise(phrase)
        if not norm:
            return None
        norms: set[str] = set()
        curated = (
            self.curated_places.resolve(phrase) if len(norm) > 2 or phrase.isupper() else set()
        )
        for canonical in curated:
            norms |= self._curated_place_norms[canonical]
            norms.add(normalise(canonical))
        if norm in self.place_names:
            norms.add(norm)
        # "Saint Louis" is "St. Louis" in the articles, "Fort Wayne" may be "Ft. Wayne".
        norms |= {v for v in _abbreviation_variants(norm) if v in self.place_names}
        if len(norm) > 3:
            # Transliterations share a skeleton (Qaryatayn, Qaryatain); a short skeleton is
            # shared by unrelated names too (Georgia, George, Garage: "grg"), so those need a
            # close spelling as well.
            bones = skeleton(norm)
            norms.update(
                other
                for other in self._by_skeleton.get(bones, ())
                if len(bones) >= _MIN_SKELETON or fuzz.ratio(norm, other) >= FUZZY_CUTOFF
            )
            # A name the store knows as spelt is not a misspelling: "Georgia" must not widen
            # to "George" or "Garage". Only an unknown spelling looks for its neighbours, and a
            # word not introduced as a place only when it is capitalised like a name
            # ("Qaryatyn"), not an ordinary word ("officers").
            misspelt_name = not norms and phrase[:1].isupper()
            if (not strict or misspelt_name) and norm not in self.place_names and not curated:
                for found in self._fuzzy_places(norm):
                    if len(found) > 3:
                        norms.add(found)
        known = {n for n in norms if n in self.place_names}
        if not known:
            return None
        shown = (
            next(iter(curated), None)
            or self.place_names.get(norm)
            or self.place_names[sorted(known)[0]]
        )
        return PlaceMatch(phrase=phrase, shown=shown, norms=frozenset(norms))

    def resolve_source(self, phrase: str) -> set[str]:
        return self.sources.resolve(phrase)

    def resolve_source_phrase(self, phrase: str) -> tuple[set[str], str]:
        """The sources a question's source phrase names, and the words that named them.

        The whole phrase first, then ever shorter runs of its words ("Qaryatayn SOHR" names
        SOHR); each by name (exact, skeleton, fuzzy: `NameIndex.resolve`), else as part of one
        known name ("Abdul Karim" is Abdullah Abdul Karim, a person an article quotes)."""
        words = phrase.split()
        for size in range(len(words), 0, -1):
            for first in range(len(words) - size + 1):
                run = " ".join(words[first : first + size])
                found = self.sources.resolve(run) or self._part_of_one_source(run)
                if found:
                    return found, run
        return set(), ""

    def _part_of_one_source(self, run: str) -> set[str]:
        """The one source whose name holds every word of `run` (a word of more than three
        letters may be misspelt within the fuzzy cutoff); empty when none or several do."""
        norm = normalise(run)
        if len(norm) <= 3:
            return set()  # short names are never matched loosely ("IS", "UN")
        wanted = norm.split()
        found = {
            canonical
            for words, canonical in self._source_words
            if all(
                w in words or (len(w) > 3 and any(fuzz.ratio(w, x) >= FUZZY_CUTOFF for x in words))
                for w in wanted
            )
        }
        return found if len(found) == 1 else set()

    def resolve_perpetrator(self, phrase: str) -> set[str]:
        found = self.perpetrators.resolve(phrase)
        if found:
            return found
        best = None
        for entry_norm in (normalise(phrase),):
            best = entry_norm
        return {best} if best else set()

    def _fuzzy_places(self, norm: str) -> list[str]:
        """Known names within the fuzzy cutoff of `norm`: those sharing its initial, else all."""
        # ratio = 2·matches / (len a + len b) >= cutoff needs len b within these bounds
        share = FUZZY_CUTOFF / 100
        shortest = math.ceil(len(norm) * share / (2 - share))
        longest = math.floor(len(norm) * (2 - share) / share)
        near = tuple(
            name
            for size in range(shortest, longest + 1)
            for name in self._by_shape.get((norm[0], size), ())
        )
        for pool in (near, self._place_norms):
            found = [
                hit[0]
                for hit in process.extract(
                    norm, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=20
                )
            ]
            if found:
                return found
        return []

    def nearest_places(self, phrase: str, limit: int = 3) -> list[str]:
        norm = normalise(phrase)
        if not norm or not self._place_norms:
            return []
        # Plain edit-distance ratio: WRatio's partial matching is ~8x slower over a 100k
        # store's names and suggests fragments ("at", "mt" for "esat mt"). The cutoff lets
        # rapidfuzz skip hopeless names early.
        hits = process.extract(
            norm, self._by_initial.get(norm[0], ()), scorer=fuzz.ratio, limit=limit, score_cutoff=50
        )
        if len(hits) < limit:  # too few with the same initial: look among all the names
            hits = process.extract(
                norm, self._place_norms, scorer=fuzz.ratio, limit=limit, score_cutoff=50
            )
        return [self.place_names[h[0]] for h in hits if h[1] >= 50]

    def nearest_sources(self, phrase: str, limit: int = 3) -> list[str]:
        return self.sources.nearest(phrase, limit)
