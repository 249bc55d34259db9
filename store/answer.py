"""The answer to a question, as plain data: built by the store, rendered by the bot.

`Answer.to_json()` is the contract's serialisation (see the README, "The answer").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from store.figure import STATEMENT_FIELDS, SaysFigure, Statement, positional, statement_values


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a figure stands: the document, its outlet and date, and the exact sentence."""

    document: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    url: str | None
    quote: str  # exactly document_text[start:end], or title[start:end] when `part` is "title"
    start: int
    end: int
    part: str = "body"  # "title": the figure is read from the headline, not the body


@dataclass(frozen=True, slots=True)
class AnswerFigure(Statement):
    """One figure, grouped across every article that reports it: what it says
    (`store.figure.Statement`, its source the canonical source name) and its citations.
    Built by `answer_figure`."""

    citations: tuple[Citation, ...]

    @property
    def sources(self) -> int:
        """How many articles report this figure."""
        return len({c.document for c in self.citations})


_new_answer_figure = positional(AnswerFigure)


def answer_figure(
    said: SaysFigure, citations: tuple[Citation, ...], **changes: Any
) -> AnswerFigure:
    """The answer's figure saying what `said` says (any figure record), with `changes` to
    its statement's fields (`text`, `source`, ...) and its citations: the one place an
    `AnswerFigure` is built from another record (`store.query`, `store.events.lead`,
    `store.extract_only`)."""
    values = statement_values(said)
    if changes:
        values.update(changes)
        if len(values) != len(STATEMENT_FIELDS):
            raise TypeError(f"not a figure's field: {sorted(set(values) - set(STATEMENT_FIELDS))}")
    # By position, each slot set directly: as fast as the keyword `__init__` was with every
    # field written out, where the keyword one with the values as a dict is half as fast again.
    return _new_answer_figure(*values.values(), citations)


def most_common(values: Iterable[str | None]) -> str | None:
    """The value given most often, ignoring blanks; ties go to the first in sorted order, so
    an answer is the same in every process (a set's order changes with the hash seed)."""
    present = [v for v in values if v]
    return max(sorted(set(present)), key=present.count) if present else None


@dataclass(frozen=True, slots=True)
class CategorySummary:
    """Per category: the best-corroborated figure, the range reported, how many articles."""

    category: str
    value: float | None
    low: float | None
    high: float | None
    sources: int


@dataclass(frozen=True, slots=True)
class ConflictEntry:
    value: float | None
    low: float | None
    high: float | None
    text: str
    source: str | None
    documents: tuple[str, ...]
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class Conflict:
    """Different figures for the same category and place, shown side by side."""

    category: str
    place: str | None
    counts: str | None
    figures: tuple[ConflictEntry, ...]


@dataclass(frozen=True, slots=True)
class EventLead:
    """The figure a reporter would quote for an event (UCDP's best), with the low-high span of
    the event's rival totals and how many outlets carry it."""

    figure: AnswerFigure
    low: float | None
    high: float | None
    outlets: int


@dataclass(frozen=True, slots=True)
class AnswerEvent:
    """One real-world occurrence the question reaches, and what each source said about it.

    `lead` is the quotable total; `rivals` the other totals of the same harm by the same hand
    (shown beside the lead); `others` the parts ("83 in the last 48 hours") and counts by
    another hand, shown under the event and never as rivals; `figures` every figure of the
    event, ranked, each a claim with its citations.
    """

    id: str
    place: str | None
    start: dt.date | None
    end: dt.date | None
    title: str
    lead: EventLead | None
    rivals: tuple[AnswerFigure, ...] = ()
    others: tuple[AnswerFigure, ...] = ()
    figures: tuple[AnswerFigure, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    @property
    def outlets(self) -> int:
        """How many outlets (or, where unnamed, articles) report on the event."""
        return len({c.outlet or c.document for f in self.figures for c in f.citations})


@dataclass(frozen=True, slots=True)
class Answer:
    query: str
    figures: tuple[AnswerFigure, ...] = ()
    summary: tuple[CategorySummary, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    note: str | None = None
    suggestions: tuple[str, ...] = field(default=())
    events: tuple[AnswerEvent, ...] = ()
    # True when the question reaches many events of one place and the answer is an overview,
    # one line per event, newest first, rather than one event's detail.
    overview: bool = False

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object (numbers as ints where they are whole)."""
        return {
            "query": self.query,
            "figures": [figure_json(f) for f in self.figures],
            "summary": [
                {
                    "category": s.category,
                    "value": _num(s.value),
                    "low": _num(s.low),
                    "high": _num(s.high),
                    "sources": s.sources,
                }
                for s in self.summary
            ],
            "conflicts": [_conflict_json(c) for c in self.conflicts],
            "events": [_event_json(e) for e in self.events],
            "overview": self.overview,
            "note": self.note,
            "suggestions": list(self.suggestions),
        }


def _conflict_json(c: Conflict) -> dict[str, Any]:
    return {
        "category": c.category,
        "place": c.place,
        "counts": c.counts,
        "figures": [
            {
                "value": _num(e.value),
                "low": _num(e.low),
                "high": _num(e.high),
                "text": e.text,
                "source": e.source,
                "documents": list(e.documents),
                "published": e.published.isoformat() if e.published else None,
            }
            for e in c.figures
        ],
    }


def _event_json(e: AnswerEvent) -> dict[str, Any]:
    lead: dict[str, Any] | None = None
    if e.lead is not None:
        lead = figure_json(e.lead.figure)
        lead["low"] = _num(e.lead.low)
        lead["high"] = _num(e.lead.high)
        lead["outlets"] = e.lead.outlets
    return {
        "id": e.id,
        "place": e.place,
        "start": e.start.isoformat() if e.start else None,
        "end": e.end.isoformat() if e.end else None,
        "title": e.title,
        "lead": lead,
        "rivals": [figure_json(f) for f in e.rivals],
        "others": [figure_json(f) for f in e.others],
        "figures": [figure_json(f) for f in e.figures],
        "conflicts": [_conflict_json(c) for c in e.conflicts],
    }


def _num(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def _citation_json(c: Citation) -> dict[str, Any]:
    return {
        "document": c.document,
        "title": c.title,
        "outlet": c.outlet,
        "published": c.published.isoformat() if c.published else None,
        "url": c.url,
        "quote": c.quote,
        "start": c.start,
        "end": c.end,
        "part": c.part,
    }


def figure_json(f: AnswerFigure) -> dict[str, Any]:
    """A figure as the answer contract's JSON: what it says (`Statement`'s fields, in their
    order: tests/test_figure.py holds the two together), then its citations. Also the
    figures of `factdesk extract --json`."""
    # Built field by field: dataclasses.asdict deep-copies every value and was a third of
    # the time of answering a batch of questions; the keys are the contract's, written out.
    return {
        "value": _num(f.value),
        "low": _num(f.low),
        "high": _num(f.high),
        "text": f.text,
        "qualifier": f.qualifier,
        "unit": f.unit,
        "counts": f.counts,
        "category": f.category,
        "perpetrator": f.perpetrator,
        "place": f.place,
        "period": f.period,
        "source": f.source,
        "citations": [_citation_json(c) for c in f.citations],
    }
