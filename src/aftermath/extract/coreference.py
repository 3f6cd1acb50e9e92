"""Within-article coreference: pronouns and definite descriptions point back to a mention.

"he", "they", "it/its" for states and organisations, "the ambassador", and "the gunman"
for the subject of an earlier attack. Across sentences a pronoun prefers the last
main-clause subject over the subject of "as he spoke".
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from aftermath.extract.context import DocContext
from aftermath.extract.mentions import Mention
from aftermath.records import ActorKind

# Nouns that name the perpetrator of an attack; "the gunman" refers back to whoever attacked.
PERPETRATOR_NOUNS = frozenset({"gunman", "attacker", "assassin", "killer", "shooter", "assailant"})
PRONOUNS_PERSON = frozenset({"he", "him", "his", "she", "her", "hers"})
PRONOUNS_GROUP = frozenset({"they", "them", "their"})
# "it"/"its" stand for a state or an organisation ("Hungary said it will support ...").
PRONOUNS_BODY = frozenset({"it", "its"})
# Verbs whose subject "it" is usually expletive ("it is clear", "it seems").
EXPLETIVE_HEADS = frozenset({"seem", "appear", "remain", "take", "make", "become"})
# "it is willing to ..." has a real subject; "it is clear that ..." does not.
STANCE_ADJECTIVES = frozenset(
    {"willing", "ready", "prepared", "determined", "eager", "keen", "committed", "due",
     "opposed", "responsible", "able", "unable", "unwilling", "reluctant", "set", "poised"}
)


def resolve_coreference(ctx: DocContext, mentions: list[Mention]) -> list[Mention]:
    """Pronouns and definite descriptions point back to the latest compatible mention."""
    doc = ctx.doc
    assault_lemmas = {
        lemma for lemma, patterns in ctx.kb.events.verbs.items()
        if any(p.plover == "ASSAULT" for p in patterns)
    }
    resolved: list[Mention] = []
    by_start = {m.start_i: m for m in mentions}
    for token in doc:
        mention = by_start.get(token.i)
        if mention is not None:
            if mention.source == "description" and mention.key.startswith("desc:?:"):
                antecedent = _antecedent_for_description(doc, mention, resolved, assault_lemmas)
                if antecedent is not None:
                    mention = replace(
                        mention, code=antecedent.code, country=antecedent.country,
                        key=antecedent.key, name=antecedent.name, kind=antecedent.kind,
                    )
            resolved.append(mention)
            continue
        lower = token.lower_
        if token.pos_ != "PRON" or lower not in PRONOUNS_PERSON | PRONOUNS_GROUP | PRONOUNS_BODY:
            continue
        if lower in PRONOUNS_BODY and (
            token.dep_ not in ("nsubj", "nsubjpass", "poss")
            or token.head.lemma_.lower() in EXPLETIVE_HEADS
            or (token.head.lemma_.lower() == "be" and not any(
                c.dep_ in ("acomp", "attr") and c.lower_ in STANCE_ADJECTIVES
                for c in token.head.children
            ))
        ):
            continue
        antecedent = antecedent_for_pronoun(token, resolved)
        if antecedent is not None:
            resolved.append(replace(
                antecedent, start_i=token.i, end_i=token.i + 1,
                sentence=ctx.sentence_of(token), source="coref",
            ))
    return resolved


def _antecedent_for_description(
    doc: Doc, mention: Mention, earlier: list[Mention], assault_lemmas: set[str]
) -> Mention | None:
    role = mention.role or ""
    for candidate in reversed(earlier):
        if candidate.role == role or (candidate.role and role in candidate.role.split()):
            return candidate
    if role in PERPETRATOR_NOUNS:
        # "Special forces killed the attacker": the subject of the verb whose object the
        # perpetrator noun is, is the one who stopped the attacker, never the attacker.
        own_verb = doc[mention.start_i : mention.end_i].root.head
        for candidate in reversed(earlier):
            head = doc[candidate.start_i : candidate.end_i].root
            if head.head == own_verb or (head.dep_ in ("appos", "compound")
                                         and head.head.head == own_verb):
                continue
            if head.dep_ == "nsubj" and head.head.lemma_ in assault_lemmas:
                return candidate
            if head.dep_ in ("appos", "compound") and head.head.dep_ == "nsubj" and (
                head.head.head.lemma_ in assault_lemmas
            ):
                return candidate
    return None


SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl"})
# How far back (in sentences) a pronoun looks for its antecedent.
PRONOUN_WINDOW = 3


def antecedent_for_pronoun(token: Token, earlier: list[Mention]) -> Mention | None:
    want_person = token.lower_ in PRONOUNS_PERSON
    sentence_start = token.sent.start
    best: Mention | None = None
    for candidate in reversed(earlier):
        if candidate.source == "coref" and candidate.start_i >= sentence_start:
            continue
        if token.i - candidate.end_i > 120 and best is not None:
            break
        is_person = candidate.kind == ActorKind.PERSON
        if want_person != is_person:
            continue
        if token.lower_ in PRONOUNS_BODY and candidate.kind not in (
            ActorKind.STATE, ActorKind.ORGANISATION
        ):
            continue
        if candidate.start_i >= sentence_start:
            head = token.doc[candidate.start_i : candidate.end_i].root
            # Within a sentence, a pronoun's antecedent is rarely its own verb's object.
            if head.head == token.head and head.dep_ in ("dobj", "pobj"):
                continue
            return candidate
        if best is None:
            best = candidate
        head = token.doc[candidate.start_i : candidate.end_i].root
        if head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ not in SUBORDINATE_DEPS:
            # Main-clause subjects are the salient antecedents of the next sentences; the
            # subject of "as he spoke" is not.
            return candidate
        if token.sent.start - candidate.end_i > 80:
            break
    return best


