"""Block Kit rendering of answers for Slack, always within Slack's limits.

Pure data in, JSON-able dicts out: no Slack library is imported here (only bot/slack.py talks to
Slack), so this module is cheap to test. Every piece of user or article text goes through
`escape`, which is what stops a question or a quote from pinging a channel or a user.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bot import messages
from bot.render.chat_pages import ChatPage, chat_pages, clip_quote, noon_timestamp, page_footer
from bot.render.digest_text import (
    format_day,
    format_moment,
    render_digest,
    render_nothing_new,
    what_changed,
)
from bot.render.event_lines import event_line
from bot.render.text import (
    figure_headline,
    format_number,
    render_answer,
    render_overview,
    summary_line,
)
from store.answer import Answer, AnswerEvent, AnswerFigure, Citation, Conflict
from store.digests import ChangedFigure, DigestContent
from store.factstore import RecentDocument, StoreOverview

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
CONFLICT_ROWS = 6  # rival figures shown side by side in one disagreement
LEAD_CHARS = 1500  # the event lines' (or summary's) share of a page
HEADLINE_CHARS = 300
LINK_CHARS = 500  # a longer article link is shown as its title only: it would fill the page
# A page of an answer: what a phone shows in a screen or two.
PAGE_TEXT = 3500
# Slack refuses chat.postMessage with msg_blocks_too_long at about 12,000 characters of block
# text; a message stays well under, with room kept for each block the caller adds.
MAX_MESSAGE_TEXT = 10_000
RESERVED_TEXT = 300

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
    """Outlet · local date · link (when the article has a url). Link text is escaped, the url
    too."""
    parts = [escape(c.outlet or "unknown outlet"), slack_date(c.published)]
    label = escape(_clip_raw(c.title or c.document, 150))
    if c.url and c.url.startswith(("http://", "https://")) and len(c.url) <= LINK_CHARS:
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
    """Conflicting figures side by side: one field per figure (Slack lays fields out in two
    columns), the first CONFLICT_ROWS of them, then how many more."""
    where = f" in {c.place}" if c.place else ""
    head = escape(_clip_raw(messages.CONFLICT_HEADER.format(category=c.category, where=where), 300))
    fields: list[Block] = []
    for e in c.figures[:CONFLICT_ROWS]:
        value = escape(_clip_raw(format_number(e.value) if e.value is not None else e.text, 40))
        source = escape(_clip_raw(e.source or "no source named", 120))
        dated = slack_date(e.published)  # never clipped: a cut token would show as markup
        body = f"*{value}*\n{source}\n{dated} · {len(e.documents)} article(s)"
        fields.append({"type": "mrkdwn", "text": body})
    if len(c.figures) > CONFLICT_ROWS:
        more = messages.CHAT_MORE_FIGURES.format(count=len(c.figures) - CONFLICT_ROWS)
        fields.append({"type": "mrkdwn", "text": escape(more)})
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": f"*{head}*"}}
    if fields:
        block["fields"] = fields
    return block


def slack_date(day: dt.date | None) -> str:
    """A date each reader sees in their own locale and time zone; the ISO date where a client
    cannot render it (notifications, old clients)."""
    if day is None:
        return "undated"
    return f"<!date^{noon_timestamp(day)}^{{date_short}}|{day.isoformat()}>"


def block_text_chars(blocks: list[Block]) -> int:
    """Every character of text in `blocks`: what Slack's message size limit counts."""
    total = 0
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            total += len(text.get("text", ""))
        for part in (*block.get("fields", ()), *block.get("elements", ())):
            value = part.get("text")
            total += len(value if isinstance(value, str) else (value or {}).get("text", ""))
    return total


def _evidence_blocks(f: AnswerFigure) -> list[Block]:
    """One piece of evidence: the figure, one quote, and where it stands (outlet, local date,
    link), with how many other articles report it."""
    text = f"*{escape(_clip_raw(figure_headline(f), HEADLINE_CHARS))}*"
    first = f.citations[0] if f.citations else None
    if first is None:
        return [_section(text)]
    mark = messages.HEADLINE_QUOTE if first.part == "title" else ""
    text += f"\n> {mark}“" + escape(clip_quote(first.quote)) + "”"
    cite = _citation_line(first)
    others = f.sources - 1
    if others > 0:
        cite += " · " + messages.CHAT_MORE_ARTICLES.format(count=others)
    return [_section(text), _context(cite)]


def render_answer_blocks(
    answer: Answer,
    page: ChatPage | None = None,
    *,
    reserve: int = 0,
    question: str | None = None,
) -> tuple[list[Block], str]:
    """One page of an answer (the first by default) and its plain-text fallback.

    Event lines lead, then disagreements, then a few pieces of evidence; the page footer says
    what waits behind "More". `reserve` keeps room for blocks the caller adds (a button row,
    a "shared by" line): the message stays within 50 blocks and MAX_MESSAGE_TEXT characters.
    """
    page = page or chat_pages(answer)[0]
    budget_blocks = MAX_BLOCKS - reserve - 1  # one for the footer
    budget_chars = min(PAGE_TEXT, MAX_MESSAGE_TEXT - RESERVED_TEXT * max(reserve, 1))
    blocks: list[Block] = []
    if question is not None:
        blocks.append(asked_block(question))
    if not answer.figures and not answer.events:
        blocks.append(_section(escape(render_answer(answer))))
        return blocks, clip(escape(render_answer(answer)), MAX_FALLBACK_TEXT)
    items: list[list[Block]] = []
    if page.lines:
        lead_text = "\n".join("• " + escape(line) for line in page.lines)
        lead = [_section(clip(lead_text, LEAD_CHARS))]
        if page.hint:
            lead.append(_context(f"_{escape(page.hint)}_"))
        items.append(lead)
    if page.summary:
        summary = "\n".join(summary_line(s, f"*{escape(s.category)}*") for s in page.summary)
        items.append([_section(clip(summary, LEAD_CHARS))])
    items.extend([_conflict_block(c)] for c in page.conflicts)
    items.extend(_evidence_blocks(f) for f in page.evidence)
    dropped = 0
    for item in items:
        if len(blocks) + len(item) > budget_blocks or (
            block_text_chars(blocks) + block_text_chars(item) > budget_chars
        ):
            dropped += 1
            continue
        blocks.extend(item)
    footer = page_footer(page, dropped)
    if footer:
        blocks.append(_context(escape(footer)))
    return blocks, page_fallback(answer, page)


def asked_block(question: str) -> Block:
    """ "You asked: …", above a private answer."""
    return _context(escape(messages.SLACK_YOU_ASKED.format(question=_clip_raw(question, 300))))


def shared_block(name: str, question: str) -> Block:
    """ "Shared by @name, who asked: …", above an answer posted to the channel. The name as
    text, not <@U…>: a share must not notify anyone, the sharer included."""
    text = messages.CHAT_SHARED_QUESTION.format(user="@" + name, question=_clip_raw(question, 300))
    return _context(escape(text))


def page_fallback(answer: Answer, page: ChatPage) -> str:
    """The notification text: the page's lead lines, else its first figure, kept short."""
    if page.lines:
        text = "\n".join(page.lines)
    elif page.summary:
        text = "\n".join(summary_line(s, s.category) for s in page.summary)
    elif page.evidence:
        text = figure_headline(page.evidence[0])
    else:
        text = answer.query
    return clip(escape(text), MAX_FALLBACK_TEXT)


def render_message_blocks(message: str) -> tuple[list[Block], str]:
    """A plain message (help, apology) as one section."""
    text = escape(message)
    return [_section(text)], clip(text, MAX_FALLBACK_TEXT)


def render_overview_blocks(overview: StoreOverview, label: str) -> tuple[list[Block], str]:
    """What the store holds; `label` names it (never its URL, which may hold a host or path)."""
    return render_message_blocks(render_overview(overview, label))


def render_home_view(
    help_text: str,
    overview: StoreOverview | None,
    recent: tuple[RecentDocument, ...],
    events: tuple[AnswerEvent, ...] = (),
) -> dict[str, Any]:
    """The App Home tab: how to ask (the help text), what the store holds, the latest events
    (one line each), the newest articles with their local dates and links. `overview` None:
    the store was unavailable."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": messages.SLACK_HOME_TITLE}},
        _section(escape(help_text)),
        {"type": "divider"},
    ]
    if overview is None:
        blocks.append(_section(escape(messages.STORE_UNAVAILABLE)))
    else:
        blocks.append(_section(escape(render_overview(overview, messages.SLACK_STORE_LABEL))))
    if events:
        lines = [f"*{escape(messages.SLACK_HOME_EVENTS)}*"]
        lines += ["• " + escape(event_line(e)) for e in events]
        blocks.append(_section(clip("\n".join(lines), LEAD_CHARS)))
    if recent:
        lines = [f"*{escape(messages.SLACK_HOME_LATEST)}*"]
        for doc in recent:
            title = escape(_clip_raw(doc.title or doc.id, 150))
            if doc.url and doc.url.startswith(("http://", "https://")):
                url = escape(doc.url).replace("|", "%7C")
                title = f"<{url}|{title.replace('|', '¦')}>"
            lines.append(
                f"• {title} · {escape(doc.outlet or 'unknown outlet')} · {slack_date(doc.published)}"
            )
        blocks.append(_section("\n".join(lines)))
    return {"type": "home", "blocks": blocks[:MAX_BLOCKS]}


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
    if content.events:  # the events the new articles report on lead, one line each
        lines = "\n".join("• " + escape(event_line(e)) for e in content.events)
        blocks.append(_section(clip(lines, LEAD_CHARS)))
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
