"""The JSON output contract of `aftermath analyze` (design.md, "Output contract").

Keys may be added; none is renamed or dropped without a major version.
"""

from __future__ import annotations

from typing import Any

from aftermath.records import (
    Actor,
    ActorRef,
    Analysis,
    Attribution,
    Claim,
    Document,
    Event,
    Place,
    Span,
)


def span_json(span: Span) -> dict[str, Any]:
    return {"text": span.text, "start": span.start, "end": span.end, "sentence": span.sentence}


def actor_ref_json(ref: ActorRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {"code": ref.code, "text": ref.text, "start": ref.start, "end": ref.end}


def document_json(document: Document) -> dict[str, Any]:
    return {
        "id": document.id, "title": document.title, "outlet": document.outlet,
        "published": document.published, "language": document.language, "url": document.url,
    }


def actor_json(actor: Actor) -> dict[str, Any]:
    return {
        "code": actor.code, "name": actor.name, "kind": str(actor.kind),
        "country": actor.country, "mentions": [span_json(s) for s in actor.mentions],
    }


def place_json(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"name": place.name, "country": place.country, "lat": place.lat, "lon": place.lon}


def event_json(event: Event) -> dict[str, Any]:
    return {
        "source": actor_ref_json(event.source),
        "target": actor_ref_json(event.target),
        "plover": event.plover,
        "mode": event.mode,
        "cameo": event.cameo,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "date": event.date.value if event.date else None,
        "date_granularity": str(event.date.granularity) if event.date else None,
        "place": place_json(event.place),
        "status": str(event.status),
        "confidence": event.confidence,
        "evidence": span_json(event.evidence),
        "trigger": span_json(event.trigger),
        "reporter": actor_ref_json(event.reporter),
    }


def attribution_json(attribution: Attribution) -> dict[str, Any]:
    return {
        "speaker": actor_ref_json(attribution.speaker),
        "cue": span_json(attribution.cue),
        "content": span_json(attribution.content),
        "direct": attribution.direct,
        "evidence": span_json(attribution.evidence),
    }


def claim_json(claim: Claim) -> dict[str, Any]:
    return {
        "kind": str(claim.kind),
        "claimant": actor_ref_json(claim.claimant),
        "subject": actor_ref_json(claim.subject),
        "object": actor_ref_json(claim.object),
        "incident_event": claim.incident_event,
        "evidence_status": str(claim.evidence_status),
        "content": span_json(claim.content),
        "evidence": span_json(claim.evidence),
        "status_evidence": span_json(claim.status_evidence) if claim.status_evidence else None,
        "status_rule": claim.status_rule,
    }


def analysis_json(analysis: Analysis) -> dict[str, Any]:
    """One article's analysis as the contract's JSON object."""
    return {
        "document": document_json(analysis.document),
        "actors": [actor_json(a) for a in analysis.actors],
        "events": [event_json(e) for e in analysis.events],
        "attributions": [attribution_json(a) for a in analysis.attributions],
        "claims": [claim_json(c) for c in analysis.claims],
    }


def error_json(document_id: str, code: str, message: str) -> dict[str, Any]:
    return {"document": {"id": document_id}, "error": {"code": code, "message": message}}
