"""Plain-text rendering of a digest: the terminal's `digest run --dry-run` and the chat
platforms' fallback text. Changes lead ("death toll now 128, up from 80 reported on …"),
then new figures, each with who said it, the outlet and date, and the exact sentence."""

from __future__ import annotations

import datetime as dt

from bot import messages
from bot.render.event_lines import event_line
from bot.render.text import citation_line, figure_headline, format_number
from store.answer import AnswerFigure
from store.digests import ChangedFigure, DigestContent

_DEAD = frozenset({"killed", "bodies"})


def format_day(day: dt.date | None) -> str:
    return f"on {day.day} {day:%B %Y}" if day else "undated"


def format_moment(moment: dt.datetime) -> str:
    return f"{moment.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"


def what_changed(f: AnswerFigure) -> str:
    """ "death toll in Al-Qaryatayn": what the figure is a total of, in newsroom words."""
    what = "death toll" if f.category in _DEAD else f.category
    if f.perpetrator:
        what += f" by {f.perpetrator}"
    if f.place:
        what += f" in {f.place}"
    return what


def _citations(f: AnswerFigure, indent: str) -> list[str]:
    lines: list[str] = []
    for c in f.citations:
        published = c.published.isoformat() if c.published else None
        lines.append(indent + citation_line(c.outlet, published, c.document))
        lines.append(f"{indent}  “{c.quote}”")
    return lines


def render_change(change: ChangedFigure) -> list[str]:
    head = messages.DIGEST_CHANGED.format(
        what=what_changed(change.now),
        now=format_number(change.now.value),
        direction=change.direction,
        before=format_number(change.before.value),
        before_when=format_day(change.before_reported),
    )
    lines = [f"• {head}"]
    lines.append(f"   now: {change.now.source or 'no source named'}")
    lines += _citations(change.now, "     ")
    lines.append(f"   before: {change.before.source or 'no source named'}")
    lines += _citations(change.before, "     ")
    return lines


def render_digest(content: DigestContent) -> str | None:
    """The digest as text; None when it has nothing to say (the caller decides whether a
    quiet digest posts the "no new figures" line)."""
    header = messages.DIGEST_HEADER.format(
        title=content.title or "Digest",
        question=content.question,
        since=format_moment(content.since),
    )
    if content.empty:
        return None
    lines = [header]
    # The events the new articles report on lead, one quotable line each.
    lines += [f"• {event_line(e)}" for e in content.events]
    for change in content.changed:
        lines += render_change(change)
    for f in content.new:
        lines.append("• " + messages.DIGEST_NEW.format(headline=figure_headline(f)))
        lines += _citations(f, "     ")
    if content.omitted:
        lines.append(messages.DIGEST_MORE.format(count=content.omitted, question=content.question))
    return "\n".join(lines)


def render_nothing_new(content: DigestContent) -> str:
    """The line a digest with `quiet = "post"` posts when nothing changed."""
    header = messages.DIGEST_HEADER.format(
        title=content.title or "Digest",
        question=content.question,
        since=format_moment(content.since),
    )
    return header + "\n" + messages.DIGEST_NOTHING_NEW.format(since=format_moment(content.since))
