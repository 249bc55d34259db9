"""Answers sized for chat: event lines lead on every platform, a first page that fits a phone
screen, the rest on later pages, and even the largest answer within Slack's and Discord's
limits. Answers are built here by hand (events included), so these tests do not depend on
what the store fills in."""

from __future__ import annotations

import datetime as dt

from bot import messages
from bot.render import discord_embeds as de
from bot.render import slack_blocks as sb
from bot.render.chat_pages import FIRST_EVIDENCE, chat_pages, noon_timestamp
from bot.render.event_lines import event_line
from bot.render.text import render_answer as render_text
from store.answer import (
    Answer,
    AnswerEvent,
    AnswerFigure,
    CategorySummary,
    Citation,
    Conflict,
    ConflictEntry,
    EventLead,
)
from tests.chat_fixtures import texts

DAY = dt.date(2019, 3, 14)


def figure(
    value: int,
    *,
    source: str = "the Harbour Rescue Service",
    perpetrator: str | None = "the storm",
    place: str = "Port Elms",
    quote: str | None = None,
    articles: int = 2,
    url: str = "https://news.example/harbour",
    day: dt.date = DAY,
    category: str = "killed",
) -> AnswerFigure:
    text = quote or f"At least {value} people died when the storm hit Port Elms, rescuers said."
    citations = tuple(
        Citation(
            document=f"storm-{value}-{i}.txt",
            title=f"Storm toll rises to {value}",
            outlet=f"Coast Gazette {i}",
            published=day,
            url=f"{url}/{value}/{i}",
            quote=text,
            start=0,
            end=len(text),
        )
        for i in range(articles)
    )
    return AnswerFigure(
        value=float(value),
        low=float(value),
        high=None,
        text=f"at least {value}",
        qualifier="at least",
        unit=None,
        counts="people",
        category=category,
        perpetrator=perpetrator,
        place=place,
        period=None,
        source=source,
        citations=citations,
    )


def event(number: int, lead: AnswerFigure, *rivals: AnswerFigure) -> AnswerEvent:
    start = DAY + dt.timedelta(days=30 * number)
    return AnswerEvent(
        id=f"event-{number}",
        place=f"Port Elms district {number}",
        start=start,
        end=start + dt.timedelta(days=2),
        title=f"Storm {number}",
        lead=EventLead(figure=lead, low=lead.value, high=lead.value, outlets=3),
        rivals=rivals,
        figures=(lead, *rivals),
    )


def conflict(place: str, *values: int) -> Conflict:
    entries = tuple(
        ConflictEntry(
            value=float(v),
            low=None,
            high=None,
            text=str(v),
            source=f"source {v}",
            documents=(f"d{v}",),
            published=DAY,
        )
        for v in values
    )
    return Conflict("killed", place, "people", entries)


def storm_answer() -> Answer:
    lead, rival = figure(41), figure(37, source="the mayor's office")
    return Answer(
        query="storm deaths Port Elms?",
        figures=(lead, rival, *(figure(v) for v in range(5, 17))),
        summary=(CategorySummary("killed", 37, 5, 41, 14),),
        conflicts=(conflict("Port Elms", 37, 41),),
        events=(event(1, lead, rival),),
    )


# ---- what leads ------------------------------------------------------------------------------


def test_event_lines_lead_on_slack_discord_and_the_terminal() -> None:
    answer = storm_answer()
    line = event_line(answer.events[0])
    blocks, _ = sb.render_answer_blocks(answer, question=answer.query)
    assert blocks[0]["type"] == "context"  # "You asked: …"
    assert blocks[1]["text"]["text"] == "• " + sb.escape(line)
    embed = de.render_answer(answer).embeds[0]
    assert embed["description"].startswith("• ")
    assert "41" in embed["description"] and "mayor" in embed["description"]
    assert render_text(answer).splitlines()[0] == line


def test_then_disagreements_then_a_few_pieces_of_evidence() -> None:
    answer = storm_answer()
    page = chat_pages(answer)[0]
    assert page.conflicts == answer.conflicts
    # The lead and its rival first, then the rest of the ranking.
    assert [f.value for f in page.evidence] == [41, 37, 5][:FIRST_EVIDENCE]
    blocks, _ = sb.render_answer_blocks(answer, page)
    kinds = [b["type"] for b in blocks]
    assert kinds[0] == "section" and "fields" in blocks[1]  # lead, then the side-by-side
    assert texts(blocks).count("> “") == FIRST_EVIDENCE  # one quote per piece of evidence
    assert "<https://news.example/harbour/41/0|Storm toll rises to 41>" in texts(blocks)
    assert "+1 more article(s)" in texts(blocks)


def test_an_overview_lists_events_newest_first_then_asks_about_one() -> None:
    events = tuple(event(n, figure(10 + n)) for n in range(12))
    answer = Answer(
        query="storms Port Elms?",
        figures=tuple(e.lead.figure for e in events if e.lead),
        events=events,
        overview=True,
    )
    page = chat_pages(answer)[0]
    assert page.lines[0].startswith("Port Elms district 11")
    assert page.lines[1].startswith("Port Elms district 10")
    assert page.lines[-1] == messages.CHAT_MORE_EVENTS.format(count=4)
    assert page.hint == messages.CHAT_ASK_ABOUT_ONE
    assert page.evidence == () and page.remaining == 12  # the evidence waits behind More
    assert messages.CHAT_ASK_ABOUT_ONE in de.render_answer(answer, page).embeds[0]["description"]


def test_without_events_the_summary_leads_sized_the_same_way() -> None:
    answer = Answer(
        query="storm deaths?",
        figures=tuple(figure(v) for v in range(1, 30)),
        summary=(CategorySummary("killed", 1, 1, 29, 29),),
    )
    pages = chat_pages(answer)
    assert pages[0].lines == () and pages[0].summary == answer.summary
    assert len(pages[0].evidence) == FIRST_EVIDENCE
    blocks, _ = sb.render_answer_blocks(answer, pages[0])
    assert "the lowest total reported" in blocks[0]["text"]["text"]
    assert messages.CHAT_PAGE.format(number=1, count=len(pages)) in texts(blocks)
    # Every figure is on some page, once.
    shown = [f.value for p in pages for f in p.evidence]
    assert sorted(shown) == sorted(f.value for f in answer.figures)


def test_no_chat_answer_points_at_the_json_flag() -> None:
    answer = storm_answer()
    for page in chat_pages(answer):
        blocks, fallback = sb.render_answer_blocks(answer, page)
        wire = texts(blocks) + fallback + str(de.render_answer(answer, page).embeds)
        assert "--json" not in wire


def test_dates_are_each_viewers_local_date() -> None:
    answer = storm_answer()
    stamp = noon_timestamp(DAY)
    assert dt.datetime.fromtimestamp(stamp, dt.UTC).date() == DAY
    blocks, _ = sb.render_answer_blocks(answer)
    assert f"<!date^{stamp}^{{date_short}}|2019-03-14>" in texts(blocks)
    assert f"<t:{stamp}:D>" in str(de.render_answer(answer).embeds)


# ---- the largest answers stay within every limit ---------------------------------------------


def largest_answer() -> Answer:
    """200 figures with 15 citations each, 2,000-character quotes, 900-character links, 40
    disagreements of 40 rival figures, 30 events with 10 rivals each: past every limit."""
    long_quote = "Rescuers counted the dead street by street, " * 50
    long_url = "https://news.example/" + "a" * 900
    figures = tuple(
        figure(v, quote=long_quote, articles=15, url=long_url, source="S" * 300) for v in range(200)
    )
    events = tuple(event(n, figures[n], *figures[n + 1 : n + 11]) for n in range(30))
    conflicts = tuple(conflict(f"District {i} " + "x" * 200, *range(40)) for i in range(40))
    return Answer(
        query="storm deaths " * 80,
        figures=figures,
        summary=tuple(CategorySummary(f"category {i}", 1, 1, 9, 3) for i in range(20)),
        conflicts=conflicts,
        events=events,
    )


def test_the_largest_answer_fits_slack_on_every_page() -> None:
    answer = largest_answer()
    pages = chat_pages(answer)
    assert len(pages) > 1
    for page in pages:
        blocks, fallback = sb.render_answer_blocks(answer, page, reserve=2, question=answer.query)
        assert len(blocks) <= sb.MAX_BLOCKS - 2
        assert sb.block_text_chars(blocks) <= sb.MAX_MESSAGE_TEXT - 2 * sb.RESERVED_TEXT
        for b in blocks:
            if b["type"] == "section":
                assert len(b["text"]["text"]) <= sb.MAX_SECTION_TEXT
                assert len(b.get("fields", [])) <= sb.MAX_FIELDS
            assert len(b.get("elements", [])) <= sb.MAX_CONTEXT_ELEMENTS
        assert 0 < len(fallback) <= sb.MAX_FALLBACK_TEXT
    first, _ = sb.render_answer_blocks(answer, pages[0], question=answer.query)
    assert sb.block_text_chars(first) <= 3500  # a phone screen, give or take a scroll


def test_the_largest_answer_fits_discord_on_every_page() -> None:
    answer = largest_answer()
    for page in chat_pages(answer):
        message = de.render_answer(answer, page)
        assert len(message.embeds) == 1
        assert de.total_chars(message.embeds) <= de.PAGE_CHARS <= de.MAX_TOTAL
        embed = message.embeds[0]
        assert len(embed["title"]) <= de.MAX_TITLE
        assert len(embed.get("description", "")) <= de.MAX_DESCRIPTION
        assert len(embed.get("fields", [])) <= de.MAX_FIELDS
        for f in embed.get("fields", []):
            assert 0 < len(f["name"]) <= de.MAX_FIELD_NAME
            assert 0 < len(f["value"]) <= de.MAX_FIELD_VALUE
        assert len(embed.get("footer", {}).get("text", "")) <= de.MAX_FOOTER


def test_what_does_not_fit_is_counted_not_dropped_silently() -> None:
    answer = largest_answer()
    pages = chat_pages(answer)
    footer = sb.render_answer_blocks(answer, pages[-1])[0][-1]
    assert "ask a narrower question" in texts([footer])
    assert pages[-1].cut > 0


def test_a_digest_leads_with_the_lines_of_the_events_it_reports() -> None:
    from bot.render.digest_text import render_digest
    from store.digests import DigestContent

    answer = storm_answer()
    content = DigestContent(
        question="storm deaths Port Elms",
        since=dt.datetime(2019, 3, 13, tzinfo=dt.UTC),
        until=dt.datetime(2019, 3, 15, tzinfo=dt.UTC),
        new=answer.figures[:2],
        events=answer.events,
    )
    line = event_line(answer.events[0])
    text = render_digest(content)
    assert text is not None and text.splitlines()[1] == f"• {line}"
    blocks, _ = sb.render_digest_blocks(content)
    assert blocks[1]["text"]["text"] == "• " + sb.escape(line)
    discord = de.render_digest_message(content)
    assert discord.content is not None
    assert discord.content.splitlines()[1] == "• " + de.clean(line, 300)


def test_the_slack_home_tab_lists_the_latest_events() -> None:
    answer = storm_answer()
    view = sb.render_home_view("Ask me.", None, (), answer.events)
    shown = texts(view["blocks"])
    assert messages.SLACK_HOME_EVENTS in shown
    assert "• " + sb.escape(event_line(answer.events[0])) in shown
    assert messages.STORE_UNAVAILABLE in shown  # no overview: said, not left blank
