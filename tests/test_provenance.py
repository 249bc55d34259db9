"""Where an article comes from: the outlet from its metadata, its web address or its masthead."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from bot.render.discord_embeds import figure_embed
from bot.render.slack_blocks import render_answer_blocks
from bot.render.text import citation_line, render_answer
from store import outlets
from store.answer import Answer, AnswerFigure, Citation
from store.metadata import masthead_outlet, read_metadata
from store.outlets import outlet_from_url, registrable_domain, without_credentials
from tests.conftest import SEEDS


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.voanews.com/a/some-story/123.html", "VOA"),
        ("https://edition.cnn.com/2021/05/03/us/story", "CNN"),
        (
            "http://www.valleygazette-online.com/news/local/shooting-on-elm",
            "valleygazette-online.com",
        ),
        ("https://news.example.co.uk/story", "example.co.uk"),
        ("www.voanews.com/a/story", "VOA"),
        # an archived copy is the archived site's
        ("https://web.archive.org/web/20150301000000/http://www.voanews.com/a/x", "VOA"),
        ("http://web.archive.org/web/2015id_/http://kvalley9.com/news?id=3", "kvalley9.com"),
        ("https://archive.org/details/county-records", "archive.org"),
    ],
)
def test_the_outlet_follows_from_the_sites_domain(url: str, outlet: str) -> None:
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize(
    "url",
    [
        "https://reporter:hunter2@www.example-times.com/story",
        "https://hunter2@example-times.com:8443/story",
        "https://web.archive.org/web/2015/http://reporter:hunter2@example-times.com/story",
    ],
)
def test_credentials_in_an_address_never_become_the_outlet(url: str) -> None:
    assert outlet_from_url(url) == "example-times.com"
    shown = without_credentials(url) or ""
    assert "hunter2" not in shown and "example-times.com" in shown


@pytest.mark.parametrize("url", ["http://10.1.2.3/story", "http://localhost/story", "not a url"])
def test_an_address_with_no_site_names_no_outlet(url: str) -> None:
    assert outlet_from_url(url) is None


def test_reading_a_domain_never_opens_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the public-suffix list must come from the installed package")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    outlets._extractor.cache_clear()
    try:
        assert registrable_domain("https://a.b.example.com.au/x") == "example.com.au"
    finally:
        outlets._extractor.cache_clear()


def test_a_feed_items_outlet_comes_from_its_address_unless_given(tmp_path: Path) -> None:
    from store.extract_only import extract_paths

    feed = tmp_path / "f.jsonl"
    items = [
        {"id": "a", "text": "Two people were hurt.", "url": "https://www.reuters.com/x"},
        {
            "id": "b",
            "text": "Two people were hurt.",
            "url": "https://www.reuters.com/x",
            "outlet": "Wire Copy Desk",
        },
        {"id": "c", "text": "Two people were hurt.", "url": "https://me:pw@ridgeline-post.net/x"},
    ]
    feed.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    found = {
        r["document"]: r["figures"][0]["citations"][0]["outlet"]
        for r in extract_paths([feed])
        if isinstance(r, dict)
    }
    assert found == {"a": "Reuters", "b": "Wire Copy Desk", "c": "ridgeline-post.net"}


def test_a_masthead_line_names_the_publisher() -> None:
    page = (
        "The Riverside Herald\n\n"
        "Council votes to reopen the old bridge\n\n"
        "March 3, 2022\n\n"
        "The council voted 7 to 2 on Tuesday to reopen the bridge."
    )
    assert masthead_outlet(page) == "Riverside Herald"
    assert read_metadata(page).title == "Council votes to reopen the old bridge"


def test_a_known_organisation_alone_on_the_top_line_is_the_publisher() -> None:
    page = (
        "Human Rights Watch\n\n"
        "Dozens detained after protest in the capital\n\n"
        "At least 40 people were detained on Friday, the group said."
    )
    assert read_metadata(page).outlet == "Human Rights Watch"


@pytest.mark.parametrize(
    "page",
    [
        # a headline that merely ends as a paper's name does, with the story right below
        "Storm Knocks Out the Evening News\n\nMay 3, 2021\n\nPower failed at 6 pm, the station said.",
        # an organisation named inside a sentence at the top is no masthead
        "Human Rights Watch said 40 people were detained.\n\nThe group gave no names.",
    ],
)
def test_a_near_miss_is_no_masthead(page: str) -> None:
    assert masthead_outlet(page) is None


def test_the_seed_articles_name_their_publishers() -> None:
    outlets_found = {
        p.name: read_metadata(p.read_text(encoding="utf-8")).outlet for p in SEEDS.glob("*.txt")
    }
    assert outlets_found["001_68d61ab14ce3b830.txt"] == "Middle East Monitor"
    assert outlets_found["002_90bedd4e1cd2bb71.txt"] == "Syrian Observatory for Human Rights"
    assert None not in outlets_found.values()


def test_the_terminal_citation_shows_the_address_without_credentials() -> None:
    line = citation_line("Reuters", "2021-05-03", "doc-1", "https://me:pw@www.reuters.com/a")
    assert line == "Reuters · 2021-05-03 · doc-1 · https://www.reuters.com/a"
    assert citation_line(None, None, "doc-2") == "unknown outlet · undated · doc-2"


def _headline_answer() -> Answer:
    cite = Citation(
        document="maple-1",
        title="Three wounded in Maple Avenue shooting",
        outlet="kvalley9.com",
        published=None,
        url="https://kvalley9.com/maple",
        quote="Three wounded in Maple Avenue shooting",
        start=0,
        end=38,
        part="title",
    )
    figure = AnswerFigure(
        value=3,
        low=3,
        high=3,
        text="Three",
        qualifier=None,
        unit=None,
        counts="people",
        category="injured",
        perpetrator=None,
        place="Dunmore",
        period=None,
        source=None,
        citations=(cite,),
    )
    return Answer(query="wounded Dunmore", figures=(figure,))


def test_every_renderer_marks_a_headline_quote() -> None:
    answer = _headline_answer()
    assert "(headline) “Three wounded in Maple Avenue shooting”" in render_answer(answer)
    blocks, _fallback = render_answer_blocks(answer)
    assert "(headline) “Three wounded" in json.dumps(blocks, ensure_ascii=False)
    embed = figure_embed(answer.figures[0])
    assert str(embed["description"]).startswith("(headline) “Three wounded")
