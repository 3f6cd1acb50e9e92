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
        ent.label_ in MISTAGGED_LABELS and ctx.place(ent.text) is not None
        and ctx.kb.countries.lookup(ent.text) is None
    )


def _place_of_token(token: Token, ctx: DocContext, *, named: bool = False) -> Place | None:
    """The place a token's entity names. With `named`, a GPE/LOC/FAC the gazetteer does not
    know still gives its name (no coordinates): "the town of Bakwa" is worth reporting."""
    ent = ctx.ent_at(token.i)
    if ent is None or not place_entity(ent, ctx):
        return None
    entry = ctx.place(ent.text)
    if entry is None:
        if named and ent.label_ in PLACE_LABELS and ctx.kb.countries.lookup(ent.text) is None:
            text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            return Place(text, None, None, None)
        return None
    return Place(entry.name, entry.country, entry.lat, entry.lon)


def _place_inside(token: Token, ctx: DocContext, exclude: set[int], named: bool) -> Place | None:
    """A place named in a phrase: itself, or inside it ("the San Carlos municipality",
    "the town of Bakwa", "an art gallery in Ankara")."""
    for inner in sorted(token.subtree, key=lambda t: (t.i != token.i, t.i)):
        if inner.i in exclude:
            continue
        place = _place_of_token(inner, ctx, named=named)
        if place is not None:
            return place
    return None


def find_place(trigger: Token, ctx: DocContext, exclude: set[int]) -> Place | None:
    """The location of the event whose trigger (verb or noun) is `trigger`.

    In order: a locative phrase of the event's own (nearest in the parse first); a city the
    event acts on ("captured Jaffna", "bombed Pooneryn"); a locative phrase elsewhere in the
    sentence. Known places first, then places only named.
    """
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
    ordered = [token for _, token in sorted(candidates, key=lambda c: (c[0], c[1].i))]
    for token in ordered:
        place = _place_inside(token, ctx, exclude, named=True)
        if place is not None and place.country is None:
            # "the Baghdad neighbourhood of Al-Bayaa": keep the specific name, take the
            # country from a known place around it.
            known = _place_inside(token, ctx, exclude, named=False) or _place_in_sentence(
                trigger, ctx, exclude)
            if known is not None:
                place = Place(place.name, known.country, None, None)
        if place is not None:
            return place
    for child in trigger.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            place = _place_of_token(child, ctx)
            if place is not None and place.lat is not None:
                return place  # a city, not a country standing for its government
    return _place_in_sentence(trigger, ctx, exclude)


def _place_in_sentence(trigger: Token, ctx: DocContext, exclude: set[int]) -> Place | None:
    """Failing a place phrase of its own, the place the sentence names nearest the trigger
    after a locative preposition ("Clashes broke out ..., police in Aleppo said")."""
    sent = ctx.sent_of(trigger)
    candidates = [
        ent for ent in ctx.ents_starting(sent.start, sent.end)
        if ent.root.i not in exclude
        and ent.root.dep_ == "pobj" and ent.root.head.lower_ in LOCATION_PREPS
    ]
    for ent in sorted(candidates, key=lambda e: abs(e.root.i - trigger.i)):
        place = _place_of_token(ent.root, ctx)
        if place is not None:
            return place
    return None
