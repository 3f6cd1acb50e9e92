"""Actor mentions from the Phoenix actor dictionaries, and Phoenix-style unknown countries (#12).

Runs after our own knowledge-base names have claimed their tokens (our entries win), on
the tokens left: at each token the longest Phoenix name starting there (a user file's entry
before a bundled one of the same length), coded with the code valid at the publication
date. Names that are country words or gazetteer places are left to our own country and
place tables, which tell a country from its capital and a place from an actor. A name
never covers only part of a named entity the model found: "Organization" (a synonym of
Tanzim) inside "the Organization of African Unity", or "Abu Musab" inside "Abu Musab
al-Zarqawi", is a fragment of a longer name the dictionaries do not know.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from aftermath.extract.context import DocContext
from aftermath.knowledge import KnowledgeBase
from aftermath.knowledge.phoenix import ActorEntry
from aftermath.records import UNKNOWN_COUNTRY, ActorKind

if TYPE_CHECKING:
    from aftermath.extract.mentions import Mention

# Code prefixes that are not countries but stand on their own (CAMEO's transnational tags).
TRANSNATIONAL = frozenset({"IGO", "NGO", "IMG", "MNC", "INT", "UIS"})
# How far before publication a dated code still names its holder (as for persons.yaml).
GRACE_DAYS = 7
# Single-word names this short are acronyms ("UN", "ETA", "PKK"): they match only in capitals.
ACRONYM_MAX = 4
# Entity labels of names: a Phoenix name may not cut one of these in two.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "LAW",
                         "WORK_OF_ART"})
_FILE_KINDS = {"Phoenix.MilNonState.actors.txt": ActorKind.GROUP}


def entry_code(entry: ActorEntry, day: dt.date | None, kb: KnowledgeBase) -> str | None:
    """The entry's code at `day`, Phoenix's `---` as no code and a bare role ("ELI") as a
    role of an unknown country ("---ELI")."""
    code = entry.code_at(day)
    if code is None and day is not None:
        code = entry.code_at(day - dt.timedelta(days=GRACE_DAYS))
    if code is None or code.strip("-") == "":
        return None
    if code in _role_codes(kb) and code not in kb.countries.by_code:
        return UNKNOWN_COUNTRY + code
    return code


def _role_codes(kb: KnowledgeBase) -> frozenset[str]:
    """Every three-letter role code the role nouns use (GOV, ELI, REB, ...)."""
    key = id(kb)
    if key not in _ROLE_CODES:
        _ROLE_CODES[key] = frozenset(
            role.code[i : i + 3] for role in kb.role_nouns.values()
            for i in range(0, len(role.code), 3)
        ) - TRANSNATIONAL
    return _ROLE_CODES[key]


_ROLE_CODES: dict[int, frozenset[str]] = {}


def _kind(entry: ActorEntry, code: str, kb: KnowledgeBase) -> ActorKind:
    if entry.source in _FILE_KINDS:
        return _FILE_KINDS[entry.source]
    if any(c.dated for c in entry.codes):
        return ActorKind.PERSON  # only office-holders carry date ranges
    if code in kb.countries.by_code:
        return ActorKind.STATE
    return ActorKind.ORGANISATION


def _ours(words: str, kb: KnowledgeBase) -> bool:
    """Whether our own tables decide these words: a country word, capital or place."""
    return bool(kb.countries.lookup(words) or kb.countries.capital(words) or kb.place(words))


def _part_of_entity(start: int, end: int, entity_of: dict[int, tuple[int, int]]) -> bool:
    """Whether tokens [start, end) lie inside one named entity that is longer than they are."""
    span = entity_of.get(start)
    return span is not None and span[0] <= start and end <= span[1] and (
        span[1] - span[0] > end - start)


def phoenix_mentions(ctx: DocContext, claimed: set[int]) -> list[Mention]:
    """Mentions of Phoenix-dictionary actors on tokens not in `claimed`."""
    from aftermath.extract.mentions import Mention

    doc, kb = ctx.doc, ctx.kb
    names = kb.phoenix.names
    day = ctx.published
    found: list[Mention] = []
    entity_of = {}
    lowers, texts = ctx.lowers, ctx.texts
    for ent in ctx.ents:
        if ent.label_ in NAME_LABELS:
            start = ent.start + (lowers[ent.start] == "the")  # "The Basque Fatherland ..."
            entity_of.update(dict.fromkeys(range(start, ent.end), (start, ent.end)))
    # Each token's forms read once (DocContext): the candidates of a common first word
    # ("the") are many, and comparing them through Token objects was most of this time.
    size = len(lowers)
    i = 0
    while i < size:
        candidates = names.get(lowers[i]) if i not in claimed else None
        opener = texts[i + 1] if lowers[i] == "the" and i + 1 < size else texts[i]
        if not candidates or not opener[:1].isupper():
            i += 1
            continue
        token = doc[i]
        hit = None
        for words, row in candidates:
            end = i + len(words)
            if end > size or tuple(lowers[i:end]) != words or not claimed.isdisjoint(
                    range(i, end)):
                continue
            if len(words) == 1 and len(texts[i]) <= ACRONYM_MAX and not token.is_upper:
                continue
            if _ours(doc[i:end].text, kb) or _part_of_entity(i, end, entity_of):
                continue
            entry = kb.phoenix.actor(row)
            code = entry_code(entry, day, kb)
            if code is not None:
                hit = (end, entry, code)
                break
        if hit is None:
            i += 1
            continue
        end, entry, code = hit
        country = code[:3] if code[:3] in kb.countries.by_code else None
        found.append(Mention(code, doc[i:end].text, _kind(entry, code, kb), country, i, end,
                             ctx.sentence_of(token), "phoenix:" + entry.names[0], None, "kb"))
        i = end
    return found


def code_unknown_countries(mentions: list[Mention], kb: KnowledgeBase) -> None:
    """Give a role-noun mention with no country its role the Phoenix way ("---REB").

    Set as the mention's `fallback`: resolution inside the extractors still sees no code
    (an uncoded actor is not a target candidate, nor on anyone's side); the records carry
    it, where a code starting with `---` means "country unknown".
    """
    for mention in mentions:
        if mention.code is not None or not mention.role:
            continue
        role = kb.role_nouns.get(mention.role)
        if role is not None and role.code:
            mention.fallback = UNKNOWN_COUNTRY + role.code.replace("-", "")
