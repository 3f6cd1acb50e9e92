"""Evidence status of a claim: how well the article supports it.

Order of precedence: unsupported ("without evidence", "offered no proof", also the writer's
qualifier in the next sentence: "But there appears to be no proof ...") > evidence_cited
("citing footage", "investigators found") > disputed (a denial in the same sentence, or the
accused's own denial anywhere in the article) > hedged ("could have been", "suggested",
"allegedly") > asserted.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from spacy.tokens import Token

from aftermath.extract.context import DocContext
from aftermath.records import ActorRef, Claim, ClaimKind, EvidenceStatus

HEDGING_MODALS = frozenset({"may", "might", "could", "can", "possibly", "perhaps", "likely"})
# The next sentence qualifies the claim when it opens on the claimant, the writer's own
# hedge ("But there appears to be no proof ...") or a discourse marker, not a new topic.
NEXT_QUALIFIER_RE = re.compile(
    r"^(?:(?:but|however|yet|still|so far|thus far),? )?"
    r"(?:he|she|they|it|there|none|no one|nobody|neither|the \w+|officials|investigators)\b"
)
# Citing a person is hearsay, not evidence: "citing a source in Ankara" cites no proof.
HEARSAY_RE = re.compile(
    r"\bcit(?:ing|ed)\s+(?:an?\s+|the\s+|unnamed\s+|anonymous\s+|\w+\s+)?"
    r"(?:sources?|officials?|people|persons?|diplomats?|insiders?)\b")
# Claims that an accused party's denial disputes.
DENIABLE = frozenset({ClaimKind.BLAME, ClaimKind.RESPONSIBILITY, ClaimKind.AFFILIATION})
# Pronouns say nothing about who denied; matching on them would join unrelated actors.
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "his", "her", "their", "its"})


@lru_cache(maxsize=32)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a marker list, matched on word boundaries (hyphens included)."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])")


def _has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    return bool(phrases) and _phrase_pattern(phrases).search(text) is not None


def evidence_status(ctx: DocContext, claim_token: Token, kind: ClaimKind) -> EvidenceStatus:
    """How well the sentence supports the claim (see module docstring for the order)."""
    cues = ctx.kb.cues
    sent = claim_token.sent
    text = sent.text.lower()
    following = ctx.doc[sent.end].sent.text.lower() if sent.end < len(ctx.doc) else ""
    if _has_phrase(text, cues.unsupported_markers) or (
        NEXT_QUALIFIER_RE.match(following) and _has_phrase(following, cues.unsupported_markers)
    ):
        return EvidenceStatus.UNSUPPORTED
    if _has_phrase(HEARSAY_RE.sub(" ", text), cues.evidence_markers):
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



def _same_actor(a: ActorRef | None, b: ActorRef | None) -> bool:
    """Whether two references name the same party: a specific code, or a shared name."""
    if a is None or b is None:
        return False
    if a.code and a.code == b.code and len(a.code) > 3:
        return True
    names_a = {w for w in re.findall(r"[\w-]+", a.text) if w[:1].isupper()} - {"The", "A"}
    names_b = {w for w in re.findall(r"[\w-]+", b.text) if w[:1].isupper()} - {"The", "A"}
    return bool({w.lower() for w in names_a} - PRONOUNS & {w.lower() for w in names_b})


def mark_disputed(claims: list[Claim]) -> list[Claim]:
    """Claims against a party whose denial stands in the same article become disputed.

    For an affiliation the group's own denial counts too ("the movement denied any ties").
    """
    deniers = [c.claimant for c in claims if c.kind == ClaimKind.DENIAL]
    marked = []
    for claim in claims:
        if (claim.kind in DENIABLE
                and claim.evidence_status in (EvidenceStatus.ASSERTED, EvidenceStatus.HEDGED)
                and any(_same_actor(claim.subject, denier)
                        or (claim.kind == ClaimKind.AFFILIATION
                            and _same_actor(claim.object, denier))
                        for denier in deniers)):
            claim = dataclasses.replace(claim, evidence_status=EvidenceStatus.DISPUTED)
        marked.append(claim)
    return marked
