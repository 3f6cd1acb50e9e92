"""Parties, motives and event words that the ledger and framing group by (#6, #19).

A party is whoever an accusation names that the knowledge base knows: any organisation or
person (by any alias), with the few descriptions of `knowledge/data/parties.yaml` that the
knowledge base does not hold as aliases ("Fethullahist" for the Gulen movement), and the
collectives that file names ("Western special services"). States and state organs are
resolved from actor codes and country words by the ledger (hypotheses.py). There is no
list of one story's parties: a ledger finds a group on any story because the knowledge
base knows that group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aftermath.errors import ConfigError
from aftermath.knowledge._files import read_yaml

SHORT_CAPITALS = 5  # "IS", "NATO", "CIA": ordinary words when lower-cased, so match as written


@dataclass(frozen=True, slots=True)
class Party:
    """An accused party: `key` is stable across stories ("org-national-liberation-army-of-
    colombia", "person-...", a collective's own key)."""

    key: str
    label: str
    code: str | None


@dataclass(frozen=True, slots=True)
class PartyIndex:
    """Every alias of every party, searched at once; the longest alias found wins."""

    patterns: tuple[re.Pattern[str], ...]
    by_alias: dict[str, Party]  # normalised alias → party

    def find(self, text: str, *, persons: bool = True) -> Party | None:
        found: list[str] = []
        for pattern in self.patterns:
            found += [m.group() for m in pattern.finditer(text)]
        for alias in sorted(found, key=len, reverse=True):
            party = self.by_alias.get(_normal(alias))
            if party is not None and (persons or not party.key.startswith("person-")):
                return party
        return None


@dataclass(frozen=True, slots=True)
class Motive:
    key: str
    label: str
    patterns: tuple[re.Pattern[str], ...]
    detail: re.Pattern[str] | None

    def found_in(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True, slots=True)
class Lexicon:
    parties: PartyIndex
    motives: tuple[Motive, ...]
    event_words: re.Pattern[str]  # one alternation, longest phrase first


def alias_pattern(alias: str) -> re.Pattern[str]:
    """A whole-word pattern; short all-capital aliases are matched only in capitals."""
    return alias_patterns([alias])[0]


def alias_patterns(aliases: list[str]) -> tuple[re.Pattern[str], ...]:
    """At most two whole-word alternations (one per case rule), longest alias first: one
    search per text instead of one per alias."""
    exact = [a for a in aliases if a.isupper() and len(a) <= SHORT_CAPITALS]
    folded = [a for a in aliases if a not in exact]
    patterns = []
    for group, flags in ((exact, 0), (folded, re.IGNORECASE)):
        if group:
            body = "|".join(r"\s+".join(re.escape(part) for part in alias.split())
                            for alias in sorted(group, key=len, reverse=True))
            patterns.append(re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags))
    return tuple(patterns)


def _normal(alias: str) -> str:
    return " ".join(alias.lower().split())


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# Actor-code roles that make a state organ an accused party in its own right (one side
# blaming the other side's army); police or a person's role do not: a gunman who is a
# police officer is the perpetrator, not an explanation.
STATE_ROLES = {"": "", "GOV": "government", "MIL": "armed forces", "SPY": "intelligence"}


def state_party(code: str | None, countries: Any) -> Party | None:
    """A state ("CHN") or state organ ("SDNMIL") as a party, keyed by its code, so that
    "the Sudanese army" and "Sudan's troops" are one explanation."""
    if not code or not code[:3].isalpha() or code[3:] not in STATE_ROLES:
        return None
    country = countries.by_code.get(code[:3]) if countries is not None else None
    if country is None:
        return None
    return Party(f"actor-{code}", f"{country.name} {STATE_ROLES[code[3:]]}".strip(), code)


# Roles of non-state groups an accusation may name without naming the group ("bandits",
# "militants", "an armed group"): an explanation of their own, keyed by the role.
GROUP_ROLES = {"REB": "Rebels or militants", "INS": "Insurgents", "CRM": "Criminal gangs",
               "UAF": "Unidentified armed men", "SEP": "Separatists", "RAD": "Radicals"}


def group_party(code: str | None) -> Party | None:
    """An unnamed group by its role code ("---CRM", "COLREB" stays a state's rebels)."""
    if not code or not code.startswith("---") or code[3:6] not in GROUP_ROLES:
        return None
    return Party(f"group-{code[3:6]}", GROUP_ROLES[code[3:6]], code[:6])


def organisation_party(organisation: Any, countries: Any = None) -> Party:
    """A knowledge-base organisation as a party; a state organ by its code (above)."""
    if organisation.kind == "state":
        found = state_party(organisation.code, countries)
        if found is not None:
            return Party(found.key, organisation.name, found.code)
    return Party(f"org-{slug(organisation.name)}", organisation.name, organisation.code)


def _party_index(kb: Any, raw: dict[str, Any]) -> PartyIndex:
    """Descriptions and collectives first, so that they win a tie with a knowledge-base
    alias ("Fethullah Gulen" names the movement, as the accusations mean it)."""
    by_alias: dict[str, Party] = {}
    written: list[str] = []  # as written: short capitals match only in capitals

    def add(aliases: list[str], party: Party) -> None:
        for alias in aliases:
            if _normal(alias) not in by_alias:
                by_alias[_normal(alias)] = party
                written.append(alias)

    organisations = {o.name: o for o in getattr(kb, "organisations", ())}
    countries = getattr(kb, "countries", None)
    persons = {p.name: p for p in getattr(kb, "persons", ())}
    for name, words in (raw.get("descriptions") or {}).items():
        organisation = organisations.get(name)
        if organisation is None:
            raise ConfigError(f"parties.yaml: {name!r} is not a knowledge-base organisation")
        # A knowledge-base person among the words (a movement's leader) brings every
        # alias of that person: "Gulen", "Mr Gulen" accuse the movement he leads.
        aliases = [alias for w in words for alias in (
            [persons[w].name, *persons[w].aliases] if w in persons else [str(w)])]
        add(aliases, organisation_party(organisation, countries))
    for entry in raw.get("collectives") or []:
        add([str(w) for w in entry.get("words", [])],
            Party(str(entry["key"]), str(entry["label"]), entry.get("code")))
    for organisation in organisations.values():
        add([organisation.name, *organisation.aliases],
            organisation_party(organisation, countries))
    for person in getattr(kb, "persons", ()):
        add([person.name, *person.aliases], Party(f"person-{slug(person.name)}", person.name,
                                                  None))
    return PartyIndex(alias_patterns(written), by_alias)


_CACHE: dict[int, Lexicon] = {}


def load_lexicon(kb: Any) -> Lexicon:
    """The bundled lexicon, completed with the knowledge base's aliases (cached per kb)."""
    cached = _CACHE.get(id(kb))
    if cached is not None:
        return cached
    raw = read_yaml("parties.yaml") or {}
    parties = _party_index(kb, raw)
    motives = []
    for entry in raw.get("motives", []):
        detail = entry.get("detail")
        motives.append(Motive(str(entry["key"]), str(entry["label"]),
                              alias_patterns([str(w) for w in entry.get("words", [])]),
                              re.compile(detail) if detail else None))
    words = sorted((str(w) for w in raw.get("event_words", [])), key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in words)
    lexicon = Lexicon(parties, tuple(motives),
                      re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE))
    _CACHE[id(kb)] = lexicon
    return lexicon
