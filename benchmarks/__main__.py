"""`python -m benchmarks`: factdesk at 1k, 10k and 100k articles, beside the bare FTS floor.

`python -m benchmarks probe ...` is the serving process whose peak RSS is measured.
`python -m benchmarks hostile` prints only the slowest of the hostile inputs (also printed first
by every run): ~10 kB texts built to stall extraction (benchmarks/hostile.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from benchmarks import hostile
from benchmarks.core import (
    COLUMNS,
    Row,
    build,
    cold_start_s,
    floor_lookup,
    ingest_rate,
    like_scan,
    make_target,
    percentile,
    probe,
    question_mix,
    serving_rss_mb,
    size_on_disk,
    slack_latencies,
    time_each,
)
from benchmarks.slack_load import acks_under_load
from store.factstore import open_store

DEFAULT_CORPUS = Path("/work/shared/eval/gva/dev_docs.jsonl")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(args: argparse.Namespace, db: str | None, size: int) -> Row:
    """Every figure for one backend at one size."""
    target = make_target(db, f"{size}", args.reuse)
    row = Row(backend=target.backend, articles=size, jobs=args.jobs)
    # The machine may be shared: the load says how far to trust the timings.
    row.notes.append(f"load average at start {os.getloadavg()[0]:.1f}")
    try:
        store = open_store(target.url)
        try:
            log(f"[{target.backend} {size}] building ({args.jobs} jobs)")
            clone = bool(args.clone_above) and size > args.clone_above
            seconds, words, added = build(store, args.corpus, size, args.jobs, log, clone=clone)
            if clone:
                row.notes.append(
                    "grown past one corpus copy by copying rows in SQL "
                    "(benchmarks/clone.py); the jobs=N rate is of the ingested copy"
                )
            if seconds:
                row.ingest_n_aps, row.ingest_n_wps = added / seconds, words / seconds
            else:
                row.notes.append("store reused: jobs=N ingest not measured")
            sample = min(size, args.ingest_sample)
            if sample:
                row.ingest_1_aps, row.ingest_1_wps = ingest_rate(db, args.corpus, sample, 1, log)
                if sample < size:
                    row.notes.append(f"1-process ingest measured on the first {sample} articles")
            questions = question_mix(store, args.questions)
            row.questions = len(questions)
            log(f"[{target.backend} {size}] questions")
            answer = time_each(store.ask, questions, args.repeats)
            floor = time_each(floor_lookup(store), questions, args.repeats)
            like = time_each(like_scan(store), questions, 1)
            row.q_p50_ms, row.q_p95_ms, row.q_p99_ms = (percentile(answer, p) for p in (50, 95, 99))
            row.floor_p50_ms, row.floor_p99_ms = percentile(floor, 50), percentile(floor, 99)
            row.like_p50_ms, row.like_p99_ms = percentile(like, 50), percentile(like, 99)
            row.p50_vs_floor = row.q_p50_ms / max(row.floor_p50_ms, 1e-6)
            log(f"[{target.backend} {size}] slack")
            slack = slack_latencies(store, questions, args.repeats)
            row.slack_p50_ms, row.slack_p99_ms = percentile(slack, 50), percentile(slack, 99)
            log(f"[{target.backend} {size}] slack acks under load ({args.load_requests} at once)")
            acks = acks_under_load(store, questions, args.load_requests)
            row.ack_p50_ms, row.ack_p99_ms = percentile(acks, 50), percentile(acks, 99)
            row.ack_max_ms = max(acks)
            log(f"[{target.backend} {size}] rss, cold start, size")
            row.rss_mb = serving_rss_mb(target.url, questions)
            row.cold_start_s = cold_start_s(target.url, questions[0])
            row.bytes_per_article = size_on_disk(store, target) / size
            row.notes.append(f"load average at end {os.getloadavg()[0]:.1f}")
            if args.questions_out:
                Path(args.questions_out).write_text("\n".join(questions) + "\n", encoding="utf-8")
        finally:
            store.close()
    finally:
        target.drop()
    return row


HEADERS = {
    "backend": "backend",
    "articles": "articles",
    "questions": "qs",
    "ingest_1_aps": "ingest/s 1p",
    "ingest_1_wps": "words/s 1p",
    "ingest_n_aps": "ingest/s Np",
    "ingest_n_wps": "words/s Np",
    "jobs": "N",
    "q_p50_ms": "q p50",
    "q_p95_ms": "q p95",
    "q_p99_ms": "q p99",
    "floor_p50_ms": "fts p50",
    "floor_p99_ms": "fts p99",
    "like_p50_ms": "like p50",
    "like_p99_ms": "like p99",
    "p50_vs_floor": "p50/fts",
    "slack_p50_ms": "slack p50",
    "slack_p99_ms": "slack p99",
    "ack_p50_ms": "ack p50",
    "ack_p99_ms": "ack p99",
    "ack_max_ms": "ack max",
    "rss_mb": "RSS MB",
    "bytes_per_article": "B/article",
    "cold_start_s": "cold s",
}


def table(rows: list[Row]) -> str:
    """A Markdown table (times in ms unless marked s), one row per backend and size."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            return (
                f"{value:,.0f}"
                if value >= 100
                else f"{value:.2f}"
                if value < 10
                else f"{value:.1f}"
            )
        return str(value)

    lines = ["| " + " | ".join(HEADERS[c] for c in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        data = row.as_dict()
        lines.append("| " + " | ".join(cell(data[c]) for c in COLUMNS) + " |")
    notes = [f"- {r.backend} {r.articles}: {n}" for r in rows for n in r.notes]
    return "\n".join(lines + (["", *notes] if notes else []))


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("--sizes", default="1000,10000,100000", help="store sizes, in articles")
    p.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="folder or .jsonl of articles, repeated to reach each size "
        "(default: the built-in generator)",
    )
    p.add_argument(
        "--db",
        action="append",
        default=None,
        help="'sqlite' (a temp file, the default) or a PostgreSQL URL, where a "
        "throwaway database is created and dropped; repeat for both",
    )
    p.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes for the N-process ingest"
    )
    p.add_argument(
        "--ingest-sample",
        type=int,
        default=1000,
        help="articles for the 1-process ingest rate (0: skip)",
    )
    p.add_argument("--questions", type=int, default=60, help="questions in the mix (>= 50)")
    p.add_argument("--repeats", type=int, default=3, help="timed passes over the mix")
    p.add_argument(
        "--load-requests",
        type=int,
        default=200,
        help="concurrent /fact requests for the acks-under-load figures",
    )
    p.add_argument(
        "--clone-above",
        type=int,
        default=0,
        help="sizes above N: ingest one copy of the corpus, then copy rows in SQL "
        "(0: always ingest)",
    )
    p.add_argument(
        "--reuse",
        type=Path,
        default=None,
        help="keep stores in DIR (SQLite) or as factdesk_bench_<size> (PG), reuse them",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="CI: 1,000 articles, SQLite, 20 questions, one pass, 100-article 1-process sample (< 1 minute)",
    )
    p.add_argument("--json", type=Path, default=None, help="also write the rows as JSON here")
    p.add_argument("--questions-out", type=Path, default=None, help="write the mix here")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.db, args.questions, args.repeats = "1000", None, 20, 1
        args.ingest_sample = min(args.ingest_sample, 100)
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["probe"]:
        p = argparse.ArgumentParser(prog="python -m benchmarks probe")
        p.add_argument("--db", required=True)
        p.add_argument("--questions", type=Path, required=True)
        ns = p.parse_args(argv[1:])
        print(json.dumps(probe(ns.db, ns.questions)))
        return 0
    print(hostile.report(), flush=True)
    if argv[:1] == ["hostile"]:
        return 0
    args = parse(argv)
    sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    backends = [None if d in (None, "sqlite") else d for d in (args.db or ["sqlite"])]
    rows: list[Row] = []
    for db in backends:
        for size in sizes:
            rows.append(measure(args, db, size))
            print(table(rows[-1:]), flush=True)
    print()
    print(table(rows))
    if args.json:
        args.json.write_text(
            json.dumps([r.as_dict() for r in rows], indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
