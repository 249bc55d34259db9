"""Answer a question mix against a store, for profiling the question path:

    pyinstrument -r text -m benchmarks.ask_mix --db URL --questions FILE [--passes 3]

One question a line (the mix `python -m benchmarks --questions-out FILE` wrote). The first pass
warms the store up and is not profiled apart, so the profile is dominated by warm answers.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from store.factstore import open_store


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.ask_mix")
    p.add_argument("--db", required=True)
    p.add_argument("--questions", type=Path, required=True)
    p.add_argument("--passes", type=int, default=3)
    args = p.parse_args(argv)
    questions = [q for q in args.questions.read_text(encoding="utf-8").splitlines() if q.strip()]
    store = open_store(args.db)
    slowest: list[tuple[float, str]] = []
    for _ in range(args.passes):
        for q in questions:
            t0 = time.perf_counter()
            store.ask(q)
            slowest.append(((time.perf_counter() - t0) * 1000, q))
    for ms, q in sorted(slowest, reverse=True)[:10]:
        print(f"{ms:8.1f} ms  {q}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
