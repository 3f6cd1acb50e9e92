"""Calling someone names is disapproval: "Trump called the senator a disgrace" (#17).

A naming verb with a judging complement ("called X a liar", "branded X's plan a fraud",
"described X as dangerous") is how much wire copy reports criticism, and the CAMEO coders
code it as 111 (criticise or denounce) from the namer to the one named (or the owner of
the thing named). The naming verb is not an event of its own otherwise: "called the attack
a terrorist act" names an act (extract/reporting.py), and a complement without a word of
condemnation ("called him a friend") is no criticism.
"""

from __future__ import annotations

from spacy.tokens import Token

NAMING_VERBS = frozenset({"call", "label", "brand", "dub", "term", "describe", "characterise",
                          "characterize", "portray", "denounce"})
CRITICISM_CODE = "111"
# Labels that condemn whom they are given to, beyond the words of condemnation in
# cues.yaml (which are also read in quoted statements, where these would be too broad).
INSULTS = frozenset({"fascist", "fascism", "nazi", "traitor", "thug", "puppet", "clown",
                     "loser", "fool", "murderer", "butcher", "warmonger", "menace",
                     "threat", "rogue", "pariah", "sham", "farce", "witch"})


def complement(verb: Token) -> list[Token]:
    """The words a naming verb gives its object: "a liar", "as dangerous"."""
    found = []
    for child in verb.children:
        if child.dep_ in ("oprd", "xcomp", "ccomp"):
            found += list(child.subtree)
        elif child.dep_ == "prep" and child.lower_ == "as":
            found += [t for g in child.children for t in g.subtree]
    return found


def judged(verb: Token, negative_words: frozenset[str]) -> list[Token]:
    """The objects a naming verb condemns: its objects when the complement judges them."""
    if verb.lemma_.lower() not in NAMING_VERBS or any(c.dep_ == "neg" for c in verb.children):
        return []
    words = complement(verb)
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects:
        # "branded the Dutch government fascist" is often parsed as one complement clause.
        objects = [t for t in words if not _condemns(t, negative_words)]
    else:
        words += [t for o in objects for t in o.subtree]  # "called the dossier fake news"
    if not any(_condemns(t, negative_words) for t in words):
        return []
    return objects


def _condemns(token: Token, negative_words: frozenset[str]) -> bool:
    word = token.lemma_.lower()
    return word in negative_words or token.lower_ in negative_words or word in INSULTS
