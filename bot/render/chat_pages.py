"""An answer cut into pages sized for a phone screen, the same way for every chat platform.

Page one leads with the event lines (bot/render/event_lines.py): one per event, or, for an
overview, one per event newest first and a hint to ask about one. With no events it leads with
the per-category summary instead. Then come a couple of disagreements and a few pieces of
evidence (the figure, one quote, the outlet, the date and a link). Everything else waits on
later pages, which the platforms show behind a "More" button. Plain data: each platform marks
a page up in its own renderer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot import messages
from bot.render.event_lines import event_line
from store.answer import Answer, AnswerEvent, AnswerFigure, CategorySummary, Conflict

LEAD_EVENTS = 5  # event lines on page one for a detailed answer
OVERVIEW_EVENTS = 8  # and for an overview, newest first
FIRST_EVIDENCE = 3  # pieces of evidence on page one
FIRST_CONFLICTS = 2  # disagreements on page one
PAGE_EVIDENCE = 5  # on each later page
PAGE_CONFLICTS = 3
MAX_PAGES = 10  # past these, the last page asks for a narrower question
QUOTE_CHARS = 280  # a quote longer than this is cut: the link leads to the rest


@dataclass(frozen=True, slots=True)
class ChatPage:
    """One screen of an answer. `lines` (event lines or summaries) and `hint` are on page one
    only; `remaining` counts the figures and disagreements on later pages."""

    number: int
    count: int
    lines: tuple[str, ...] = ()
    hint: str | None = None
    summary: tuple[CategorySummary, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    evidence: tuple[AnswerFigure, ...] = ()
    remaining: int = 0
    cut: int = 0  # figures past the last page, never shown

    @property
    def last(self) -> bool:
        return self.number + 1 >= self.count


def _newest_first(events: tuple[AnswerEvent, ...]) -> list[AnswerEvent]:
    def when(e: AnswerEvent) -> dt.date:
        return e.end or e.start or dt.date.min

    return sorted(events, key=when, reverse=True)


def lead_lines(answer: Answer) -> tuple[tuple[str, ...], str | None]:
    """The event lines page one opens with, and the overview's hint (else None)."""
    if not answer.events:
        return (), None
    if answer.overview:
        shown = _newest_first(answer.events)[:OVERVIEW_EVENTS]
        lines = [event_line(e, others=0) for e in shown]
        hidden = len(answer.events) - len(shown)
        if hidden:
            lines.append(messages.CHAT_MORE_EVENTS.format(count=hidden))
        return tuple(lines), messages.CHAT_ASK_ABOUT_ONE
    lines = [event_line(e) for e in answer.events[:LEAD_EVENTS]]
    hidden = len(answer.events) - LEAD_EVENTS
    if hidden > 0:
        lines.append(messages.CHAT_MORE_EVENTS.format(count=hidden))
    return tuple(lines), None


def evidence_order(answer: Answer) -> list[AnswerFigure]:
    """The figures as evidence: each event's lead and rival totals first, then the rest of
    the answer's ranking, each figure once."""
    ordered: list[AnswerFigure] = []
    for event in answer.events:
        if event.lead is not None:
            ordered.append(event.lead.figure)
        ordered.extend(event.rivals)
    ordered.extend(answer.figures)
    for event in answer.events:
        ordered.extend(event.figures)
    seen: set[AnswerFigure] = set()
    unique: list[AnswerFigure] = []
    for figure in ordered:
        # Figures are frozen dataclasses: equal ones are the same claim, listed once.
        if figure not in seen:
            seen.add(figure)
            unique.append(figure)
    return unique


def all_conflicts(answer: Answer) -> list[Conflict]:
    found = list(answer.conflicts)
    for event in answer.events:
        found.extend(c for c in event.conflicts if c not in found)
    return found


def chat_pages(answer: Answer, first: int = FIRST_EVIDENCE) -> list[ChatPage]:
    """The answer as pages, `first` pieces of evidence on page one (the `max_figures`
    setting); page one always exists (with nothing but a note when there are no figures)."""
    lines, hint = lead_lines(answer)
    figures = evidence_order(answer)
    conflicts = all_conflicts(answer)
    # An overview's first screen is the list of events; the evidence waits behind "More".
    first_evidence = 0 if answer.overview else max(first, 0)
    first_conflicts = 0 if answer.overview else FIRST_CONFLICTS
    cuts: list[tuple[tuple[Conflict, ...], tuple[AnswerFigure, ...]]] = [
        (tuple(conflicts[:first_conflicts]), tuple(figures[:first_evidence]))
    ]
    c_at, f_at = first_conflicts, first_evidence
    while (c_at < len(conflicts) or f_at < len(figures)) and len(cuts) < MAX_PAGES:
        cuts.append(
            (
                tuple(conflicts[c_at : c_at + PAGE_CONFLICTS]),
                tuple(figures[f_at : f_at + PAGE_EVIDENCE]),
            )
        )
        c_at += PAGE_CONFLICTS
        f_at += PAGE_EVIDENCE
    total = len(conflicts) + len(figures)
    pages: list[ChatPage] = []
    shown = 0
    for number, (page_conflicts, page_figures) in enumerate(cuts):
        shown += len(page_conflicts) + len(page_figures)
        last = number + 1 == len(cuts)
        pages.append(
            ChatPage(
                number=number,
                count=len(cuts),
                lines=lines if number == 0 else (),
                hint=hint if number == 0 else None,
                summary=answer.summary if number == 0 and not lines else (),
                conflicts=page_conflicts,
                evidence=page_figures,
                remaining=total - shown,
                cut=max(len(figures) - f_at, 0) if last else 0,
            )
        )
    return pages


def page_footer(page: ChatPage, dropped: int = 0) -> str:
    """ "Page 1 of 3 · 12 more figure(s) …: press More" (empty for a one-page answer)."""
    parts: list[str] = []
    if page.count > 1:
        parts.append(messages.CHAT_PAGE.format(number=page.number + 1, count=page.count))
    if page.remaining:
        parts.append(messages.CHAT_MORE_WAITING.format(count=page.remaining))
    if page.cut or dropped:
        parts.append(messages.CHAT_CUT.format(count=page.cut + dropped))
    return " · ".join(parts)


def noon_timestamp(day: dt.date) -> int:
    """A date as the Unix time of its noon UTC: shown as a local date, it is the same
    calendar day from UTC-11 to UTC+11 (midnight would be the day before in the Americas)."""
    return int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp())


def clip_quote(quote: str, limit: int = QUOTE_CHARS) -> str:
    """A quote on one line, cut at a word near `limit` with an ellipsis."""
    flat = " ".join(quote.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"
