"""Parties, motives and event words that the ledger and framing group by (#6).

Loaded from `knowledge/data/parties.yaml`, with the aliases of the knowledge-base
organisations and persons each party names, so "FETO", "Gulenists", "the Gulen movement"
and "Fethullah Gulen" all find one party without a second alias list to keep in step.
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
    key: str
    label: str
    code: str | None
    patterns: tuple[re.Pattern[str], ...]

    def found_in(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


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
    parties: tuple[Party, ...]
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


def _kb_aliases(kb: Any, names: list[str], kind: str) -> list[str]:
    entries = {entry.name: entry for entry in getattr(kb, kind, ())}
    aliases: list[str] = []
    for name in names:
        entry = entries.get(name)
        if entry is None:
            raise ConfigError(f"parties.yaml: {name!r} is not in the knowledge base's {kind}")
        aliases += [entry.name, *entry.aliases]
    return aliases


_CACHE: dict[int, Lexicon] = {}


def load_lexicon(kb: Any) -> Lexicon:
    """The bundled lexicon, completed with the knowledge base's aliases (cached per kb)."""
    cached = _CACHE.get(id(kb))
    if cached is not None:
        return cached
    raw = read_yaml("parties.yaml") or {}
    parties = []
    for entry in raw.get("parties", []):
        aliases = [*_kb_aliases(kb, list(entry.get("organisations", [])), "organisations"),
                   *_kb_aliases(kb, list(entry.get("persons", [])), "persons"),
                   *(str(w) for w in entry.get("words", []))]
        parties.append(Party(str(entry["key"]), str(entry["label"]), entry.get("code"),
                             alias_patterns(list(dict.fromkeys(aliases)))))
    motives = []
    for entry in raw.get("motives", []):
        detail = entry.get("detail")
        motives.append(Motive(str(entry["key"]), str(entry["label"]),
                              alias_patterns([str(w) for w in entry.get("words", [])]),
                              re.compile(detail) if detail else None))
    words = sorted((str(w) for w in raw.get("event_words", [])), key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in words)
    lexicon = Lexicon(tuple(parties), tuple(motives),
                      re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE))
    _CACHE[id(kb)] = lexicon
    return lexicon
