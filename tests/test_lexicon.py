"""The shipped lexicon (`seeds/lexicon.toml`): every list the rules read is there and well
formed, the module's names are the file's lists, and a malformed file is reported as a
`LexiconError` naming the file and the list, in one line at the command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

import seeds
from store.errors import FactdeskError, LexiconError
from store.extract import lexicon
from store.extract.casualties import CASUALTY_HINT
from store.extract.lexicon import (
    DYING_VERBS,
    HEADLINE_KILLED,
    INJURED_PARTICIPLES,
    INJURED_PASSIVES,
    KILLED_PASSIVES,
    LEXICON_FILE,
    PATTERN_LISTS,
    WORD_LISTS,
    alternation,
    parse_lexicon,
)
from store.extract.pipeline import extract_document

ROOT = Path(__file__).resolve().parent.parent


def _shipped_text() -> str:
    return resources.files("seeds").joinpath("lexicon.toml").read_text(encoding="utf-8")


def _toml(lists: dict[str, list[str]]) -> str:
    # a JSON list of strings is a TOML array of basic strings
    return "\n".join(f"[{key}]\nwords = {json.dumps(words)}\n" for key, words in lists.items())


def _shipped_lists() -> dict[str, list[str]]:
    return {key: table["words"] for key, table in tomllib.loads(_shipped_text()).items()}


def _without_table(text: str, key: str) -> str:
    """The lexicon text with the table `key` (its header and `words`) taken out."""
    raw = tomllib.loads(text)
    assert key in raw
    return _toml({name: table["words"] for name, table in raw.items() if name != key})


def _example(fragment: str) -> str:
    """The plainest text a pattern entry reads: optional parts left out, the first of each set
    of alternatives and characters taken ("(?:found\\s+)?(?:shot|wounded)" -> "shot")."""
    text = fragment
    for plain, by in (
        (r"\(\?:[^()]*\)\?", ""),  # an optional group
        (r"\(\?:([^()|]*)[^()]*\)", r"\1"),  # a group: its first alternative
        (r"\[(.)[^\]]*\]", r"\1"),  # a class: its first character
        (r"\\s\+|\\s", " "),
        (r"\\b", ""),
        (r".\?", ""),  # an optional character
    ):
        text = re.sub(plain, by, text)
    assert re.fullmatch(fragment, text), (fragment, text)
    return text


def test_the_shipped_lexicon_holds_exactly_the_lists_the_rules_read() -> None:
    lists = parse_lexicon(_shipped_text())
    assert set(lists) == WORD_LISTS | PATTERN_LISTS
    assert all(lists[key] for key in lists)


def test_the_module_names_are_the_lists_of_the_file() -> None:
    lists = parse_lexicon(_shipped_text())
    assert frozenset(lists["people_nouns"]) == lexicon.PEOPLE_NOUNS
    assert frozenset(lists["dead_nouns"]) == lexicon.DEAD_NOUNS
    assert lexicon.DEAD_NOUNS - frozenset(lists["dead_or_hurt_nouns"]) == lexicon.DEAD_ONLY_NOUNS
    assert lists["victim_nouns"] == lexicon.VICTIM_NOUNS
    assert lists["killed_passives"] == lexicon.KILLED_PASSIVES
    assert isinstance(lexicon.PEOPLE_NOUNS, frozenset)
    assert isinstance(lexicon.VICTIM_NOUNS, tuple)


def test_the_lexicon_ships_as_package_data_of_seeds() -> None:
    # a non-editable install carries only the files package-data names
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = project["tool"]["setuptools"]["package-data"]["seeds"]
    assert any(Path("lexicon.toml").match(glob) for glob in globs)
    assert (Path(seeds.__file__).parent / "lexicon.toml").is_file()


def test_a_missing_list_is_named_with_the_file() -> None:
    text = _without_table(_shipped_text(), "victim_nouns")
    with pytest.raises(LexiconError) as caught:
        parse_lexicon(text)
    assert caught.value.key == "victim_nouns"
    assert str(caught.value).startswith(f"{LEXICON_FILE}: [victim_nouns]")
    assert "missing" in str(caught.value)


@pytest.mark.parametrize(
    ("words", "complaint"),
    [
        ('"man"', "non-empty list"),
        ("[]", "non-empty list"),
        ('["man", 3]', "not a non-empty string"),
        ('["man", ""]', "not a non-empty string"),
    ],
)
def test_a_list_of_the_wrong_type_is_named_with_the_file(words: str, complaint: str) -> None:
    text = _without_table(_shipped_text(), "people_nouns") + f"\n[people_nouns]\nwords = {words}\n"
    with pytest.raises(LexiconError) as caught:
        parse_lexicon(text)
    assert caught.value.key == "people_nouns"
    assert caught.value.where == LEXICON_FILE
    assert complaint in caught.value.reason


def test_a_table_without_words_is_named() -> None:
    text = _without_table(_shipped_text(), "dying_verbs") + '\n[dying_verbs]\nword = ["died"]\n'
    with pytest.raises(LexiconError, match=r"\[dying_verbs\] must be a table holding one key"):
        parse_lexicon(text)


def test_a_pattern_entry_that_is_no_regular_expression_is_named() -> None:
    text = _without_table(_shipped_text(), "victim_nouns") + "\n[victim_nouns]\nwords = ['(man']\n"
    with pytest.raises(LexiconError, match=r"\[victim_nouns\] '\(man' is no regular expression"):
        parse_lexicon(text)


def test_a_plain_word_list_takes_regex_characters_as_they_are() -> None:
    # only the pattern lists are compiled: a plain word list is never read as a pattern
    text = _without_table(_shipped_text(), "people_nouns") + "\n[people_nouns]\nwords = ['(men']\n"
    assert parse_lexicon(text)["people_nouns"] == ("(men",)


def test_a_table_no_rule_reads_is_named() -> None:
    text = _shipped_text() + '\n[victim_noun]\nwords = ["cook"]\n'
    with pytest.raises(LexiconError, match=r"\[victim_noun\] is no list the rules read"):
        parse_lexicon(text)


def test_text_that_is_not_toml_is_named_with_the_file() -> None:
    with pytest.raises(LexiconError, match=rf"^{LEXICON_FILE}: not valid TOML"):
        parse_lexicon("[people_nouns\nwords = [")


def test_a_lexicon_error_is_one_of_factdesks_errors() -> None:
    assert issubclass(LexiconError, FactdeskError)


def test_the_command_reports_a_malformed_shipped_lexicon_in_one_line(tmp_path: Path) -> None:
    # a copy of the seeds package, first on the path, whose lexicon has lost a list
    shutil.copytree(Path(seeds.__file__).parent, tmp_path / "seeds")
    lexicon_file = tmp_path / "seeds" / "lexicon.toml"
    lexicon_file.write_text(_without_table(_shipped_text(), "dead_nouns"), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "bot.launch", "extract", "--json", str(lexicon_file)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": ""},
        check=False,
    )
    assert run.returncode == 1
    assert run.stderr.strip() == (
        f"factdesk: {LEXICON_FILE}: [dead_nouns] is missing: the rules read this list"
    )
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    "entry",
    [*KILLED_PASSIVES, *DYING_VERBS, *INJURED_PASSIVES, *INJURED_PARTICIPLES, *HEADLINE_KILLED],
)
def test_every_casualty_verb_of_the_lexicon_passes_the_casualty_gate(entry: str) -> None:
    # a verb the gate does not let through would never reach the rules that read it
    assert CASUALTY_HINT.search(_example(entry)), entry


@pytest.mark.parametrize("participle", INJURED_PARTICIPLES)
def test_every_injured_participle_is_an_injured_passive(participle: str) -> None:
    # "two were maimed" and "a clerk was maimed" must both be read once "maimed" is a word
    assert re.fullmatch(alternation(INJURED_PASSIVES), participle)


def test_the_casualty_gate_lets_through_what_its_entries_say_and_no_more() -> None:
    assert CASUALTY_HINT.search("Two guards were taken to a hospital.")
    assert CASUALTY_HINT.search("She is in Grave condition.")
    assert not CASUALTY_HINT.search("The council met on Tuesday to discuss the budget.")
    # a word start only: "reshot" is no "shot"
    assert not CASUALTY_HINT.search("The film was reshot in spring.")


def test_a_wound_word_added_to_the_lexicon_reaches_every_rule_that_reads_it(
    tmp_path: Path,
) -> None:
    # shipped, "maimed" is no wound word: a driver "maimed" is no figure
    assert extract_document("A driver was maimed in the blast.").figures == []
    lists = _shipped_lists()
    for key in ("injured_participles", "injured_passives", "casualty_gate"):
        lists[key] = [*lists[key], "maimed"]
    shutil.copytree(Path(seeds.__file__).parent, tmp_path / "seeds")
    (tmp_path / "seeds" / "lexicon.toml").write_text(_toml(lists), encoding="utf-8")
    code = (
        "from store.extract.pipeline import extract_document\n"
        "for text in ('A driver was maimed in the blast.', 'No one was maimed.',\n"
        "             'Ada Moss and Cy Vane were maimed.', 'A ferry was maimed.'):\n"
        "    print([(f.value, f.category) for f in extract_document(text).figures])\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": ""},
        check=True,
    )
    assert run.stdout.splitlines() == [
        "[(1, 'injured')]",  # one victim, a passive injure verb
        "[(0, 'injured')]",  # "no one"
        "[(2, 'injured')]",  # named victims
        "[]",  # a near-miss: a ferry is no victim
    ]
