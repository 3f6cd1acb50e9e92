"""Records ↔ rows: the only place that knows how a record is flattened into columns."""

from __future__ import annotations

from typing import Any

from aftermath.records import (
    Actor,
    ActorKind,
    ActorRef,
    Analysis,
    Attribution,
    Claim,
    ClaimKind,
    Document,
    Event,
    EventStatus,
    EvidenceStatus,
    Granularity,
    Place,
    Report,
    ReportKind,
    ResolvedDate,
    Span,
)


def span_row(prefix: str, span: Span, *, sentence: bool = True) -> dict[str, Any]:
    row = {f"{prefix}_text": span.text, f"{prefix}_start": span.start, f"{prefix}_end": span.end}
    if sentence:
        row[f"{prefix}_sentence"] = span.sentence
    return row


def actor_row(prefix: str, ref: ActorRef | None) -> dict[str, Any]:
    if ref is None:
        return {f"{prefix}_{k}": None for k in ("code", "text", "start", "end")}
    return {
        f"{prefix}_code": ref.code, f"{prefix}_text": ref.text,
        f"{prefix}_start": ref.start, f"{prefix}_end": ref.end,
    }


def document_row(document: Document) -> dict[str, Any]:
    return {
        "id": document.id, "content_hash": document.content_hash, "title": document.title,
        "outlet": document.outlet, "published": document.published, "url": document.url,
        "language": document.language, "text": document.text,
    }


def event_row(event: Event) -> dict[str, Any]:
    place = event.place
    return {
        **actor_row("source", event.source), **actor_row("target", event.target),
        **actor_row("reporter", event.reporter),
        "plover": event.plover, "mode": event.mode, "cameo": event.cameo,
        "quad_class": event.quad_class, "goldstein": event.goldstein,
        "date": event.date.value if event.date else None,
        "date_granularity": str(event.date.granularity) if event.date else None,
        "place_name": place.name if place else None,
        "place_country": place.country if place else None,
        "place_lat": place.lat if place else None, "place_lon": place.lon if place else None,
        "status": str(event.status), "confidence": event.confidence,
        **span_row("evidence", event.evidence), **span_row("trigger", event.trigger),
        "extractor": event.extractor,
    }


def attribution_row(attribution: Attribution) -> dict[str, Any]:
    return {
        **actor_row("speaker", attribution.speaker), **span_row("cue", attribution.cue),
        **span_row("content", attribution.content), **span_row("evidence", attribution.evidence),
        "direct": attribution.direct, "extractor": attribution.extractor,
    }


def claim_row(claim: Claim) -> dict[str, Any]:
    return {
        "kind": str(claim.kind), **actor_row("claimant", claim.claimant),
        **actor_row("subject", claim.subject), **actor_row("object", claim.object),
        "incident_event": claim.incident_event, "evidence_status": str(claim.evidence_status),
        **span_row("content", claim.content), **span_row("evidence", claim.evidence),
        "extractor": claim.extractor,
        **_optional_span_row("status_evidence", claim.status_evidence),
        "status_rule": claim.status_rule,
    }


def _optional_span_row(prefix: str, span: Span | None) -> dict[str, Any]:
    if span is None:
        return {f"{prefix}_{k}": None for k in ("text", "start", "end", "sentence")}
    return span_row(prefix, span)


def _span(row: Any, prefix: str) -> Span:
    return Span(
        row[f"{prefix}_text"], row[f"{prefix}_start"], row[f"{prefix}_end"],
        row[f"{prefix}_sentence"],
    )


def _ref(row: Any, prefix: str) -> ActorRef | None:
    if row[f"{prefix}_text"] is None:
        return None
    return ActorRef(
        row[f"{prefix}_code"], row[f"{prefix}_text"], row[f"{prefix}_start"], row[f"{prefix}_end"]
    )


def document_from(row: Any) -> Document:
    return Document(
        id=row["id"], text=row["text"], title=row["title"], outlet=row["outlet"],
        published=row["published"], url=row["url"], language=row["language"] or "en",
    )


def event_from(row: Any) -> Event:
    place = None
    if row["place_name"] is not None:
        place = Place(row["place_name"], row["place_country"], row["place_lat"], row["place_lon"])
    date = None
    if row["date"] is not None:
        date = ResolvedDate(row["date"], Granularity(row["date_granularity"]))
    return Event(
        source=_ref(row, "source"), target=_ref(row, "target"), plover=row["plover"],
        mode=row["mode"], cameo=row["cameo"], quad_class=row["quad_class"],
        goldstein=row["goldstein"], date=date, place=place, status=EventStatus(row["status"]),
        confidence=row["confidence"], evidence=_span(row, "evidence"),
        trigger=_span(row, "trigger"), reporter=_ref(row, "reporter"),
        extractor=row["extractor"],
    )


def attribution_from(row: Any) -> Attribution:
    return Attribution(
        speaker=_ref(row, "speaker"), cue=_span(row, "cue"), content=_span(row, "content"),
        direct=bool(row["direct"]), evidence=_span(row, "evidence"), extractor=row["extractor"],
    )


def claim_from(row: Any) -> Claim:
    return Claim(
        kind=ClaimKind(row["kind"]), claimant=_ref(row, "claimant"),
        subject=_ref(row, "subject"), object=_ref(row, "object"),
        evidence_status=EvidenceStatus(row["evidence_status"]),
        content=_span(row, "content"), evidence=_span(row, "evidence"),
        incident_event=row["incident_event"], extractor=row["extractor"],
        status_evidence=_span(row, "status_evidence") if _has(row, "status_evidence_text")
        else None,
        status_rule=row["status_rule"] if _has(row, "status_rule") else None,
    )


def _has(row: Any, column: str) -> bool:
    """Whether the row has the column and a value in it (older stores lack #13's columns)."""
    try:
        return row[column] is not None
    except (KeyError, IndexError):
        return False


def actor_from(row: Any, mention_rows: list[Any]) -> Actor:
    return Actor(
        code=row["code"], name=row["name"], kind=ActorKind(row["kind"]),
        country=row["country"], mentions=tuple(_span(m, "span") for m in mention_rows),
    )


def analysis_rows(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """Rows for every child table, each tagged with the document id and order."""
    doc_id = analysis.document.id
    actor_rows, mention_rows = [], []
    for seq, actor in enumerate(analysis.actors):
        actor_rows.append({
            "document_id": doc_id, "seq": seq, "code": actor.code, "name": actor.name,
            "kind": str(actor.kind), "country": actor.country,
        })
        for span in actor.mentions:
            mention_rows.append({
                "document_id": doc_id, "actor_seq": seq, "code": actor.code,
                **span_row("span", span),
            })
    return {
        "actors": actor_rows,
        "mentions": mention_rows,
        "events": [
            {"document_id": doc_id, "seq": n, **event_row(e)} for n, e in enumerate(analysis.events)
        ],
        "attributions": [
            {"document_id": doc_id, "seq": n, **attribution_row(a)}
            for n, a in enumerate(analysis.attributions)
        ],
        "claims": [
            {"document_id": doc_id, "seq": n, **claim_row(c)} for n, c in enumerate(analysis.claims)
        ],
    }


REPORT_FIELDS = ("document_id", "source_id", "outlet", "url", "published", "title", "similarity")


def report_row(report: Report) -> dict[str, Any]:
    return {**{name: getattr(report, name) for name in REPORT_FIELDS}, "kind": str(report.kind)}


def report_from(row: Any) -> Report:
    return Report(kind=ReportKind(row["kind"]), **{name: row[name] for name in REPORT_FIELDS})
