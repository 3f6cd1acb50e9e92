"""Request and response bodies of the REST API (pydantic at the boundary, style.md §5).

They describe the JSON the data functions already return, so the OpenAPI schema is exact
and schemathesis can hold every response to it. Extra keys are allowed everywhere: the
contract lets keys be added, never renamed or dropped.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. store.not_found.")
    message: str = Field(description="One line saying what went wrong and what to do.")


class ErrorBody(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


class SpanOut(_Open):
    text: str
    start: int
    end: int
    sentence: int


class ActorRefOut(_Open):
    code: str | None
    text: str
    start: int
    end: int


class ActorOut(_Open):
    code: str | None
    name: str
    kind: str
    country: str | None
    mentions: list[SpanOut]


class PlaceOut(_Open):
    name: str
    country: str | None
    lat: float | None
    lon: float | None


class EventOut(_Open):
    source: ActorRefOut | None
    target: ActorRefOut | None
    plover: str
    mode: str | None
    cameo: str
    quad_class: int
    goldstein: float
    date: str | None
    place: PlaceOut | None
    status: str
    confidence: float
    evidence: SpanOut


class AttributionOut(_Open):
    speaker: ActorRefOut | None
    cue: SpanOut
    content: SpanOut
    direct: bool
    evidence: SpanOut


class ClaimOut(_Open):
    kind: str
    claimant: ActorRefOut | None
    subject: ActorRefOut | None
    object: ActorRefOut | None
    incident_event: int | None
    evidence_status: str
    content: SpanOut
    evidence: SpanOut
    status_evidence: SpanOut | None = Field(
        default=None, description="The sentence that set the evidence status (#13); "
        "sentence -1 means the headline, its offsets into the title.")
    status_rule: str | None = Field(
        default=None, description="The rule that set the evidence status, e.g. "
        "writer.doubt_after; null for a plain assertion.")


class DocumentMeta(_Open):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    url: str | None


class DocumentWithText(DocumentMeta):
    text: str = Field(description="The article text the offsets point into.")


class AnalysisOut(_Open):
    """The `aftermath analyze --json` contract (docs/api.md), with `document.text` added."""

    document: DocumentWithText
    actors: list[ActorOut]
    events: list[EventOut]
    attributions: list[AttributionOut]
    claims: list[ClaimOut]


class DocumentListItem(_Open):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


class SearchItem(DocumentListItem):
    snippet: str


class DocumentPage(BaseModel):
    items: list[DocumentListItem]
    next: str | None = Field(description="Cursor of the next page; null on the last page.")


class SearchPage(BaseModel):
    items: list[SearchItem]
    next: str | None


class PublishedRange(BaseModel):
    first: str | None
    last: str | None


class StatsOut(_Open):
    documents: int
    actors: int
    events: int
    attributions: int
    claims: int
    rejections: int
    outlets: int
    published: PublishedRange


class PeriodOut(_Open):
    period: str
    events: int
    quad: dict[str, int]
    goldstein_sum: float
    goldstein_mean: float | None
    conflict_share: float | None
    normalised: float | None
    documents: int | None
    reports: list[dict[str, Any]] = Field(description="The first documents behind the period.")
    reports_total: int
    incidents: list[dict[str, Any]] = Field(description="Incidents of those documents.")


class RelationOut(_Open):
    """`aftermath relations A B --json`, plus `a`, `b` and what is behind each period."""

    dyad: str
    a: str
    b: str
    by: str
    directed: bool
    periods: list[PeriodOut]
    turning_points: list[dict[str, Any]]
    outlook: dict[str, Any] | None
    counted: dict[str, int]
    count: str = Field("acts", description="What periods count: `acts` (each act once, "
                                           "#19) or `reports` (every stored event).")


class IncidentPage(BaseModel):
    items: list[dict[str, Any]]
    next: str | None
    available: bool = Field(description="False while the store has no incidents "
                                        "(run `aftermath incidents`).")


class BriefOut(_Open):
    """`aftermath brief ID --json`."""

    incident: dict[str, Any]
    events: list[dict[str, Any]]
    hypotheses: list[dict[str, Any]]
    unattached: list[dict[str, Any]]
    framing: list[dict[str, Any]]
    framing_groups: list[dict[str, Any]]
    nearby: list[dict[str, Any]]
    acts: list[dict[str, Any]] = Field(default_factory=list, description=(
        "The events folded by the act they report (#19), most reported first."))


class ActsOut(BaseModel):
    """The acts of one incident (#19): the brief's `acts`."""

    incident: str
    acts: list[dict[str, Any]]


class NetworkOut(BaseModel):
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


class DocumentIn(BaseModel):
    """A new article for POST /api/documents."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, max_length=128)
    text: str = Field(min_length=1)
    title: str | None = None
    published: str | None = Field(None, description="ISO date, YYYY-MM-DD.")
    outlet: str | None = Field(None, max_length=200)
    url: str | None = None
    language: str = Field("en", max_length=16)
