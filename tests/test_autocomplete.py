"""Autocomplete's warm name index (bot/autocomplete.py) over a real store: names ingested here
are offered after a background reload, the names at hand answer meanwhile, and a keystroke
past its time budget is answered by prefix matches."""

from __future__ import annotations

from bot.autocomplete import NameIndex, fuzzy_suggestions, prefix_suggestions
from store.factstore import FactStore
from store.readers import RawArticle

HARBOUR = RawArticle(
    id="harbourside",
    text="At least 37 people were killed in Harbourside, the coastguard said.\n",
    origin="invented",
)


async def test_an_ingest_is_offered_after_a_background_reload(store: FactStore) -> None:
    index = NameIndex(store)
    await index.refresh()
    assert "death toll Harbourside" not in await index.suggest("death toll Harbour")
    assert store.ingest([HARBOUR]).stored == 1
    # The next keystroke starts the reload and is answered from the names at hand.
    assert "death toll Harbourside" not in await index.suggest("death toll Harbour")
    await index.refresh()  # the reload that keystroke started
    assert "death toll Harbourside" in await index.suggest("death toll Harbour")


async def test_a_keystroke_out_of_time_is_answered_by_prefix_matches(store: FactStore) -> None:
    assert store.ingest([HARBOUR]).stored == 1
    index = NameIndex(store, budget=0.0)
    await index.refresh()
    assert await index.suggest("death toll harb") == ["death toll harb", "death toll Harbourside"]


def test_prefix_and_fuzzy_matches_complete_the_last_word() -> None:
    names = ["Al-Qaryatayn", "Palmyra", "Syrian Observatory for Human Rights"]
    assert prefix_suggestions("toll in palm", names) == ["toll in palm", "toll in Palmyra"]
    assert prefix_suggestions("", names) == names
    fuzzy = fuzzy_suggestions("toll in Palmira", names)
    assert fuzzy[0] == "toll in Palmira" and "toll in Palmyra" in fuzzy
    # Matching over chunks of names finds what one pass over all of them finds.
    many = [f"Village {i}" for i in range(2500)] + ["Palmyra"]
    assert "toll in Palmyra" in fuzzy_suggestions("toll in Palmira", many)
