"""Run the evaluation scorers and fail when a score falls below the bar it has reached.

Used by .ci/run, so no later change loses a score silently. The bars are the ones in
../shared/eval/README.md that factdesk meets, and for the scorers it does not meet yet, where
they stand; raise them here as quality improves.

With --halves, GVA is held at its bars on its check half too (tools/halves.py): the half whose
misses nobody reads while writing rules, so a rule fitted to the rest cannot pass unnoticed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"

# scorer -> (arguments, {metric: minimum})
BARS: dict[str, tuple[list[str], dict[str, float]]] = {
    "score.py": ([], {"f1": 0.97, "recall": 1.0, "exact-citations": 1.0}),
    "score_newsquant.py": ([], {"f1": 0.90}),
    "score_gva.py": ([], {"killed-accuracy": 0.85, "injured-accuracy": 0.80}),
    # Below its bar (0.75) and held where it stands, so no change loses what the events work
    # reached while it goes on: raise it as it rises.
    "score_syria.py": ([], {"killed-accuracy": 0.72}),
    # At their bars (0.90 / 0.85).
    "score_events.py": ([], {"b-cubed f1": 0.90, "dated killed-accuracy": 0.85}),
}
# set in tools/halves.py -> the scorer whose bars its check half is held at under --halves
HALF_BARS = {"gva": "score_gva.py"}


def run(scorer: str, args: list[str], cli: str) -> str:
    cmd = [sys.executable, str(EVAL / scorer), "--cmd", cli, *args]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=3000)
    if done.returncode != 0:
        sys.exit(f"check_scores: {scorer} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1]


def below(line: str, bars: dict[str, float]) -> list[str]:
    """What in a scorer's summary line falls below its bars (or is missing from it)."""
    problems = []
    for metric, bar in bars.items():
        m = re.search(rf"\b{re.escape(metric)} ([0-9.]+)", line)
        if m is None:
            problems.append(f"{metric}: not in the scorer's output")
        elif float(m.group(1)) < bar:
            problems.append(f"{metric} {m.group(1)} is below the bar {bar}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd", default=str(Path(sys.executable).parent / "factdesk"))
    ap.add_argument(
        "--halves",
        action="store_true",
        help="also hold GVA at its bars on its check half (tools/halves.py)",
    )
    args = ap.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"check_scores: {EVAL} not found (the evaluation sets sit beside the project)")
    failed = False
    for scorer, (extra, bars) in BARS.items():
        line = run(scorer, extra, args.cmd)
        print(line)
        for problem in below(line, bars):
            print(f"  {problem}")
            failed = True
    if args.halves:
        from halves import score_half  # tools/ is this script's folder, so on sys.path

        for name, scorer in HALF_BARS.items():
            line = score_half(name, "check", args.cmd, EVAL)
            print(f"check half: {line}")
            for problem in below(line, BARS[scorer][1]):
                print(f"  {problem}")
                failed = True
    print("check_scores: " + ("FAILED" if failed else "all scores at or above their bars"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
