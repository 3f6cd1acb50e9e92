"""Incidents, the hypotheses ledger and framing: the analyst's brief across coverage (#6).

    from aftermath.incidents import incident_brief, list_incidents, update_incidents
    update_incidents(store, kb)          # place newly stored documents (incremental)
    brief = incident_brief(store, "ambassador Ankara", kb=kb)
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aftermath.incidents.brief import build_brief, nearby_incidents, search_incident
from aftermath.incidents.clustering import IncidentState, cluster_documents
from aftermath.incidents.features import DocumentFeatures, document_features
from aftermath.incidents.model import (
    Brief,
    ClaimRef,
    EventLine,
    Framing,
    Hypothesis,
    Incident,
    Proponent,
)
from aftermath.incidents.storage import (
    UpdateResult,
    get_incident,
    incident_titles,
    list_incidents,
    update_incidents,
)
from aftermath.store import Store


def incident_brief(store: Store, query: str | None = None, *, kb: Any = None) -> Brief:
    """The brief of the incident with this id or best matching this phrase.

    Without a query, the most reported incident. Call `update_incidents` first to place
    documents stored since the last update.
    """
    from aftermath.errors import NotFoundError
    from aftermath.knowledge import load_kb

    kb = kb if kb is not None else load_kb()
    incidents = list_incidents(store)
    if not incidents:
        raise NotFoundError("the store holds no incidents (ingest articles first)")
    chosen = incidents[0] if query is None else search_incident(
        incidents, query, incident_titles(store))
    incident, analyses = get_incident(store, chosen.id)
    brief = build_brief(incident, analyses, kb)
    return replace(brief, nearby=tuple(nearby_incidents(incidents, incident)))


__all__ = [
    "Brief",
    "ClaimRef",
    "DocumentFeatures",
    "EventLine",
    "Framing",
    "Hypothesis",
    "Incident",
    "IncidentState",
    "Proponent",
    "UpdateResult",
    "build_brief",
    "cluster_documents",
    "document_features",
    "get_incident",
    "incident_brief",
    "incident_titles",
    "list_incidents",
    "nearby_incidents",
    "search_incident",
    "update_incidents",
]
