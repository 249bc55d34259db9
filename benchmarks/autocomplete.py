"""`python -m benchmarks.autocomplete`: Discord autocomplete at 50k names, before and after.

Before: rapidfuzz over every name on the event loop (as bot/discord_bot.py did). After:
bot/autocomplete.py's NameIndex (chunked matching in a thread, within its time budget). For
each, the time to answer a keystroke and the longest the event loop stalled meanwhile (a 1 ms
ticker's worst overshoot): a stalled loop acknowledges nothing, Slack and Discord alike.
Names are generated (place-like words), so the figure is the matching alone; the first
keystroke after start is measured with a name load that takes `--load-seconds`.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import string
import time
from collections.abc import Awaitable, Callable

from rapidfuzz import fuzz, process

from bot.autocomplete import MAX_CHOICES, NameIndex
from store.factstore import FactStore

KEYSTROKES = ["death toll Qar", "how many killed in Port Al", "killed according to Syr", "Hom"]


def names(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    suffixes = ["", " Hills", " Port", "North ", " City"]
    out = []
    for _ in range(count):
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 12)))
        out.append(f"{word.title()}{rng.choice(suffixes)}".strip())
    return out


def on_the_loop(current: str, pool: list[str]) -> list[str]:
    """The old way: two rapidfuzz passes over every name, right on the event loop."""
    head, _, last = current.rpartition(" ")
    out = [current]
    for query, prefix in ((current, ""), (last, f"{head} " if head else "")):
        for name, _, _ in process.extract(
            query, pool, scorer=fuzz.WRatio, limit=MAX_CHOICES, score_cutoff=60
        ):
            out.append(f"{prefix}{name}")
    return out


async def timed(
    answer: Callable[[str], Awaitable[list[str]]], rounds: int
) -> tuple[list[float], float]:
    """Milliseconds per keystroke, and the loop's worst stall (ms) while they ran."""
    stalls: list[float] = []
    running = True

    async def ticker() -> None:
        while running:
            t0 = time.perf_counter()
            await asyncio.sleep(0.001)
            stalls.append((time.perf_counter() - t0) * 1000)

    tick = asyncio.create_task(ticker())
    times = []
    for _ in range(rounds):
        for typed in KEYSTROKES:
            t0 = time.perf_counter()
            await answer(typed)
            times.append((time.perf_counter() - t0) * 1000)
            await asyncio.sleep(0.01)
    running = False
    await tick
    return times, max(stalls)


async def run(count: int, rounds: int, load_seconds: float) -> None:
    pool = names(count)

    async def before(typed: str) -> list[str]:
        return on_the_loop(typed, pool)

    store = FactStore("sqlite://")  # only its generation is read; the names come from `load`

    def slow_load() -> tuple[list[str], list[str]]:
        time.sleep(load_seconds)
        return pool, []

    index = NameIndex(store, load=slow_load)
    t0 = time.perf_counter()
    index.refresh()
    first = await index.suggest("death toll Qar")
    first_ms = (time.perf_counter() - t0) * 1000
    await index.ready.wait()
    old_times, old_stall = await timed(before, rounds)
    new_times, new_stall = await timed(index.suggest, rounds)
    print(f"{count:,} names, {rounds * len(KEYSTROKES)} keystrokes each")
    print(
        f"first keystroke after start (names loading for {load_seconds:g} s): "
        f"{first_ms:.0f} ms, {len(first)} choice(s)"
    )
    for label, times, stall in (
        ("before (rapidfuzz on the loop)", old_times, old_stall),
        ("after (NameIndex)", new_times, new_stall),
    ):
        print(
            f"{label}: keystroke p50 {statistics.median(times):.0f} ms, max {max(times):.0f} ms;"
            f" longest event-loop stall {stall:.0f} ms"
        )
    store.close()


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.autocomplete", description=__doc__)
    p.add_argument("--names", type=int, default=50_000)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--load-seconds", type=float, default=5.0)
    args = p.parse_args()
    asyncio.run(run(args.names, args.rounds, args.load_seconds))


if __name__ == "__main__":
    main()
