"""Who blames whom, as the analyst is shown it: the edges of the blame network.

One definition serves the dashboard's blame network (web/data.py) and the blame scorer
(eval/blame.py), so the scorer counts exactly what the analyst sees and a rule can only
raise the figure by putting an edge in front of the analyst (#17). An edge is

- a blame or responsibility claim that names both its claimant and the accused, with the
  claim's evidence status; or
- an accusing event (PLOVER ACCUSE with a CAMEO code under 11, DISAPPROVE: criticise,
  accuse, complain, sue, find guilty; not 09, an investigation, which PLOVER files under
  ACCUSE but which accuses nobody yet) that the article reports as happening — not
  negated ("did not criticise"), not hypothetical ("may condemn") — and that names its
  source and target. An event has no evidence status of its
  own; the article reports it, so its edge is `asserted`. An event that a claim of the same
  sentence already shows (same two parties) adds no second edge: the claim carries the
  evidence status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from aftermath.records import ActorRef, Claim, ClaimKind, Event, EventStatus, EvidenceStatus, Span

BLAME_CLAIM_KINDS = frozenset({ClaimKind.BLAME, ClaimKind.RESPONSIBILITY})
# PLOVER types that are an accusation by the source against the target. Rejecting,
# threatening, protesting, sanctioning or attacking someone is hostile, but it is not saying
# that they are at fault, so it is no blame edge.
ACCUSING_TYPES = frozenset({"ACCUSE"})
ACCUSING_ROOT = "11"
# Statuses of an event the article says took place.
HAPPENED = frozenset({EventStatus.ASSERTED, EventStatus.REPORTED})


@dataclass(frozen=True, slots=True)
class BlameEdge:
    """One accuser → accused link, with the sentence that shows it."""

    accuser: ActorRef
    accused: ActorRef
    evidence_status: EvidenceStatus
    evidence: Span
    origin: Literal["claim", "event"]


def is_accusing(event: Event) -> bool:
    """Whether the event is an accusation the article reports as made."""
    return (event.plover in ACCUSING_TYPES and event.cameo.startswith(ACCUSING_ROOT)
            and event.status in HAPPENED)


def _overlaps(a: ActorRef, b: ActorRef) -> bool:
    return a.start < b.end and b.start < a.end


def blame_edges(claims: Iterable[Claim], events: Iterable[Event]) -> tuple[BlameEdge, ...]:
    """The blame-network edges of one document's claims and events, claims first."""
    edges = [
        BlameEdge(claim.claimant, claim.subject, claim.evidence_status, claim.evidence, "claim")
        for claim in claims
        if claim.kind in BLAME_CLAIM_KINDS and claim.claimant is not None
        and claim.subject is not None
    ]
    shown = list(edges)
    for event in events:
        if not is_accusing(event) or event.source is None or event.target is None:
            continue
        if any(edge.evidence.sentence == event.evidence.sentence
               and _overlaps(edge.accuser, event.source) and _overlaps(edge.accused, event.target)
               for edge in shown):
            continue
        edges.append(BlameEdge(event.source, event.target, EvidenceStatus.ASSERTED,
                               event.evidence, "event"))
    return tuple(edges)
