"""Score each evaluation set on a tuning half and a check half, beside the whole.

Each public set is split by a stable hash of its ids (GVA by incident, NewsQuant by sentence,
Syria by article, the seed questions by question), the half gold files are written to a
temporary folder, and the set's own scorer runs on each. Look at the tuning half's misses when
writing a rule; keep it only if the check half, which you have not read, gains too.

    python3 tools/halves.py [--sets gva,events,newsquant,syria,seeds] [--cmd factdesk]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
HALVES = ("tuning", "check")


def half_of(key: str) -> str:
    """ "tuning" or "check" for an id: the parity of its SHA-256's first byte, the same on
    every machine and every run (Python's own hash() is salted per process)."""
    return HALVES[hashlib.sha256(key.encode("utf-8")).digest()[0] % 2]


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def _gold_half(scorer: str, gold: str, key: str) -> Callable[[Path, str, Path], list[str]]:
    """A writer for a scorer that takes `--gold`: the half's lines of `gold`, split by `key`."""

    def write(eval_dir: Path, half: str, folder: Path) -> list[str]:
        rows = [r for r in _jsonl(eval_dir / gold) if half_of(str(r[key])) == half]
        path = folder / Path(gold).name
        _write_jsonl(path, rows)
        return [str(eval_dir / scorer), "--gold", str(path)]

    return write


def _newsquant_half(eval_dir: Path, half: str, folder: Path) -> list[str]:
    """score_newsquant.py reads its files beside itself (no `--gold`), so the scorer is copied,
    unchanged, next to a `newsquant/` folder holding the half."""
    data = folder / "newsquant"
    data.mkdir()
    for name in ("sentences.jsonl", "gold.jsonl"):
        rows = [r for r in _jsonl(eval_dir / "newsquant" / name) if half_of(str(r["id"])) == half]
        _write_jsonl(data / name, rows)
    scorer = folder / "score_newsquant.py"
    shutil.copyfile(eval_dir / "score_newsquant.py", scorer)
    return [str(scorer)]


def _seeds_half(eval_dir: Path, half: str, folder: Path) -> list[str]:
    """The seed questions of the half, over the scorer's own seed articles."""
    gold = json.loads((eval_dir / "seed_queries.json").read_text(encoding="utf-8"))
    gold["cases"] = [case for case in gold["cases"] if half_of(case["query"]) == half]
    path = folder / "seed_queries.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return [str(eval_dir / "score.py"), "--gold", str(path)]


@dataclass(frozen=True)
class EvalSet:
    """One scorer over one public set, and how to write its gold for a half."""

    scorer: str
    half: Callable[[Path, str, Path], list[str]]


SETS: dict[str, EvalSet] = {
    "gva": EvalSet("score_gva.py", _gold_half("score_gva.py", "gva/dev_gold.jsonl", "incident_id")),
    "events": EvalSet(
        "score_events.py", _gold_half("score_events.py", "gva/dev_gold.jsonl", "incident_id")
    ),
    "newsquant": EvalSet("score_newsquant.py", _newsquant_half),
    "syria": EvalSet(
        "score_syria.py", _gold_half("score_syria.py", "syria/dev_gold.jsonl", "doc_id")
    ),
    "seeds": EvalSet("score.py", _seeds_half),
}


def run_scorer(args: list[str], cli: str) -> str:
    """The scorer's summary line (its last); exits with the scorer's output when it fails."""
    cmd = [sys.executable, *args, "--cmd", cli]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=3000)
    if done.returncode != 0:
        sys.exit(f"halves: {' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1]


def score_half(name: str, half: str, cli: str, eval_dir: Path = EVAL) -> str:
    """The summary line of one set's scorer on one half ("tuning" or "check")."""
    with tempfile.TemporaryDirectory(prefix=f"factdesk-{name}-{half}-") as tmp:
        return run_scorer(SETS[name].half(eval_dir, half, Path(tmp)), cli)


def metrics(line: str) -> dict[str, str]:
    """{"killed-accuracy": "0.868", "b-cubed f1": ...} from a scorer's summary line (the one or
    two words before each figure name it; "over 691 incidents" is not a figure)."""
    return dict(re.findall(r"([a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*)?) ([01]\.[0-9]+)\b", line))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default=",".join(SETS), help="which sets, comma-separated")
    ap.add_argument("--cmd", default=str(Path(sys.executable).parent / "factdesk"))
    ap.add_argument("--eval-dir", type=Path, default=EVAL)
    args = ap.parse_args()
    if not args.eval_dir.is_dir():
        sys.exit(f"halves: {args.eval_dir} not found (the evaluation sets sit beside the project)")
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        sys.exit(f"halves: unknown set(s) {', '.join(unknown)}; known: {', '.join(SETS)}")
    print(f"{'set':<10} {'metric':<22} {'whole':>7} {'tuning':>7} {'check':>7}")
    for name in names:
        lines = {"whole": run_scorer([str(args.eval_dir / SETS[name].scorer)], args.cmd)}
        for half in HALVES:
            lines[half] = score_half(name, half, args.cmd, args.eval_dir)
        read = {part: metrics(line) for part, line in lines.items()}
        for metric, value in read["whole"].items():
            tuning, check = read["tuning"].get(metric, "-"), read["check"].get(metric, "-")
            print(f"{name:<10} {metric:<22} {value:>7} {tuning:>7} {check:>7}", flush=True)
        print(f"{'':<10} {'over':<22}", *(f"{size(line):>7}" for line in lines.values()))
    return 0


def size(line: str) -> str:
    """How many items a summary line was scored over ("over 691 incidents", "of 904 quantities")."""
    found = re.search(r"(?:over|of) (\d+) (?:incidents|articles|questions|quantities)", line)
    return found.group(1) if found else "-"


if __name__ == "__main__":
    sys.exit(main())
