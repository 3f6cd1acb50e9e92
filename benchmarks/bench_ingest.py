"""Ingest throughput beside bare spaCy, in the same run: workers 1 and 2 vs nlp.pipe(n_process).

Usage: python benchmarks/bench_ingest.py [--limit N] [--workers 2]
Texts: the first N full texts (file order) of ../shared/data/reuters-isot (real Reuters
articles); skipped with a message when that folder is absent. Ingest here is the whole
path a user runs: language check, duplicate check, analysis, and one SQLite transaction
per document. Reported as articles/s and as ratios, so the figures mean the same on any
machine:
  ingest(N workers) / spaCy nlp.pipe(n_process=N)   target >= 0.75
  ingest(2 workers) / ingest(1 worker)              target >= 1.7 on 2 cores
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
import tempfile
import time
from pathlib import Path

from aftermath.knowledge import load_kb
from aftermath.nlp import load_model
from aftermath.nlp.model import DEFAULT_MODEL
from aftermath.records import Document
from aftermath.runs import ingest
from aftermath.store import open_store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters-isot"
TEXTS = DATA / "isot_true_text_subset.csv.gz"
BATCH = 32


def load_documents(limit: int) -> list[Document]:
    with gzip.open(TEXTS, "rb") as handle:
        rows = csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8"))
        documents = []
        for row in rows:
            if row["text"].strip():
                documents.append(Document(id=f"isot-{row['isot_row']}", text=row["text"],
                                          title=row["title"], outlet="Reuters",
                                          published=row["date_iso"] or None, language="und"))
            if len(documents) >= limit:
                break
    return documents


def time_spacy(nlp, texts: list[str], processes: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=processes, batch_size=BATCH):
        pass
    return time.perf_counter() - start


def time_ingest(nlp, kb, documents: list[Document], workers: int) -> float:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        start = time.perf_counter()
        summary = ingest(documents, store, nlp, kb, batch_size=BATCH, workers=workers,
                         model=DEFAULT_MODEL)
        elapsed = time.perf_counter() - start
        store.close()
    if summary.rejections:
        print(f"  note: {len(summary.rejections)} rejected", file=sys.stderr)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not TEXTS.is_file():
        print(f"bench_ingest: skipped, {TEXTS} not found (real Reuters texts are not bundled)")
        return
    documents = load_documents(args.limit)
    texts = [d.text for d in documents]
    words = sum(len(t.split()) for t in texts)
    nlp, kb = load_model(), load_kb()
    time_ingest(nlp, kb, documents[:8], 1)  # warm caches: matchers, language model
    n = args.workers
    spacy_n = time_spacy(nlp, texts, n)
    ingest_1 = time_ingest(nlp, kb, documents, 1)
    ingest_n = time_ingest(nlp, kb, documents, n)
    spacy_1 = time_spacy(nlp, texts, 1)
    count = len(documents)
    print(f"reuters-isot: {count} articles, {words} words; {n} processes where parallel")
    for label, seconds in (("spaCy nlp.pipe n_process=1 ", spacy_1),
                           (f"spaCy nlp.pipe n_process={n} ", spacy_n),
                           ("aftermath ingest workers=1  ", ingest_1),
                           (f"aftermath ingest workers={n}  ", ingest_n)):
        print(f"  {label} {count / seconds:7.1f} articles/s  {words / seconds:8.0f} words/s")
    print(f"  ratio ingest({n}) / spaCy(n_process={n})  {spacy_n / ingest_n:5.2f}  "
          "(target >= 0.75)")
    print(f"  ratio ingest({n}) / ingest(1)             {ingest_1 / ingest_n:5.2f}  "
          "(target >= 1.7 on 2 cores)")
    print(f"  ratio spaCy({n}) / spaCy(1)               {spacy_1 / spacy_n:5.2f}  "
          "(what the machine allowed)")


if __name__ == "__main__":
    main()
