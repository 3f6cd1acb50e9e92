"""Sharded ingest on Dask (#14): partitions analysed on workers, shards bulk-loaded here.

The parent reads and triages every input in order exactly as a local ingest does
(`runs.IngestRun`: outlet, language, exact and near duplicates), so the store ends up the
same; deduplication is order-dependent and stays in one process. Documents left to
analyse are cut into partitions of `partition_size`; each goes to a worker, which analyses
it and writes one shard (`scale/shards.py`); the parent then loads the shards in order,
each in one transaction, adding the copies it met after the partition left.

Resumable: a partition's key is a hash of what it analyses, recorded in the store's shard
manifest once its shard exists. A rerun triages again (what was loaded is now unchanged),
meets the same partitions for what was not, and reuses their shards instead of analysing
again; `load_rows` skips anything already stored, so nothing is lost or stored twice.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
from collections import deque
from collections.abc import Callable, Iterable
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pyarrow import ArrowException

from aftermath.errors import AftermathError, PipelineError, StoreError
from aftermath.knowledge import load_kb
from aftermath.knowledge.outlets import OutletRegistry, load_outlets
from aftermath.pipeline import DEFAULT_EXTRACTORS
from aftermath.records import Document, Rejection
from aftermath.runs import IngestRun, IngestSummary, fold_into_incidents
from aftermath.scale.cluster import Partition, PartitionDone, run_partition
from aftermath.scale.shards import TABLES, read_shard, shard_documents, shard_path
from aftermath.store import Store, rows
from aftermath.store.bulk import load_rows
from aftermath.store.manifest import LOADED, WRITTEN, ShardEntry, record_shard, shard_entry

log = logging.getLogger(__name__)
# Partitions queued per worker: enough that none waits for the parent loading shards.
IN_FLIGHT_PER_WORKER = 2
# Bumped when a shard's layout or the meaning of its rows changes: old shards are redone.
SHARD_FORMAT = 1

PartitionProgress = Callable[[int, int], None]  # (partitions loaded, partitions so far)


def _package_version() -> str:
    try:
        return version("aftermath")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "source"


@functools.cache
def knowledge_digest(dictionaries: tuple[str, ...] = ()) -> str:
    """A hash of the knowledge the analysis reads: the bundled data files and the user's
    dictionaries, so a shard made with other dictionaries (or by an older release, whose
    files differ) is never reused (#18)."""
    digest = hashlib.sha256()
    bundled = resources.files("aftermath.knowledge").joinpath("data")
    files = sorted((Path(str(bundled)).rglob("*")), key=lambda p: p.as_posix())
    for path in [*files, *(Path(d) for d in dictionaries)]:
        if path.is_file():
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def partition_key(documents: list[Document], *, model: str,
                  dictionaries: tuple[str, ...] = ()) -> str:
    """A hash of everything a partition's shard depends on: the package version, model,
    extractors, knowledge (bundled and user dictionaries) and documents."""
    digest = hashlib.sha256(json.dumps(
        [SHARD_FORMAT, _package_version(), model, list(DEFAULT_EXTRACTORS),
         knowledge_digest(tuple(dictionaries))]).encode("utf-8"))
    for document in documents:
        fields = rows.document_row(document)
        del fields["text"]  # content_hash stands for it
        digest.update(json.dumps(fields, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:40]


class _Loader:
    """Turns finished partitions into stored rows, in partition order, and places their
    documents in incidents as a local ingest does after each batch (#18)."""

    def __init__(self, run: IngestRun, store: Store, on_partition: PartitionProgress,
                 kb: Any = None, dictionaries: tuple[str, ...] = ()) -> None:
        self.run, self.store, self.on_partition = run, store, on_partition
        self.loaded = self.known = 0
        self.kb, self.dictionaries = kb, dictionaries
        self.failed: set[str] = set()  # documents of the current shard the store refused

    def _knowledge(self) -> Any:
        if self.kb is None:
            self.kb = load_kb(self.dictionaries)
        return self.kb

    def _store(self, tables: dict[str, list[dict[str, Any]]]) -> int:
        """Load a shard's rows in one transaction; when the store refuses that, each
        document on its own, so one it refuses is rejected alone and the rest stored."""
        try:
            return load_rows(self.store, tables)
        except StoreError as err:
            log.warning("%s; loading the shard's documents one by one", err)
        stored = 0
        for row in tables["documents"]:
            own = {name: [r for r in rows_of if r.get("document_id", r.get("id")) == row["id"]]
                   for name, rows_of in tables.items()}
            try:
                stored += load_rows(self.store, own)
            except StoreError as err:
                self.run.reject(Rejection(row.get("url") or row["id"], row["id"],
                                          "store.write_failed", str(err)))
                self.failed.add(row["id"])
        return stored

    def load(self, done: PartitionDone) -> None:
        record_shard(self.store, ShardEntry(done.key, done.path, done.documents, done.rows,
                                            WRITTEN))
        tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        analysed = 0
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            entries = read_shard(Path(done.path))
        except (OSError, ArrowException) as err:
            raise PipelineError(
                f"shard {done.path} not readable here ({err.__class__.__name__}); --shards "
                "must be storage both the workers and this machine reach",
                code="pipeline.shard_unreadable") from err
        for entry in entries:
            reports, _signature = self.run.dequeue(entry["document_id"])
            if entry["rejection"] is not None:
                self.run.reject_analysed(entry["document_id"], Rejection(**entry["rejection"]),
                                         reports)
                continue
            analysed += 1
            for name in TABLES:
                tables[name] += entry[name]
            # Copies met after the partition was sent; the original report is in the shard.
            tables["reports"] += [{**rows.report_row(r), "created_at": now}
                                  for r in reports[1:]]
        self.failed = set()
        stored = self._store(tables)
        analysed -= len(self.failed)
        self.run.summary.stored += stored
        self.run.summary.unchanged += analysed - stored
        ids = [row["id"] for row in tables["documents"] if row["id"] not in self.failed]
        for document_id in ids:
            self.run.index.settle(document_id)  # stored: the store's band rows find it now
        if ids:
            fold_into_incidents(self.store, self._knowledge(), ids)
        record_shard(self.store, ShardEntry(done.key, done.path, done.documents, done.rows,
                                            LOADED))
        self.loaded += 1
        self.run.progress(self.run.summary)
        self.on_partition(self.loaded, self.known)


def _reusable(store: Store, key: str, path: Path, count: int) -> PartitionDone | None:
    """The partition as already done, when its shard is recorded and whole on disk."""
    entry = shard_entry(store, key)
    if entry is None or entry.documents != count or shard_documents(path) != count:
        return None
    return PartitionDone(key, str(path), entry.documents, entry.rows, 0.0)


def _result(future: Any) -> PartitionDone:
    if isinstance(future, PartitionDone):
        return future
    try:
        done: PartitionDone = future.result()
    except AftermathError:
        raise
    except Exception as err:
        raise PipelineError(
            f"a partition failed on a Dask worker ({err.__class__.__name__}: {err})"[:300]
            + "; rerun: loaded partitions and written shards are kept",
            code="pipeline.partition_failed") from err
    return done


def ingest_sharded(
    items: Iterable[Document | Rejection], store: Store, client: Any, *, shards: Path,
    model: str, partition_size: int = 256, batch_size: int = 32,
    outlets: OutletRegistry | None = None,
    progress: Callable[[IngestSummary], None] | None = None,
    on_partition: PartitionProgress | None = None, kb: Any = None,
    dictionaries: tuple[str, ...] = (),
) -> IngestSummary:
    """Ingest `items` through a Dask client; the same store a local `runs.ingest` makes,
    incidents included. `dictionaries` are the user's (the workers load them too)."""
    summary = IngestSummary()
    run = IngestRun(store, outlets or load_outlets(), summary, progress)
    loader = _Loader(run, store, on_partition or (lambda _done, _known: None), kb=kb,
                     dictionaries=dictionaries)
    workers = max(1, sum(client.nthreads().values()))
    pending: deque[Any] = deque()


    for documents in run.batches(items, partition_size, summary):
        key = partition_key(documents, model=model, dictionaries=dictionaries)
        path = shard_path(shards, key)
        loader.known += 1
        done = _reusable(store, key, path, len(documents))
        if done is not None:
            pending.append(done)
        else:
            queued = [run.queued[d.id] for d in documents]
            job = Partition(key, str(path), documents, [q[1] for q in queued],
                            [q[0][0] for q in queued], batch_size)
            pending.append(client.submit(run_partition, job, key=f"aftermath-{key}",
                                         pure=False))
        while len(pending) >= workers * IN_FLIGHT_PER_WORKER:
            loader.load(_result(pending.popleft()))
    while pending:
        loader.load(_result(pending.popleft()))
    return summary


def ingest_sources_on_dask(
    specs: Iterable[str | Path], store: Store, *, dask: str, options: Any = None,
    shards: Path, model: str, timeout: float = 30.0, **kwargs: Any,
) -> IngestSummary:
    """Ingest paths, folders, archives, URLs and `-` on `local:N` or `tcp://HOST:PORT`."""
    from aftermath.ingest import ReadOptions, read_sources
    from aftermath.scale.cluster import dask_client

    dictionaries = tuple(kwargs.get("dictionaries", ()))
    with dask_client(dask, model=model, timeout=timeout, dictionaries=dictionaries) as client:
        return ingest_sharded(read_sources(specs, options or ReadOptions()), store, client,
                              shards=shards, model=model, **kwargs)
