"""The nouns of aftermath (design.md): frozen, slotted dataclasses flowing through the pipeline.

Records hold data only. Turning them into JSON or rows is the job of `export` and `store`,
so the JSON contract and the schema can evolve without touching extraction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

# The country part of an actor code whose country is unknown: "---REB" is rebels of no
# known country (the Phoenix convention, #12). It is never a country.
UNKNOWN_COUNTRY = "---"


def country_of(code: str | None) -> str | None:
    """The country (first three letters) of an actor code; None when unknown or too short."""
    if not code or len(code) < 3 or code.startswith(UNKNOWN_COUNTRY):
        return None
    return code[:3]


class ActorKind(StrEnum):
    STATE = "state"
    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"
    UNKNOWN = "unknown"


class EventStatus(StrEnum):
    ASSERTED = "asserted"
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"
    REPORTED = "reported"


class ClaimKind(StrEnum):
    BLAME = "blame"
    RESPONSIBILITY = "responsibility"
    MOTIVE = "motive"
    AFFILIATION = "affiliation"
    DENIAL = "denial"
    PREDICTION = "prediction"


class EvidenceStatus(StrEnum):
    ASSERTED = "asserted"
    HEDGED = "hedged"
    UNSUPPORTED = "unsupported"
    DISPUTED = "disputed"
    EVIDENCE_CITED = "evidence_cited"


class Granularity(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Document:
    """One article. `id` is the caller's id, or a hash of the text when none is given."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None when unknown
    url: str | None = None
    language: str = "en"

    @property
    def content_hash(self) -> str:
        """What identifies the article's content, so re-ingesting it changes nothing."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def make_document_id(text: str) -> str:
    """A deterministic id for a document that came without one."""
    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# The sentence index of a span in the headline: its offsets are into `Document.title`
# (headline claims, #13), not into the text.
TITLE_SENTENCE = -1


@dataclass(frozen=True, slots=True)
class Span:
    """Provenance: words of the document text with character offsets and sentence index.

    Invariant: `document.text[start:end] == text`.
    """

    text: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as it appears in one place: its code and its words.

    The code is None when nothing is known, and starts with `---` when only the role is
    ("---REB")."""

    code: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor of one document with every mention that points to it."""

    code: str | None
    name: str
    kind: ActorKind
    country: str | None
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    value: str  # ISO: 2016-12-19, 2015-11 or 2015
    granularity: Granularity


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class Event:
    source: ActorRef | None
    target: ActorRef | None
    plover: str
    mode: str | None
    cameo: str
    quad_class: int
    goldstein: float
    date: ResolvedDate | None
    place: Place | None
    status: EventStatus
    confidence: float
    evidence: Span
    trigger: Span
    reporter: ActorRef | None = None
    extractor: str = "events.verb_rules.v1"


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: ActorRef | None
    cue: Span
    content: Span
    direct: bool
    evidence: Span
    extractor: str = "attributions.cue_rules.v1"


@dataclass(frozen=True, slots=True)
class Claim:
    kind: ClaimKind
    claimant: ActorRef | None
    subject: ActorRef | None
    object: ActorRef | None
    evidence_status: EvidenceStatus
    content: Span
    evidence: Span
    incident_event: int | None = None  # index into the same analysis' events, when linked
    extractor: str = "claims.cue_rules.v1"
    # The sentence that set `evidence_status` and the rule that read it (extract/evidence.py);
    # None when no marker decided it (a plain assertion).
    status_evidence: Span | None = None
    status_rule: str | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything extracted from one document."""

    document: Document
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejection:
    """A bad input record: where it was, why, and a stable code. Batches keep going."""

    source: str
    locator: str
    code: str
    message: str


class ReportKind(StrEnum):
    ORIGINAL = "original"  # the copy that was analysed
    EXACT = "exact"        # same text once case, punctuation and spacing are ignored
    NEAR = "near"          # most of the text shared (MinHash estimate above the threshold)


@dataclass(frozen=True, slots=True)
class Report:
    """One outlet's copy of a stored document: who carried it, where, under which id."""

    document_id: str
    source_id: str  # the id the copy came with (its own JSONL/CSV id, GUID, path)
    kind: ReportKind
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None
    similarity: float | None = None


@dataclass(frozen=True, slots=True)
class StoreResult:
    """What writing one batch did."""

    stored: int = 0
    unchanged: int = 0
    rejections: tuple[Rejection, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A stored event reduced to what series and exports count, with its row id.

    Relation series read hundreds of thousands of these, so they carry codes and numbers
    only; the words and spans stay in the store until a caller asks for a few by id.
    """

    id: int
    document_id: str
    source: str | None
    target: str | None
    plover: str
    cameo: str
    quad_class: int
    goldstein: float
    date: str | None          # as stored: 2016-12-19, 2016-W51, 2016-12 or 2016
    granularity: str | None   # day, week, month, year
    place: str | None
    status: str
    act: str | None = None    # the act it reports, once incidents are assembled (#19)


@dataclass(frozen=True, slots=True)
class Named:
    """An actor as the analyst reads it: a resolved name beside its code (#19).

    `name` is the knowledge-base name, the best mention of the actor's coreference chain,
    or a readable label of the code ("Russian government"); never a bare pronoun.
    """

    name: str
    code: str | None = None


@dataclass(frozen=True, slots=True)
class ActReport:
    """One sentence reporting an act: which event of which document, and where it is."""

    document_id: str
    seq: int  # the event's index in its document's analysis
    outlet: str | None
    published: str | None
    evidence: Span


@dataclass(frozen=True, slots=True)
class Act:
    """One act of an incident, however many reports tell it (#19).

    Events that report the same act (same act family, compatible resolved source and
    target, same day, compatible place) fold into one act with canonical who/what/whom/
    when/where; `reports` keeps every sentence behind it. `id` is a hash of the incident
    and the act's first report, so it holds while more reports arrive.
    """

    id: str
    incident_id: str
    family: str  # force, diplomacy, disaster (incidents/acts.py), else the PLOVER type
    plover: str
    cameo: str
    quad_class: int
    goldstein: float
    source: Named | None
    target: Named | None
    date: str | None
    place: str | None
    reports: tuple[ActReport, ...]

    @property
    def documents(self) -> tuple[str, ...]:
        """The documents telling the act, in report order, each once."""
        return tuple(dict.fromkeys(r.document_id for r in self.reports))

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.outlet for r in self.reports if r.outlet))

    @property
    def first_report(self) -> str | None:
        return min((r.published for r in self.reports if r.published), default=None)

    @property
    def last_report(self) -> str | None:
        return max((r.published for r in self.reports if r.published), default=None)
