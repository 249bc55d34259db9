"""Rule provenance: each figure names the rule that produced it, and `factdesk explain` shows
that rule with the words that decided it, for a file or a stored document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from store.factstore import FactStore
from store.models import Figure
from tests.conftest import SEEDS

ARTICLE = (
    "Officials said 40 families fled their homes in Dunmore on Sunday. "
    "A man was shot and killed on Elm Street. "
    "Rescuers counted 12 bodies near the river. "
    "The town budget is $3 million."
)
EXPECTED_RULES = {
    "40": ("fled", "fled.nearest_cue"),
    "A man": ("killed", "killed.single_killed"),
    "12": ("bodies", "bodies.dead_noun"),
    "$3 million": ("money", "money.quantity_kind"),
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "dunmore.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_extract_json_names_each_figures_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "extract", "--json", str(_article(tmp_path)))
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert {f["text"]: (f["category"], f["rule"]) for f in record["figures"]} == EXPECTED_RULES


def test_every_seed_figure_has_a_rule_of_its_category(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", "--json", str(SEEDS))
    figures = [f for line in out.splitlines() for f in json.loads(line)["figures"]]
    assert code == 0 and figures
    for f in figures:
        # "count.not_the_victims(killed.nearest_cue)": the rule that decided last comes first
        assert f["rule"].split(".")[0] == f["category"], f


def test_explain_a_file_shows_rule_and_deciding_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "explain", str(_article(tmp_path)))
    assert code == 0
    assert "(stage meaning, rule fled.nearest_cue)" in out and "decided by: “fled”" in out
    assert "(stage casualties, rule killed.single_killed)" in out
    assert "decided by: “A man was shot and killed”" in out
    assert "(stage meaning, rule bodies.dead_noun)" in out and "decided by: “bodies”" in out


def test_explain_a_stored_document_by_id(
    empty_store: FactStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "items.jsonl"
    item = {"id": "dunmore-1", "title": "Two wounded in Dunmore shooting", "text": ARTICLE}
    feed.write_text(json.dumps(item) + "\n", encoding="utf-8")
    empty_store.ingest_paths([feed])
    explained = empty_store.explain("dunmore-1")
    assert explained is not None
    by_text = {(e.text, e.part): (e.category, e.rule, e.cue) for e in explained}
    assert by_text[("40", "body")] == ("fled", "fled.nearest_cue", "fled")
    headline = [e for e in explained if e.part == "title"]
    assert headline and all(e.quote == item["title"] for e in headline)
    assert all(e.rule.startswith("injured.") for e in headline)
    with empty_store.sessions() as session:
        stored = set(session.scalars(select(Figure.rule).where(Figure.document_id == "dunmore-1")))
    assert "fled.nearest_cue" in stored and None not in stored
    code, out, _ = run(capsys, "--db", empty_store.url, "explain", "dunmore-1")
    assert code == 0 and "rule fled.nearest_cue)" in out and "in title:" in out


def test_explain_an_unknown_document_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    code, out, err = run(capsys, "--db", db, "explain", "no-such-doc")
    assert code == 1 and "No document no-such-doc" in err and "Traceback" not in err + out
