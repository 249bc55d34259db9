#!/usr/bin/env python3
"""Score store.extract.quantities on NewsQuant exactly like ../shared/eval/score_newsquant.py, in-process.

Keeps only ``is_figure`` quantities (what the extractor will store), matches them against the
gold with the scorer's own ``found_by``/``parse_gold``, and prints F1 and a words/s speed figure.

Usage: PYTHONPATH=. python tools/newsquant_check.py [-v] [--eval-dir DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from store.extract.quantities import find_quantities

DEFAULT_EVAL = Path("/work/shared/eval")


def load_scorer(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "score_newsquant", eval_dir / "score_newsquant.py"
    )
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load scorer from {eval_dir}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def figures(text: str) -> list[dict[str, Any]]:
    return [
        {"value": q.value, "low": q.low, "high": q.high, "text": q.text, "kind": q.kind}
        for q in find_quantities(text)
        if q.is_figure
    ]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    args = ap.parse_args()
    sc = load_scorer(args.eval_dir)
    here = args.eval_dir / "newsquant"
    texts = {}
    for line in (here / "sentences.jsonl").read_text().splitlines():
        rec = json.loads(line)
        texts[rec["id"]] = rec["text"]
    gold = {}
    for line in (here / "gold.jsonl").read_text().splitlines():
        rec = json.loads(line)
        gold[rec["id"]] = [sc.parse_gold(q["value"]) for q in rec["quantities"]]

    t0 = time.perf_counter()
    got = {doc: figures(text) for doc, text in texts.items()}
    elapsed = time.perf_counter() - t0

    tp = n_gold = n_pred = 0
    for doc, golds in gold.items():
        figs = got.get(doc, [])
        n_gold += len(golds)
        n_pred += len(figs)
        used: set[int] = set()
        missed = []
        for g in golds:
            hit = next((i for i, f in enumerate(figs) if i not in used and sc.found_by(g, f)), None)
            if hit is None:
                missed.append(g)
            else:
                used.add(hit)
        tp += len(golds) - len(missed)
        extra = [(f["text"], f["kind"]) for i, f in enumerate(figs) if i not in used]
        if args.verbose and (missed or extra):
            print(f"{doc}: missed {missed} extra {extra}\n    {texts[doc]}")
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(
        f"newsquant_check: f1 {f1:.3f} precision {p:.3f} recall {r:.3f} "
        f"({tp} of {n_gold} quantities, {n_pred} figures)"
    )

    # speed on longer text: the seed articles and sentences, repeated
    corpus = list(texts.values())
    seeds = Path("/work/shared/seeds")
    if seeds.is_dir():
        corpus += [f.read_text() for f in sorted(seeds.glob("*.txt"))]
    words = sum(len(t.split()) for t in corpus)
    t0 = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        for t in corpus:
            find_quantities(t)
    dt = time.perf_counter() - t0
    wps = words * rounds / dt
    print(
        f"speed: {wps:,.0f} words/s ({wps / 500:,.0f} articles of 500 words/s); "
        f"scoring pass {elapsed * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
