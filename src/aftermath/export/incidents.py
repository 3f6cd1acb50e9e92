"""Incidents and briefs as JSON: the shape `aftermath incidents/brief --json` print (#6).

Keys may be added, never renamed or dropped without a major version.
"""

from __future__ import annotations

from typing import Any

from aftermath.incidents.model import Brief, ClaimRef, Framing, Hypothesis, Incident
from aftermath.records import Act, Named

NO_EVIDENCE = "no claim cites evidence"


def incident_json(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id, "label": incident.label, "date": incident.date,
        "place": incident.place, "plover": incident.plover, "cameo": incident.cameo,
        "event_count": incident.event_count, "outlet_count": incident.outlet_count,
        "outlets": list(incident.outlets), "countries": list(incident.countries),
        "documents": list(incident.documents), "first_report": incident.first_report,
        "last_report": incident.last_report,
    }


def claim_json(ref: ClaimRef) -> dict[str, Any]:
    return {
        "kind": ref.kind,
        "claimant": {"text": ref.claimant, "code": ref.claimant_code, "name": ref.claimant_name},
        "evidence_status": ref.evidence_status, "outlet": ref.outlet,
        "published": ref.published,
        "evidence": {"document": ref.document_id, "text": ref.text, "start": ref.start,
                     "end": ref.end, "sentence": ref.sentence},
        "status_evidence": None if ref.status_text is None else {
            "document": ref.document_id, "text": ref.status_text, "start": ref.status_start,
            "end": ref.status_end, "sentence": ref.status_sentence},
        "status_rule": ref.status_rule,
    }


def hypothesis_json(hypothesis: Hypothesis) -> dict[str, Any]:
    return {
        "key": hypothesis.key, "label": hypothesis.label, "kind": hypothesis.kind,
        "code": hypothesis.code, "support": hypothesis.support,
        "proponents": [{"text": p.text, "code": p.code, "country": p.country,
                        "claims": p.claims} for p in hypothesis.proponents],
        "outlets": list(hypothesis.outlets),
        "outlet_countries": list(hypothesis.outlet_countries),
        "evidence_status": dict(sorted(hypothesis.status_counts.items())),
        "evidence_cited": hypothesis.evidence_cited,
        "note": None if hypothesis.evidence_cited else NO_EVIDENCE,
        "denials": [claim_json(r) for r in hypothesis.denials],
        "first_seen": hypothesis.first_seen, "last_seen": hypothesis.last_seen,
        "claims": [claim_json(r) for r in hypothesis.claims],
    }


def framing_json(framing: Framing) -> dict[str, Any]:
    return {
        "outlet": framing.outlet, "name": framing.name, "country": framing.country,
        "ownership": framing.ownership, "documents": framing.documents,
        "hypotheses": list(framing.hypotheses), "missing": list(framing.missing),
        "quoted": [{"actor": a, "quotes": n} for a, n in framing.quoted],
        "unsupported_share": framing.unsupported_share,
        "words": [{"word": w, "count": n} for w, n in framing.words],
    }


def named_json(named: Named | None) -> dict[str, Any] | None:
    return None if named is None else {"name": named.name, "code": named.code}


def act_json(act: Act) -> dict[str, Any]:
    """One act (#19): canonical who/what/whom/when/where, counts and every sentence."""
    return {
        "id": act.id, "incident": act.incident_id, "family": act.family,
        "plover": act.plover, "cameo": act.cameo, "quad_class": act.quad_class,
        "goldstein": act.goldstein, "source": named_json(act.source),
        "target": named_json(act.target), "date": act.date, "place": act.place,
        "reports": len(act.documents), "mentions": len(act.reports),
        "outlets": list(act.outlets), "outlet_count": len(act.outlets),
        "first_report": act.first_report, "last_report": act.last_report,
        "evidence": [{
            "document": r.document_id, "seq": r.seq, "outlet": r.outlet,
            "published": r.published, "text": r.evidence.text, "start": r.evidence.start,
            "end": r.evidence.end, "sentence": r.evidence.sentence,
        } for r in act.reports],
    }


def brief_json(brief: Brief) -> dict[str, Any]:
    return {
        "incident": incident_json(brief.incident),
        "events": [{
            "document": e.document_id, "seq": e.seq, "plover": e.plover, "cameo": e.cameo,
            "source": e.source, "target": e.target, "date": e.date, "place": e.place,
            "status": e.status, "evidence": e.text,
            "source_name": e.source_name, "target_name": e.target_name,
            "source_code": e.source_code, "target_code": e.target_code,
        } for e in brief.events],
        "acts": [act_json(a) for a in brief.acts],
        "hypotheses": [hypothesis_json(h) for h in brief.hypotheses],
        "unattached": [claim_json(r) for r in brief.unattached],
        "framing": [framing_json(f) for f in brief.framing],
        "framing_groups": [framing_json(f) for f in brief.framing_groups],
        "nearby": [incident_json(i) for i in brief.nearby],
    }
