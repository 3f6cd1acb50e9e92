"""Library functions behind the CLI commands: ingest a batch, run the demo.

Each returns data; the CLI renders it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from aftermath.errors import InputError, NotFoundError
from aftermath.incidents import Brief, incident_brief, update_incidents
from aftermath.ingest import read_paths
from aftermath.knowledge import KnowledgeBase
from aftermath.pipeline import analyze_documents
from aftermath.records import Analysis, Document, Rejection
from aftermath.relations import DyadPeriod, relation_report
from aftermath.store import Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestSummary:
    stored: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 all stored, 1 some rejected, 3 nothing stored and something rejected."""
        if not self.rejections:
            return 0
        return 1 if self.stored or self.unchanged else 3


def ingest(
    items: Iterable[Document | Rejection], store: Store, nlp: Language, kb: KnowledgeBase,
    *, batch_size: int = 32,
) -> IngestSummary:
    """Analyse and store documents, skipping content already stored; bad records are recorded."""
    summary = IngestSummary()

    def fresh() -> Iterator[Document]:
        for item in items:
            if isinstance(item, Rejection):
                summary.rejections.append(item)
                store.record_rejection(item)
            elif store.has_content(item):
                summary.unchanged += 1
            else:
                yield item

    for result in analyze_documents(fresh(), nlp, kb, batch_size=batch_size):
        if isinstance(result, InputError):
            rejection = Rejection(result.source or "input", result.locator, result.code,
                                  result.args[0])
            summary.rejections.append(rejection)
            store.record_rejection(rejection)
        elif store.save(result):
            summary.stored += 1
        else:
            summary.unchanged += 1
    return summary


def ingest_paths(paths: Iterable[Path], store: Store, nlp: Language, kb: KnowledgeBase,
                 *, batch_size: int = 32) -> IngestSummary:
    return ingest(read_paths(paths), store, nlp, kb, batch_size=batch_size)


@dataclass(slots=True)
class DemoResult:
    summary: IngestSummary
    incident: Brief | Analysis | None  # the most reported incident's brief (#6)
    relation: list[DyadPeriod]


def most_violent_against(store: Store, target_prefix: str) -> Analysis | None:
    """The stored article with the most asserted material-conflict events against the target."""
    best: tuple[int, str] | None = None
    for document in store.documents():
        analysis = store.load(document.id)
        hits = sum(
            1 for e in analysis.events
            if e.quad_class == 4 and e.target and (e.target.code or "").startswith(target_prefix)
            and e.status in ("asserted", "reported")
        )
        if hits and (best is None or hits > best[0]):
            best = (hits, document.id)
    return store.load(best[1]) if best else None


def run_demo(corpus: Path, store: Store, nlp: Language, kb: KnowledgeBase) -> DemoResult:
    """Ingest the demo corpus; return the most reported incident's brief and the
    Turkey–Russia line."""
    summary = ingest_paths([corpus], store, nlp, kb)
    update_incidents(store, kb)
    incident: Brief | Analysis | None
    try:
        incident = incident_brief(store, kb=kb)
    except NotFoundError:  # nothing clustered: fall back to the single most violent article
        incident = most_violent_against(store, "RUSGOV")
    relation = relation_report(store, "TUR", "RUS").series.periods
    return DemoResult(summary, incident, list(relation))
