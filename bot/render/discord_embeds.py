"""Answers as Discord embeds, always within Discord's message limits.

Pure data in, JSON-able dicts out, like bot/render/slack_blocks.py: no Discord library is
imported here (only bot/discord_bot.py talks to Discord, and turns each dict into a
`discord.Embed` with `Embed.from_dict` where it sends). An embed is a plain dict in Discord's
API shape: `{"title", "description", "url", "color", "fields": [{"name", "value", "inline"}],
"footer": {"text"}}`, with empty parts left out.

Discord rejects a whole message (HTTP 400) if any limit is exceeded, so every text is escaped
first and then truncated, and figures that would not fit are counted into an "and N more" note
instead. Article text is untrusted: markdown is escaped and mentions neutralised here, and the
adapter also sends with no allowed mentions, so a quote saying "@everyone" can never ping.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from bot import messages
from bot.render.chat_pages import (
    LEAD_EVENTS,
    ChatPage,
    chat_pages,
    clip_quote,
    noon_timestamp,
    page_footer,
)
from bot.render.digest_text import format_day, format_moment, render_nothing_new, what_changed
from bot.render.event_lines import event_line
from bot.render.text import figure_headline, format_number, render_overview, summary_line
from store.answer import Answer, AnswerFigure, Citation, Conflict
from store.digests import ChangedFigure, DigestContent
from store.factstore import StoreOverview

# Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
MAX_EMBEDS = 10
MAX_FIELDS = 25
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_TOTAL = 6000
MAX_CONTENT = 2000

# Our own, tighter budgets: a quote longer than this is cut so that several figures fit in the
# 6,000 characters a message may carry across all its embeds.
QUOTE_CHARS = 600
EXTRA_QUOTE_CHARS = 200
EXTRA_CITATIONS = 2  # further articles for a grouped figure, shown as fields
# A page of an answer is one embed, well inside the 6,000 characters, short enough to read
# on a phone without scrolling far.
PAGE_CHARS = 3500
PAGE_DESCRIPTION = 1500
PAGE_FOOTER = 300
CONFLICT_ROWS = 6  # rival figures listed in one disagreement
LINK_CHARS = 500
COLOUR = 0x2B6CB0
CONFLICT_COLOUR = 0xC05621

Embed = dict[str, Any]


@dataclass
class DiscordMessage:
    """What the adapter sends: optional text content and up to ten embeds."""

    content: str | None = None
    embeds: list[Embed] = field(default_factory=list)


def make_embed(
    title: str | None = None,
    description: str | None = None,
    color: int | None = None,
    url: str | None = None,
) -> Embed:
    """An embed dict with only the parts that are set (Discord ignores absent keys).

    `type: rich` is what discord.py's `Embed()` always sent, so the payload is unchanged.
    """
    embed: Embed = {"type": "rich"}
    if title:
        embed["title"] = title
    if description:
        embed["description"] = description
    if url:
        embed["url"] = url
    if color is not None:
        embed["color"] = color
    return embed


def add_field(embed: Embed, name: str, value: str, inline: bool = True) -> None:
    embed.setdefault("fields", []).append({"name": name, "value": value, "inline": inline})


def embed_chars(embed: Embed) -> int:
    """Discord's character count for one embed: title, description, field names and values,
    footer text and author name (the total over a message's embeds must be ≤ 6,000)."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    for f in embed.get("fields") or []:
        total += len(f["name"]) + len(f["value"])
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    return total


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Never leave a lone escaping backslash at the cut: it would escape the ellipsis.
    if cut.endswith("\\") and not cut.endswith("\\\\"):
        cut = cut[:-1]
    return cut + "…"


# Escaping is ours, not discord.utils': the renderer must not import the platform library (only
# the adapter does). Both regexes follow Discord's markdown and mention rules, and match what
# discord.utils.escape_mentions / escape_markdown did here (tests/test_discord.py checks that).
#
# Mentions: @everyone, @here, and user/role ids (<@123>, <@!123>, <@&123>). Discord's helper
# only matched 17-20 digit ids, yet a short one ("<@123>") still renders as a mention, so any
# @digits gets the zero-width space after the "@" too.
_MENTION = re.compile(r"@(everyone|here|[!&]?\d+)")

# Markdown: a backslash before every emphasis/code/spoiler character (_ * ~ | `) and before a
# backslash itself; at a line start, block quotes (> and >>> plus a space), headings (# to ###)
# and list dashes; and masked links [text](url). Bare links (http(s)://, steam://, <scheme:/…>)
# are left alone so that they stay clickable; an underscore inside a URL is not emphasis.
_URL = r"<[^: >]+:/[^ >]+>|(?:https?|steam)://[^\s<]+[^<.,:;\"'\]\s]"
_MARKUP = r"[_\\~|*`]|^>(?:>>)?\s|\[.+\]\(.+\)|^#{1,3}|^\s*-"
_MARKDOWN = re.compile(rf"(?P<url>{_URL})|(?P<markup>{_MARKUP})", re.MULTILINE)


def neutralise_mentions(text: str) -> str:
    """A zero-width space after the "@" of anything Discord would render as a mention."""
    return _MENTION.sub("@\u200b\\1", text)


def escape_markdown(text: str) -> str:
    """Text shown literally by Discord: markdown escaped with backslashes, links untouched."""
    return _MARKDOWN.sub(lambda m: m["url"] or "\\" + m["markup"], text)


def clean(text: str | None, limit: int, fallback: str = "—") -> str:
    """Untrusted text made inert (no mentions, no markdown) and cut to `limit` characters."""
    if not text or not text.strip():
        return fallback
    safe = escape_markdown(neutralise_mentions(text.strip()))
    return truncate(safe, limit)


def safe_url(url: str | None) -> str | None:
    """A link Discord will accept in an embed, or None (it 400s on anything but http(s))."""
    if not url:
        return None
    url = url.strip()
    if not url.startswith(("http://", "https://")) or any(ch.isspace() for ch in url):
        return None
    return url if len(url) <= 1000 else None


def _citation_line(c: Citation) -> str:
    date = c.published.isoformat() if c.published else "undated"
    return f"{clean(c.outlet, 200, 'unknown outlet')} · {date}"


def _figure_title(f: AnswerFigure) -> str:
    counts = f" {f.counts}" if f.counts and f.counts not in f.text else ""
    what = f.category + (f" by {f.perpetrator}" if f.perpetrator else "")
    if f.place:
        what += f", {f.place}"
    if f.period:
        what += f" ({f.period})"
    return clean(f"{f.text}{counts} — {what}", MAX_TITLE)


def figure_embed(f: AnswerFigure, compact: bool = False) -> Embed:
    """One figure: value, what it counts, who said it, outlet, date, link and the quote.

    `compact` leaves out the other articles' quotes (only their count), for when the full
    embed would not fit in what is left of the message.
    """
    first = f.citations[0] if f.citations else None
    url = safe_url(first.url) if first else None
    mark = messages.HEADLINE_QUOTE if first and first.part == "title" else ""
    description = f"{mark}“{clean(first.quote, QUOTE_CHARS)}”" if first else ""
    embed = make_embed(title=_figure_title(f), description=description, color=COLOUR, url=url)
    value = format_number(f.value) if f.value is not None else f.text
    if f.qualifier:
        value = f"{f.qualifier} {value}"
    add_field(embed, name="Value", value=clean(value, 200), inline=True)
    if f.counts:
        add_field(embed, name="Counts", value=clean(f.counts, 200), inline=True)
    add_field(embed, name="Source", value=clean(f.source, 300, "no source named"), inline=True)
    if first is not None:
        add_field(
            embed, name="Outlet", value=clean(first.outlet, 200, "unknown outlet"), inline=True
        )
        add_field(
            embed,
            name="Date",
            value=first.published.isoformat() if first.published else "undated",
            inline=True,
        )
        add_field(embed, name="Link", value=url or clean(first.document, 300), inline=False)
    # Grouped figure: the other articles reporting it, each with its own sentence.
    others = f.citations[1:]
    extra = 0 if compact else EXTRA_CITATIONS
    for c in others[:extra]:
        link = safe_url(c.url)
        value = f"“{clean(c.quote, EXTRA_QUOTE_CHARS)}”" + (f"\n{link}" if link else "")
        add_field(
            embed,
            name=truncate(f"Also: {_citation_line(c)}", MAX_FIELD_NAME),
            value=value,
            inline=False,
        )
    if len(others) > extra:
        add_field(
            embed,
            name="More articles",
            value=messages.DISCORD_MORE_ARTICLES.format(count=len(others) - extra),
            inline=False,
        )
    embed["footer"] = {"text": truncate(f"{f.sources} article(s) report this figure", MAX_FOOTER)}
    return embed


def _conflict_field(c: Conflict) -> tuple[str, str]:
    where = f" in {c.place}" if c.place else ""
    name = truncate(
        messages.CONFLICT_HEADER.format(
            category=clean(c.category, 100), where=clean(where, 100, "")
        ),
        MAX_FIELD_NAME,
    )
    rows = []
    for e in c.figures[:CONFLICT_ROWS]:
        value = format_number(e.value) if e.value is not None else clean(e.text, 40)
        date = discord_date(e.published)
        rows.append(
            f"{value} — {clean(e.source, 80, 'no source named')} ({date}, {len(e.documents)} article(s))"
        )
    if len(c.figures) > CONFLICT_ROWS:
        rows.append(messages.CHAT_MORE_FIGURES.format(count=len(c.figures) - CONFLICT_ROWS))
    return name, truncate("\n".join(rows), MAX_FIELD_VALUE)


def discord_date(day: dt.date | None) -> str:
    """A date each reader's client shows in their own locale and time zone."""
    return f"<t:{noon_timestamp(day)}:D>" if day else "undated"


def _evidence_field(f: AnswerFigure) -> tuple[str, str]:
    """One piece of evidence: the figure as the field's name; the quote, outlet, local date,
    link to the article and how many others report it as its value."""
    first = f.citations[0] if f.citations else None
    if first is None:
        return clean(figure_headline(f), MAX_FIELD_NAME), clean(f.source, 300, "no source named")
    where = [clean(first.outlet, 100, "unknown outlet"), discord_date(first.published)]
    url = safe_url(first.url)
    if url and len(url) <= LINK_CHARS:  # a longer link would crowd out the quote
        where.append(f"[{messages.DISCORD_ARTICLE_LINK}]({url})")
    if f.sources > 1:
        where.append(messages.CHAT_MORE_ARTICLES.format(count=f.sources - 1))
    mark = messages.HEADLINE_QUOTE if first.part == "title" else ""
    value = f"{mark}“{clean(clip_quote(first.quote), QUOTE_CHARS)}”\n" + " · ".join(where)
    return clean(figure_headline(f), MAX_FIELD_NAME), truncate(value, MAX_FIELD_VALUE)


def render_answer(answer: Answer, page: ChatPage | None = None) -> DiscordMessage:
    """One page of an answer (the first by default) as a single embed sized for a phone:
    event lines (or the summary) in the description, then disagreements and a few pieces of
    evidence as fields, the page and what waits behind "More" in the footer."""
    question = clean(answer.query, 300)
    if not answer.figures and not answer.events:
        lines = [
            clean(answer.note, 1000) if answer.note else messages.NO_FIGURES.format(query=question)
        ]
        if answer.suggestions:
            names = ", ".join(clean(s, 100) for s in answer.suggestions[:10])
            lines.append(messages.DID_YOU_MEAN.format(names=names))
        return DiscordMessage(content=truncate("\n".join(lines), MAX_CONTENT))
    page = page or chat_pages(answer)[0]
    description: list[str] = [f"• {clean(line, 1000)}" for line in page.lines]
    if page.hint:
        description.append(f"_{clean(page.hint, 300)}_")
    description += [summary_line(s, f"**{clean(s.category, 100)}**") for s in page.summary]
    embed = make_embed(
        title=clean(messages.CHAT_FIGURES_HEADER.format(query=answer.query), MAX_TITLE),
        description=truncate("\n".join(description), PAGE_DESCRIPTION),
        color=COLOUR,
    )
    fields = [_conflict_field(c) for c in page.conflicts] + [
        _evidence_field(f) for f in page.evidence
    ]
    dropped = 0
    for name, value in fields:
        if embed_chars(embed) + len(name) + len(value) > PAGE_CHARS - PAGE_FOOTER:
            dropped += 1
            continue
        add_field(embed, name=name, value=value, inline=False)
    footer = page_footer(page, dropped)
    if footer:
        embed["footer"] = {"text": truncate(footer, PAGE_FOOTER)}
    return DiscordMessage(embeds=[embed])


def render_overview_embed(overview: StoreOverview, label: str) -> Embed:
    """/fact-sources: what the store holds, as one embed; `label` names the store (never its
    URL, which may carry a host, a user or a file path)."""
    text = render_overview(overview, label)
    return make_embed(
        title=messages.DISCORD_SOURCES_TITLE,
        description=clean(text, MAX_DESCRIPTION),
        color=COLOUR,
    )


def total_chars(embeds: list[Embed]) -> int:
    """Discord's count across a message's embeds (title, description, fields, footer, author)."""
    return sum(embed_chars(e) for e in embeds)


# ---- digests ------------------------------------------------------------------------------


def change_embed(change: ChangedFigure) -> Embed:
    """ "death toll in X now 128, up from 80 reported on …", with who said each and the quotes."""
    head = messages.DIGEST_CHANGED.format(
        what=what_changed(change.now),
        now=format_number(change.now.value),
        direction=change.direction,
        before=format_number(change.before.value),
        before_when=format_day(change.before_reported),
    )
    first = change.now.citations[0] if change.now.citations else None
    embed = make_embed(
        title=clean(head, MAX_TITLE),
        description=f"“{clean(first.quote, QUOTE_CHARS)}”" if first else "",
        color=CONFLICT_COLOUR,
        url=safe_url(first.url) if first else None,
    )
    for label, f in (("Now", change.now), ("Before", change.before)):
        cite = f.citations[0] if f.citations else None
        value = clean(f.source, 300, "no source named")
        if cite is not None:
            value += f"\n{_citation_line(cite)}"
            if f is change.before:
                value += f"\n“{clean(cite.quote, EXTRA_QUOTE_CHARS)}”"
        add_field(embed, name=label, value=truncate(value, MAX_FIELD_VALUE), inline=False)
    return embed


def render_digest_message(content: DigestContent) -> DiscordMessage:
    """A digest as one message within Discord's limits: a header, changes first, then new
    figures as the same embeds an answer uses; what does not fit is counted in the header."""
    if content.empty:
        return DiscordMessage(content=clean(render_nothing_new(content), MAX_CONTENT))
    embeds: list[Embed] = []
    used = 0
    items = [change_embed(c) for c in content.changed] + [figure_embed(f) for f in content.new]
    for embed in items:
        if len(embeds) >= MAX_EMBEDS or used + embed_chars(embed) > MAX_TOTAL:
            break
        embeds.append(embed)
        used += embed_chars(embed)
    header = messages.DIGEST_HEADER.format(
        title=content.title or "Digest",
        question=content.question,
        since=format_moment(content.since),
    )
    lines = [f"**{clean(header, 1000)}**"]
    # The events the new articles report on lead, one quotable line each.
    lines += [f"• {clean(event_line(e), 300)}" for e in content.events[:LEAD_EVENTS]]
    more = content.omitted + len(items) - len(embeds)
    if more:
        # Not `clean`: escaping markdown would show backslashes inside the message's `code`
        # span; the question loses its backticks instead, and mentions are still neutralised.
        question = truncate(content.question.replace("`", "'"), 300)
        note = messages.DIGEST_MORE.format(count=more, question=question)
        lines.append(neutralise_mentions(note))
    return DiscordMessage(content=truncate("\n".join(lines), MAX_CONTENT), embeds=embeds)
