"""Uncoded role phrases that name their country further in: "refugees fleeing the war in
Liberia", "monitors sent to Kabul" (#12).

A description is coded from the modifiers left of its head ("Liberian refugees"); a country
that appears only in a relative clause or prepositional phrase of the same noun phrase was
lost, so the event had an actor with no code. Only the phrase's own words count (the head's
subtree), never the rest of the sentence.
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
        country = next((code for ent in ctx.ents_covering(inside)
                        if ent.root.i in inside and place_entity(ent, ctx)
                        and (code := _country(ent.text, ctx))), None)
        if country:
            mention.code, mention.country = country + role.code, country


def _country(words: str, ctx: DocContext) -> str | None:
    entry = ctx.place(words)
    return (entry.country if entry else None) or ctx.kb.countries.lookup(words)
