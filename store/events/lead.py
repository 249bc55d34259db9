"""One event's answer: its claims, the lead a reporter would quote, rivals, parts, conflicts.

A claim is one statement about the event: the same value for the same harm, whatever noun it
counts ("128 civilians" = "128 residents" = "128 bodies found"), with every article that
reports it. The lead follows UCDP's low / best / high: best is the total most outlets carry
from a named source (not the lowest), low and high span the event's rival totals — the other
totals of the same harm by the same hand. Parts ("83 in the last 48 hours", "35 of them") and
counts by another hand ("12 killed by government forces") are shown under the event, never as
rivals of its total.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from store import disagreement
from store.answer import (
    AnswerEvent,
    AnswerFigure,
    Citation,
    EventLead,
    answer_figure,
    most_common,
)

# Kinds of harm a lead is drawn from, in the order a reporter asks about them; the dead are
# counted as "killed" or as bodies found.
_HARM_ORDER = ("killed", "bodies", "injured", "missing", "detained", "displaced", "fled")
_FAMILY = {"bodies": "killed"}


def _family(category: str) -> str:
    return _FAMILY.get(category, category)


def _outlets(figure: AnswerFigure) -> int:
    return len({c.outlet or c.document for c in figure.citations})


def _shared_text(figures: Sequence[AnswerFigure]) -> str | None:
    """A surface text found in every quote of `figures` (the contract: `text` stands in each
    citation's quote): the longest figure text that does, else its digits."""
    quotes = [c.quote for f in figures for c in f.citations]
    candidates = sorted({f.text for f in figures}, key=len, reverse=True)
    candidates += [re.sub(r"^\D*", "", f.text) for f in figures]
    for candidate in candidates:
        if candidate and all(candidate in q for q in quotes):
            return candidate
    return None


# Nouns that count whoever was harmed, without saying which group: "128 civilians", "128
# residents" and "128 bodies" may be one statement; "6 children" and "6 teachers" are not.
_ANYONE = frozenset(
    """people persons person civilians civilian residents victims bodies body dead casualties
    inhabitants villagers individuals others""".split()
)


def _same_people(a: AnswerFigure, b: AnswerFigure) -> bool:
    """Whether two counts of one value may count the same people."""
    if a.counts == b.counts or not a.counts or not b.counts:
        return True
    return a.counts in _ANYONE or b.counts in _ANYONE


def merge_claims(figures: Sequence[AnswerFigure]) -> list[AnswerFigure]:
    """One claim per (harm, value, group counted) among an event's whole counts, keeping the
    ranked order."""
    out: list[AnswerFigure] = []
    index: dict[tuple[str, float], list[int]] = {}
    for figure in figures:
        if figure.value is None or disagreement.is_part(figure):
            out.append(figure)
            continue
        key = (_family(figure.category), figure.value)
        at = next((i for i in index.get(key, ()) if _same_people(out[i], figure)), None)
        text = _shared_text([out[at], figure]) if at is not None else None
        if at is None or text is None:  # "one hundred" and "100": no one text in both quotes
            index.setdefault(key, []).append(len(out))
            out.append(figure)
            continue
        out[at] = _joined(out[at], figure, text)
    return out


def _joined(kept: AnswerFigure, other: AnswerFigure, text: str) -> AnswerFigure:
    seen = {(c.document, c.start) for c in kept.citations}
    citations: list[Citation] = list(kept.citations)
    citations.extend(c for c in other.citations if (c.document, c.start) not in seen)
    # The claim keeps its first (best-ranked) report's category and noun; a named source or
    # perpetrator given by any report is kept.
    return answer_figure(
        kept,
        tuple(citations),
        text=text,
        qualifier=kept.qualifier or other.qualifier,
        counts=kept.counts or other.counts,
        perpetrator=kept.perpetrator or other.perpetrator,
        place=kept.place or other.place,
        period=None,
        source=kept.source or other.source,
    )


def _main_hand(claims: Sequence[AnswerFigure], family: str) -> str | None:
    """The perpetrator most articles name for this harm (the event's own); None if none is."""
    named = [c.perpetrator for c in claims if _family(c.category) == family for _ in c.citations]
    return most_common(named)


# A named source's total leads over a larger-corroborated unnamed one only within this many
# times it: an update or another monitor's count of the same dead differs by that much, while
# a figure many times the toll counts something else (a war's dead, a province's people).
_RIVAL_RATIO = 3.0


def build_event(
    *,
    event_id: str,
    place: str | None,
    start: dt.date | None,
    end: dt.date | None,
    ranked: Sequence[AnswerFigure],
    context: Sequence[AnswerFigure] = (),
    categories: frozenset[str] = frozenset(),
) -> AnswerEvent:
    """The event's answer from its figures that match the question, ranked best first (see
    `store.query`); `context` holds its other figures, listed after them."""
    claims = merge_claims(ranked)
    wanted = [h for h in _HARM_ORDER if not categories or h in categories]
    families = [_family(h) for h in wanted]
    lead_figure: AnswerFigure | None = None
    rivals: list[AnswerFigure] = []
    others: list[AnswerFigure] = []
    for family in dict.fromkeys(families):
        totals = [
            c
            for c in claims
            if _family(c.category) == family and c.value is not None and not disagreement.is_part(c)
        ]
        if not totals:
            continue
        # The event's own hand is that of its leading total (each article's tally ranks
        # first); only when that names none does the hand most reports name stand in. A
        # perpetrator read wrongly in passing mentions must not set the leading total aside.
        hand = totals[0].perpetrator or _main_hand(totals, family)
        own = [c for c in totals if c.perpetrator in (None, hand)]
        if not own:
            continue
        # Best: the first of the ranked totals — the ranking puts each article's own tally
        # before passing mentions, and among tallies the one most articles give first; a
        # named source's total before an unnamed one's that as many outlets carry, when it is
        # no smaller: a smaller count given by a source is more often a part of the toll (one
        # family's dead, the children among them) than a rival total.
        lead_figure = own[0]
        sourced = [
            c
            for c in own
            if c.source
            and _outlets(c) >= _outlets(lead_figure)
            and (lead_figure.value or 0)
            <= (c.value or 0)
            <= _RIVAL_RATIO * (lead_figure.value or 0)
        ]
        if lead_figure.source is None and sourced and _outlets(lead_figure) > 1:
            lead_figure = sourced[0]
        rivals = [c for c in own if c is not lead_figure]
        taken = {id(lead_figure), *map(id, rivals)}
        others = [c for c in claims if _family(c.category) == family and id(c) not in taken]
        break
    lead: EventLead | None = None
    if lead_figure is not None:
        values = [c.value for c in (lead_figure, *rivals) if c.value is not None]
        lead = EventLead(
            figure=lead_figure,
            low=min(values),
            high=max(values),
            outlets=_outlets(lead_figure),
        )
    # The lead first, then the claims in their ranked order (rivals and parts are marked
    # apart for the renderers; the order is the ranking's).
    first = [lead_figure] if lead_figure else []
    rest = [c for c in claims if c is not lead_figure]
    groups = [[lead_figure, *rivals]] if lead_figure else []
    place = _articles_spelling(place, (*ranked, *context))
    return AnswerEvent(
        id=event_id,
        place=place,
        start=start,
        end=end,
        title=", ".join(p for p in (place, _span_text(start, end)) if p),
        lead=lead,
        rivals=tuple(rivals),
        others=tuple(others),
        figures=(*first, *rest, *context),
        conflicts=disagreement.conflicts(groups),
    )


_NOT_LETTERS = re.compile(r"[^a-z]")


def _letters(name: str) -> str:
    return _NOT_LETTERS.sub("", name.casefold())


def _articles_spelling(place: str | None, figures: Sequence[AnswerFigure]) -> str | None:
    """The event's place as its articles spell it most often ("Al-Qaryatayn"), where the
    gazetteer's name differs only in spaces, hyphens or case ("Al Qaryatayn"): a reporter
    quotes the spelling the sources use."""
    if place is None:
        return None
    key = _letters(place)
    spelt = [f.place for f in figures for _ in f.citations if f.place and _letters(f.place) == key]
    return most_common(spelt) or place


def _span_text(start: dt.date | None, end: dt.date | None) -> str:
    if start is None:
        return ""
    if end is None or end == start:
        return start.isoformat()
    return f"{start.isoformat()} – {end.isoformat()}"
