"""Relation report (series + turning points + outlook) over a store of 1 million generated events.

Usage: python benchmarks/bench_relations.py [--events N] [--db PATH] [--repeat N]
The store is generated once (seeded) at --db and reused while it holds N events. One hot
dyad (USA–RUS) carries about a tenth of the events, the rest are spread over 30 countries;
each event is told by one to four documents (duplicates to fold) and one in twenty is dated
only to the month. The report is timed beside a bare SQL count over the same dyad rows in
the same run, so the ratio means the same on any machine. Issue #7 target: under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from aftermath.relations import By, relation_report
from aftermath.store import open_store, schema
from aftermath.store.dyads import count_dyad_rows, dyad_events

COUNTRIES = ("USA", "RUS", "CHN", "TUR", "SYR", "IRN", "ISR", "UKR", "GBR", "FRA", "DEU", "PRK",
             "KOR", "JPN", "IND", "PAK", "AFG", "IRQ", "SAU", "EGY", "LBY", "NGA", "KEN", "BRA",
             "MEX", "VEN", "CUB", "POL", "GRC", "QAT")
ROLES = ("", "GOV", "MIL", "GOVDIP", "COP", "OPP")
TYPES = (("CONSULT", "040", 1, 1.0), ("AGREE", "057", 1, 4.0), ("AID", "070", 2, 7.0),
         ("COOPERATE", "061", 2, 6.0), ("ACCUSE", "112", 3, -2.0), ("THREATEN", "138", 3, -7.0),
         ("COERCE", "170", 4, -7.0), ("ASSAULT", "190", 4, -10.0))
START = dt.date(2008, 1, 1)
DAYS = 10 * 365
BATCH = 50_000


def _event(rng: random.Random, n: int, document_id: str) -> dict[str, object]:
    if rng.random() < 0.1:
        first, second = rng.sample(("USA", "RUS"), 2)
    else:
        first, second = rng.sample(COUNTRIES, 2)
    plover, cameo, quad, goldstein = rng.choice(TYPES)
    day = START + dt.timedelta(days=rng.randrange(DAYS))
    monthly = rng.random() < 0.05
    return {
        "document_id": document_id, "seq": n, "source_code": first + rng.choice(ROLES),
        "target_code": second + rng.choice(ROLES), "plover": plover, "cameo": cameo,
        "quad_class": quad, "goldstein": goldstein,
        "date": day.isoformat()[:7] if monthly else day.isoformat(),
        "date_granularity": "month" if monthly else "day", "status": "asserted",
        "place_name": None, "confidence": 0.9,
    }


def generate(path: Path, events: int, seed: int = 7) -> None:
    """Write `events` events in documents of ~5 events; each event told 1-4 times."""
    store = open_store(str(path))
    rng = random.Random(seed)
    written, doc_n = 0, 0
    with store.engine.begin() as conn:
        documents, rows = [], []
        while written < events:
            day = START + dt.timedelta(days=rng.randrange(DAYS))
            doc_id = f"gen-{doc_n}"
            doc_n += 1
            documents.append({"id": doc_id, "content_hash": doc_id, "text": "", "title": doc_id,
                              "outlet": f"outlet-{rng.randrange(40)}",
                              "published": day.isoformat()})
            for seq in range(5):
                event = _event(rng, seq, doc_id)
                for copy in range(rng.randint(1, 4)):
                    if written >= events:
                        break
                    rows.append({**event, "document_id": doc_id if copy == 0 else
                                 f"gen-{doc_n}-{copy}"})
                    if copy:
                        documents.append({"id": f"gen-{doc_n}-{copy}",
                                          "content_hash": f"c{doc_n}-{copy}-{seq}", "text": "",
                                          "title": "", "outlet": f"outlet-{rng.randrange(40)}",
                                          "published": day.isoformat()})
                    written += 1
            if len(rows) >= BATCH:
                conn.execute(insert(schema.documents).prefix_with("OR IGNORE"), documents)
                conn.execute(insert(schema.events), rows)
                documents, rows = [], []
        if rows:
            conn.execute(insert(schema.documents).prefix_with("OR IGNORE"), documents)
            conn.execute(insert(schema.events), rows)
    store.close()


def _best(repeat: int, func) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = func()
        best = min(best, time.perf_counter() - start)
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "aftermath-bench-relations.sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = open_store(str(args.db))
    with store.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(schema.events)).scalar() or 0
    if stored != args.events:
        store.close()
        args.db.unlink(missing_ok=True)
        start = time.perf_counter()
        generate(args.db, args.events)
        print(f"generated {args.events} events in {time.perf_counter() - start:.0f}s "
              f"at {args.db}")
        store = open_store(str(args.db))
    for first, second in (("USA", "RUS"), ("TUR", "SYR")):
        _bench_dyad(store, first, second, args.repeat)


def _bench_dyad(store, first: str, second: str, repeat: int) -> None:  # type: ignore[no-untyped-def]
    relation_report(store, first, second)  # warm the page cache and imports
    count_s, rows = _best(repeat, lambda: count_dyad_rows(store, first, second))
    fetch_s, _ = _best(repeat, lambda: sum(1 for _ in dyad_events(store, first, second)))
    print(f"{first}–{second}: {rows} rows of the store's events")
    print(f"  bare SQL count over the dyad rows   {count_s * 1000:8.1f} ms")
    print(f"  reading the dyad rows (no analysis) {fetch_s * 1000:8.1f} ms")
    for by in (By.MONTH, By.WEEK, By.DAY):
        seconds, report = _best(repeat, lambda by=by: relation_report(
            store, first, second, by=by))
        series = report.series  # type: ignore[attr-defined]
        print(f"  relation report by {by:<5}           {seconds * 1000:8.1f} ms "
              f"({seconds / count_s:5.1f}x the count; {len(series.periods)} periods, "
              f"{series.rows - series.duplicates} events, "
              f"{len(report.turning_points)} turning points)")  # type: ignore[attr-defined]

if __name__ == "__main__":
    main()
