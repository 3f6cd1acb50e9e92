"""Dask ingest throughput beside itself and the process pool, in the same run (#14).

Usage: python benchmarks/bench_dask.py [--limit N] [--partition-size P]
Texts: the first N full texts of ../shared/data/reuters-isot (real Reuters articles);
skipped with a message when that folder is absent. Each run is the whole ingest path
(triage, analysis, shards, bulk load into a fresh SQLite file) with the cluster already up
and its workers' models loaded; cluster start-up is reported on its own line. Figures are
ratios, so they mean the same on any machine:
  dask local:2 / dask local:1         target >= 1.7 on 2 cores
  dask local:2 / ingest --workers 2   target >= 0.9
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_ingest import TEXTS, load_documents

from aftermath.knowledge import load_kb
from aftermath.nlp import load_model
from aftermath.nlp.model import DEFAULT_MODEL
from aftermath.records import Document
from aftermath.runs import ingest
from aftermath.scale.cluster import dask_client
from aftermath.sharded import ingest_sharded
from aftermath.store import open_store

MB = 1 << 20


def _worker_rss() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


def time_dask(documents: list[Document], workers: int, partition_size: int) -> dict[str, Any]:
    started = time.perf_counter()
    with dask_client(f"local:{workers}", model=DEFAULT_MODEL, timeout=60) as client, \
            tempfile.TemporaryDirectory() as folder:
        up = time.perf_counter() - started
        rss = client.run(_worker_rss)
        store = open_store(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        parent_cpu = time.process_time()
        start = time.perf_counter()
        summary = ingest_sharded(documents, store, client, shards=Path(folder) / "shards",
                                 model=DEFAULT_MODEL, partition_size=partition_size)
        elapsed = time.perf_counter() - start
        parent_cpu = time.process_time() - parent_cpu
        after = client.run(_worker_rss)
        store.close()
    if summary.rejections:
        print(f"  note: {len(summary.rejections)} rejected", file=sys.stderr)
    return {"seconds": elapsed, "startup": up, "parent_cpu": parent_cpu,
            "rss_loaded": max(rss.values()) / MB, "rss_after": max(after.values()) / MB}


def time_pool(documents: list[Document], workers: int) -> float:
    nlp, kb = load_model(), load_kb()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        start = time.perf_counter()
        ingest(documents, store, nlp, kb, workers=workers, model=DEFAULT_MODEL)
        elapsed = time.perf_counter() - start
        store.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--partition-size", type=int, default=16)
    args = parser.parse_args()
    if not TEXTS.is_file():
        print(f"bench_dask: skipped, {TEXTS} not found (real Reuters texts are not bundled)")
        return
    documents = load_documents(args.limit)
    count = len(documents)
    words = sum(len(d.text.split()) for d in documents)
    one = time_dask(documents, 1, args.partition_size)
    two = time_dask(documents, 2, args.partition_size)
    pool = time_pool(documents, 2)
    load = os.getloadavg()
    print(f"reuters-isot: {count} articles, {words} words; partitions of {args.partition_size};"
          f" load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    for label, seconds in (("dask local:1         ", one["seconds"]),
                           ("dask local:2         ", two["seconds"]),
                           ("ingest --workers 2   ", pool)):
        print(f"  {label} {count / seconds:7.1f} articles/s  {words / seconds:8.0f} words/s")
    print(f"  cluster start-up (models loaded)  local:1 {one['startup']:.1f} s, "
          f"local:2 {two['startup']:.1f} s")
    print(f"  CPU-seconds per article: worker {one['seconds'] / count:.3f} (local:1 wall), "
          f"parent {two['parent_cpu'] / count:.4f} (triage, load)")
    print(f"  worker RSS: {two['rss_loaded']:.0f} MB with the model loaded, "
          f"{two['rss_after']:.0f} MB after the run")
    print(f"  ratio dask local:2 / local:1            {one['seconds'] / two['seconds']:5.2f}  "
          "(target >= 1.7 on 2 cores)")
    print(f"  ratio dask local:2 / ingest --workers 2 {pool / two['seconds']:5.2f}  "
          "(target >= 0.9)")


if __name__ == "__main__":
    main()
