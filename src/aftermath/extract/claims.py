"""Claims: blame, responsibility, affiliation, motive and denial, with their evidence status.

The claimant is whoever the sentence attributes the claim to (the subject of "blamed", or
the speaker of the attribution that contains it); the evidence status comes from markers in
the sentence ("without evidence" → unsupported, "could", "suggested" → hedged, "citing
footage" → evidence_cited, a denial in the same sentence → disputed).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from aftermath.extract.actors import MentionIndex
from aftermath.extract.attributions import speaker_ref
from aftermath.extract.context import DocContext
from aftermath.extract.events import subject_of
from aftermath.records import ActorRef, Attribution, Claim, ClaimKind, Event, EvidenceStatus
from aftermath.registry import extractors

INCIDENT_NOUNS = frozenset(
    {"attack", "killing", "assassination", "murder", "shooting", "incident", "crime", "act",
     "bombing", "downing", "strike", "plot", "operation", "provocation"}
)
HEDGING_MODALS = frozenset({"may", "might", "could", "can", "possibly", "perhaps", "likely"})


def _has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    return any(re.search(r"(?<![\w-])" + re.escape(p) + r"(?![\w-])", text) for p in phrases)


def evidence_status(ctx: DocContext, claim_token: Token, kind: ClaimKind) -> EvidenceStatus:
    """How well the sentence supports the claim (see module docstring for the order)."""
    cues = ctx.kb.cues
    sent = claim_token.sent
    text = sent.text.lower()
    following = ctx.doc[sent.end].sent.text.lower() if sent.end < len(ctx.doc) else ""
    if _has_phrase(text, cues.unsupported_markers) or (
        re.match(r"^(he|she|they|it|the \w+)\b", following)
        and _has_phrase(following, cues.unsupported_markers)
    ):
        return EvidenceStatus.UNSUPPORTED
    if _has_phrase(text, cues.evidence_markers):
        return EvidenceStatus.EVIDENCE_CITED
    if kind != ClaimKind.DENIAL and _has_phrase(text, cues.dispute_markers):
        return EvidenceStatus.DISPUTED
    clause = list(claim_token.subtree) + list(claim_token.ancestors)
    words = {t.lower_ for t in clause} | {t.lemma_.lower() for t in clause}
    if words & HEDGING_MODALS or words & cues.hedging_verbs or _has_phrase(
        text, cues.hedge_markers
    ):
        return EvidenceStatus.HEDGED
    return EvidenceStatus.ASSERTED


def _arg(token: Token | None, index: MentionIndex) -> ActorRef | None:
    return speaker_ref(token, index) if token is not None else None


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_object(token: Token, *preps: str) -> Token | None:
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            return next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
    return None


def _claimant(token: Token, attributions: list[Attribution]) -> ActorRef | None:
    """The speaker of the innermost attribution whose content holds `token`."""
    holding = [
        a for a in attributions
        if a.content.start <= token.idx < a.content.end and a.speaker is not None
    ]
    if not holding:
        return None
    return min(holding, key=lambda a: a.content.end - a.content.start).speaker


class _Builder:
    """Collects claims for one document; knows the context every claim needs."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.index: MentionIndex = ctx.outputs["mentions"]
        self.attributions: list[Attribution] = list(ctx.outputs.get("attributions", ()))
        self.events: list[Event] = list(ctx.outputs.get("events", ()))
        self.claims: list[Claim] = []

    def add(self, kind: ClaimKind, trigger: Token, *, claimant: ActorRef | None,
            subject: ActorRef | None, obj: ActorRef | None, content_root: Token) -> None:
        tokens = list(content_root.subtree)
        first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
        while last.is_punct and last.i > first.i:
            last = last.doc[last.i - 1]
        self.claims.append(Claim(
            kind=kind,
            claimant=claimant,
            subject=subject,
            object=obj,
            evidence_status=evidence_status(self.ctx, trigger, kind),
            content=self.ctx.token_span(first, last),
            evidence=self.ctx.sent_span(trigger.sent),
            incident_event=self._incident(obj, content_root),
        ))

    def _incident(self, obj: ActorRef | None, root: Token) -> int | None:
        words = {t.lemma_.lower() for t in root.subtree}
        if obj is not None:
            words |= set(obj.text.lower().split())
        if not words & INCIDENT_NOUNS:
            return None
        for number, event in enumerate(self.events):
            if event.plover == "ASSAULT" and event.status != "hypothetical":
                return number
        return None

    def claimant_of(self, token: Token) -> ActorRef | None:
        return _claimant(token, self.attributions)


def _blame(builder: _Builder, verb: Token) -> None:
    index = builder.index
    lemma = verb.lemma_.lower()
    subject_token = _child(verb, "nsubj")
    passive = _child(verb, "nsubjpass")
    if lemma == "blame":
        on = _prep_object(verb, "on")
        if on is not None:
            accused, incident = on, _child(verb, "dobj") or passive
        else:
            accused, incident = _child(verb, "dobj") or passive, _prep_object(verb, "for")
    elif lemma == "accuse":
        accused, incident = _child(verb, "dobj") or passive, _prep_object(verb, "of")
    elif lemma == "point":
        accused, incident = _prep_object(verb, "at", "to"), None
    else:
        accused, incident = _child(verb, "dobj"), _prep_object(verb, "for", "of")
    if accused is None:
        return
    claimant = _arg(subject_token or _prep_object(verb, "by"), index) or builder.claimant_of(verb)
    builder.add(ClaimKind.BLAME, verb, claimant=claimant, subject=_arg(accused, index),
                obj=_arg(incident, index), content_root=verb)


def _responsibility(builder: _Builder, token: Token) -> None:
    """"Y was behind Z", "Y is responsible for Z", "Y is to blame", "Y claimed responsibility"."""
    index = builder.index
    verb = token.head if token.dep_ in ("prep", "acomp", "xcomp", "dobj") else token
    subject = _child(verb, "nsubj", "nsubjpass")
    if subject is None:
        return
    incident = next((c for c in token.children if c.dep_ in ("pobj", "prep")), None)
    if incident is not None and incident.dep_ == "prep":
        incident = _child(incident, "pobj")
    claimant = builder.claimant_of(verb)
    self_claim = verb.lemma_.lower() in ("claim", "admit", "acknowledge")
    if self_claim:
        claimant = _arg(subject, index)
    kind = ClaimKind.BLAME if claimant is not None and not self_claim else ClaimKind.RESPONSIBILITY
    builder.add(kind, token, claimant=claimant, subject=_arg(subject, index),
                obj=_arg(incident, index), content_root=verb)


def _operation(builder: _Builder, noun: Token) -> None:
    """"called it a typical CIA operation": the operation's owner is blamed."""
    owner = next(
        (c for c in noun.children
         if c.dep_ in ("compound", "poss", "amod") and builder.index.for_argument(c)),
        None,
    ) or _prep_object(noun, "by", "of")
    if owner is None:
        return
    verb = noun.head
    claimant = _arg(_child(verb, "nsubj"), builder.index) or builder.claimant_of(verb)
    incident = _child(verb, "dobj") if noun.dep_ != "dobj" else None
    builder.add(ClaimKind.BLAME, noun, claimant=claimant, subject=_arg(owner, builder.index),
                obj=_arg(incident, builder.index), content_root=noun)


def _affiliation(builder: _Builder, prep: Token) -> None:
    group = _child(prep, "pobj")
    if group is None or builder.index.for_argument(group) is None:
        return
    head = prep.head
    subject: Token | None
    if head.pos_ in ("NOUN",) and _child(head, "poss") is not None:
        subject = _child(head, "poss")  # "his ties to Nusra"
    else:
        node = head
        while node.pos_ not in ("VERB", "AUX") and node.head != node:
            node = node.head
        subject = _child(node, "nsubj", "nsubjpass")
        head = node
    if subject is None:
        return
    builder.add(ClaimKind.AFFILIATION, prep, claimant=builder.claimant_of(prep),
                subject=_arg(subject, builder.index), obj=_arg(group, builder.index),
                content_root=head)


def _motive(builder: _Builder, token: Token) -> None:
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head != node:
        node = node.head
    subject = _child(node, "nsubj", "nsubjpass")
    builder.add(ClaimKind.MOTIVE, token, claimant=builder.claimant_of(node),
                subject=_arg(subject, builder.index), obj=None, content_root=token)


def _stated_motive(builder: _Builder, attribution: Attribution, cue: Token) -> None:
    """The actor's own words about why ("Do not forget Aleppo!", he shouted)."""
    content = builder.ctx.doc.char_span(
        attribution.content.start, attribution.content.end, alignment_mode="expand"
    )
    if content is None:
        return
    builder.claims.append(Claim(
        kind=ClaimKind.MOTIVE,
        claimant=attribution.speaker,
        subject=attribution.speaker,
        object=None,
        evidence_status=EvidenceStatus.ASSERTED,
        content=attribution.content,
        evidence=attribution.evidence,
        incident_event=builder._incident(None, cue),
    ))


def _denial(builder: _Builder, verb: Token) -> None:
    obj = _child(verb, "dobj")
    cues = builder.ctx.kb.cues
    complement = _child(verb, "ccomp", "xcomp", "pcomp")
    if obj is not None and obj.lemma_.lower() not in cues.denial_objects and complement is None:
        return
    if obj is None and complement is None:
        return
    subjects, passive = subject_of(verb)
    subject = _arg(subjects[0], builder.index) if subjects and not passive else None
    builder.add(ClaimKind.DENIAL, verb, claimant=subject, subject=subject, obj=None,
                content_root=verb)


def _phrase_starts(ctx: DocContext, phrases: tuple[str, ...]) -> list[tuple[Token, Token]]:
    """(first, last) tokens of every occurrence of the phrases, matched on word boundaries."""
    found = []
    lowered = [t.lower_ for t in ctx.doc]
    for phrase in phrases:
        words = phrase.split()
        for i in range(len(lowered) - len(words) + 1):
            if lowered[i : i + len(words)] == words:
                found.append((ctx.doc[i], ctx.doc[i + len(words) - 1]))
    return found


def _is_responsibility(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.lower_ == "behind" and token.dep_ == "prep":
        return True
    if lemma == "responsible":
        return True
    return lemma == "responsibility" and token.head.lemma_ in ("claim", "admit", "acknowledge")


@extractors.register(
    "claims.cue_rules.v1", requires=("actors", "events", "attributions"), produces="claims"
)
def extract_claims(ctx: DocContext) -> tuple[Claim, ...]:
    """Blame, responsibility, affiliation, motive and denial claims with evidence status."""
    builder = _Builder(ctx)
    cues = ctx.kb.cues
    for token in ctx.doc:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in cues.blame_verbs:
            _blame(builder, token)
        elif token.pos_ == "VERB" and lemma in cues.denial_verbs:
            _denial(builder, token)
        elif _is_responsibility(token):
            _responsibility(builder, token)
        elif token.pos_ == "NOUN" and lemma in cues.operation_nouns and token.dep_ in (
            "oprd", "dobj", "attr", "pobj"
        ):
            _operation(builder, token)
    for _, last in _phrase_starts(ctx, cues.affiliation_phrases):
        if last.dep_ == "prep" or last.pos_ == "ADP":
            _affiliation(builder, last)
    for first, _ in _phrase_starts(ctx, cues.motive_phrases):
        _motive(builder, first)
    for attribution in builder.attributions:
        cue = ctx.doc.char_span(attribution.cue.start, attribution.cue.end,
                                alignment_mode="expand")
        if attribution.direct and cue is not None and (
            cue.root.lemma_.lower() in cues.motive_speech_verbs
        ):
            _stated_motive(builder, attribution, cue.root)
    return tuple(sorted(builder.claims, key=lambda c: (c.evidence.start, c.content.start)))
