"""Where sources disagree: rival totals side by side, and a conservative summary.

Figures are rivals when they count the same thing: the same kind of harm (the dead, whether
counted as "killed" or as bodies found), at the same place, by the same hand. A figure that
names no perpetrator ("67 civilians were killed") is read as a count of the main event, the
perpetrator most articles name; a different perpetrator's count ("12 killed by regime forces")
is a total of its own, not a rival. Parts are never rivals: a figure over a stated period
("83 in the last 48 hours") or a partitive ("35 of the casualties").

The summary follows the conservative convention of conflict-event datasets (ACLED records the
lowest credible figure; UCDP keeps a low, best and high estimate): per category, the lowest of
the main event's rival totals, with the range of every figure reported and how many articles.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from store.answer import AnswerFigure, CategorySummary, Conflict, ConflictEntry, most_common
from store.names import normalise

# Categories whose figures can be rival counts of one event; the others (durations, money,
# percentages, measures, identified bodies, plain counts) describe, they do not tally.
_TALLIES = frozenset(
    {"killed", "injured", "bodies", "missing", "fled", "displaced", "detained", "population"}
)
# Kinds of harm counted in more than one category: the dead are "killed" or "bodies".
_FAMILY = {"bodies": "killed"}
_PARTITIVE = re.compile(r"\s+of\s+(?:the|them|those|these)\b", re.I)


def is_part(figure: AnswerFigure) -> bool:
    """Whether the figure counts a part of a whole: over a period, or "N of the ..."."""
    if figure.period:
        return True
    for citation in figure.citations:
        at = citation.quote.find(figure.text)
        if at >= 0 and _PARTITIVE.match(citation.quote, at + len(figure.text)):
            return True
    return False


def rival_groups(figures: Iterable[AnswerFigure], one_place: bool) -> list[list[AnswerFigure]]:
    """The figures that count the same thing, in groups (a group may hold a single figure).

    `one_place`: the question named its place, so every figure is about it and spellings of
    its name ("Al-Qaryatayn", "Al Qaryatain") need not agree."""
    by_key: dict[tuple[str, str], list[AnswerFigure]] = defaultdict(list)
    for f in figures:
        if f.value is None or f.category not in _TALLIES or is_part(f):
            continue
        place = "" if one_place else normalise(f.place or "")
        by_key[(_FAMILY.get(f.category, f.category), place)].append(f)
    groups: list[list[AnswerFigure]] = []
    for members in by_key.values():
        groups.extend(_by_perpetrator(members))
    return groups


def _by_perpetrator(members: list[AnswerFigure]) -> list[list[AnswerFigure]]:
    named: dict[str, list[AnswerFigure]] = defaultdict(list)
    unnamed: list[AnswerFigure] = []
    for f in members:
        if f.perpetrator:
            named[f.perpetrator].append(f)
        else:
            unnamed.append(f)
    if not named:
        return [unnamed]
    # The main event is the perpetrator most articles name; ties to the first in sorted order,
    # so an answer is the same in every process.
    articles = {p: _articles(fs) for p, fs in named.items()}
    main = max(sorted(articles), key=lambda p: articles[p])
    named[main].extend(unnamed)
    return [named[p] for p in sorted(named)]


def conflicts(groups: list[list[AnswerFigure]]) -> tuple[Conflict, ...]:
    """The `rival_groups` whose totals differ, side by side, lowest first."""
    out = []
    for group in groups:
        if len({f.value for f in group}) < 2:
            continue
        # One entry per value: sources giving the same number agree ("128 killed" and "128
        # bodies found" are one claim in several articles).
        same_claim: dict[float | None, list[AnswerFigure]] = defaultdict(list)
        for f in sorted(group, key=lambda f: (f.value or 0, f.source or "", f.text)):
            same_claim[f.value].append(f)
        out.append(
            Conflict(
                category=_FAMILY.get(group[0].category, group[0].category),
                # the spelling most reports use, each citation counted
                place=most_common([f.place for f in group for _ in f.citations]),
                counts=most_common([f.counts for f in group]),
                figures=tuple(_entry(claim) for claim in same_claim.values()),
            )
        )
    return tuple(out)


def _entry(claim: list[AnswerFigure]) -> ConflictEntry:
    first = claim[0]
    citations = [c for f in claim for c in f.citations]
    return ConflictEntry(
        value=first.value,
        low=first.low,
        high=first.high,
        text=first.text,
        source=most_common([f.source for f in claim]),
        documents=tuple(dict.fromkeys(c.document for c in citations)),
        published=min((c.published for c in citations if c.published), default=None),
    )


def summary(
    figures: list[AnswerFigure], groups: list[list[AnswerFigure]]
) -> tuple[CategorySummary, ...]:
    """Per category: the lowest of the main event's rival totals (among `groups`, the
    figures' `rival_groups`), the range of every figure, and how many articles report it."""
    by_cat: dict[str, list[AnswerFigure]] = defaultdict(list)
    for f in figures:
        by_cat[f.category].append(f)
    out = []
    for category, figs in by_cat.items():
        numeric = [f for f in figs if f.value is not None]
        if not numeric:
            continue
        in_category = [[f for f in g if f.category == category] for g in groups]
        candidates = [g for g in in_category if g]
        if candidates:
            main = max(candidates, key=_articles)
        else:
            main = [f for f in numeric if not is_part(f)] or numeric
        lows = [f.low if f.low is not None else f.value for f in numeric]
        highs = [f.high if f.high is not None else f.value for f in numeric]
        out.append(
            CategorySummary(
                category=category,
                value=min(f.value for f in main if f.value is not None),
                low=min(v for v in lows if v is not None),
                high=max(v for v in highs if v is not None),
                sources=_articles(figs),
            )
        )
    return tuple(out)


def _articles(figures: Iterable[AnswerFigure]) -> int:
    """How many articles give any of `figures`."""
    return len({c.document for f in figures for c in f.citations})
