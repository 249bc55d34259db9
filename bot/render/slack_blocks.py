"""Block Kit rendering of answers for Slack, always within Slack's limits.

Pure data in, JSON-able dicts out: no Slack library is imported here (only bot/slack.py talks to
Slack), so this module is cheap to test. Every piece of user or article text goes through
`escape`, which is what stops a question or a quote from pinging a channel or a user.
"""

from __future__ import annotations

import re
from typing import Any

from bot import messages
from bot.render.digest_text import (
    format_day,
    format_moment,
    render_digest,
    render_nothing_new,
    what_changed,
)
from bot.render.text import (
    figure_headline,
    format_number,
    render_answer,
    render_overview,
    summary_line,
)
from store.answer import Answer, AnswerFigure, Citation, Conflict
from store.digests import ChangedFigure, DigestContent
from store.factstore import StoreOverview

Block = dict[str, Any]

# Slack's documented limits (https://api.slack.com/reference/block-kit/blocks).
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_FIELDS = 10
MAX_CONTEXT_ELEMENTS = 10
# The top-level `text` may be 40,000 characters, but it is only a notification/fallback: keep
# it short so a huge answer never trips the message size limit.
MAX_FALLBACK_TEXT = 3000
# A single quote is clipped before escaping so one long sentence cannot eat a whole section.
MAX_QUOTE = 700
MAX_CONFLICTS = 5

# "@here" and friends typed as plain words: Slack no longer pings for them in API messages, but
# older clients and `link_names` did; a word joiner after the "@" keeps them readable and inert.
_BARE_BROADCAST = re.compile(r"@(?=(?:here|channel|everyone|group)\b)", re.IGNORECASE)
_WORD_JOINER = "\u2060"


def escape(text: str) -> str:
    """Make `text` safe for mrkdwn: no links, no mentions, no broadcasts.

    Escaping `&`, `<` and `>` is what makes Slack not parse `<!channel>`, `<@U123>` or
    `<http://x|y>`; the bare `@here`/`@channel`/`@everyone` words are broken with a word joiner.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BARE_BROADCAST.sub("@" + _WORD_JOINER, text)


def clip(text: str, limit: int) -> str:
    """Shorten already-escaped text to `limit` characters without cutting an `&amp;` entity."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    amp = cut.rfind("&", max(len(cut) - 5, 0))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def _clip_raw(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}}


def _context(*texts: str) -> Block:
    return {
        "type": "context",
        "elements": [
            {"type": "mrkdwn", "text": clip(t, MAX_SECTION_TEXT)}
            for t in texts[:MAX_CONTEXT_ELEMENTS]
        ],
    }


def _citation_line(c: Citation) -> str:
    """Outlet · date · link (when the article has a url). Link text is escaped, the url too."""
    parts = [
        escape(c.outlet or "unknown outlet"),
        c.published.isoformat() if c.published else "undated",
    ]
    label = escape(_clip_raw(c.title or c.document, 150))
    if c.url and c.url.startswith(("http://", "https://")):
        # In a <url|label> link, `|` and `>` in the url would end it early: escape those too.
        url = escape(c.url).replace("|", "%7C")
        parts.append(f"<{url}|{label.replace('|', '¦')}>")
    else:
        parts.append(label)
    return " · ".join(parts)


def _figure_blocks(index: int, f: AnswerFigure) -> list[Block]:
    """A section (value, counts, category, source, quotes) and a context line of citations."""
    lines = [f"*{index}.* {escape(figure_headline(f))}"]
    if f.sources > 1:
        # Agreement: several articles report the same figure; say so before the quotes.
        lines.append(f"_{messages.SLACK_AGREEMENT.format(count=f.sources)}_")
    text = "\n".join(lines)
    for c in f.citations:
        # A newline inside the quote would end the mrkdwn blockquote: fold whitespace first.
        mark = messages.HEADLINE_QUOTE if c.part == "title" else ""
        quote = f"> {mark}“" + escape(_clip_raw(" ".join(c.quote.split()), MAX_QUOTE)) + "”"
        if len(text) + 1 + len(quote) > MAX_SECTION_TEXT:
            break
        text += "\n" + quote
    cites = [_citation_line(c) for c in f.citations]
    if len(cites) > MAX_CONTEXT_ELEMENTS:
        extra = len(cites) - (MAX_CONTEXT_ELEMENTS - 1)
        cites = [
            *cites[: MAX_CONTEXT_ELEMENTS - 1],
            messages.SLACK_MORE_ARTICLES.format(count=extra),
        ]
    blocks = [_section(text)]
    if cites:
        blocks.append(_context(*cites))
    return blocks


def _conflict_block(c: Conflict) -> Block:
    """Conflicting figures side by side: one field per figure (Slack lays fields out in two columns)."""
    where = f" in {c.place}" if c.place else ""
    head = escape(messages.CONFLICT_HEADER.format(category=c.category, where=where))
    fields: list[Block] = []
    for e in c.figures[:MAX_FIELDS]:
        value = format_number(e.value) if e.value is not None else e.text
        dated = e.published.isoformat() if e.published else "undated"
        body = f"*{escape(value)}*\n{escape(e.source or 'no source named')}\n{dated} · {len(e.documents)} article(s)"
        fields.append({"type": "mrkdwn", "text": clip(body, MAX_FIELD_TEXT)})
    block: Block = {
        "type": "section",
        "text": {"type": "mrkdwn", "text": clip(f"*{head}*", MAX_SECTION_TEXT)},
    }
    if fields:
        block["fields"] = fields
    return block


def render_answer_blocks(
    answer: Answer,
    *,
    limit: int | None = None,
    reserve: int = 0,
    question: str | None = None,
) -> tuple[list[Block], str]:
    """Blocks and the plain-text fallback for one answer.

    `limit` caps the figures shown; `reserve` keeps room for blocks the caller appends (a button
    row), so the whole message stays within 50 blocks. Whatever does not fit becomes an
    "and N more" context line instead of an API error.
    """
    budget = MAX_BLOCKS - reserve
    blocks: list[Block] = []
    if question is not None:
        blocks.append(
            _context(escape(messages.SLACK_YOU_ASKED.format(question=_clip_raw(question, 500))))
        )
    if not answer.figures:
        blocks.append(_section(escape(render_answer(answer))))
        return blocks, fallback_text(answer, 0)
    if answer.summary:
        summary = "\n".join(summary_line(s, f"*{escape(s.category)}*") for s in answer.summary)
        blocks.append(_section(summary))
    conflicts = [_conflict_block(c) for c in answer.conflicts[:MAX_CONFLICTS]]
    # Room left for figures: keep one block for the "more" note and the conflicts after them.
    room = budget - len(blocks) - len(conflicts) - 1
    wanted = len(answer.figures) if limit is None else min(limit, len(answer.figures))
    shown = 0
    for i, f in enumerate(answer.figures[:wanted], start=1):
        fb = _figure_blocks(i, f)
        if len(fb) > room:
            break
        blocks.extend(fb)
        room -= len(fb)
        shown += 1
    hidden = len(answer.figures) - shown
    if hidden:
        blocks.append(_context(escape(messages.SLACK_AND_MORE.format(count=hidden))))
    blocks.extend(conflicts)
    return blocks, fallback_text(answer, shown)


def fallback_text(answer: Answer, shown: int | None) -> str:
    """The notification/fallback text: the plain-text renderer, escaped and kept short."""
    return clip(escape(render_answer(answer, limit=shown if shown else None)), MAX_FALLBACK_TEXT)


def render_message_blocks(message: str) -> tuple[list[Block], str]:
    """A plain message (help, apology) as one section."""
    text = escape(message)
    return [_section(text)], clip(text, MAX_FALLBACK_TEXT)


def render_overview_blocks(overview: StoreOverview, url: str) -> tuple[list[Block], str]:
    return render_message_blocks(render_overview(overview, url))


# ---- digests ------------------------------------------------------------------------------


def _change_blocks(change: ChangedFigure) -> list[Block]:
    """ "death toll in X now 128, up from 80 reported on …": both sides, each with its quote."""
    head = messages.DIGEST_CHANGED.format(
        what=what_changed(change.now),
        now=format_number(change.now.value),
        direction=change.direction,
        before=format_number(change.before.value),
        before_when=format_day(change.before_reported),
    )
    text = f"*{escape(head)}*"
    for label, f in (("now", change.now), ("before", change.before)):
        line = f"\n_{label}:_ {escape(f.source or 'no source named')}"
        if f.citations:
            quote = escape(_clip_raw(" ".join(f.citations[0].quote.split()), MAX_QUOTE))
            line += f"\n> “{quote}”"
        if len(text) + len(line) > MAX_SECTION_TEXT:
            break
        text += line
    cites = [_citation_line(c) for c in (*change.now.citations, *change.before.citations)]
    blocks = [_section(text)]
    if cites:
        blocks.append(_context(*cites))
    return blocks


def render_digest_blocks(content: DigestContent) -> tuple[list[Block], str]:
    """A digest as Block Kit: a header line, changes first, then new figures, within 50 blocks.

    Everything from articles is escaped like an answer is, so a quote cannot ping anyone; what
    does not fit becomes a "…and N more" line pointing at the question.
    """
    if content.empty:
        return render_message_blocks(render_nothing_new(content))
    header = messages.DIGEST_HEADER.format(
        title=content.title or "Digest",
        question=_clip_raw(content.question, 500),
        since=format_moment(content.since),
    )
    blocks: list[Block] = [_section(f"*{escape(header)}*")]
    items: list[list[Block]] = [_change_blocks(c) for c in content.changed]
    for i, f in enumerate(content.new, start=1):
        fb = _figure_blocks(i, f)
        section_text = fb[0]["text"]["text"]
        fb[0]["text"]["text"] = clip(
            escape(messages.DIGEST_NEW.format(headline="")) + section_text, MAX_SECTION_TEXT
        )
        items.append(fb)
    room = MAX_BLOCKS - len(blocks) - 1  # keep one block for the "more" note
    shown = 0
    for item in items:
        if len(item) > room:
            break
        blocks.extend(item)
        room -= len(item)
        shown += 1
    more = content.omitted + len(items) - shown
    if more:
        note = messages.DIGEST_MORE.format(count=more, question=_clip_raw(content.question, 500))
        blocks.append(_context(escape(note)))
    return blocks, clip(escape(render_digest(content) or header), MAX_FALLBACK_TEXT)
