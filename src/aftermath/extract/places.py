"""Where an event happened: the place phrase attached to the event, geocoded by the gazetteer.

The event's own location ("shot ... in Ankara") wins over any other place the sentence
names; a place that is an argument of the event (a capital standing for its government) is
never its location.
"""

from __future__ import annotations

from spacy.tokens import Token

from aftermath.extract.context import DocContext
from aftermath.records import Place

LOCATION_PREPS = frozenset({"in", "at", "near", "outside", "inside", "over", "off", "across"})


# The small model sometimes tags a city as a group or organisation ("Aleppo" as NORP);
# such an entity is a place when the gazetteer knows it and it is no demonym.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MISTAGGED_LABELS = frozenset({"NORP", "ORG"})


def place_entity(ent, ctx: DocContext) -> bool:  # type: ignore[no-untyped-def]
    """Whether a named entity names a place we can geocode."""
    if ent.label_ in PLACE_LABELS:
        return True
    return (
        ent.label_ in MISTAGGED_LABELS and ctx.kb.place(ent.text) is not None
        and ctx.kb.countries.lookup(ent.text) is None
    )


def _place_of_token(token: Token, ctx: DocContext) -> Place | None:
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is None or not place_entity(ent, ctx):
        return None
    entry = ctx.kb.place(ent.text)
    if entry is None:
        return None
    return Place(entry.name, entry.country, entry.lat, entry.lon)


def find_place(trigger: Token, ctx: DocContext, exclude: set[int]) -> Place | None:
    """The location of the event whose trigger (verb or noun) is `trigger`."""
    candidates: list[tuple[int, Token]] = []
    for token in trigger.subtree:
        if token.i in exclude or token.dep_ != "pobj":
            continue
        if token.head.lower_ not in LOCATION_PREPS:
            continue
        depth, node = 0, token
        while node != trigger and depth < 12:
            node, depth = node.head, depth + 1
        candidates.append((depth, token))
    for _, token in sorted(candidates, key=lambda c: (c[0], c[1].i)):
        place = _place_of_token(token, ctx)
        if place is not None:
            return place
        # "at an art gallery in Ankara": the gallery is no place we know; look inside it.
        for inner in token.subtree:
            if inner.i not in exclude and inner.dep_ == "pobj" and inner != token:
                place = _place_of_token(inner, ctx)
                if place is not None:
                    return place
    return None
