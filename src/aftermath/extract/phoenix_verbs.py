"""CAMEO 2.0 verb patterns matched over the spaCy dependency parse (#12).

A verb occurrence is looked up by lemma in the vendored CAMEO.2.0 verb dictionary (plus a
user's verb files). Each pattern of the verb's family is tried on the parse:
- words after `*` must be found on the verb's object side (the subtrees of its objects,
  particles, complements and prepositional phrases), by word, lemma or, for words of
  four letters or more, as a stem ("TROOP" finds "troops", "RESTOR" "restored");
- words before `*` on its subject side (the subject's subtree, auxiliaries, negation);
- `(PREP words)` needs a preposition of that spelling attached to the verb or its
  object, with the words inside its phrase; `&SET` finds any single-word member.
The most specific matching pattern gives the code; `---` means "no event" and blocks the
defaults. With no pattern matching, the verb's own default code, then its family's.
A code with only a converse part (`[:054]`) is left out: the event coder has no way to
swap the arguments here.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from aftermath.knowledge import KnowledgeBase
from aftermath.knowledge.events import EventPattern
from aftermath.knowledge.phoenix.verbs import PrepPhrase, Verb, VerbDictionary, VerbPattern

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
BEFORE_DEPS = SUBJECT_DEPS | {"aux", "auxpass", "neg"}
# Children whose subtrees are other clauses, not the verb's own object side.
OTHER_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "conj", "parataxis", "relcl", "cc", "punct",
                               "mark", "dep"}) | BEFORE_DEPS
PREP_DEPS = frozenset({"prep", "agent", "dative"})
STEM_MIN = 4  # shorter pattern words must match a whole word or lemma
# Verbs in these roles are no event of their own: "according to", "the expected visit".
NOT_EVENT_DEPS = frozenset({"prep", "amod", "aux", "auxpass"})


@dataclass(frozen=True, slots=True)
class PhoenixMatch:
    code: str                    # CAMEO code, e.g. "190"
    pattern: VerbPattern | None  # None when a default code applied
    verb: Verb


def _word_found(word: str, tokens: list[Token], sets: VerbDictionary) -> bool:
    if word.startswith("&"):
        members = sets.sets.get(word, frozenset())
        return any(_word_found(m, tokens, sets) for m in members if " " not in m)
    for part in word.split():
        if not any(
            t.lower_ == part or t.lemma_.lower() == part
            or (len(part) >= STEM_MIN and t.lower_.startswith(part))
            for t in tokens
        ):
            return False
    return True


def _object_side(verb: Token) -> list[Token]:
    return [t for child in verb.children if child.dep_ not in OTHER_CLAUSE_DEPS
            for t in child.subtree]


def _subject_side(verb: Token) -> list[Token]:
    return [t for child in verb.children if child.dep_ in BEFORE_DEPS for t in child.subtree]


def _phrase_found(phrase: PrepPhrase, verb: Token, sets: VerbDictionary) -> bool:
    heads = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "prt", "acomp", "attr"))]
    for head in heads:
        for child in head.children:
            if child.dep_ in PREP_DEPS and child.lower_ in phrase.preps:
                inside = [t for t in child.subtree if t is not child]
                if all(_word_found(w, inside, sets) for w in phrase.words):
                    return True
    return False


def _pattern_matches(pattern: VerbPattern, verb: Token, sets: VerbDictionary) -> bool:
    after = _object_side(verb)
    if not all(_word_found(w, after, sets) for w in pattern.after):
        return False
    if pattern.before and not all(
        _word_found(w, _subject_side(verb), sets) for w in pattern.before
    ):
        return False
    return all(_phrase_found(p, verb, sets) for p in pattern.phrases)


def _verbs_of(token: Token, verbs: VerbDictionary) -> list[Verb]:
    """The dictionary verbs this token is, particle verbs ("call off") first."""
    found = []
    for verb in verbs.verbs.get(token.lemma_.lower(), ()):
        if verb.particles and not all(
            any(c.lower_ == p and c.dep_ in ("prt", "prep", "advmod") for c in token.children)
            for p in verb.particles
        ):
            continue
        found.append(verb)
    return sorted(found, key=lambda v: -len(v.particles))


def phoenix_match(token: Token, kb: KnowledgeBase, *, defaults: bool = True,
                  verbs: VerbDictionary | None = None) -> PhoenixMatch | None:
    """The CAMEO 2.0 reading of a verb occurrence, or None when it codes no event.

    `verbs` defaults to every verb dictionary loaded (bundled and user); without
    `defaults`, only a matching pattern counts (no verb or family default)."""
    verbs = verbs if verbs is not None else kb.phoenix.verbs
    for verb in _verbs_of(token, verbs):
        family = verbs.families.get(verb.family)
        if family is None:
            continue
        matching = [p for p in family.patterns if _pattern_matches(p, token, verbs)]
        if matching:
            best = max(matching, key=lambda p: p.specificity)  # first of equals: user's
            if best.code in ("---", ""):
                return None
            return PhoenixMatch(best.code, best, verb)
        default = verb.code or family.code
        if defaults and default and default != "---":
            return PhoenixMatch(default, None, verb)
        return None
    return None


def phoenix_code(token: Token, kb: KnowledgeBase) -> str | None:
    """The CAMEO code CAMEO 2.0's verb patterns give this verb occurrence, if any."""
    match = phoenix_match(token, kb)
    return match.code if match else None


def phoenix_pattern(token: Token, kb: KnowledgeBase, *,
                    bundled: bool = False) -> EventPattern | None:
    """An event pattern for the event coder from a user verb file (with `bundled`, also
    from CAMEO 2.0's own patterns): only for verbs that head their own event, and only
    for codes with a PLOVER type (statements, CAMEO 01, have none).

    The bundled patterns are off by default: as the coder's fallback they lowered the
    held-out PLOVER type accuracy (0.735 to 0.728; #12). A user's verb file is the user's
    own decision and is used, defaults included.
    """
    if token.pos_ != "VERB" or token.dep_ in NOT_EVENT_DEPS:
        return None
    if any(c.dep_ == "xcomp" for c in token.children):
        return None  # "decided to allow", "prepared to resume": the complement is the event
    if bundled:
        # Only a matching pattern: a family's default code is too broad to stand alone for
        # a verb our own dictionary chose not to list.
        match = phoenix_match(token, kb, defaults=False)
    else:
        match = phoenix_match(token, kb, verbs=kb.phoenix.user_verbs)
    entry = kb.cameo.get(match.code) if match else None
    if entry is None or not entry.plover:
        return None
    return EventPattern(token.lemma_.lower(), (), None, None, entry.code, entry.plover,
                        entry.mode or None)
