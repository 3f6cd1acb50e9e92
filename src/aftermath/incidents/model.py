"""The nouns of incident assembly: incidents, hypotheses, framing entries and the brief.

Frozen dataclasses like `aftermath.records`; they live here rather than in records.py
because only the assembly stage and its callers use them (#6).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aftermath.records import Act


@dataclass(frozen=True, slots=True)
class Incident:
    """One real-world event as reported by many documents.

    `id` is a hash of the founding document, so it stays the same as documents arrive
    and when the incidents are rebuilt in the same (publication) order.
    """

    id: str
    label: str
    date: str | None
    place: str | None
    plover: str
    cameo: str
    documents: tuple[str, ...]
    outlets: tuple[str, ...]
    countries: tuple[str, ...]
    first_report: str | None
    last_report: str | None
    event_count: int = 0

    @property
    def outlet_count(self) -> int:
        return len(self.outlets)


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """One claim as the ledger shows it, with where it came from."""

    document_id: str
    seq: int
    kind: str
    claimant: str | None
    claimant_code: str | None
    evidence_status: str
    outlet: str | None
    published: str | None
    text: str
    start: int
    end: int
    sentence: int
    # #13: the sentence that set the evidence status (None: a plain assertion) and its rule.
    status_text: str | None = None
    status_start: int | None = None
    status_end: int | None = None
    status_sentence: int | None = None
    status_rule: str | None = None
    # #19: the claimant's resolved name (a person, a body, a label of its code), never a
    # pronoun; None when nothing is known of the claimant.
    claimant_name: str | None = None


@dataclass(frozen=True, slots=True)
class Proponent:
    text: str
    code: str | None
    country: str | None
    claims: int


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """An explanation competing for one incident: an accused party or a motive."""

    key: str
    label: str
    kind: str  # "party" or "motive"
    code: str | None
    claims: tuple[ClaimRef, ...]
    denials: tuple[ClaimRef, ...]
    proponents: tuple[Proponent, ...]
    outlets: tuple[str, ...]
    outlet_countries: tuple[str, ...]
    status_counts: dict[str, int] = field(default_factory=dict)
    first_seen: str | None = None
    last_seen: str | None = None

    @property
    def support(self) -> int:
        """Distinct documents carrying the hypothesis: the ordering key of the ledger."""
        return len({claim.document_id for claim in self.claims})

    @property
    def evidence_cited(self) -> bool:
        return self.status_counts.get("evidence_cited", 0) > 0


@dataclass(frozen=True, slots=True)
class Framing:
    """What one outlet, or one group of outlets, says about an incident."""

    outlet: str  # outlet key, or the group name ("RUS state", "TUR", ...)
    name: str
    country: str
    ownership: str
    documents: int
    hypotheses: tuple[str, ...]
    missing: tuple[str, ...]  # hypotheses others carry that this one does not
    quoted: tuple[tuple[str, int], ...]  # (actor, quotes), most quoted first
    unsupported_share: float | None  # share of claims unsupported or hedged; None: no claims
    words: tuple[tuple[str, int], ...]  # words used for the event, most used first


@dataclass(frozen=True, slots=True)
class EventLine:
    document_id: str
    seq: int
    plover: str
    cameo: str
    source: str | None
    target: str | None
    date: str | None
    place: str | None
    status: str
    text: str
    # #19: the resolved names of source and target (names.py); None when nobody is known.
    source_name: str | None = None
    target_name: str | None = None
    source_code: str | None = None
    target_code: str | None = None


@dataclass(frozen=True, slots=True)
class Brief:
    """The analyst's brief: what happened, competing explanations, framing side by side."""

    incident: Incident
    events: tuple[EventLine, ...]
    hypotheses: tuple[Hypothesis, ...]
    unattached: tuple[ClaimRef, ...]
    framing: tuple[Framing, ...]  # one per outlet
    framing_groups: tuple[Framing, ...]  # one per outlet country (and ownership)
    nearby: tuple[Incident, ...] = ()  # other incidents first reported within a week
    acts: tuple[Act, ...] = ()  # the events folded by the act they report (#19)
