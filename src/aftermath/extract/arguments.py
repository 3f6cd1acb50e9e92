"""Who acts and who is acted on, beyond what the parse hands over directly.

The dependency parse gives subjects and objects; news sentences often hide the target in a
complement ("offered to hand over to Jordan ..."), name a place for its country ("arrived
in Amman"), or say "its troops" for the actor's own means. These functions find arguments
for `extract.events`; they read the parse and the mention index and never raise.
"""

from __future__ import annotations

from spacy.tokens import Token

from aftermath.extract.context import DocContext
from aftermath.extract.mentions import Mention, MentionIndex
from aftermath.extract.places import place_entity
from aftermath.records import ActorKind


def place_in(token: Token, ctx: DocContext) -> Token | None:
    """The root of the first known place named inside a prepositional object, if any."""
    inside = range(token.left_edge.i, token.right_edge.i + 1)
    for ent in ctx.ents_covering(inside):
        if place_entity(ent, ctx) and ent.root.i in inside and (
            ctx.place(ent.text) or ctx.kb.countries.lookup(ent.text)
        ):
            return ent.root
    return None


def place_mention(token: Token, ctx: DocContext) -> Mention | None:
    """A country-coded mention for the place entity at `token` (a target by location)."""
    ent = ctx.ent_at(token.i)
    if ent is None:
        return None
    entry = ctx.place(ent.text)
    country = entry.country if entry else ctx.kb.countries.lookup(ent.text)
    if not country:
        return None
    return Mention(country, ctx.kb.countries.name_of(country), ActorKind.STATE, country,
                   ent.start, ent.end, ctx.sentence_of(ent[0]), "state:" + country, None,
                   "place")




def conjuncts(token: Token) -> list[Token]:
    return [token, *(c for c in token.conjuncts if c.i > token.i)]


def subject_of(verb: Token) -> tuple[list[Token], bool]:
    """Subject tokens and whether the verb is passive."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and any(c.dep_ == "agent" for c in verb.children)
    )  # "a deal brokered by Russia and Turkey"
    if passive:
        agents = [
            obj for c in verb.children if c.dep_ == "agent"
            for obj in c.children if obj.dep_ == "pobj"
        ]
        return agents, True
    node = verb
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
        if subjects and node.dep_ == "relcl" and subjects[0].tag_ in ("WDT", "WP"):
            return [node.head], False  # "a warplane that violated ...": the warplane
        if subjects:
            return subjects, False
        if node.dep_ in ("xcomp", "conj", "advcl", "acomp") and node.head != node:
            node = node.head
            continue
        if node.dep_ == "relcl":
            return [node.head], False
        break
    return [], False




NOT_TARGET_DEPS = frozenset(
    {"nsubj", "nsubjpass", "csubj", "ccomp", "parataxis", "advcl", "punct", "aux",
     "auxpass", "neg", "mark", "cc", "expl", "advmod", "npadvmod", "relcl"}
)
TARGET_SEARCH_DEPTH = 5


def own_means(target: Mention | None, sources: list[Mention | None], ctx: DocContext) -> bool:
    """"withdraw its troops", "deployed their forces": what the source owns is what it acts
    with, not what it acts on."""
    if target is None or target.source != "description" or not target.country:
        return False
    head = ctx.doc[target.start_i : target.end_i].root
    owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children)
    return owned and any(s is not None and s.country == target.country for s in sources)


def nearest_actor(
    verb: Token, index: MentionIndex, sources: list[Mention | None], ctx: DocContext
) -> Mention | None:
    """The coded actor closest to the trigger in its object side, not one of its sources.

    "offered to hand over to Great Britain two nationals": the target sits in the
    complement's prepositional phrase; a breadth-first walk finds it before anything deeper.
    """
    source_keys = {m.key for m in sources if m is not None}
    frontier = object_side(verb)
    for _ in range(TARGET_SEARCH_DEPTH):
        following: list[Token] = []
        for token in sorted(frontier, key=lambda t: t.i):
            mention = index.at(token)
            if mention is not None and mention.code and mention.key not in source_keys and (
                not own_means(mention, sources, ctx)
            ):
                return mention
            following += object_side(token)
        frontier = following
    return None


def object_side(token: Token) -> list[Token]:
    """Children that can hold the token's target: not its subject, reported clause, or a
    second verb joined to it ("condemned the attack and offered help to Russia")."""
    return [
        c for c in token.children
        if c.dep_ not in NOT_TARGET_DEPS and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    ]


def place_target(
    verb: Token, ctx: DocContext, sources: list[Mention | None]
) -> Mention | None:
    """The country where an action lands, when no actor receives it ("aid to refugees in
    Liberia", "arrived in Amman"): gold coders and analysts both name it as the target."""
    source_keys = {m.key for m in sources if m is not None}
    side = {t.i for c in object_side(verb) for t in c.subtree}
    for ent in ctx.ents_covering(sorted(side)):
        if ent.root.i not in side or not place_entity(ent, ctx):
            continue
        mention = place_mention(ent.root, ctx)
        if mention is not None and mention.key not in source_keys:
            return mention
    return None


# Verbs of a relative clause that say who an unnamed actor turned out to be: "an assailant
# who was identified as a police officer", "a man later named as a member of ...".
IDENTIFYING_VERBS = frozenset({"identify", "name", "reveal", "confirm", "describe", "be"})


def identified_as(token: Token, index: MentionIndex) -> Mention | None:
    """The coded actor an uncoded one is said to be, by apposition or a relative clause.

    "was assassinated by a lone assailant who has since been identified as a police
    officer": the assailant is the police officer, so the officer is the source (#12).
    """
    for child in token.children:
        if child.dep_ == "appos":
            mention = index.for_argument(child)
            if mention is not None and mention.code:
                return mention
        if child.dep_ in ("relcl", "acl") and child.lemma_.lower() in IDENTIFYING_VERBS:
            for grand in child.children:
                objects = [g for g in grand.children if g.dep_ == "pobj"] if (
                    grand.dep_ == "prep" and grand.lower_ == "as") else (
                    [grand] if grand.dep_ in ("attr", "oprd") else [])
                for obj in objects:
                    mention = index.for_argument(obj)
                    if mention is not None and mention.code:
                        return mention
    return None


def resolve(tokens: list[Token], index: MentionIndex) -> list[Mention | None]:
    found: list[Mention | None] = []
    for token in tokens:
        for conjunct in conjuncts(token):
            mention = index.for_argument(conjunct)
            if mention is None or not mention.code:
                mention = identified_as(conjunct, index) or mention
            if mention is not None and all(m.key != mention.key for m in found if m):
                found.append(mention)
    return found

