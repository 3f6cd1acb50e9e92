"""The event dictionary: verb and noun patterns mapped to PLOVER type, mode and CAMEO code.

Pattern grammar (data/events.yaml): the first word is the head verb's lemma; plain words
after it must be attached to the verb (particle, adverb, complement, object) or follow it
closely; `>prep` names the preposition whose object is the target; `~prep` a preposition
introducing the matter. Longer patterns win over shorter ones for the same verb.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from aftermath.errors import ConfigError
from aftermath.knowledge._files import read_yaml
from aftermath.knowledge.cameo import PLOVER_TYPES, CameoCode


@dataclass(frozen=True, slots=True)
class EventPattern:
    lemma: str
    qualifiers: tuple[str, ...]
    target_prep: str | None
    matter_prep: str | None
    cameo: str
    plover: str
    mode: str | None

    @property
    def specificity(self) -> int:
        return len(self.qualifiers) * 2 + (self.target_prep is not None)


@dataclass(slots=True)
class EventDictionary:
    verbs: dict[str, list[EventPattern]]
    nouns: dict[str, EventPattern]

    def __len__(self) -> int:
        return sum(len(p) for p in self.verbs.values()) + len(self.nouns)


def parse_pattern(text: str, *, cameo: str, plover: str, mode: str | None) -> EventPattern:
    words = text.lower().split()
    if not words:
        raise ConfigError(f"events.yaml: empty verb pattern under CAMEO {cameo}")
    qualifiers, target_prep, matter_prep = [], None, None
    for word in words[1:]:
        if word.startswith(">"):
            target_prep = word[1:]
        elif word.startswith("~"):
            matter_prep = word[1:]
        else:
            qualifiers.append(word)
    return EventPattern(words[0], tuple(qualifiers), target_prep, matter_prep, cameo, plover, mode)


def load_event_dictionary(cameo_table: dict[str, CameoCode]) -> EventDictionary:
    verbs: dict[str, list[EventPattern]] = defaultdict(list)
    nouns: dict[str, EventPattern] = {}
    for entry in read_yaml("events.yaml") or []:
        cameo = str(entry["cameo"])
        plover = str(entry["plover"]).upper()
        if cameo not in cameo_table:
            raise ConfigError(f"events.yaml: unknown CAMEO code {cameo}")
        if plover not in PLOVER_TYPES:
            raise ConfigError(f"events.yaml: unknown PLOVER type {plover} (CAMEO {cameo})")
        mode = entry.get("mode") or None
        for text in entry.get("verbs") or []:
            pattern = parse_pattern(str(text), cameo=cameo, plover=plover, mode=mode)
            verbs[pattern.lemma].append(pattern)
        for noun in entry.get("nouns") or []:
            nouns.setdefault(str(noun).lower(), EventPattern(
                str(noun).lower(), (), None, None, cameo, plover, mode
            ))
    for patterns in verbs.values():
        patterns.sort(key=lambda p: p.specificity, reverse=True)
    return EventDictionary(dict(verbs), nouns)
