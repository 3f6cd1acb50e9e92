"""Within-article coreference: pronouns and definite descriptions point back to a mention.

"he", "they", "it/its" for states and organisations, "the ambassador", and "the gunman"
for the subject of an earlier attack. Across sentences a pronoun prefers the last
main-clause subject over the subject of "as he spoke".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from spacy.tokens import Doc, Token

from aftermath.extract.context import DocContext
from aftermath.extract.mentions import Mention
from aftermath.knowledge.derived import derived
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


def _assault_lemmas(verbs: dict[str, Any]) -> frozenset[str]:
    """Verbs with an ASSAULT pattern; read once per dictionary, not per document (#20)."""
    return derived(verbs, "assault_lemmas", lambda table: frozenset(
        lemma for lemma, patterns in table.items()
        if any(p.plover == "ASSAULT" for p in patterns)))


def resolve_coreference(ctx: DocContext, mentions: list[Mention]) -> list[Mention]:
    """Pronouns and definite descriptions point back to the latest compatible mention."""
    doc = ctx.doc
    assault_lemmas = _assault_lemmas(ctx.kb.events.verbs)
    resolved: list[Mention] = []
    by_start = {m.start_i: m for m in mentions}
    covered = {i for m in mentions for i in range(m.start_i, m.end_i)}
    for token in ctx.tokens:
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
        if _state_noun(token) and not covered.intersection((token.i - 1, token.i)):
            antecedent = _antecedent_state(token, resolved)
            if antecedent is not None:
                resolved.append(replace(
                    antecedent, start_i=token.i - 1, end_i=token.i + 1,
                    sentence=ctx.sentence_of(token), source="coref",
                ))
            continue
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
    doc: Doc, mention: Mention, earlier: list[Mention], assault_lemmas: frozenset[str]
) -> Mention | None:
    role = mention.role or ""
    perpetrator = role in PERPETRATOR_NOUNS
    own_verb = doc[mention.start_i : mention.end_i].root.head
    by_token = {i: m for m in earlier for i in range(m.start_i, m.end_i)}
    assailant: Mention | None = None
    victim: Mention | None = None
    for candidate in reversed(earlier):
        if candidate.role == role or (candidate.role and role in candidate.role.split()):
            # "The gunman who killed the envoy ... X, an off-duty officer, shot the envoy.
            # The gunman shouted": an assailant named since, of the same victim, is the
            # earlier gunman identified; one who shot back (or shot him) is not.
            if assailant is not None and _same(victim, _victim_of(doc, candidate, by_token,
                                                                  assault_lemmas)):
                return assailant
            return candidate
        if perpetrator and assailant is None:
            verb = _assault_of(doc, candidate, own_verb, assault_lemmas)
            if verb is not None:
                assailant, victim = candidate, _object_of(verb, by_token)
    return assailant


def _assault_of(doc: Doc, candidate: Mention, own_verb: Token,
                assault_lemmas: frozenset[str]) -> Token | None:
    """The assault verb whose subject the candidate is, unless it is the description's
    own verb: in "Special forces killed the attacker", the subject of the verb whose
    object the perpetrator noun is, is the one who stopped the attacker."""
    head = doc[candidate.start_i : candidate.end_i].root
    if head.head == own_verb or (head.dep_ in ("appos", "compound")
                                 and head.head.head == own_verb):
        return None
    if head.dep_ == "nsubj" and head.head.lemma_ in assault_lemmas:
        return head.head
    if head.dep_ in ("appos", "compound") and head.head.dep_ == "nsubj" and (
            head.head.head.lemma_ in assault_lemmas):
        return head.head.head
    return None


def _object_of(verb: Token, by_token: dict[int, Mention]) -> Mention | None:
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    return next((by_token[t.i] for t in (obj, *obj.children)
                 if t.i in by_token and (t is obj or t.dep_ in ("compound", "appos"))), None)


def _victim_of(doc: Doc, perpetrator: Mention, by_token: dict[int, Mention],
               assault_lemmas: frozenset[str]) -> Mention | None:
    """Whom an earlier perpetrator mention attacked: "a gunman shot a guard", "the gunman
    who killed Russia's ambassador"."""
    head = doc[perpetrator.start_i : perpetrator.end_i].root
    verbs = [head.head] if head.dep_ == "nsubj" else []
    verbs += [c for c in head.children if c.dep_ == "relcl"]
    for verb in verbs:
        if verb.lemma_ in assault_lemmas and (victim := _object_of(verb, by_token)):
            return victim
    return None


def _same(one: Mention | None, other: Mention | None) -> bool:
    """One actor, by chain key or by code ("Russia's ambassador", "Ambassador Karlov")."""
    if one is None or other is None:
        return False
    return one.key == other.key or (one.code is not None and one.code == other.code)


# "the country", "the island": a bare definite noun that stands for a state named before
# ("Iran said the country would retaliate") (#17).
STATE_NOUNS = frozenset({"country", "nation", "island", "kingdom", "republic", "emirate"})


def _state_noun(token: Token) -> bool:
    if token.lower_ not in STATE_NOUNS or token.pos_ != "NOUN" or token.i == 0:
        return False
    lefts = list(token.lefts)
    return len(lefts) == 1 and lefts[0].lower_ == "the" and lefts[0].i == token.i - 1 and not (
        any(c.dep_ == "prep" for c in token.rights))  # "the country of ..." names its own


def _antecedent_state(token: Token, earlier: list[Mention]) -> Mention | None:
    """The state a "the country" stands for: the speaker of its clause, else the latest
    state named within the last sentences."""
    states = [m for m in earlier if m.kind == ActorKind.STATE and m.country
              and m.source != "coref"]
    speakers = []
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ccomp":
        speakers = [c.i for c in token.head.head.children if c.dep_ == "nsubj"]
    for candidate in reversed(states):
        if any(candidate.start_i <= i < candidate.end_i for i in speakers):
            return candidate
    window = token.sent.start - 80
    latest = next((m for m in reversed(states) if m.end_i > window), None)
    return latest


SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl"})
# How far back (in sentences) a pronoun looks for its antecedent.
PRONOUN_WINDOW = 3


def _compatible(token: Token, candidate: Mention) -> bool:
    """Whether a pronoun can stand for the candidate: a person for "he", a body for "it"."""
    if (token.lower_ in PRONOUNS_PERSON) != (candidate.kind == ActorKind.PERSON):
        return False
    return token.lower_ not in PRONOUNS_BODY or candidate.kind in (
        ActorKind.STATE, ActorKind.ORGANISATION)


def _speaker_of_clause(token: Token, earlier: list[Mention]) -> Mention | None:
    """"North Korea told the General Assembly that it would never give up ...": the subject
    of a reported clause is the speaker when it can be, never the one spoken to (#17)."""
    if token.dep_ not in ("nsubj", "nsubjpass", "poss"):
        return None
    clause = token.head if token.dep_ != "poss" else token.head.head
    if clause.dep_ != "ccomp" or clause.head == clause:
        return None
    speakers = [c for c in clause.head.children if c.dep_ == "nsubj"]
    for candidate in reversed(earlier):
        if candidate.source == "coref" or not _compatible(token, candidate):
            continue
        if any(candidate.start_i <= s.i < candidate.end_i for s in speakers):
            return candidate
    return None


def _continued_subject(token: Token, earlier: list[Mention]) -> Mention | None:
    """"Turkish officials say the attack was aimed at X and Moscow, and they blame Y": the
    subject of a clause conjoined to another continues that clause's subject, not the
    last name of its content."""
    if token.dep_ not in ("nsubj", "nsubjpass") or token.head.dep_ != "conj":
        return None
    first = token.head.head
    subjects = [c for c in first.children if c.dep_ in ("nsubj", "nsubjpass")]
    for candidate in reversed(earlier):
        if not _compatible(token, candidate):
            continue
        if any(candidate.start_i <= s.i < candidate.end_i for s in subjects):
            return candidate
    return None


def antecedent_for_pronoun(token: Token, earlier: list[Mention]) -> Mention | None:
    speaker = _speaker_of_clause(token, earlier) or _continued_subject(token, earlier)
    if speaker is not None:
        return speaker
    sentence_start = token.sent.start
    best: Mention | None = None
    for candidate in reversed(earlier):
        if candidate.source == "coref" and candidate.start_i >= sentence_start:
            continue
        if token.i - candidate.end_i > 120 and best is not None:
            break
        if not _compatible(token, candidate):
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
        if head.dep_ == "poss" and head.head.dep_ in ("nsubj", "nsubjpass"):
            head = head.head  # "The killer's own words pointed elsewhere. He ...": the
            # owner of a subject that is no actor is as salient as the subject itself
        if head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ not in SUBORDINATE_DEPS:
            # Main-clause subjects are the salient antecedents of the next sentences; the
            # subject of "as he spoke" is not.
            return candidate
        if token.sent.start - candidate.end_i > 80:
            break
    return best


