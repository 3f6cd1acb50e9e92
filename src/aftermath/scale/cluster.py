"""Dask (#14): a cluster to analyse partitions on, one model per worker, shards as output.

Each worker loads the spaCy model and the knowledge base once, in a `WorkerPlugin` set up
on the worker itself; only the plugin's model name crosses the wire, never a pickled
model. A partition's task analyses its documents with the same `analyze_documents` as a
local ingest and writes one shard; only the parent touches the store.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from aftermath.errors import ConfigError, PipelineError
from aftermath.knowledge import load_kb
from aftermath.nlp import load_model
from aftermath.records import Document, Report
from aftermath.scale.processes import analyze_batch
from aftermath.scale.shards import partition_entry, write_shard

PLUGIN = "aftermath-model"
# distributed's constructors are not annotated; typed here once, as what they are to us.
_LocalCluster: Any = LocalCluster
_Client: Any = Client


class ModelPlugin(WorkerPlugin):
    """Loads the model and knowledge base once when a worker starts (or joins later)."""

    def __init__(self, model: str, dictionaries: tuple[str, ...] = ()) -> None:
        self.model, self.dictionaries = model, tuple(dictionaries)
        self.nlp: Any = None
        self.kb: Any = None

    def __getstate__(self) -> dict[str, Any]:
        # A loaded model never travels: each worker loads its own, with the user's
        # dictionaries read from the same paths (shared storage on a cluster, #18).
        return {"model": self.model, "dictionaries": self.dictionaries}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model, self.nlp, self.kb = state["model"], None, None
        self.dictionaries = tuple(state.get("dictionaries", ()))

    def setup(self, worker: Any) -> None:
        self.nlp, self.kb = load_model(self.model), load_kb(self.dictionaries)


@dataclass(frozen=True, slots=True)
class Partition:
    """What a worker needs for one partition: its documents, their dedupe signatures
    (content key, MinHash) and their own `original` reports, computed by the parent."""

    key: str
    path: str
    documents: list[Document]
    signatures: list[tuple[str, bytes]]
    originals: list[Report]
    batch_size: int


@dataclass(frozen=True, slots=True)
class PartitionDone:
    key: str
    path: str
    documents: int
    rows: int
    cpu_seconds: float  # analysis and shard writing on the worker; 0 for a reused shard


def run_partition(partition: Partition) -> PartitionDone:
    """On a worker: analyse one partition and write its shard."""
    plugin: Any = get_worker().plugins[PLUGIN]
    started = time.process_time()
    results: list[Any] = []
    size = max(1, partition.batch_size)
    for start in range(0, len(partition.documents), size):
        results += analyze_batch(partition.documents[start:start + size], plugin.nlp,
                                 plugin.kb)
    entries = [partition_entry(*item) for item in zip(
        partition.documents, results, partition.signatures, partition.originals, strict=True)]
    rows = write_shard(Path(partition.path), entries)
    return PartitionDone(partition.key, partition.path, len(entries), rows,
                         time.process_time() - started)


def _local_workers(spec: str) -> int:
    count = spec.removeprefix("local:")
    if not count.isdigit() or int(count) < 1:
        raise ConfigError(f"--dask {spec!r}: expected local:N with N >= 1, or tcp://HOST:PORT")
    return int(count)


@contextlib.contextmanager
def dask_client(spec: str, *, model: str, timeout: float,
                dictionaries: tuple[str, ...] = ()) -> Iterator[Client]:
    """A client for `local:N` (a LocalCluster of N single-threaded worker processes) or
    `tcp://HOST:PORT` (a running scheduler), with the model plugin on every worker."""
    cluster: Any = None
    if spec.startswith("local:"):
        workers = _local_workers(spec)
        try:
            cluster = _LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                    dashboard_address=None, silence_logs=logging.ERROR)
        except (OSError, RuntimeError, TimeoutError) as err:
            raise PipelineError(f"dask {spec}: the local cluster did not start ({err})"[:300],
                                code="pipeline.cluster_failed") from err
        address: Any = cluster
    elif spec.startswith("tcp://"):
        address = spec
    else:
        raise ConfigError(f"--dask {spec!r}: expected local:N or tcp://HOST:PORT")
    try:
        try:
            client = _Client(address, timeout=timeout)
        except (OSError, TimeoutError) as err:
            reason = str(err).splitlines()[0] if str(err) else err.__class__.__name__
            raise ConfigError(f"dask scheduler {spec} unreachable ({reason[:160]})",
                              code="config.dask_unreachable") from err
        try:
            client.register_plugin(ModelPlugin(model, dictionaries), name=PLUGIN)
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()
