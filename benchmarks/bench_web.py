"""Latency of the dashboard and API on a large store under concurrent clients.

Usage: python benchmarks/bench_web.py [--documents 100000] [--clients 8] [--requests 200]
           [--db /tmp/aftermath-bench-web.sqlite] [--seed URL] [--settle 60]

Builds (once, then reuses) a SQLite store of N documents by copying the stored analyses of
a seed store (default: the demo corpus, analysed on first use) under new ids and places
them in incidents (every copy of a report joins its incident, so the busiest incident holds
about N/4 reports: a worst case for the incident page), starts
`aftermath serve` on a free loopback port in a subprocess, and has `--clients` threads send
a fixed number of requests to each endpoint. Reports, per endpoint, the first request
(which may compute a cached aggregate; the server also warms the busiest ones at start) and
p50/p95/max in ms of the concurrent requests after it.
Only loopback is ever contacted; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

from sqlalchemy import insert

from aftermath.incidents import list_incidents, update_incidents
from aftermath.knowledge import load_kb
from aftermath.records import Analysis
from aftermath.store import Store, open_store, schema
from aftermath.store import rows as store_rows

DEMO = Path(__file__).resolve().parent.parent / "demo" / "articles"
ENDPOINTS = {
    "api incidents": "/api/incidents",
    "api incident": "/api/incidents/{incident}",
    "incident page": "/incidents/{incident}",
    "api relations": "/api/relations?a=TUR&b=RUS&by=month",
    "api dyad chart": "/api/relations/chart?a=TUR&b=RUS&by=month",
    "dyad page": "/dyads/TUR/RUS",
    "dyad page week": "/dyads/TUR/RUS?by=week",
    "api documents": "/api/documents?limit=20",
    "api document": "/api/documents/{document}",
    "api search": "/api/search?q=ambassador&limit=20",
    "home page": "/",
}
TIME_LIMIT_S = 600  # the whole measurement stops by itself after this


def seed_analyses(seed: str | None) -> list[Analysis]:
    if seed is None:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/seed.sqlite"
            subprocess.run([sys.executable, "-m", "aftermath.cli", "ingest", str(DEMO),
                            "--db", url], check=True, stdout=subprocess.DEVNULL)
            return _load_all(open_store(url))
    return _load_all(open_store(seed))


def _load_all(store: Store) -> list[Analysis]:
    return [store.load(document.id) for document in store.documents()]


def build(store: Store, seeds: list[Analysis], target: int, *, batch: int = 2000) -> None:
    """Copy seed analyses under new ids until the store holds `target` documents."""
    have = store.stats()["documents"]
    tables = (schema.actors, schema.mentions, schema.events, schema.attributions, schema.claims)
    n = have
    while n < target:
        buffered: dict[str, list[dict[str, object]]] = {t.name: [] for t in tables}
        documents = []
        for _ in range(min(batch, target - n)):
            seed = seeds[n % len(seeds)]
            analysis = replace(seed, document=replace(seed.document, id=f"{seed.document.id}-{n}"))
            documents.append({**store_rows.document_row(analysis.document), "ingested_at": "x"})
            for name, rows in store_rows.analysis_rows(analysis).items():
                buffered[name] += rows
            n += 1
        with store.engine.begin() as conn:
            conn.execute(insert(schema.documents), documents)
            for table in tables:
                if buffered[table.name]:
                    conn.execute(insert(table), buffered[table.name])
        print(f"\rstore: {n} documents", end="", file=sys.stderr)
    print(file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_up(base: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/api/stats", timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def time_endpoint(base: str, path: str, *, clients: int, requests: int,
                  stop_at: float) -> tuple[float, list[float]]:
    """(first request in ms, the sorted timings of the rest): the first request may compute
    and cache a store-wide aggregate, so it is reported on its own."""
    start = time.perf_counter()
    try:
        urllib.request.urlopen(base + path, timeout=300).read()
    except urllib.error.HTTPError as err:
        err.read()
    first = (time.perf_counter() - start) * 1000
    return first, sorted(measure(base, path, clients=clients, requests=requests,
                                 stop_at=stop_at))


def latency_row(name: str, first: float, timings: list[float]) -> str:
    """One table row: first, p50, p95 and max milliseconds (timings sorted, not empty)."""
    p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
    return (f"{name:<16} {first:9.1f} {statistics.median(timings):8.1f} {p95:8.1f} "
            f"{timings[-1]:8.1f}")


def measure(base: str, path: str, *, clients: int, requests: int, stop_at: float) -> list[float]:
    timings: list[float] = []
    lock = threading.Lock()
    per_client = max(1, requests // clients)

    def worker() -> None:
        for _ in range(per_client):
            if time.monotonic() > stop_at:
                return
            start = time.perf_counter()
            try:
                urllib.request.urlopen(base + path, timeout=30).read()
            except urllib.error.HTTPError as err:  # 404 placeholder pages still count
                err.read()
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                timings.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200, help="per endpoint")
    parser.add_argument("--db", default="/tmp/aftermath-bench-web.sqlite")
    parser.add_argument("--seed", default=None, help="store URL to copy analyses from")
    parser.add_argument("--settle", type=float, default=60.0,
                        help="seconds to let the server's start-up warming finish")
    args = parser.parse_args()

    store = open_store(f"sqlite:///{args.db}")
    if store.stats()["documents"] < args.documents:
        build(store, seed_analyses(args.seed), args.documents)
    if not list_incidents(store):  # copies of a report join its incident (same events, dates)
        started = time.perf_counter()
        update_incidents(store, load_kb())
        print(f"incidents placed in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    some_document = next(store.documents()).id
    busiest = list_incidents(store)[0]
    store.close()
    print(f"incident page: {busiest.label} ({len(busiest.documents)} reports)")

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "aftermath.cli", "serve", "--db",
                               f"sqlite:///{args.db}", "--port", str(port)],
                              stderr=subprocess.DEVNULL)
    try:
        _wait_up(base, time.monotonic() + 60)
        time.sleep(args.settle)
        stop_at = time.monotonic() + TIME_LIMIT_S
        print(f"{args.documents} documents, {args.clients} clients, "
              f"{args.requests} requests per endpoint, measured {args.settle:.0f} s after start")
        print(f"{'endpoint':<16} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, path in ENDPOINTS.items():
            path = path.format(document=urllib.request.quote(some_document),
                               incident=urllib.request.quote(busiest.id))
            first, timings = time_endpoint(base, path, clients=args.clients,
                                           requests=args.requests, stop_at=stop_at)
            if not timings:
                break
            print(latency_row(name, first, timings))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
