"""Evidence status of a claim: how well the article supports it, and which sentence said so.

Each rule returns a `Decision`: the status, the rule's name and the sentence that decided
it (stored on the claim as `status_rule` and `status_evidence`). In order of precedence:

- `sentence.unsupported`: the claim's own sentence says it lacks proof ("without evidence",
  "offered no proof", "never provided any evidence").
- `sentence.evidence_cited`: it cites evidence ("citing footage", "investigators found");
  citing a person ("citing a source in Ankara") is hearsay and cites nothing.
- `writer.doubt_after`: a later sentence of the same paragraph, in the writer's own voice,
  says there is no proof, about the claimant ("Yet he never provided any evidence"), about
  nobody in particular ("No evidence was offered", "Neither government has presented
  proof") or about the claim.
- `writer.evidence_after`: the writer's next sentence shows evidence ("Footage shows ...").
- `writer.about_claimant`: anywhere in the article the writer says that the claimant's
  party lacks proof ("The government, often without proof, blames ..."). Parties are
  compared by actor code: same country and same first role, a bare country code counting
  as its government (design note in docs/extractors.md), so a remark about "the
  government" of Turkey (TURGOV) scopes over a later claim by the mayor of Ankara (TURGOV).
- `sentence.disputed`: a denial in the same sentence; `article.denial`: the accused's own
  denial anywhere in the article (`mark_disputed`).
- `sentence.hedged`: "could have been", "suggested", "allegedly".
- otherwise asserted, with no deciding sentence.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from aftermath.extract.context import DocContext
from aftermath.extract.mentions import MentionIndex
from aftermath.records import ActorRef, Claim, ClaimKind, EvidenceStatus

HEDGING_MODALS = frozenset({"may", "might", "could", "can", "possibly", "perhaps", "likely"})
# Citing a person is hearsay, not evidence: "citing a source in Ankara" cites no proof.
HEARSAY_RE = re.compile(
    r"\bcit(?:ing|ed)\s+(?:an?\s+|the\s+|unnamed\s+|anonymous\s+|\w+\s+)?"
    r"(?:sources?|officials?|people|persons?|diplomats?|insiders?)\b")
# Claims that an accused party's denial disputes.
DENIABLE = frozenset({ClaimKind.BLAME, ClaimKind.RESPONSIBILITY, ClaimKind.AFFILIATION})
# Pronouns say nothing about who denied; matching on them would join unrelated actors.
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "his", "her", "their", "its"})
# Nouns of proof (PROOF_RE), and the words that deny them: "no evidence", "never provided
# any proof", "without offering evidence", "neither government has presented proof".
PROOF_RE = re.compile(r"\b(?:evidence|proofs?)\b", re.IGNORECASE)
NEGATIVE_QUANTIFIERS = frozenset({"no", "neither", "none", "nobody", "nothing"})
NEGATIONS = frozenset({"not", "n't", "never", "without"})
# Subjects of a writer's remark that point back at a claim rather than at a new party.
CLAIM_NOUNS = frozenset({"claim", "claims", "allegation", "allegations", "accusation",
                         "accusations", "theory", "theories", "charge", "charges", "account"})
# Sentences after the claim (same paragraph) that a writer's doubt may come in.
DOUBT_WINDOW = 3
# Nouns of evidence that a writer's sentence can show ("Footage shows the gunman ...").
SHOWING_NOUNS = frozenset({"footage", "video", "documents", "records", "messages",
                           "photographs", "photos", "fingerprints", "dna", "recordings"})
SHOWING_VERBS = frozenset({"show", "reveal", "indicate", "confirm", "prove", "place"})


@dataclass(frozen=True, slots=True)
class Decision:
    """A claim's evidence status, the rule that set it and the sentence it read."""

    status: EvidenceStatus
    rule: str | None = None
    sent: SpacySpan | None = None


@dataclass(frozen=True, slots=True)
class Remark:
    """A sentence in which someone is said to lack proof: its party (None: nobody named)
    and whether it is the writer's own voice (outside every attributed content)."""

    sent: SpacySpan
    party: ActorRef | None
    general: bool  # about nobody in particular, or about a claim: "No evidence was offered"
    pronoun: bool  # "Yet he never provided any evidence": about whoever spoke before
    writer: bool


@lru_cache(maxsize=32)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a marker list, matched on word boundaries (hyphens included)."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])")


def has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    """Whether one of the phrases occurs in the text as whole words."""
    return bool(phrases) and _phrase_pattern(phrases).search(text) is not None


def _denies_proof(noun: Token) -> bool:
    """Whether a proof noun is denied: "no proof", "never provided any", "without", ..."""
    if any(c.lower_ in NEGATIVE_QUANTIFIERS or c.lower_ == "little" for c in noun.children):
        return True
    head = noun.head
    for node in (head, head.head):  # "without evidence", "without offering evidence"
        if node.lower_ == "without":
            return True
    verb = head if head.pos_ in ("VERB", "AUX") else head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in verb.children):
        return True
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and (
        subject.lower_ in NEGATIVE_QUANTIFIERS
        or any(c.lower_ in NEGATIVE_QUANTIFIERS for c in subject.children))


def _remark_subject(noun: Token) -> Token | None:
    """Who the remark is about: the subject of the verb the proof phrase hangs from."""
    node = noun
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") and node != noun:
            subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")),
                           None)
            if subject is not None:
                return None if subject == noun else subject
            if node.dep_ not in ("conj", "advcl", "xcomp", "ccomp") or node.head == node:
                return None
        if node.head == node:
            return None
        node = node.head
    return None


def _first_subject(sent: SpacySpan) -> Token | None:
    """The sentence's first subject: a pronoun after another ("newspapers reported ..., but
    they did not provide evidence") points back into its own sentence."""
    return next((t for t in sent if t.dep_ in ("nsubj", "nsubjpass")), None)


def remarks(ctx: DocContext) -> list[Remark]:
    """Every sentence that says someone lacks proof, computed once per document."""
    found: list[Remark] | None = ctx.outputs.get("_remarks")
    if found is not None:
        return found
    index: MentionIndex = ctx.outputs["mentions"]
    contents = [(a.content.start, a.content.end)
                for a in ctx.outputs.get("attributions", ()) if a.speaker is not None]
    found = []
    seen: set[int] = set()
    for match in PROOF_RE.finditer(ctx.document.text):  # a few words, not every token
        span = ctx.doc.char_span(match.start(), match.end())
        if span is None or len(span) != 1 or not _denies_proof(span[0]):
            continue
        noun, sent = span[0], span[0].sent
        if sent.start in seen:
            continue
        seen.add(sent.start)
        subject = _remark_subject(noun)
        mention = index.for_argument(subject) if subject is not None else None
        party = index.ref(ctx.doc, mention) if mention is not None else None
        words = {subject.lower_, *(c.lower_ for c in subject.children)} if subject else set()
        found.append(Remark(
            sent=sent, party=party,
            general=subject is None or subject.dep_ == "expl" or bool(
                words & (NEGATIVE_QUANTIFIERS | CLAIM_NOUNS | {"there", "it"})),
            pronoun=subject is not None and subject.lower_ in PRONOUNS and _first_subject(
                sent) == subject,
            writer=not any(s <= noun.idx < e for s, e in contents),
        ))
    ctx.outputs["_remarks"] = found
    return found


def party_of(code: str | None) -> tuple[str, str] | None:
    """(country, first role) of an actor code; a bare country stands for its government."""
    if not code or len(code) < 3:
        return None
    return code[:3], code[3:6] or "GOV"


def _same_party(a: ActorRef | None, b: ActorRef | None) -> bool:
    return a is not None and b is not None and party_of(a.code) is not None and (
        party_of(a.code) == party_of(b.code))


def _paragraph_between(ctx: DocContext, sent: SpacySpan, later: SpacySpan) -> bool:
    """Whether a line break lies between two sentences (a sentence may open on it)."""
    start = sent.start_char + len(sent.text.rstrip())
    end = later.start_char + len(later.text) - len(later.text.lstrip())
    return "\n" in ctx.document.text[start:end]


def _doubt_after(ctx: DocContext, sent: SpacySpan, claimant: ActorRef | None,
                 found: list[Remark]) -> Remark | None:
    """The writer's first doubt in the next sentences of the claim's paragraph."""
    sentences = list(ctx.doc.sents)
    number = ctx.sentence_of(sent[0])
    window = sentences[number + 1 : number + 1 + DOUBT_WINDOW]
    by_start = {r.sent.start: r for r in found}
    for offset, later in enumerate(window):
        if _paragraph_between(ctx, sent, later):
            return None
        remark = by_start.get(later.start)
        if remark is None or not remark.writer:
            continue
        if remark.general or _same_party(remark.party, claimant) or (
            remark.pronoun and offset == 0) or (offset == 0 and remark.party is None):
            return remark
    return None


def _evidence_after(ctx: DocContext, sent: SpacySpan) -> SpacySpan | None:
    """The next sentence of the paragraph when it opens on evidence that shows something."""
    if sent.end >= len(ctx.doc):
        return None
    later = ctx.doc[sent.end].sent
    if _paragraph_between(ctx, sent, later):
        return None
    root = later.root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or root.lemma_.lower() not in SHOWING_VERBS:
        return None
    return later if subject.lower_ in SHOWING_NOUNS else None


def _marked(ctx: DocContext, sent: SpacySpan, kind: ClaimKind) -> Decision | None:
    """The statuses the claim's own sentence sets by its words."""
    cues = ctx.kb.cues
    text = sent.text.lower()
    if has_phrase(text, cues.unsupported_markers) or any(
        r.sent.start == sent.start for r in remarks(ctx)
    ):
        return Decision(EvidenceStatus.UNSUPPORTED, "sentence.unsupported", sent)
    if has_phrase(HEARSAY_RE.sub(" ", text), cues.evidence_markers):
        return Decision(EvidenceStatus.EVIDENCE_CITED, "sentence.evidence_cited", sent)
    return None


def _from_context(ctx: DocContext, sent: SpacySpan, kind: ClaimKind,
                  claimant: ActorRef | None) -> Decision | None:
    """The writer's doubt or evidence after the claim, else a remark about its party."""
    found = remarks(ctx)
    doubt = _doubt_after(ctx, sent, claimant, found)
    if doubt is not None:
        return Decision(EvidenceStatus.UNSUPPORTED, "writer.doubt_after", doubt.sent)
    shown = _evidence_after(ctx, sent)
    if shown is not None:
        return Decision(EvidenceStatus.EVIDENCE_CITED, "writer.evidence_after", shown)
    about = next((r for r in found if r.writer and r.sent.start != sent.start
                  and _same_party(r.party, claimant)), None)
    if about is not None:
        return Decision(EvidenceStatus.UNSUPPORTED, "writer.about_claimant", about.sent)
    return None


def decide_status(ctx: DocContext, claim_token: Token, kind: ClaimKind,
                  claimant: ActorRef | None = None) -> Decision:
    """How well the article supports the claim (see module docstring for the order)."""
    cues = ctx.kb.cues
    sent = claim_token.sent
    marked = _marked(ctx, sent, kind)
    if marked is not None:
        return marked
    if kind in DENIABLE:  # the writer's doubts are about accusations, not motives
        context = _from_context(ctx, sent, kind, claimant)
        if context is not None:
            return context
    text = sent.text.lower()
    if kind != ClaimKind.DENIAL and has_phrase(text, cues.dispute_markers):
        return Decision(EvidenceStatus.DISPUTED, "sentence.disputed", sent)
    clause = list(claim_token.subtree) + list(claim_token.ancestors)
    words = {t.lower_ for t in clause} | {t.lemma_.lower() for t in clause}
    if words & HEDGING_MODALS or words & cues.hedging_verbs or has_phrase(
        text, cues.hedge_markers
    ):
        return Decision(EvidenceStatus.HEDGED, "sentence.hedged", sent)
    return Decision(EvidenceStatus.ASSERTED)


def same_resolved_actor(a: ActorRef | None, b: ActorRef | None,
                        key_of: Callable[[ActorRef], str | None]) -> bool:
    """Whether two references name the same resolved party: one knowledge-base entity or
    coreference chain (`key_of`), or the same party by code (country and first role, a bare
    country standing for its government). Words alone never decide: "the Armenian church"
    and "Armenian troops" share a word, not a party (#17)."""
    if a is None or b is None:
        return False
    key = key_of(a)
    if key is not None and key == key_of(b):
        return True
    if not a.code or not b.code or a.code.startswith("-") or b.code.startswith("-"):
        return False  # an unknown country says nothing about who it is
    return party_of(a.code) == party_of(b.code)


def mark_disputed(claims: list[Claim], key_of: Callable[[ActorRef], str | None]) -> list[Claim]:
    """Claims against a party whose denial stands in the same article become disputed.

    For an affiliation the group's own denial counts too ("the movement denied any ties").
    Parties are compared as resolved actors (`same_resolved_actor`); `key_of` gives the
    entity a reference resolves to. The denial's sentence is the one that decided.
    """
    denials = [c for c in claims if c.kind == ClaimKind.DENIAL]
    marked = []
    for claim in claims:
        if claim.kind in DENIABLE and claim.evidence_status in (
            EvidenceStatus.ASSERTED, EvidenceStatus.HEDGED
        ):
            denial = next((d for d in denials if same_resolved_actor(
                claim.subject, d.claimant, key_of) or (
                claim.kind == ClaimKind.AFFILIATION
                and same_resolved_actor(claim.object, d.claimant, key_of)
            )), None)
            if denial is not None:
                claim = dataclasses.replace(
                    claim, evidence_status=EvidenceStatus.DISPUTED,
                    status_rule="article.denial", status_evidence=denial.evidence)
        marked.append(claim)
    return marked
