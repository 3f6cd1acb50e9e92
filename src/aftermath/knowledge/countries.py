"""Countries: names, aliases, demonyms and capitals to ISO 3166 alpha-3 codes.

pycountry gives the official list; our own table (data/countries.tsv) adds the names news
uses. pycountry now calls Turkey "Türkiye", so the alias table, not pycountry, decides the
display name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pycountry

from aftermath.knowledge._files import read_tsv, split_list


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    capitals: tuple[str, ...] = ()


@dataclass(slots=True)
class CountryTable:
    """Lookups keyed by lower-cased words."""

    by_code: dict[str, Country] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)

    def lookup(self, words: str) -> str | None:
        """ISO3 code of a country name, alias or demonym; None if not a country word."""
        key = normalise(words)
        found = self.names.get(key) or self.demonyms.get(key)
        if found is None and key.endswith("s"):
            found = self.demonyms.get(key[:-1])  # "Nigerians", "Turks" -> the demonym
        return found

    def capital(self, words: str) -> str | None:
        return self.capitals.get(normalise(words))

    def name_of(self, iso3: str) -> str:
        country = self.by_code.get(iso3)
        return country.name if country else iso3


def normalise(words: str) -> str:
    """Lower case, no leading article, no possessive, single spaces."""
    text = " ".join(words.lower().replace("’", "'").split())
    if text.endswith("'s"):
        text = text[:-2]
    for article in ("the ",):
        if text.startswith(article):
            text = text[len(article) :]
    return text


def load_countries() -> CountryTable:
    table = CountryTable()
    for country in pycountry.countries:
        iso3 = country.alpha_3
        table.by_code[iso3] = Country(iso3, getattr(country, "common_name", country.name))
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                table.names.setdefault(normalise(value), iso3)
    for row in read_tsv("countries.tsv"):
        iso3 = row["iso3"]
        capitals = tuple(split_list(row.get("capitals", "")))
        table.by_code[iso3] = Country(iso3, row["name"], capitals)
        for name in [row["name"], *split_list(row.get("aliases", ""))]:
            table.names[normalise(name)] = iso3
        for demonym in split_list(row.get("demonyms", "")):
            table.demonyms[normalise(demonym)] = iso3
        for capital in capitals:
            table.capitals[normalise(capital)] = iso3
    return table
