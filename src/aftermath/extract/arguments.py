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


# Reporting verbs whose subjectless complement is the speaker's own act in headlines.
ELLIPSIS_HEADS = frozenset({"say", "tell", "announce", "warn", "vow", "pledge", "insist"})


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
        if node.dep_ == "acl" and node.tag_ == "VBG":
            return [node.head], False  # "Trump, speaking with Macron on Friday, ...": Trump
        if node.dep_ == "ROOT" and node.pos_ == "NOUN" and any(
                c.dep_ == "dobj" for c in node.children):
            # A headline's verb tagged as a noun, with an object as only a verb has one:
            # "Obama sanctions Russia for ..." (#17).
            named = [c for c in node.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if named:
                return named, False
        if node.dep_ == "pcomp" and node.head.dep_ == "prep":
            # "rebuked its regions for cutting ties": the regions cut them; "gave Trump a
            # victory by allowing his ban": who gave, allowed (#17).
            prep, governor = node.head, node.head.head
            objects = [c for c in governor.children if c.dep_ == "dobj"]
            if prep.lower_ in ("for", "of") and objects and governor.pos_ == "VERB":
                return objects, False
            if governor.pos_ in ("VERB", "AUX") and any(
                    c.dep_ == "nsubj" for c in governor.children):
                node = governor  # only an active governor's subject does the act: in "the
                continue         # attack was aimed at forcing ...", no one named forces
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in ELLIPSIS_HEADS and not any(
                c.dep_ in ("nsubjpass", "expl", "csubjpass") for c in node.children):
            # Headline ellipsis: "South Korea says strongly condemns North Korea launch".
            node = node.head
            continue
        if node.dep_ in ("xcomp", "conj", "advcl", "acomp") and node.head != node:
            node = node.head
            continue
        if node.dep_ == "relcl":
            return [node.head], False
        break
    return [], False




# Conjunctions that make a refusal conditional on another actor's act.
CONDITION_MARKS = frozenset({"until", "unless"})


def condition_holders(verb: Token, index: MentionIndex,
                      sources: list[Mention | None]) -> list[Mention | None]:
    """Who a conditional refusal is aimed at: the subject of its "until"/"unless" clause
    ("will not return to talks until Pyongyang halts its tests") (#17)."""
    source_keys = {m.key for m in sources if m is not None}
    for child in verb.children:
        if child.dep_ != "advcl" or not any(
            g.dep_ == "mark" and g.lower_ in CONDITION_MARKS for g in child.children
        ):
            continue
        subjects = [g for g in child.children if g.dep_ in ("nsubj", "nsubjpass")]
        found = [m for m in resolve(subjects, index)
                 if m is not None and m.code and m.key not in source_keys]
        if found:
            return list(found)
    return []


# Reporting verbs that name whom they are addressed to: "told the Assembly that ...".
ADDRESSING_HEADS = frozenset({"tell", "warn", "assure", "inform", "remind", "promise"})


def addressee(verb: Token, index: MentionIndex,
              sources: list[Mention | None]) -> list[Mention | None]:
    """Whom an actor's own intent, threat or refusal is told to: "North Korea told the U.N.
    General Assembly it would never give up its weapons" is a refusal aimed at the U.N."""
    head = verb.head
    if verb.dep_ != "ccomp" or head.lemma_.lower() not in ADDRESSING_HEADS:
        return []
    speakers = resolve([c for c in head.children if c.dep_ == "nsubj"], index)
    source_keys = {m.key for m in sources if m is not None}
    if not any(s is not None and s.key in source_keys for s in speakers):
        return []  # someone else's words about the actor: no address of the actor's own
    heard = resolve([c for c in head.children if c.dep_ in ("dobj", "dative")], index)
    return [m for m in heard if m is not None and m.code and m.key not in source_keys]


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


# Prepositions that name what an act is about: "agreed to work together on North Korea",
# "urged restraint over Korea". For cooperation the actor there is the topic, not the
# partner (for conflict, "sanctions on Russia" and "pressure on Pyongyang" aim at it) (#17).
TOPIC_PREPS = frozenset({"on", "over", "about", "regarding", "concerning"})


def nearest_actor(
    verb: Token, index: MentionIndex, sources: list[Mention | None], ctx: DocContext, *,
    topics_apart: bool = False,
) -> Mention | None:
    """The coded actor closest to the trigger in its object side, not one of its sources.

    "offered to hand over to Great Britain two nationals": the target sits in the
    complement's prepositional phrase; a breadth-first walk finds it before anything deeper.
    """
    source_keys = {m.key for m in sources if m is not None}
    frontier = [t for t in object_side(verb)
                if not (topics_apart and t.dep_ == "prep" and t.lower_ in TOPIC_PREPS)]
    for _ in range(TARGET_SEARCH_DEPTH):
        following: list[Token] = []
        for token in sorted(frontier, key=lambda t: t.i):
            mention = index.at(token)
            if mention is not None and mention.code and mention.key not in source_keys and (
                not own_means(mention, sources, ctx)
            ):
                return mention
            following += [t for t in object_side(token)
                          if not (topics_apart and t.dep_ == "prep" and t.lower_ in TOPIC_PREPS)]
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

