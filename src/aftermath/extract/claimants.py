"""Who makes a claim: the speaker of the innermost attribution that holds it, if an actor.

A reported clause often nests inside another: "Analysts said the timing showed that the
attack was aimed at X". The attribution extractor reads both "Analysts said" and "the timing
showed" as attributions, since "show" and "suggest" report content. But the timing, the
footage, or the shouting that "suggested" something is the evidence for a claim, not
someone who makes it: the claimant is the next speaker out ("Analysts"), or, when there is
none, the writer ("which suggested that he acted in revenge" is the outlet's own
inference). Taking the evidence for the claimant put "timing" and a place name among the
proponents of the hypotheses ledger.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from aftermath.extract.mentions import MentionIndex
from aftermath.records import ActorRef, Attribution

# Verbs whose subject is as often the evidence as a speaker: "the timing showed", "the
# footage suggested", "which indicated". Only with these is a speaker that names no actor
# passed over; "a statement said" still speaks (for its author).
EVIDENCE_VERBS = frozenset({
    "show", "suggest", "indicate", "prove", "demonstrate", "reveal", "imply", "signal",
    "confirm", "point", "hint", "mean",
})
# Pronouns that stand for speakers even when coreference could not resolve them.
SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you"})


def names_an_actor(doc: Doc, ref: ActorRef, index: MentionIndex) -> bool:
    """Whether the words of a speaker name an actor: their head is (or owns) an actor
    mention, or is a personal pronoun. "the choice of date", "the security footage" and
    a town where a note was left name none."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None:
        return True  # cannot tell: keep the speaker the extractor found
    head = span.root
    return head.lower_ in SPEAKING_PRONOUNS or index.for_argument(head) is not None


def _speaks(doc: Doc, attribution: Attribution, index: MentionIndex) -> bool:
    speaker = attribution.speaker
    if speaker is None:
        return False
    cue = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    if cue is None or cue.root.lemma_.lower() not in EVIDENCE_VERBS:
        return True
    return names_an_actor(doc, speaker, index)


def claimant_of(token: Token, attributions: list[Attribution],
                index: MentionIndex) -> ActorRef | None:
    """The speaker of the innermost attribution whose content holds `token` and whose
    speaker is someone, not the evidence; None when only the writer speaks."""
    holding = [
        a for a in attributions
        if a.content.start <= token.idx < a.content.end and _speaks(token.doc, a, index)
    ]
    if not holding:
        return None
    return min(holding, key=lambda a: a.content.end - a.content.start).speaker


# Words that say nobody made the claim: "No group has claimed responsibility".
NOBODY = frozenset({"nobody", "none", "noone"})


def nobody_claims(doc: Doc, claimant: ActorRef | None) -> bool:
    """Whether the claimant is nobody ("No group", "No one", "Nobody"): then the sentence
    says the claim was not made, and there is no claim and no proponent."""
    if claimant is None:
        return False
    span = doc.char_span(claimant.start, claimant.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    first = span[0]
    before = doc[span.start - 1] if span.start else None
    return (first.lower_ in NOBODY or first.lower_ == "no"
            or any(c.dep_ == "det" and c.lower_ == "no" for c in span.root.children)
            or (before is not None and before.lower_ == "no" and first.lower_ == "one"))
