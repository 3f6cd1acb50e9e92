"""Reporting is not acting: who names, describes or judges an act is not the one who did it.

"Putin described the killing of the ambassador as a provocation" has Putin as the subject of
the verb that governs "killing"; the rule that lets a governing verb's subject do a nominal
act ("speeded up the withdrawal of its forces") must not fire here. A speaker, describer
or namer becomes the event's `reporter`; the source comes from the reported phrase itself
("the killing by X") or stays unknown (#12).
"""

from __future__ import annotations

from spacy.tokens import Token

from aftermath.extract.context import DocContext

# Verbs that name, characterise, judge or talk about an act rather than carry it out.
# Reporting, evaluation, criticism, blame and denial verbs come from cues.yaml; these are
# the naming and perceiving verbs that list does not hold.
DESCRIBING_VERBS = frozenset(
    {"describe", "call", "term", "label", "brand", "dub", "characterise", "characterize",
     "portray", "depict", "consider", "deem", "regard", "view", "see", "treat", "class",
     "classify", "mourn", "investigate", "probe", "discuss", "mention", "recall", "remember",
     "witness", "watch", "film", "photograph", "hail", "praise", "welcome", "regret",
     "protest", "justify", "defend", "applaud", "celebrate", "lament", "question", "doubt",
     "dismiss", "attribute", "link", "tie", "connect", "blame", "condemn", "denounce",
     "deplore", "decry", "criticise", "criticize", "explain", "analyse",
     "analyze", "cover", "document", "record", "recount", "narrate", "detail"}
)


def is_describing(lemma: str, ctx: DocContext) -> bool:
    """Whether the subject of `lemma` talks about an act instead of doing it.

    Membership is tested list by list: this runs for every event noun, so no union is built.
    """
    cues = ctx.kb.cues
    return any(lemma in words for words in (
        DESCRIBING_VERBS, cues.reporting_verbs, cues.evaluation_verbs, cues.criticism_verbs,
        cues.blame_verbs, cues.denial_verbs))


def describer_verb(noun: Token, ctx: DocContext) -> Token | None:
    """The verb that names or judges the act `noun` denotes, if the noun is its object.

    "called the attack a terrorist act", "described the killing as a provocation",
    "condemned the bombing": the verb is returned, and its subject is a reporter.
    """
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX") and (
        is_describing(head.lemma_.lower(), ctx)
    ):
        return head
    return None


def is_blame_predicate(verb: Token) -> bool:
    """"X is to blame (for Y)": X is the one blamed, not one who blames."""
    return verb.lemma_.lower() == "blame" and verb.dep_ == "xcomp" and (
        verb.head.lemma_.lower() == "be"
    ) and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


# Verbs whose "of"/"for" complement is an act somebody is accused of, not a reported fact.
ACCUSING_VERBS = frozenset({"accuse", "blame", "charge", "suspect", "indict", "fault",
                            "convict", "implicate"})
ACCUSATION_DEPTH = 5


def accusation_over(token: Token) -> Token | None:
    """The accusing verb whose "of"/"for" complement holds `token`, if any.

    "Moscow has long accused the west of stirring unrest": the unrest is what Moscow says
    the West does, so the act is reported by Moscow, not asserted by the writer.
    """
    node = token
    for _ in range(ACCUSATION_DEPTH):
        head = node.head
        if head == node:
            return None
        if head.dep_ == "prep" and head.lower_ in ("of", "for"):
            # The parser hangs "of stirring unrest" on the verb or on its object ("the west").
            verb = head.head.head if head.head.dep_ in ("dobj", "nsubjpass") else head.head
            if verb.lemma_.lower() in ACCUSING_VERBS and verb.pos_ == "VERB":
                return verb
        node = head
    return None
