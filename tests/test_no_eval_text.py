"""No sentence of the evaluation sets is copied into the project's code, tests or README.

The evaluation sets beside the project (`../shared/eval/`, or the folder named by
`$FACTDESK_EVAL_DIR`) are for measuring only: rules, their comments and their tests are written
from invented sentences, so that a score says how the rules read news they were not written from.

What counts as copied, and why these numbers (texts are compared as lowercase words, punctuation
collapsed; the counts below are of spans found in store/, tests/ and the README):

- A run of WINDOW = 8 consecutive words shared with an article or sentence of the sets. Before
  the copied examples were rewritten, 8 words found 104 spans, every one a copy but for one
  newswire formula (a monitoring group's full name and "said the") and one public seed
  question. On the rewritten tree, where every example is invented, 8 words find none, but 7
  still find 29 spans and 6 find 89, all of them ordinary phrases of invented sentences ("a man
  was shot and killed at", "at least 40 people were killed in"): shorter windows would fail
  on the plain language of the news, not on copies.
- ORDINARY = 5: a run that five or more texts of the sets share is a newswire formula, not one
  article's sentence. That formula is in 16 texts; a copied sentence's run is in 1 to 3 (one
  story syndicated to a few outlets), so a lower cut would let syndicated copies through.
- HEADLINE_WORDS = 4: a headline is shorter than a window, and 4-to-7-word headlines of the sets
  had been quoted whole; a whole headline of four words or more counts as copied.
- The five seed articles ship with the project by design and the seed questions are public:
  what they say is allowed.

It indexes the sets' half a million words as a set of strings: one to three seconds here.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SCANNED = ("store", "tests")
SCANNED_FILES = ("README.md",)
TEXT_SUFFIXES = {".py", ".md", ".txt", ".toml", ".json", ".jsonl", ".html", ".yaml", ".cfg"}

WINDOW = 8
ORDINARY = 5
HEADLINE_WORDS = 4

_APOSTROPHES = re.compile(r"['’‘`]")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lowercase words with punctuation collapsed ("Ann's car," -> ["anns", "car"])."""
    return _WORD.findall(_APOSTROPHES.sub("", text.lower()))


def eval_dir_wanted() -> Path:
    """Where the evaluation sets should be: `$FACTDESK_EVAL_DIR`, else `../shared/eval/`."""
    named = os.environ.get("FACTDESK_EVAL_DIR")
    return Path(named) if named else ROOT.parent / "shared" / "eval"


def eval_dir() -> Path | None:
    """The evaluation folder, or None when it is absent."""
    folder = eval_dir_wanted()
    return folder if folder.is_dir() else None


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


@dataclass(frozen=True)
class EvalTexts:
    """The evaluation sets' texts: running text, headlines, and the public seed questions."""

    bodies: list[str]
    headlines: list[str]
    public: list[str]


def eval_texts(folder: Path) -> EvalTexts:
    """GVA and Syria articles (text and title), NewsQuant sentences; the seed questions are
    public (the project answers them in its README), so they are kept apart, to be allowed."""
    bodies: list[str] = []
    headlines: list[str] = []
    for name in ("gva/dev_docs.jsonl", "syria/dev_docs.jsonl"):
        for doc in _jsonl(folder / name):
            bodies.append(str(doc.get("text") or ""))
            headlines.append(str(doc.get("title") or ""))
    bodies.extend(str(s.get("text") or "") for s in _jsonl(folder / "newsquant/sentences.jsonl"))
    public: list[str] = []
    queries = folder / "seed_queries.json"
    if queries.is_file():
        cases = json.loads(queries.read_text(encoding="utf-8")).get("cases", [])
        public.extend(str(case["query"]) for case in cases)
    return EvalTexts(bodies, headlines, public)


def ngrams(tokens: list[str], n: int) -> Iterator[str]:
    """Every run of n consecutive words, joined by single spaces."""
    for i in range(len(tokens) - n + 1):
        yield " ".join(tokens[i : i + n])


@dataclass(frozen=True)
class Index:
    """What counts as copied: a WINDOW-word run of fewer than ORDINARY evaluation texts, or a
    whole headline of HEADLINE_WORDS words or more; never what the seed articles or the seed
    questions say."""

    runs: frozenset[str]
    headlines: frozenset[str]
    window: int


def build_index(texts: EvalTexts, shipped: Iterable[str], window: int = WINDOW) -> Index:
    """Index the evaluation texts' word runs, less the ordinary ones and the shipped ones."""
    seen_in: Counter[str] = Counter()
    for text in texts.bodies + texts.headlines:
        seen_in.update(set(ngrams(words(text), window)))
    shipped_tokens = [words(text) for text in shipped]
    allowed = {run for tokens in shipped_tokens for run in ngrams(tokens, window)}
    runs = {run for run, count in seen_in.items() if count < ORDINARY and run not in allowed}
    shipped_text = " " + " ".join(" ".join(tokens) for tokens in shipped_tokens) + " "
    headlines = {
        " ".join(tokens)
        for headline in texts.headlines
        if HEADLINE_WORDS <= len(tokens := words(headline)) < window
        and f" {' '.join(tokens)} " not in shipped_text
    }
    return Index(frozenset(runs), frozenset(headlines), window)


@dataclass(frozen=True)
class Copy:
    """A copied span: where it starts in the project, and its words."""

    where: str
    span: str


def project_files(root: Path = ROOT) -> Iterator[Path]:
    """The text files of store/ and tests/, and the README."""
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in TEXT_SUFFIXES and "__pycache__" not in path.parts:
                yield path
    for name in SCANNED_FILES:
        if (root / name).is_file():
            yield root / name


def _tokens_with_lines(text: str) -> tuple[list[str], list[int]]:
    """The file's words in order (across line breaks, so a sentence split over several string
    literals still reads as one) and the line each word is on."""
    tokens: list[str] = []
    lines: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        found = words(line)
        tokens.extend(found)
        lines.extend([number] * len(found))
    return tokens, lines


def copies_in(text: str, name: str, index: Index) -> list[Copy]:
    """Every copied span of the text, overlapping runs merged into one span."""
    tokens, lines = _tokens_with_lines(text)
    spans: list[tuple[int, int]] = []
    for i in range(len(tokens)):
        end = 0
        if " ".join(tokens[i : i + index.window]) in index.runs:
            end = i + index.window
        else:
            for j in range(i + HEADLINE_WORDS, min(i + index.window, len(tokens) + 1)):
                if " ".join(tokens[i:j]) in index.headlines:
                    end = j
        if end:
            if spans and i <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], end))
            else:
                spans.append((i, end))
    return [Copy(f"{name}:{lines[a]}", " ".join(tokens[a:b])) for a, b in spans]


def find_copies(index: Index, root: Path = ROOT) -> list[Copy]:
    """Every copied span in the project's scanned files."""
    found: list[Copy] = []
    for path in project_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found.extend(copies_in(text, str(path.relative_to(root)), index))
    return found


@pytest.fixture(scope="module")
def texts() -> EvalTexts:
    """The evaluation sets' texts; skips, saying why, when they are not beside the project."""
    folder = eval_dir()
    if folder is None:
        pytest.skip(f"no evaluation sets at {eval_dir_wanted()} ($FACTDESK_EVAL_DIR names another)")
    return eval_texts(folder)


@pytest.fixture(scope="module")
def index(texts: EvalTexts) -> Index:
    """The index of copied runs, the seed articles and seed questions allowed."""
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return build_index(texts, seeds + texts.public)


def test_no_evaluation_sentence_is_copied_into_the_project(index: Index) -> None:
    copies = find_copies(index)
    assert not copies, "evaluation text copied into the project:\n" + "\n".join(
        f"  {copy.where}: {copy.span}" for copy in copies
    )


def test_a_copied_run_is_found_even_split_over_two_string_literals(index: Index) -> None:
    copied = min(index.runs).split()  # any evaluation run, taken here at run time
    half = len(copied) // 2
    source = (
        f'"""An invented module."""\n\nTEXT = (\n    "{" ".join(copied[:half]).title()}, "\n'
        f'    "{" ".join(copied[half:])}."\n)\n'
    )
    assert copies_in(source, "made_up.py", index) == [Copy("made_up.py:4", " ".join(copied))]


def test_a_whole_short_headline_counts_as_copied(index: Index) -> None:
    headline = min(index.headlines)
    assert copies_in(f"# {headline.upper()}!\n", "notes.md", index) == [
        Copy("notes.md:1", headline)
    ]


def test_a_newswire_formula_many_articles_share_is_not_a_copy(
    texts: EvalTexts, index: Index
) -> None:
    seen_in: Counter[str] = Counter()
    for text in texts.bodies:
        seen_in.update(set(ngrams(words(text), index.window)))
    formula, count = seen_in.most_common(1)[0]
    assert count >= ORDINARY
    assert copies_in(f"x = '{formula}'\n", "formula.py", index) == []


def test_without_the_evaluation_sets_there_is_nothing_to_compare(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FACTDESK_EVAL_DIR", str(tmp_path / "absent"))
    assert eval_dir() is None
    monkeypatch.setenv("FACTDESK_EVAL_DIR", str(tmp_path))
    assert eval_dir() == tmp_path
