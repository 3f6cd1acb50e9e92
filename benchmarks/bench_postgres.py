"""PostgreSQL: bulk-load rate (COPY vs executemany), dyad query time and API latency at 100k
documents under concurrent clients.

Usage: python benchmarks/bench_postgres.py [--url URL] [--documents 100000] [--clients 8]
           [--requests 160] [--load-documents 20000] [--keep]
URL (or AFTERMATH_BENCH_PG_URL, else AFTERMATH_TEST_PG_URL) names a PostgreSQL database whose
role may create databases; without one the benchmark says so and exits 0 (so `make bench`
passes on machines without a server). Each part runs in its own new database, dropped at
the end unless --keep.

1. Load rate: the same generated rows (documents of five events each) loaded with
   `store.bulk.load_rows` (COPY) and, as the baseline in the same run, with a plain
   SQLAlchemy executemany insert into an empty store. Figures in event rows per second;
   target: COPY >= 50k rows/s.
2. A store of N generated documents (built with load_rows, no spaCy): the relation report
   of the busiest dyad (USA-RUS, about a tenth of the events) beside a bare SQL count over
   the same rows; target < 1 s.
   Then the time to rebuild the search index from scratch (what a first load that skipped
   it pays once).
3. `aftermath serve` on that store, `--clients` threads per endpoint: p50/p95/max in ms;
   target p95 < 200 ms.
Rows are generated from a fixed seed; only loopback and the given server are contacted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import URL

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_relations import _best
from bench_web import _free_port, _wait_up, latency_row, time_endpoint

from aftermath.relations import relation_report
from aftermath.store import Store, open_store, schema
from aftermath.store.backend import parse_url
from aftermath.store.bulk import load_rows
from aftermath.store.dyads import count_dyad_rows
from aftermath.store.fulltext import PG_INDEXES, ensure_fulltext

COUNTRIES = ("USA", "RUS", "CHN", "TUR", "SYR", "IRN", "ISR", "UKR", "GBR", "FRA", "DEU", "PRK",
             "KOR", "JPN", "IND", "PAK", "AFG", "IRQ", "SAU", "EGY")
ROLES = ("", "GOV", "MIL", "GOVDIP", "COP")
TYPES = (("CONSULT", "040", 1, 1.0), ("AGREE", "057", 1, 4.0), ("AID", "070", 2, 7.0),
         ("ACCUSE", "112", 3, -2.0), ("THREATEN", "138", 3, -7.0), ("ASSAULT", "190", 4, -10.0))
WORDS = ("talks", "ambassador", "ministry", "border", "sanctions", "ceasefire", "statement",
         "embassy", "troops", "gas", "pipeline", "summit", "protest", "aid", "attack")
START = dt.date(2012, 1, 1)
DAYS = 8 * 365
EVENTS_PER_DOCUMENT = 5
BATCH_DOCUMENTS = 2_000  # documents per load_rows call, about what one Dask shard holds
ENDPOINTS = {
    "api relations": "/api/relations?a=USA&b=RUS&by=month",
    "api dyad chart": "/api/relations/chart?a=USA&b=RUS&by=month",
    "dyad page": "/dyads/USA/RUS",
    "api documents": "/api/documents?limit=20",
    "api document": "/api/documents/{document}",
    "api search": "/api/search?q=ambassador%20embassy&limit=20",
    "home page": "/",
}
TIME_LIMIT_S = 600


def generate(first: int, count: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    """Rows for documents gen-<first> .. gen-<first+count-1>, as rows.py would make them."""
    rng = random.Random(seed * 1_000_003 + first)
    documents: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for n in range(first, first + count):
        doc_id = f"gen-{n}"
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        body = " ".join(rng.choice(WORDS) for _ in range(60))
        documents.append({
            "id": doc_id, "content_hash": uuid.UUID(int=rng.getrandbits(128)).hex * 2,
            "title": f"Report {n}: {rng.choice(WORDS)}", "outlet": f"outlet-{rng.randrange(40)}",
            "published": day.isoformat(), "url": f"https://example.org/{n}", "language": "en",
            "text": body, "ingested_at": "2026-12-03T00:00:00+00:00",
        })
        for seq in range(EVENTS_PER_DOCUMENT):
            if rng.random() < 0.1:
                a, b = rng.sample(("USA", "RUS"), 2)
            else:
                a, b = rng.sample(COUNTRIES, 2)
            plover, cameo, quad, goldstein = rng.choice(TYPES)
            events.append({
                "document_id": doc_id, "seq": seq, "source_code": a + rng.choice(ROLES),
                "source_text": a, "source_start": 0, "source_end": 3,
                "target_code": b + rng.choice(ROLES), "target_text": b, "target_start": 4,
                "target_end": 7, "plover": plover, "cameo": cameo, "quad_class": quad,
                "goldstein": goldstein, "date": day.isoformat(), "date_granularity": "day",
                "status": "asserted", "confidence": 0.9, "evidence_text": body[:40],
                "evidence_start": 0, "evidence_end": 40, "evidence_sentence": 0,
                "extractor": "events.bench.v1",
            })
    return {"documents": documents, "events": events}


class Server:
    """Creates and drops benchmark databases on the server the URL names."""

    def __init__(self, url: str) -> None:
        self.url: URL = parse_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")

    @contextmanager
    def database(self, label: str, *, keep: bool) -> Iterator[str]:
        name = f"aftermath_bench_{label}_{os.getpid()}"
        with self.admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                              "LC_COLLATE 'C' LC_CTYPE 'C'"))
        try:
            yield self.url.set(database=name).render_as_string(hide_password=False)
        finally:
            if not keep:
                with self.admin.connect() as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def _drop_search_index(store: Store) -> None:
    """As on a server without pg_trgm: search reads every row, loads skip that index."""
    with store.engine.begin() as conn:
        for name in PG_INDEXES:
            conn.execute(text(f"DROP INDEX {name}"))


def bench_load(server: Server, documents: int, *, keep: bool) -> None:
    batches = [generate(start, min(BATCH_DOCUMENTS, documents - start), seed=1)
               for start in range(0, documents, BATCH_DOCUMENTS)]
    event_rows = sum(len(b["events"]) for b in batches)
    print(f"load: {documents:,} documents (60-word texts), {event_rows:,} event rows, "
          f"batches of {BATCH_DOCUMENTS:,} documents")
    for indexed in (True, False):
        copy_s, insert_s, again_s = _load_pair(server, batches, indexed=indexed, keep=keep)
        label = "with" if indexed else "without"
        print(f"  {label} the trigram search index on documents:")
        print(f"    COPY (load_rows)      {copy_s:7.2f} s  {event_rows / copy_s:10,.0f} "
              "event rows/s")
        print(f"    executemany insert    {insert_s:7.2f} s  {event_rows / insert_s:10,.0f} "
              "event rows/s")
        print(f"    COPY / executemany    {insert_s / copy_s:7.1f}x; reloading 5 stored "
              f"batches: {again_s:.2f} s, nothing stored")


def _load_pair(server: Server, batches: list[dict[str, list[dict[str, Any]]]], *,
               indexed: bool, keep: bool) -> tuple[float, float, float]:
    """Seconds to load the batches with load_rows, with executemany, and to reload five."""
    with server.database("copy", keep=keep) as url:
        store = open_store(url)
        if not indexed:
            _drop_search_index(store)
        start = time.perf_counter()
        stored = sum(load_rows(store, batch) for batch in batches)
        copy_s = time.perf_counter() - start
        again = time.perf_counter()
        skipped = sum(load_rows(store, batch) for batch in batches[:5])
        again_s = time.perf_counter() - again
        store.close()
    if stored != sum(len(b["documents"]) for b in batches) or skipped:
        raise SystemExit(f"load_rows stored {stored}, then {skipped} on reloading")
    with server.database("insert", keep=keep) as url:
        store = open_store(url)
        if not indexed:
            _drop_search_index(store)
        start = time.perf_counter()
        for batch in batches:
            with store.engine.begin() as conn:
                conn.execute(insert(schema.documents), batch["documents"])
                conn.execute(insert(schema.events), batch["events"])
        insert_s = time.perf_counter() - start
        store.close()
    return copy_s, insert_s, again_s


def build_store(url: str, documents: int) -> Store:
    store = open_store(url)
    start = time.perf_counter()
    for first in range(0, documents, BATCH_DOCUMENTS):
        load_rows(store, generate(first, min(BATCH_DOCUMENTS, documents - first), seed=2))
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    print(f"store: {documents:,} documents, {documents * EVENTS_PER_DOCUMENT:,} events, built "
          f"in {time.perf_counter() - start:.1f} s")
    return store


def bench_queries(store: Store) -> None:
    rows_s, rows = _best(3, lambda: count_dyad_rows(store, "USA", "RUS"))
    report_s, report = _best(3, lambda: relation_report(store, "USA", "RUS"))
    print(f"dyad USA-RUS: {rows:,} event rows; relation report {report_s * 1000:.0f} ms "
          f"(best of 3), bare SQL count {rows_s * 1000:.0f} ms, "
          f"{len(report.series.periods)} periods")


def bench_index_rebuild(store: Store) -> None:
    """A large first load can skip the search index and build it once afterwards:
    `open_store` or `aftermath db upgrade` recreates a missing index (store/fulltext.py)."""
    _drop_search_index(store)
    start = time.perf_counter()
    if not ensure_fulltext(store.engine):
        raise SystemExit("the trigram search index could not be rebuilt")
    print(f"search index (pg_trgm, title and text) rebuilt from scratch in "
          f"{time.perf_counter() - start:.1f} s")


def bench_api(url: str, store: Store, *, clients: int, requests: int, settle: float) -> None:
    some_document = next(iter(store.documents())).id
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "aftermath.cli", "serve", "--db", url,
                               "--port", str(port)], stderr=subprocess.DEVNULL)
    try:
        _wait_up(base, time.monotonic() + 120)
        time.sleep(settle)  # the server warms its busiest aggregates when it starts
        stop_at = time.monotonic() + TIME_LIMIT_S
        print(f"api: {clients} clients, {requests} requests per endpoint, measured "
              f"{settle:.0f} s after start")
        print(f"  {'endpoint':<16} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, path in ENDPOINTS.items():
            path = path.format(document=urllib.request.quote(some_document))
            first, timings = time_endpoint(base, path, clients=clients, requests=requests,
                                           stop_at=stop_at)
            if not timings:
                break
            print("  " + latency_row(name, first, timings))
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("AFTERMATH_BENCH_PG_URL")
                        or os.environ.get("AFTERMATH_TEST_PG_URL"))
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--load-documents", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=160, help="per endpoint")
    parser.add_argument("--settle", type=float, default=30.0,
                        help="seconds to let the server's start-up warming finish")
    parser.add_argument("--skip-load", action="store_true", help="only the 100k-store parts")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    args = parser.parse_args()
    if not args.url:
        print("bench_postgres: skipped, no PostgreSQL server (pass --url or set "
              "AFTERMATH_BENCH_PG_URL; scripts/pg_cluster.sh start DIR prints one)")
        return
    server = Server(args.url)
    if not args.skip_load:
        bench_load(server, args.load_documents, keep=args.keep)
    with server.database("store", keep=args.keep) as url:
        store = build_store(url, args.documents)
        bench_queries(store)
        bench_index_rebuild(store)
        bench_api(url, store, clients=args.clients, requests=args.requests,
                  settle=args.settle)
        store.close()
    server.admin.dispose()


if __name__ == "__main__":
    main()
