"""The knowledge base: every dictionary extraction needs, loaded once and shared read-only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

from aftermath.knowledge._files import read_yaml
from aftermath.knowledge.actors import (
    Organisation,
    Person,
    RoleNoun,
    load_organisations,
    load_persons,
    load_role_nouns,
)
from aftermath.knowledge.cameo import CameoCode, load_cameo
from aftermath.knowledge.countries import CountryTable, load_countries, normalise
from aftermath.knowledge.events import EventDictionary, load_event_dictionary
from aftermath.knowledge.phoenix import AgentEntry, PhoenixDictionaries, load_phoenix
from aftermath.knowledge.places import GazetteerEntry, cached_gazetteer


@dataclass(frozen=True, slots=True)
class Cues:
    """Word lists for attributions and claims (data/cues.yaml)."""

    reporting_verbs: frozenset[str]
    evaluation_verbs: frozenset[str]
    intention_verbs: frozenset[str]
    criticism_verbs: frozenset[str]
    negative_words: frozenset[str]
    reporting_nouns: frozenset[str]
    hedging_verbs: frozenset[str]
    blame_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    motive_speech_verbs: frozenset[str]
    prediction_verbs: frozenset[str]
    responsibility_phrases: tuple[str, ...]
    operation_nouns: frozenset[str]
    affiliation_phrases: tuple[str, ...]
    motive_phrases: tuple[str, ...]
    denial_objects: frozenset[str]
    unsupported_markers: tuple[str, ...]
    hedge_markers: tuple[str, ...]
    evidence_markers: tuple[str, ...]
    dispute_markers: tuple[str, ...]
    hedge_cues: tuple[str, ...]


def _load_cues() -> Cues:
    raw: dict[str, Any] = read_yaml("cues.yaml")
    values: dict[str, Any] = {}
    for name, kind in Cues.__annotations__.items():
        words = [str(w).lower() for w in raw.get(name, [])]
        values[name] = frozenset(words) if "frozenset" in kind else tuple(words)
    return Cues(**values)


# How much smaller a place in a country the article names may be than the most populous
# namesake and still be the one meant.
PREFER_RATIO = 20


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    countries: CountryTable
    persons: tuple[Person, ...]
    organisations: tuple[Organisation, ...]
    role_nouns: dict[str, RoleNoun]
    cameo: dict[str, CameoCode]
    events: EventDictionary
    cues: Cues
    gazetteer: dict[str, tuple[GazetteerEntry, ...]]
    aliases: dict[str, Person | Organisation]
    # The vendored Phoenix/CAMEO dictionaries plus any user ones (#12); empty when absent.
    phoenix: PhoenixDictionaries = field(default_factory=PhoenixDictionaries)

    def entity(self, words: str) -> Person | Organisation | None:
        """The person or organisation a name refers to, by exact alias (case-insensitive)."""
        return self.aliases.get(normalise(words))

    def place(
        self, words: str, prefer: frozenset[str] | None = None
    ) -> GazetteerEntry | None:
        """The place a name most likely means; one in `prefer` (ISO3 codes) if any is."""
        key = normalise(words)
        candidates = self.gazetteer.get(key, ())
        if not candidates:
            return None
        top = candidates[0]
        if key in self.aliases and normalise(top.name) != key:
            # A name we know as a body or person is not another language's name for a
            # city ("White House" is an alternate name of Casablanca; #17).
            return None
        if prefer and top.country not in prefer:
            for entry in candidates[1:]:
                # A much bigger namesake still wins: Moscow, Idaho never beats Moscow.
                if entry.country in prefer and entry.population * PREFER_RATIO >= top.population:
                    return entry
        return top


def _alias_index(
    persons: list[Person], organisations: list[Organisation]
) -> dict[str, Person | Organisation]:
    index: dict[str, Person | Organisation] = {}
    entities: list[Person | Organisation] = [*organisations, *persons]
    for entity in entities:
        for alias in (entity.name, *entity.aliases):
            index.setdefault(normalise(alias), entity)
    return index


# Head nouns of Phoenix agents that name a body or many people, not one person.
GROUP_HEADS = frozenset(
    {"police", "army", "force", "forces", "military", "government", "ministry", "party",
     "court", "council", "parliament", "agency", "company", "union", "movement", "front",
     "militia", "group", "organization", "organisation", "committee", "commission",
     "department", "office", "service", "navy", "guard", "troops", "people", "cabinet",
     "administration", "authorities", "regime", "opposition", "industry", "bank"}
)


def merge_role_nouns(
    ours: dict[str, RoleNoun], agents: Iterable[AgentEntry]
) -> dict[str, RoleNoun]:
    """roles.tsv plus the Phoenix agents it lacks: our noun wins on the same words, and the
    first agent line wins among Phoenix's (user files come first). Prefix codes (`IGO~`)
    have no place in a country + role code and are left out."""
    merged = dict(ours)
    for agent in agents:
        role = agent.suffix
        if role is None:
            continue
        kind = "group" if agent.words.split()[-1] in GROUP_HEADS else "person"
        for words in (agent.words, *(p for p in agent.plurals if p)):
            merged.setdefault(words, RoleNoun(words, role, kind))
    return merged


def load_kb(dictionaries: Iterable[Path | str] = ()) -> KnowledgeBase:
    """Load the bundled knowledge base plus the user's Phoenix-format `dictionaries`
    (cached per list of files: it is read-only and costly to build)."""
    return _load_kb(tuple(Path(p) for p in dictionaries))


@lru_cache(maxsize=4)
def _load_kb(dictionaries: tuple[Path, ...]) -> KnowledgeBase:
    countries = load_countries()
    persons = load_persons()
    organisations = load_organisations()
    cameo = load_cameo()
    iso2_to_iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    iso2_to_iso3["XK"] = "XKX"
    phoenix = load_phoenix(dictionaries)
    return KnowledgeBase(
        countries=countries,
        persons=tuple(persons),
        organisations=tuple(organisations),
        role_nouns=merge_role_nouns(load_role_nouns(), phoenix.agents),
        cameo=cameo,
        events=load_event_dictionary(cameo),
        cues=_load_cues(),
        gazetteer=cached_gazetteer(iso2_to_iso3),
        aliases=_alias_index(persons, organisations),
        phoenix=phoenix,
    )
