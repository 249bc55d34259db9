"""The event lines every renderer leads with: one line a reporter can quote per event.

"Al-Qaryatayn, 1–21 October 2017: at least 128 civilians killed by Islamic State, according to
the Syrian Observatory for Human Rights (4 outlets); other totals: 116 (SOHR, 24 Oct), 80 bodies
(activists, 23 Oct); 12 killed by Syrian government forces (SOHR)". Plain text: each platform
marks it up (bold, links, local dates) around these pieces.
"""

from __future__ import annotations

import datetime as dt

from store.answer import AnswerEvent, AnswerFigure

_SHORTEN_ABOVE = 24  # characters; a longer source is given by its initials after the lead


def number(value: float | None) -> str:
    """1234 -> "1,234"; 2.5 -> "2.5"; None -> "?"."""
    if value is None:
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def date_span(start: dt.date | None, end: dt.date | None) -> str:
    """ "16 April 2017", "1–21 October 2017", "28 September – 3 October 2017"; "" if undated."""
    if start is None and end is None:
        return ""
    start = start or end
    end = end or start
    assert start is not None and end is not None
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


def short_source(source: str | None) -> str:
    """A long organisation name by its initials ("Syrian Observatory for Human Rights" ->
    "SOHR"), so the rivals after the lead stay short; people and short names stay whole."""
    if not source:
        return "no source named"
    if len(source) <= _SHORTEN_ABOVE:
        return source
    words = [w for w in source.replace("-", " ").split() if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 3 else source


def amount(figure: AnswerFigure) -> str:
    """The figure as stated, with its noun where the text lacks it: "at least 128 civilians"."""
    text = figure.text
    if figure.qualifier and figure.qualifier.lower() not in text.lower():
        text = f"{figure.qualifier} {text}"
    if figure.counts and figure.counts.lower() not in text.lower():
        text = f"{text} {figure.counts}"
    return text


def _harm(figure: AnswerFigure) -> str:
    verb = {"bodies": "found dead", "injured": "injured", "killed": "killed"}.get(
        figure.category, figure.category
    )
    if figure.perpetrator:
        verb += f" by {figure.perpetrator}"
    return verb


def _short_date(figure: AnswerFigure) -> str:
    dates = [c.published for c in figure.citations if c.published]
    return f"{min(dates).day} {min(dates):%b}" if dates else ""


def event_title(event: AnswerEvent) -> str:
    """ "Al-Qaryatayn, 1–21 October 2017" (place and span, whichever are known)."""
    parts = [p for p in (event.place, date_span(event.start, event.end)) if p]
    return ", ".join(parts) or event.title


def _the(source: str) -> str:
    """ "the Syrian Observatory for Human Rights", but "Rami Abdulrahman", "activists", "SOHR"."""
    words = source.split()
    institution = len(words) >= 3 and words[0][:1].isupper() and not source.isupper()
    lowered = {w.lower() for w in words}
    if institution and lowered & _INSTITUTION_WORDS and words[0].lower() != "the":
        return f"the {source}"
    return source


_INSTITUTION_WORDS = frozenset(
    """observatory committee council ministry department office agency organization
    organisation network coalition union commission authority forces army""".split()
)


def lead_sentence(event: AnswerEvent) -> str:
    """ "at least 128 civilians killed by Islamic State, according to … (4 outlets)"."""
    if event.lead is None:
        return ""
    figure = event.lead.figure
    said = f", according to {_the(figure.source)}" if figure.source else ", no source named"
    outlets = event.lead.outlets
    carried = f" ({outlets} outlet{'s' if outlets != 1 else ''})"
    return f"{amount(figure)} {_harm(figure)}{said}{carried}"


def rival_phrase(figure: AnswerFigure, lead: AnswerFigure | None) -> str:
    """A rival total beside the lead: "116 (SOHR, 24 Oct)", "80 bodies (activists, 23 Oct)"."""
    shown = number(figure.value) if figure.value is not None else figure.text
    if lead is not None and figure.category != lead.category:
        shown += (
            " bodies" if figure.category == "bodies" else f" {figure.counts or figure.category}"
        )
    where = ", ".join(p for p in (short_source(figure.source), _short_date(figure)) if p)
    return f"{shown} ({where})"


def other_phrase(figure: AnswerFigure) -> str:
    """A part or another hand's count: "12 killed by Syrian government forces (SOHR)"."""
    shown = number(figure.value) if figure.value is not None else figure.text
    text = f"{shown} {_harm(figure)}"
    if figure.period:
        text += f" {figure.period}"
    return f"{text} ({short_source(figure.source)})"


def event_line(event: AnswerEvent, others: int = 3) -> str:
    """The one line for an event: title, lead, other totals, then a few other hands' counts."""
    head = event_title(event)
    lead = lead_sentence(event)
    if not lead:
        return head
    line = f"{head}: {lead}" if head else lead
    lead_figure = event.lead.figure if event.lead else None
    if event.rivals:
        line += "; other totals: " + ", ".join(rival_phrase(f, lead_figure) for f in event.rivals)
    # Counts by another hand only: parts ("83 in the last 48 hours") stay in the detail.
    hands = [
        f
        for f in event.others
        if lead_figure and f.perpetrator and f.perpetrator != lead_figure.perpetrator
    ]
    if hands and others:
        line += "; " + ", ".join(other_phrase(f) for f in hands[:others])
    return line
