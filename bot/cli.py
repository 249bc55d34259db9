"""The `factdesk` command line: ingest, ask, extract, sources, chat, remove, serve, digest."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from bot import logs, messages
from bot.digest_cli import add_digest_commands
from bot.render.text import render_answer, render_explanation, render_overview
from store.errors import FactdeskError, IngestError, StoreUnavailable
from store.factstore import FactStore, open_store
from store.readers import RawArticle, read_paths

log = logging.getLogger("factdesk")


def seeds_folder() -> Path:
    """The seed articles shipped with factdesk: the default corpus."""
    return Path(str(resources.files("seeds")))


def _open(args: argparse.Namespace) -> FactStore:
    return open_store(args.db)


def _ensure_seeded(store: FactStore, args: argparse.Namespace) -> None:
    """A new user's first question answers: an empty default store is built from the seeds."""
    if args.db is None and store.document_count() == 0:
        print(messages.BUILDING_FROM_SEEDS, file=sys.stderr)
        store.ingest_paths([seeds_folder()])


def _progress(enabled: bool) -> Any:
    if not enabled:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    )


def _inputs(args: argparse.Namespace) -> Iterator[RawArticle | IngestError]:
    """Files read from disk, then http(s) arguments fetched as news pages."""
    max_bytes = int(args.max_mb * 1e6)
    urls = [p for p in args.paths if p.startswith(("http://", "https://"))]
    yield from read_paths([Path(p) for p in args.paths if p not in urls], max_bytes)
    if urls:
        import asyncio

        from bot.config import address_policy, load_settings
        from store.fetch import FetchSettings, fetch_articles  # aiohttp only when needed

        # [fetch] allow_hosts / allow_networks: an intranet page needs the operator's say-so.
        policy = address_policy(load_settings())
        fetch = FetchSettings(max_bytes=max_bytes, policy=policy)
        yield from asyncio.run(fetch_articles(urls, fetch))


def cmd_ingest(args: argparse.Namespace) -> int:
    store = _open(args)
    progress = _progress(sys.stderr.isatty() and not args.quiet)
    if progress is None:
        report = store.ingest(_inputs(args), jobs=args.jobs)
    else:
        with progress:
            task = progress.add_task("ingesting", total=None)
            report = store.ingest(
                _inputs(args),
                jobs=args.jobs,
                on_progress=lambda done: progress.update(task, completed=done),
            )
    if not args.quiet:
        print(
            messages.INGEST_DONE.format(
                stored=report.stored,
                added=report.added,
                replaced=report.replaced,
                unchanged=report.unchanged,
                figures=report.figures,
            ),
            file=sys.stderr,
        )
    if report.errors:
        for error in report.errors:
            print(f"  {error}", file=sys.stderr)
        total = report.stored + report.unchanged + len(report.errors)
        # The count last, so it is what a script's log shows at the end of a long list.
        print(messages.INGEST_FAILED.format(count=len(report.errors), total=total), file=sys.stderr)
    # Any failed input is a failure: a script or cron job must notice that 95 of 100 were
    # lost, even though the other 5 landed (they are kept; re-running retries the rest).
    return 1 if report.errors else 0


def cmd_ask(args: argparse.Namespace) -> int:
    store = _open(args)
    _ensure_seeded(store, args)
    if args.batch:
        if not args.json:
            raise FactdeskError("--batch answers in JSON lines: add --json")
        try:
            lines = Path(args.batch).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise FactdeskError(f"{args.batch}: cannot read the questions ({exc})") from exc
        out = sys.stdout
        for line in lines:
            answer = store.ask(line)
            out.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
        return 0
    question = " ".join(args.question)
    answer = store.ask(question)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render_answer(answer, limit=args.limit))
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from store.extract_only import extract_paths

    for record in extract_paths([Path(p) for p in args.paths]):
        if isinstance(record, FactdeskError):
            print(f"factdesk: {record}", file=sys.stderr)
            continue
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    store = _open(args)
    _ensure_seeded(store, args)
    print(render_overview(store.overview(), store.url))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    """Each figure of a document with the rule that read it and the words that decided it."""
    from store.explain import explain_article

    path = Path(args.document)
    if path.exists():
        status = 0
        for item in read_paths([path]):
            if isinstance(item, FactdeskError):
                print(f"factdesk: {item}", file=sys.stderr)
                status = 1
                continue
            print(render_explanation(item.id, explain_article(item)))
        return status
    explained = _open(args).explain(args.document)
    if explained is None:
        print(messages.EXPLAIN_NOTHING.format(document=args.document), file=sys.stderr)
        return 1
    print(render_explanation(args.document, explained))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    store = _open(args)
    for doc_id in args.ids:
        if store.remove(doc_id):
            print(messages.REMOVED.format(id=doc_id))
        else:
            print(messages.NOT_FOUND_DOCUMENT.format(id=doc_id), file=sys.stderr)
            return 1
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    store = _open(args)
    _ensure_seeded(store, args)
    print(messages.CHAT_BANNER)
    while True:
        try:
            line = input("? ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not line.strip():
            return 0
        try:
            print(render_answer(store.ask(line), limit=args.limit))
        except StoreUnavailable:
            print(messages.STORE_UNAVAILABLE)
        print()


def cmd_serve(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import load_settings
    from bot.core import FactDesk
    from bot.serve import choose, serve_until_signalled

    config = Path(args.config) if args.config else None
    settings = load_settings(config)
    choose(args.adapters, settings)  # an unknown or no adapter fails before the store opens
    store = open_store(args.db or settings.store.url or None)
    _ensure_seeded(store, args)
    try:
        asyncio.run(serve_until_signalled(FactDesk(store), settings, args.adapters, config=config))
    finally:
        store.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factdesk",
        description="Every sourced figure in the news, with who said it and the exact sentence.",
    )
    parser.add_argument(
        "--db",
        default=None,
        help="SQLAlchemy URL of the store (sqlite:///path.db, postgresql+psycopg://...); "
        "default: $FACTDESK_DB, else a file in your user data folder",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "ingest", help="add articles: folders, .txt/.md/.html files, .jsonl feeds, http(s) URLs"
    )
    p.add_argument("paths", nargs="+", metavar="PATH|URL")
    p.add_argument("--jobs", type=int, default=1, help="extraction processes (default 1)")
    p.add_argument("--max-mb", type=float, default=10.0, help="largest article, in MB (default 10)")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="ask a question")
    p.add_argument("question", nargs="*")
    p.add_argument("--json", action="store_true", help="the answer as JSON")
    p.add_argument("--batch", metavar="FILE", help="one question a line; one JSON answer a line")
    p.add_argument("--limit", type=int, default=None, help="show at most N figures")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("extract", help="figures in documents, without a store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", required=True, help="JSON lines (required)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "explain", help="each figure of a document with the rule and words that produced it"
    )
    p.add_argument("document", metavar="DOC", help="a file, or a stored document's id (--db)")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("sources", help="what the store holds")
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("remove", help="remove documents and their figures")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("chat", help="ask question after question")
    p.add_argument("--limit", type=int, default=10, help="figures per answer (default 10)")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser(
        "serve",
        help="run the chat adapters (default: every enabled one), digests, feeds and [watch]",
    )
    p.add_argument("adapters", nargs="*", metavar="ADAPTER", help="slack, discord")
    p.add_argument(
        "--config",
        default=None,
        help="settings file (default: $FACTDESK_CONFIG, else ./factdesk.toml)",
    )
    p.set_defaults(func=cmd_serve)
    add_digest_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logs.configure(logging.INFO if args.verbose else logging.WARNING)
    if args.command == "ask" and not args.batch and not " ".join(args.question).strip():
        print(messages.EMPTY_QUESTION)
        return 2
    try:
        return int(args.func(args))
    except FactdeskError as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`factdesk ask ... | head`): nothing more to say, and nothing
        # more may be flushed to the closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:  # the edge: log the trace for us, give the user one line
        log.exception("unexpected error")
        print(f"factdesk: {messages.APOLOGY}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
