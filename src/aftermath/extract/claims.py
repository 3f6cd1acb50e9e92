"""Claims: blame, responsibility, affiliation, motive and denial, with their evidence status.

The claimant is whoever the sentence attributes the claim to (the subject of "blamed", or
the speaker of the attribution that contains it); the evidence status comes from markers in
the sentence ("without evidence" → unsupported, "could", "suggested" → hedged, "citing
footage" → evidence_cited, a denial in the same sentence → disputed).
"""

from __future__ import annotations

from spacy.tokens import Token

from aftermath.extract.arguments import subject_of
from aftermath.extract.attributions import speaker_ref
from aftermath.extract.blame_edges import HAPPENED
from aftermath.extract.blame_frames import (
    ACCUSATION_NOUNS,
    HOLD_VERBS,
    INCIDENT_NOUNS,
    PLACING_VERBS,
    accusation,
    hold_responsible,
    naming,
    place_blame,
)
from aftermath.extract.claimants import claimant_of, nobody_claims
from aftermath.extract.context import DocContext
from aftermath.extract.criticism import find_criticism
from aftermath.extract.evidence import decide_status, has_phrase, mark_disputed
from aftermath.extract.mentions import MentionIndex
from aftermath.records import (
    ActorRef,
    Attribution,
    Claim,
    ClaimKind,
    Event,
    EvidenceStatus,
)
from aftermath.registry import extractors

# Words that put a reported clause in the future ("warned that the attack will ...").
FUTURE_WORDS = frozenset({"will", "'ll", "shall", "would", "could", "may", "might"})
# Relative pronouns, which name the noun their clause hangs from.
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that"})
# Words that open a question rather than name someone ("find out who was behind this").
QUESTION_WORDS = frozenset({"who", "whom", "what", "which", "whoever", "whatever"})
# Verbs by which a speaker labels an incident ("called the murder a typical CIA operation").
LABEL_VERBS = frozenset({"call", "describe", "label", "term", "dub", "brand", "consider"})
# Causal links that make shouted or written words a motive besides the motive phrases:
# "because they bombed my village", "for their role in the siege", and the dedication of
# an act ("this is for the children of Mosul").
CAUSAL_LINKS = ("because", "as punishment for", "to punish", "role in", "this is for",
                "this was for", "that is for", "that was for")
# Words after "behind" that make it figurative ("behind the attack"), not a place.
BEHIND_OBJECTS = frozenset({"this", "it", "that", "them", "gunman", "attacker", "killer",
                            "assassin", "bomber", "murderer", "shooter"})


def _relative_head(token: Token) -> Token:
    """"his wife, who was accused by a reporter": a relative pronoun stands for the noun its
    clause describes."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _arg(token: Token | None, index: MentionIndex) -> ActorRef | None:
    return speaker_ref(_relative_head(token), index) if token is not None else None


def _object_ref(token: Token | None, index: MentionIndex) -> ActorRef | None:
    """What a claim is about: the incident's own words ("the assassination of X"), else
    the actor it names. The actor finder would follow "of" to the victim."""
    if token is None:
        return None
    if token.lemma_.lower() in INCIDENT_NOUNS:
        tokens = [t for t in token.subtree if t.dep_ not in ("relcl", "acl", "punct")]
        first, last = min(t.i for t in tokens), max(t.i for t in tokens)
        span = token.doc[first : last + 1]
        return ActorRef(None, span.text, span.start_char, span.end_char)
    return _arg(token, index)


def _is_question(token: Token | None) -> bool:
    return token is not None and token.lower_ in QUESTION_WORDS and _relative_head(
        token) is token


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_object(token: Token, *preps: str) -> Token | None:
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            return next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
    return None


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
        decision = decide_status(self.ctx, trigger, kind, claimant)
        self.claims.append(Claim(
            kind=kind,
            claimant=claimant,
            subject=subject,
            object=obj,
            evidence_status=decision.status,
            content=self.ctx.token_span(first, last),
            evidence=self.ctx.sent_span(trigger.sent),
            incident_event=self._incident(obj, content_root),
            status_evidence=self.ctx.sent_span(decision.sent) if decision.sent else None,
            status_rule=decision.rule,
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
        return claimant_of(token, self.attributions, self.index)

    def accuser_of(self, verb: Token) -> ActorRef | None:
        """Who accuses with a verb that has no subject of its own: the speaker the
        attribution extractor found for the verb as a cue ("..., and blamed him", "be sure
        to accuse the GOP"), else the speaker of the attribution that holds the verb.

        Not for "Y is to blame": there the cue's inherited subject is the accused."""
        cued = next((a.speaker for a in self.attributions
                     if a.cue.start == verb.idx and a.speaker is not None), None)
        return cued or claimant_of(verb, self.attributions, self.index)

    def entity_key(self, ref: ActorRef) -> str | None:
        """The entity a reference resolves to: the key of the actor mention its words
        hold (a knowledge-base entity, or the chain a description or pronoun joined)."""
        span = self.ctx.doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            return None
        mention = next((m for t in span if (m := self.index.at(t)) is not None), None)
        return mention.key if mention is not None else None

    def arg(self, token: Token | None) -> ActorRef | None:
        return _arg(token, self.index)

    def object_ref(self, token: Token | None) -> ActorRef | None:
        return _object_ref(token, self.index)


def _blame(builder: _Builder, verb: Token) -> None:
    index = builder.index
    lemma = verb.lemma_.lower()
    subject_token = _child(verb, "nsubj")
    passive = _child(verb, "nsubjpass")
    accused: Token | None
    incident: Token | None
    if lemma == "blame" and verb.dep_ == "xcomp" and _child(verb, "aux") is not None:
        _to_blame(builder, verb)
        return
    if lemma == "blame":
        on = _prep_object(verb, "on")
        obj = _child(verb, "dobj")
        if on is None and obj is not None:
            on = _prep_object(obj, "on")  # the parser hangs "on Y" off "the killing"
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
    if accused is None or _is_question(accused):
        return
    claimant_token = subject_token or _prep_object(verb, "by")
    claimants = [_arg(t, index) for t in _conjoined(claimant_token)] or [
        builder.accuser_of(verb)]
    for claimant in claimants:  # "Russia and Iran blamed ...": each makes the claim
        for one in _conjoined(accused):  # "accused Syria and Iran": each is blamed
            builder.add(ClaimKind.BLAME, verb, claimant=claimant, subject=_arg(one, index),
                        obj=_object_ref(incident, index), content_root=verb)


def _conjoined(token: Token | None) -> list[Token]:
    """The token and the nouns conjoined to it ("Russia and Iran", "Syria, Iraq and Iran")."""
    if token is None:
        return []
    return [token, *(c for c in token.conjuncts if c.i > token.i and c.pos_ in (
        "NOUN", "PROPN", "PRON"))]


def _to_blame(builder: _Builder, verb: Token) -> None:
    """"Y is to blame for Z": a blame claim by whoever says so."""
    subject = _child(verb.head, "nsubj")
    if subject is None or _is_question(subject):
        return
    builder.add(ClaimKind.BLAME, verb, claimant=builder.claimant_of(verb),
                subject=_arg(subject, builder.index),
                obj=_object_ref(_prep_object(verb, "for"), builder.index),
                content_root=verb.head)


def _responsibility(builder: _Builder, token: Token) -> None:
    """"Y was behind Z", "Y is responsible for Z", "Y is to blame", "Y claimed responsibility"."""
    index = builder.index
    verb = token.head if token.dep_ in ("prep", "acomp", "xcomp", "dobj") else token
    subject = _child(verb, "nsubj", "nsubjpass")
    if subject is None or _is_question(subject):
        return
    incident = next((c for c in token.children if c.dep_ in ("pobj", "prep")), None)
    if incident is not None and incident.dep_ == "prep":
        incident = _child(incident, "pobj")
    if token.lower_ == "behind" and (
        incident is None or incident.lemma_.lower() not in INCIDENT_NOUNS | BEHIND_OBJECTS
    ):
        return  # "stood quietly behind the diplomat" is a place
    claimant = builder.claimant_of(verb)
    self_claim = verb.lemma_.lower() in ("claim", "admit", "acknowledge")
    if self_claim:
        claimant = _arg(subject, index)
    kind = ClaimKind.BLAME if claimant is not None and not self_claim else ClaimKind.RESPONSIBILITY
    builder.add(kind, token, claimant=claimant, subject=_arg(subject, index),
                obj=_object_ref(incident, index), content_root=verb)


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
    if subject.lemma_.lower() in INCIDENT_NOUNS:  # "the attack was linked to the PKK"
        builder.add(ClaimKind.BLAME, prep, claimant=builder.claimant_of(prep),
                    subject=_arg(group, builder.index),
                    obj=_object_ref(subject, builder.index), content_root=head)
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


def _gives_a_reason(builder: _Builder, attribution: Attribution, cue: Token) -> bool:
    """Whether words someone shouted or wrote state a motive (#17): they hold a motive
    phrase or a causal link ("in revenge for", "because"), or they were shouted during an
    assault in the same clause ("shouted ... as he fired"). Writing on Twitter or chanting
    at a rally gives no motive by itself."""
    text = attribution.content.text.lower()
    if has_phrase(text, builder.ctx.kb.cues.motive_phrases + CAUSAL_LINKS):
        return True
    linked = {t.idx for t in cue.subtree} | {t.idx for t in cue.ancestors}
    return any(event.plover == "ASSAULT" and event.status in HAPPENED
               and event.trigger.start in linked for event in builder.events)


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


def _prediction(builder: _Builder, attribution: Attribution) -> None:
    """"X warned that Z will ...": a claim about what comes next, by the speaker."""
    doc = builder.ctx.doc
    cue = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    content = doc.char_span(attribution.content.start, attribution.content.end,
                            alignment_mode="expand")
    if cue is None or content is None or not content.text.strip():
        return
    if cue.root.lemma_.lower() not in builder.ctx.kb.cues.prediction_verbs:
        return
    words = [t.lower_ for t in content]
    if not (set(words) & FUTURE_WORDS or "going to" in " ".join(words)):
        return
    subject = _child(content.root, "nsubj", "nsubjpass")
    decision = decide_status(builder.ctx, cue.root, ClaimKind.PREDICTION, attribution.speaker)
    builder.claims.append(Claim(
        kind=ClaimKind.PREDICTION,
        claimant=attribution.speaker,
        subject=_arg(subject, builder.index),
        object=None,
        evidence_status=decision.status,
        content=attribution.content,
        evidence=attribution.evidence,
        status_evidence=builder.ctx.sent_span(decision.sent) if decision.sent else None,
        status_rule=decision.rule,
    ))


def _phrase_starts(ctx: DocContext, phrases: tuple[str, ...],
                   lowered: list[str]) -> list[tuple[Token, Token]]:
    """(first, last) tokens of every occurrence of the phrases, longest phrases first.

    Only positions whose word starts some phrase are tried: scanning every phrase over
    every token cost more than all the other claim rules together.
    """
    by_first: dict[str, list[int]] = {}
    for i, word in enumerate(lowered):
        by_first.setdefault(word, []).append(i)
    found = []
    for phrase in sorted(phrases, key=lambda p: -len(p.split())):
        words = phrase.split()
        for i in by_first.get(words[0], ()):
            if lowered[i : i + len(words)] == words:
                found.append((ctx.doc[i], ctx.doc[i + len(words) - 1]))
    return found


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _is_responsibility(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.lower_ == "behind" and token.dep_ == "prep":
        return True
    if lemma == "responsible":
        return token.head.lemma_.lower() not in HOLD_VERBS  # "holds Y responsible": a frame
    return lemma == "responsibility" and token.head.lemma_ in ("claim", "admit", "acknowledge")


@extractors.register(
    "claims.cue_rules.v1", requires=("actors", "events", "attributions"), produces="claims"
)
def extract_claims(ctx: DocContext) -> tuple[Claim, ...]:
    """Blame, responsibility, affiliation, motive and denial claims with evidence status."""
    builder = _Builder(ctx)
    cues = ctx.kb.cues
    lowered: list[str] = []
    accusations: list[Token] = []
    for token in ctx.tokens:
        lowered.append(token.lower_)
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and _negated(token):
            pass  # "did not blame Y", "does not hold Y responsible": no claim is made
        elif token.pos_ == "VERB" and lemma in cues.blame_verbs:
            _blame(builder, token)
        elif token.pos_ == "VERB" and (
            (lemma in HOLD_VERBS and hold_responsible(builder, token))
            or (lemma in PLACING_VERBS and place_blame(builder, token))
        ):
            pass  # a blame frame took the verb
        elif token.pos_ == "VERB" and lemma in cues.denial_verbs:
            _denial(builder, token)
        elif _is_responsibility(token):
            _responsibility(builder, token)
        elif token.pos_ == "NOUN" and lemma in cues.operation_nouns and token.dep_ in (
            "oprd", "dobj", "attr", "pobj", "appos"
        ):
            naming(builder, token, LABEL_VERBS)
        elif token.pos_ == "NOUN" and lemma in ACCUSATION_NOUNS:
            accusations.append(token)
    find_criticism(builder, builder.attributions)
    accused = {c.subject.start for c in builder.claims if c.subject is not None}
    for noun in accusations:
        accusation(builder, noun, accused)
    for _, last in _phrase_starts(ctx, cues.affiliation_phrases, lowered):
        if last.dep_ == "prep" or last.pos_ == "ADP":
            _affiliation(builder, last)
    taken: set[int] = set()
    for first, last in _phrase_starts(ctx, cues.motive_phrases, lowered):
        if first.i in taken or last.i in taken:
            continue  # "revenge for" inside "in revenge for"
        taken.update(range(first.i, last.i + 1))
        if first.lower_ == "to":
            if first.head.dep_ != "advcl":
                continue  # "allow this to damage relations" states no purpose
            first = first.head
        _motive(builder, first)
    for attribution in builder.attributions:
        cue = ctx.doc.char_span(attribution.cue.start, attribution.cue.end,
                                alignment_mode="expand")
        if attribution.direct and cue is not None and (
            cue.root.lemma_.lower() in cues.motive_speech_verbs
        ) and _gives_a_reason(builder, attribution, cue.root):
            _stated_motive(builder, attribution, cue.root)
    for attribution in builder.attributions:
        _prediction(builder, attribution)
    made = [claim for claim in builder.claims if not nobody_claims(ctx.doc, claim.claimant)]
    claims = mark_disputed(made, builder.entity_key)
    return tuple(sorted(claims, key=lambda c: (c.evidence.start, c.content.start)))
