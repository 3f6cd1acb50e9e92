"""Uncoded role phrases that name their country further in: "refugees fleeing the war in
Liberia", "monitors sent to Kabul" (#12).

A description is coded from the modifiers left of its head ("Liberian refugees"); a country
that appears only in a relative clause or prepositional phrase of the same noun phrase was
lost, so the event had an actor with no code. Only the phrase's own words count (the head's
subtree), never the rest of the sentence, and never the words of another actor its verb
acts upon ("the gunman who killed Russia's ambassador" is not Russian).
"""

from __future__ import annotations

from typing import Any

from aftermath.extract.context import DocContext
from aftermath.extract.places import place_entity


def code_from_phrases(ctx: DocContext, mentions: list[Any]) -> None:
    """Give uncoded description mentions the country of a place named inside their phrase."""
    for mention in mentions:
        if mention.code or mention.source != "description" or not mention.role:
            continue
        role = ctx.kb.role_nouns.get(mention.role)
        if role is None:
            continue
        head = ctx.doc[mention.start_i : mention.end_i].root
        inside = range(head.i + 1, head.right_edge.i + 1)
        others = _acted_upon(ctx, mentions, mention, inside)
        country = next((code for ent in ctx.ents_covering(inside)
                        if ent.root.i in inside and ent.root.i not in others
                        and place_entity(ent, ctx)
                        and (code := _country(ent.text, ctx))), None)
        if country:
            mention.code, mention.country = country + role.code, country


def _acted_upon(ctx: DocContext, mentions: list[Any], mention: Any,
                inside: range) -> set[int]:
    """Tokens of the actors the phrase's own verbs act upon: "the gunman who wounded
    Chile's consul" names the victim's country, not the gunman's. A place the phrase's
    actor is in, goes to or flees ("fled the fighting in Mali") still counts."""
    doc = ctx.doc
    acted: set[int] = set()
    for other in mentions:
        if other is mention or not (other.start_i in inside or other.end_i - 1 in inside):
            continue
        root = doc[other.start_i : other.end_i].root
        if root.dep_ in ("dobj", "dative"):
            acted.update(t.i for t in root.subtree)
    return acted


def _country(words: str, ctx: DocContext) -> str | None:
    entry = ctx.place(words)
    return (entry.country if entry else None) or ctx.kb.countries.lookup(words)
