"""Bad input gets a clear error naming the file (and line); the rest of the ingest lands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from store.factstore import FactStore

GOOD = "At least 40 people were killed in Homs on Monday, officials said."


def write_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xffPNG\x00" * 100)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Caf\xe9 at least 3 killed".encode("latin-1"))
    (folder / "huge.txt").write_bytes(b"x" * (50 * 1024 * 1024))
    lines = [
        json.dumps({"id": "feed-1", "text": "Some 12 people were injured in Aleppo, medics said."}),
        "{not json",
        json.dumps({"id": "feed-2"}),
        json.dumps({"id": "feed-1", "text": "a duplicate id"}),
        json.dumps(
            {
                "id": "feed-3",
                "text": "Police said 7 people were arrested in Idlib.",
                "published": "2017-13-45",
            }
        ),
        json.dumps(
            {
                "id": "feed-4",
                "text": "Police said 7 people were arrested in Idlib.",
                "published": "2017-10-25",
                "outlet": "Wire",
            }
        ),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_bad_inputs_are_named_and_the_rest_is_stored(
    empty_store: FactStore, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    write_folder(folder)
    report = empty_store.ingest_paths([folder, tmp_path / "missing.txt"])
    messages = [str(e) for e in report.errors]
    joined = "\n".join(messages)
    assert "binary.txt: this looks like a binary file" in joined
    assert "empty.txt: the file is empty" in joined
    assert "latin1.txt: not UTF-8 text" in joined
    assert "huge.txt: too large (52.4 MB" in joined
    assert "feed.jsonl line 2: not a JSON object" in joined
    assert "feed.jsonl line 3: missing field 'text'" in joined
    assert "feed.jsonl line 4: duplicate id 'feed-1' (first on line 1)" in joined
    assert "feed.jsonl line 5: field 'published' is not a YYYY-MM-DD date" in joined
    assert "missing.txt: no such file or folder" in joined
    assert len(report.errors) == 9
    assert report.added == 3  # good.txt, feed-1, feed-4
    assert empty_store.overview().documents == 3
    answer = empty_store.ask("how many arrested in Idlib")
    assert [c.outlet for f in answer.figures for c in f.citations] == ["Wire"]


def test_unsupported_file_types_are_refused_by_name(empty_store: FactStore, tmp_path: Path) -> None:
    odd = tmp_path / "story.pdf"
    odd.write_bytes(b"%PDF-1.4")
    report = empty_store.ingest_paths([odd])
    assert report.added == 0
    assert "story.pdf: unsupported file type '.pdf'" in str(report.errors[0])


def test_html_pages_give_their_main_text_and_metadata(
    empty_store: FactStore, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        """<html><head><title>Toll rises in Homs</title>
        <meta property="og:site_name" content="Example Wire">
        <meta property="article:published_time" content="2017-10-24T10:00:00Z"></head>
        <body><nav>Home | World | Sport</nav><article><h1>Toll rises in Homs</h1>
        <p>At least 40 people were killed in Homs on Monday, officials said, in the worst attack
        on the city this year. Rescue teams were still searching the rubble late on Monday.</p>
        <p>Another 25 people were wounded, according to the health ministry, which said the
        number of casualties could rise further as more bodies are recovered.</p></article>
        <footer>Related posts</footer><script>alert(1)</script></body></html>""",
        encoding="utf-8",
    )
    report = empty_store.ingest_paths([page])
    assert report.errors == [] and report.added == 1
    answer = empty_store.ask("how many killed in Homs")
    citation = answer.figures[0].citations[0]
    assert answer.figures[0].value == 40
    assert citation.title == "Toll rises in Homs"
    assert str(citation.published) == "2017-10-24"
    assert "alert" not in citation.quote


def test_hostile_html_and_random_bytes_are_handled(empty_store: FactStore, tmp_path: Path) -> None:
    import random

    folder = tmp_path / "hostile"
    folder.mkdir()
    nested = (
        "<div>" * 5000
        + "<p>At least 9 people were killed in Hama, officials said.</p>"
        + "</div>" * 5000
    )
    (folder / "nested.html").write_text(f"<html><body>{nested}</body></html>", encoding="utf-8")
    scripts = "".join(f"<script>document.write('{i}')</script>" for i in range(2000))
    (folder / "scripts.html").write_text(
        f"<html><body>{scripts}<article><p>Some 14 people were wounded in Daraa on Friday, "
        "medics said, after shelling hit a market in the town centre.</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "noise.txt").write_bytes(random.Random(5).randbytes(4096))
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    report = empty_store.ingest_paths([folder])
    # Only the random bytes are refused; both hostile pages are stored with their text.
    assert [Path(e.where).name for e in report.errors] == ["noise.txt"]
    assert report.added == empty_store.overview().documents == 3
    killed = empty_store.ask("how many killed in Hama").figures
    assert [(f.value, f.citations[0].document) for f in killed] == [(9.0, "nested.html")]
    assert killed[0].citations[0].quote == (
        "At least 9 people were killed in Hama, officials said."
    )
    wounded = empty_store.ask("how many wounded in Daraa").figures
    assert [(f.value, f.citations[0].document) for f in wounded] == [(14.0, "scripts.html")]
    assert "document.write" not in wounded[0].citations[0].quote


def test_a_feed_item_with_only_a_headline_is_stored_by_its_headline(
    empty_store: FactStore, tmp_path: Path
) -> None:
    feed = tmp_path / "headlines.jsonl"
    feed.write_text(
        json.dumps(
            {"id": "h-1", "title": "6 wounded, 1 critically, in Aleppo shooting", "text": " "}
        )
        + "\n"
        + json.dumps({"id": "h-2", "text": ""})
        + "\n",
        encoding="utf-8",
    )
    report = empty_store.ingest_paths([feed])
    assert [str(e) for e in report.errors] == [
        f"{feed} line 2: missing field 'text' (a non-empty string)"
    ]
    assert report.added == 1
    answer = empty_store.ask("how many wounded in Aleppo?")
    assert [f.value for f in answer.figures if f.category == "injured"][:1] == [6]
    (citation,) = answer.figures[0].citations
    assert citation.quote == "6 wounded, 1 critically, in Aleppo shooting"


def test_the_cli_exits_1_when_any_input_failed_and_says_how_many(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    for i in range(19):
        (folder / f"broken-{i:02d}.txt").write_bytes(b"\x00\xff" * 50)
    code = main(["--db", f"sqlite:///{tmp_path / 'facts.db'}", "ingest", str(folder)])
    _, err = capsys.readouterr()
    assert code == 1  # 95% lost is a failure a script must see, though one article landed
    assert "19 of 20 input(s) could not be ingested" in err
    assert "broken-07.txt" in err and "Ingested 1 article(s)" in err


def test_an_article_a_feed_lists_twice_is_stored_once_and_is_no_error(
    empty_store: FactStore, tmp_path: Path
) -> None:
    """Feeds repeat items: the same id with the same article is one copy, not a failure (a
    different article under the same id still is one, above)."""
    item = {"id": "wire-7", "text": "Four people were hurt in Tartus, a medic said."}
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(item) + "\n" + json.dumps(item) + "\n", encoding="utf-8")
    report = empty_store.ingest_paths([feed])
    assert report.errors == []
    assert report.added == 1
