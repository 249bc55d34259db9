"""The command line, as the evaluation contract and a new user use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import SEEDS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json_follows_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    assert run(capsys, "--db", db, "ingest", str(SEEDS))[0] == 0
    code, out, _ = run(capsys, "--db", db, "ask", "--json", "death toll Qaryatayn?")
    assert code == 0
    answer = json.loads(out)
    assert set(answer) >= {"query", "figures", "summary", "conflicts", "note"}
    first = answer["figures"][0]
    assert set(first) >= {
        "value",
        "low",
        "high",
        "text",
        "qualifier",
        "unit",
        "counts",
        "category",
        "perpetrator",
        "place",
        "period",
        "source",
        "citations",
    }
    assert set(first["citations"][0]) == {
        "document",
        "title",
        "outlet",
        "published",
        "url",
        "quote",
        "start",
        "end",
        "part",
    }


def test_batch_answers_one_line_per_question_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    run(capsys, "--db", db, "ingest", str(SEEDS))
    questions = tmp_path / "q.txt"
    questions.write_text(
        "population of Qaryatayn\n\nhow many militants fled Qaryatayn?\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "--db", db, "ask", "--json", "--batch", str(questions))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 3
    assert lines[0]["figures"][0]["value"] == 18000
    assert lines[1]["figures"] == [] and lines[1]["note"]
    assert lines[2]["figures"][0]["value"] == 200


def test_first_question_on_an_empty_default_store_builds_it_from_the_seeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTDESK_DB", f"sqlite:///{tmp_path / 'default.db'}")
    code, out, err = run(capsys, "ask", "death toll Qaryatayn?")
    assert code == 0
    assert "seed" in err
    assert "128" in out and "Syrian Observatory for Human Rights" in out and "“" in out


def test_extract_prints_one_line_per_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "s.jsonl"
    feed.write_text(
        json.dumps({"id": "a", "text": "Prices rose 12% to $6 a ticket."})
        + "\n"
        + json.dumps({"id": "b", "text": "No numbers here."})
        + "\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "extract", "--json", str(feed))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["document"] for r in records] == ["a", "b"]
    assert {f["value"] for f in records[0]["figures"]} == {12, 6}
    assert records[1]["figures"] == []


def test_sources_lists_what_the_store_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    run(capsys, "--db", db, "ingest", str(SEEDS))
    code, out, _ = run(capsys, "--db", db, "sources")
    assert code == 0
    assert "5 article(s)" in out and "VOA" in out and "Syrian Observatory for Human Rights" in out


def test_bad_database_url_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", "nonsense://", "ask", "x")
    assert code == 1
    assert err.startswith("factdesk: ") and "Traceback" not in err


def test_empty_question_gets_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "  ")
    assert code == 2 and "death toll" in out


def test_chat_answers_question_after_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    run(capsys, "--db", db, "ingest", str(SEEDS))
    answers = iter(["population of Qaryatayn", "how many militants fled Qaryatayn?", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "--db", db, "chat")
    assert code == 0
    assert "18,000" in out and "Two hundred" in out


def test_extract_cites_body_and_headline_each_by_its_own_offsets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The headline is read too, but kept apart: a body quote is exactly the item's own
    # text[start:end], a headline quote its title[start:end], marked as the title's.
    feed = tmp_path / "h.jsonl"
    title = "Four hurt in Elm Street shooting"
    body = "Police said four people were wounded on Elm Street. SOHR said 12 were killed."
    feed.write_text(json.dumps({"id": "h", "title": title, "text": body}) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "extract", "--json", str(feed))
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    parts = {"body": body, "title": title}
    for f in record["figures"]:
        cite = f["citations"][0]
        assert parts[cite["part"]][cite["start"] : cite["end"]] == cite["quote"]
        assert f["text"] in cite["quote"]
    quotes = {(c["part"], c["quote"]) for f in record["figures"] for c in f["citations"]}
    assert ("body", "Police said four people were wounded on Elm Street.") in quotes
    assert ("title", title) in quotes
    sources = {f["source"] for f in record["figures"] if f["value"] == 12}
    assert sources == {"Syrian Observatory for Human Rights"}
