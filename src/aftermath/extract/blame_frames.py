"""Blame that is not the verb "blame": holding responsible, placing blame, naming, accusations.

News rarely writes "X blamed Y". It writes "X holds Y responsible", "pinned it on Y", "laid
the blame at the door of Y", "called it a typical CIA operation", "the attack was the work
of Y" or "bears the hallmarks of Y", "the attack was linked to Y", and "X's accusation that
Y ...". Each function here reads one such frame off the parse and adds a blame claim
through the claims builder (extract/claims.py); the builder decides the evidence status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from aftermath.records import ActorRef, ClaimKind

if TYPE_CHECKING:
    from aftermath.extract.claims import _Builder

# Words that name an incident (shared with extract/claims.py).
INCIDENT_NOUNS = frozenset(
    {"attack", "killing", "assassination", "murder", "shooting", "incident", "crime", "act",
     "bombing", "downing", "strike", "plot", "operation", "provocation", "blast", "explosion"}
)
# "X holds/considers Y responsible (for Z)": the verbs and the adjectives of their complement.
HOLD_VERBS = frozenset({"hold", "consider", "deem", "find"})
ACCOUNTABLE = frozenset({"responsible", "accountable", "culpable", "liable", "guilty"})
# "pinned it on Y", "laid the blame on Y", "put the blame at the door of Y".
PLACING_VERBS = frozenset({"pin", "lay", "put", "place", "heap", "shift", "cast", "shove"})
BLAME_NOUNS = frozenset({"blame", "responsibility", "guilt", "onus"})
ON_PREPS = frozenset({"on", "onto", "upon"})
# Verbs whose subject is the incident, not the claimant: "the killing was / looked like /
# bears the hallmarks of a CIA operation".
INCIDENT_VERBS = frozenset({"be", "look", "seem", "appear", "bear", "have", "carry", "show",
                            "resemble", "sound"})
# Prepositions that introduce a label: "looked like a CIA operation", "described as a plot".
LABEL_PREPOSITIONS = frozenset({"like", "as"})
# Reporting nouns that accuse by themselves: "the accusation that Y bought oil".
ACCUSATION_NOUNS = frozenset({"accusation", "allegation", "charge"})
# Verbs that take an accusation only to deny it: "rejected the allegation that ...".
DISMISSING_VERBS = frozenset({"deny", "reject", "dismiss", "refute", "rebuff", "dispute",
                              "ridicule", "call"})


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_object(token: Token, preps: frozenset[str] | tuple[str, ...]) -> Token | None:
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            return next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
    return None


def hold_responsible(builder: _Builder, verb: Token) -> bool:
    """"Russia holds Turkey responsible for the downing", "held Ankara accountable"."""
    adjective = next((c for c in verb.children if c.lemma_.lower() in ACCOUNTABLE
                      and c.dep_ in ("ccomp", "oprd", "advcl", "acomp", "xcomp", "dobj")), None)
    if adjective is None:
        return False
    accused = _child(verb, "dobj") or _child(adjective, "nsubj")
    if accused is None or accused == adjective:
        return False
    incident = _prep_object(adjective, ("for",)) or _prep_object(verb, ("for",))
    claimant = builder.arg(_child(verb, "nsubj")) or builder.accuser_of(verb)
    builder.add(ClaimKind.BLAME, verb, claimant=claimant, subject=builder.arg(accused),
                obj=builder.object_ref(incident), content_root=verb)
    return True


def place_blame(builder: _Builder, verb: Token) -> bool:
    """"pinned the killing on Y", "laid the blame on Y", "at the door of Y"."""
    obj = _child(verb, "dobj")
    blame_word = obj is not None and any(t.lemma_.lower() in BLAME_NOUNS for t in obj.subtree)
    if not blame_word and verb.lemma_.lower() != "pin":
        return False
    accused = _prep_object(verb, ON_PREPS) or (
        _prep_object(obj, ON_PREPS) if obj is not None else None)
    if accused is None:  # "at the door of Y", wherever the parser hangs it
        door = next((t for t in verb.subtree if t.lemma_.lower() == "door"
                     and t.head.lower_ == "at"), None)
        if door is None:
            return False
        accused = _prep_object(door, ("of",))
    if accused is None:
        return False
    incident = _prep_object(verb, ("for",)) or (
        _prep_object(obj, ("for",)) if obj is not None and blame_word else None)
    target = builder.object_ref(incident)
    if target is not None and incident is not None and target.end > accused.idx > target.start:
        span = incident.doc[incident.left_edge.i : incident.i + 1]  # "bombing at the door"
        target = ActorRef(None, span.text, span.start_char, span.end_char)
    if incident is None and obj is not None and not blame_word:  # "pinned the killing on Y"
        words = [t for t in obj.subtree if t.i < accused.i and not (
            t.dep_ == "prep" and t.lower_ in ON_PREPS) and t.head.i < accused.i]
        words = [t for t in words if t.i < min((p.i for p in obj.children
                                               if p.lower_ in ON_PREPS), default=accused.i)]
        span = obj.doc[words[0].i : words[-1].i + 1] if words else obj.doc[obj.i : obj.i + 1]
        target = ActorRef(None, span.text, span.start_char, span.end_char)
    claimant = builder.arg(_child(verb, "nsubj")) or builder.accuser_of(verb)
    builder.add(ClaimKind.BLAME, verb, claimant=claimant, subject=builder.arg(accused),
                obj=target, content_root=verb)
    return True


def _owner(builder: _Builder, noun: Token) -> Token | None:
    """Whose operation: "a CIA operation", "a Ukrainian provocation", "the work of Y"."""
    return next(
        (c for c in noun.children
         if c.dep_ in ("compound", "poss", "amod") and builder.index.for_argument(c)),
        None,
    ) or _prep_object(noun, ("by", "of"))


def naming(builder: _Builder, noun: Token, label_verbs: frozenset[str]) -> None:
    """"called it a typical CIA operation", "the killing was the work of Y": Y is blamed.

    The speaker of a naming verb ("called", "described") is the claimant and its object the
    incident; with a verb of being or seeming ("was", "looked like", "bears the hallmarks
    of") the subject is the incident and the claimant whoever the sentence attributes it
    to. An operation without an owner ("a provocation") blames nobody.
    """
    owner = _owner(builder, noun)
    if owner is None:
        return
    verb = noun.head
    if verb.pos_ == "ADP":  # "looked like a CIA operation", "described it as a plot"
        if verb.lower_ not in LABEL_PREPOSITIONS:
            return  # "thanked him for his hard work" labels nothing (#17)
        verb = verb.head
    if noun.dep_ in ("appos", "dobj") and verb.lemma_.lower() not in label_verbs | INCIDENT_VERBS:
        # "called the murder of X a typical CIA operation": the label hangs off the object
        verb = next((a for a in noun.ancestors if a.pos_ == "VERB"), verb)
        if verb.lemma_.lower() not in label_verbs:
            return
    lemma = verb.lemma_.lower()
    if lemma in INCIDENT_VERBS:
        claimant = builder.claimant_of(verb)
        incident = _child(verb, "nsubj", "nsubjpass")
        if incident is None or not (incident.lemma_.lower() in INCIDENT_NOUNS
                                    or incident.lower_ in ("it", "this", "that")):
            return  # "the report is the work of a committee" names no incident
    else:
        claimant = builder.arg(_child(verb, "nsubj")) or builder.accuser_of(verb)
        incident = _child(verb, "dobj") if noun.dep_ != "dobj" or _child(
            verb, "dobj") != noun else None
        if incident is not None and incident.i > noun.i:
            incident = None
    builder.add(ClaimKind.BLAME, noun, claimant=claimant, subject=builder.arg(owner),
                obj=builder.object_ref(incident), content_root=noun)


def _accusation_claimant(builder: _Builder, noun: Token) -> Token | None:
    """Who accuses: "its accusation", "the allegation by Y", "Y made the accusation"."""
    owner = _child(noun, "poss") or _prep_object(noun, ("by", "from"))
    if owner is not None:
        return owner
    verb = noun.head
    if noun.dep_ == "dobj" and verb.pos_ == "VERB":
        return _child(verb, "nsubj")
    if noun.dep_ == "nsubjpass":
        return _prep_object(verb, ("by",))
    return None


def accusation(builder: _Builder, noun: Token, taken: set[int]) -> None:
    """"Moscow repeated its accusation that Turkey was buying oil": Moscow blames Turkey.

    `taken` holds the start offsets of subjects already blamed in the document.
    """
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "appos", "relcl")
                   and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)), None)
    if clause is None:
        return
    head = noun.head
    if head.lemma_.lower() in DISMISSING_VERBS | builder.ctx.kb.cues.denial_verbs:
        return  # "rejected the allegation that ...": a denial, made by the accused side
    accused = _child(clause, "nsubj", "nsubjpass")
    if accused is None or accused.lower_ in ("who", "what", "which"):
        return
    subject = builder.arg(accused)
    if subject is None or subject.start in taken:
        return  # "the accusation that Y was behind it": the inner claim says it already
    claimant = builder.arg(_accusation_claimant(builder, noun))
    if claimant is None:
        return
    builder.add(ClaimKind.BLAME, noun, claimant=claimant, subject=subject, obj=None,
                content_root=clause)
