"""Ingest cost against store size (#18): 1,000 new Reuters articles into a store that holds
100,000 documents, beside the same articles into an empty store.

Usage: python benchmarks/bench_store_growth.py [--documents 100000] [--limit 1000]
                                                [--rounds 2] [--workers 1] [--cache DIR]

The large store is generated, not parsed: documents with plausible analyses (two or three
coded events, an original report, a MinHash signature and its band rows) spread over 25
years, grouped into incidents of one to four reports of one story each (a story's own
made-up names among common news words, so stories are apart as folding would have left
them), written through the bulk loader
(`store.bulk.load_rows`) in a few minutes. It is kept in a cache folder keyed by the schema
revision and this generator's version, and copied before each timed run, so every run
starts from the same store.

The articles are the first `--limit` full texts of ../shared/data/reuters-isot (real
Reuters articles, as benchmarks/bench_ingest.py reads them); skipped with a message when
that folder is absent. Each side runs as a user runs it, `aftermath ingest FILE --db URL` in
a fresh process, timed from start to exit; the two alternate, `--rounds` times each, and
the best of each counts. Reported: the ratio large/empty (target <= 1.2) and the peak
resident memory of the process tree, parent and workers summed (target <= 1 GB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from bench_ingest import TEXTS, load_records, run_sampled

from aftermath.nlp.model import DEFAULT_MODEL
from aftermath.records import (
    ActorRef,
    Analysis,
    Document,
    Event,
    EventStatus,
    Granularity,
    Place,
    Report,
    ReportKind,
    ResolvedDate,
    Span,
)
from aftermath.store import migrations, open_store, schema
from aftermath.store.bands import NUM_PERM
from aftermath.store.bulk import load_rows
from aftermath.store.rows import analysis_rows, document_row, report_row

GENERATOR = "2"  # bump when the generated store changes, so a cached one is not reused
FIRST_DAY = dt.date(2000, 1, 1)
DAYS = 25 * 365
CHUNK = 5000  # documents per bulk load
WORDS = [
    "officials", "said", "the", "government", "police", "forces", "minister", "talks",
    "border", "attack", "protest", "election", "ceasefire", "army", "rebels", "troops",
    "killed", "wounded", "capital", "province", "president", "parliament", "agreement",
    "sanctions", "envoy", "meeting", "crisis", "refugees", "aid", "statement", "spokesman",
    "ministry", "security", "vote", "court", "trade", "oil", "prices", "market", "opposition",
    "leader", "coalition", "strike", "village", "city", "region", "water", "storm", "flood",
]
PLACES = [("Ankara", "TUR", 39.9, 32.9), ("Kabul", "AFG", 34.5, 69.2),
          ("Caracas", "VEN", 10.5, -66.9), ("Lagos", "NGA", 6.5, 3.4),
          ("Kyiv", "UKR", 50.5, 30.5), ("Manila", "PHL", 14.6, 121.0),
          ("Bogota", "COL", 4.7, -74.1), ("Dhaka", "BGD", 23.8, 90.4)]
CODES = ["TURGOV", "AFGMIL", "VENCOP", "NGAREB", "UKRGOV", "PHLMIL", "COLREB", "BGDGOV",
         "USAGOV", "RUSGOV", "IRNGOV", "CHNGOV"]
KINDS = [("ASSAULT", "190", 4, -10.0), ("PROTEST", "140", 3, -6.5),
         ("CONSULT", "040", 1, 1.0), ("ACCUSE", "112", 3, -2.0), ("AID", "070", 2, 7.0)]


SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vor", "zu", "shi", "dan", "pel", "or", "bek",
             "nu", "ta", "gri", "wen", "sol", "fa", "hu", "ez"]


def _topic(rng: random.Random) -> list[str]:
    """Words only one story uses (its places, people, sites): made-up names, so stories
    differ as real ones do and share only the common words of the news."""
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randrange(2, 5))).title()
            for _ in range(10)]


def _generated(number: int, day: dt.date, topic: list[str],
               rng: random.Random) -> tuple[Analysis, bytes]:
    """One generated report of a story, its analysis and a signature of random MinHash
    values (as a text unlike every other would have: no stored band is shared by chance)."""
    words = [rng.choice(topic) if rng.random() < 0.25 else rng.choice(WORDS)
             for _ in range(rng.randrange(120, 200))]
    place = rng.choice(PLACES)
    text = f"{place[0].upper()}, {day:%B} {day.day} (Wire) - " + " ".join(words) + "."
    published = day.isoformat()
    title = " ".join([*rng.sample(topic, 3), *rng.sample(WORDS, 4)]).capitalize()
    document = Document(id=f"gen-{number:06d}", text=text, title=title,
                        outlet=rng.choice(["Wire", "Daily", "Herald", "Courier", "Gazette"]),
                        published=published, url=f"https://example.org/gen/{number}",
                        language="en")
    events = []
    for seq in range(rng.randrange(2, 4)):
        plover, cameo, quad, goldstein = rng.choice(KINDS)
        source, target = rng.sample(CODES, 2)
        span = Span(text[:40], 0, 40, seq)
        events.append(Event(
            source=ActorRef(source, source.lower(), 0, 6),
            target=ActorRef(target, target.lower(), 7, 13), plover=plover, mode=None,
            cameo=cameo, quad_class=quad, goldstein=goldstein,
            date=ResolvedDate(published, Granularity("day")),
            place=Place(place[0], place[1], place[2], place[3]),
            status=EventStatus("asserted"), confidence=0.8, evidence=span, trigger=span))
    raw = np.asarray([rng.getrandbits(32) for _ in range(NUM_PERM)], dtype=np.uint64)
    return Analysis(document=document, events=tuple(events)), raw.tobytes()


def _incident_rows(members: list[Analysis], number: int) -> tuple[dict, list[dict]]:
    days = sorted(m.document.published or "" for m in members)
    anchor = members[0].events[0]
    incident = {
        "id": f"inc-gen{number:06d}", "label": members[0].document.title,
        "date": days[0], "place": anchor.place.name if anchor.place else None,
        "plover": anchor.plover, "cameo": anchor.cameo, "first_report": days[0],
        "last_report": days[-1], "document_count": len(members),
        "event_count": sum(len(m.events) for m in members),
        "outlets": json.dumps(sorted({m.document.outlet or "" for m in members})),
        "countries": json.dumps(["?"]), "updated_at": "2025-01-01T00:00:00+00:00",
    }
    links = [{"incident_id": incident["id"], "document_id": m.document.id, "position": n,
              "score": 0.0 if n == 0 else 2.5} for n, m in enumerate(members)]
    return incident, links


def build_store(path: Path, documents: int, seed: int = 18) -> None:
    """The generated store at `path` (SQLite): `documents` documents in incidents."""
    rng = random.Random(seed)
    store = open_store(f"sqlite:///{path}")
    now = "2025-01-01T00:00:00+00:00"
    number = incident_number = 0
    while number < documents:
        tables: dict[str, list[dict]] = {"documents": [], "events": [], "signatures": [],
                                         "reports": []}
        incidents, links = [], []
        while number < documents and len(tables["documents"]) < CHUNK:
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            members = []
            topic = _topic(rng)
            for _ in range(min(rng.choice([1, 1, 2, 2, 3, 4]), documents - number)):
                analysis, raw = _generated(number, day + dt.timedelta(rng.randrange(3)), topic,
                                           rng)
                document = analysis.document
                number += 1
                members.append(analysis)
                tables["documents"].append({**document_row(document), "ingested_at": now})
                tables["events"] += analysis_rows(analysis)["events"]
                tables["signatures"].append({"document_id": document.id,
                                             "content_key": f"{rng.getrandbits(256):064x}",
                                             "minhash": raw})
                tables["reports"].append({**report_row(Report(
                    document_id=document.id, source_id=document.id, kind=ReportKind.ORIGINAL,
                    outlet=document.outlet, url=document.url, published=document.published,
                    title=document.title)), "created_at": now})
            incident, linked = _incident_rows(members, incident_number)
            incident_number += 1
            incidents.append(incident)
            links += linked
        load_rows(store, tables)
        with store.engine.begin() as conn:
            conn.execute(schema.incidents.insert(), incidents)
            conn.execute(schema.incident_documents.insert(), links)
    store.close()


def cached_store(cache: Path, documents: int) -> Path:
    """The generated store for this schema revision and generator, built when missing."""
    path = cache / f"store-{documents}-r{migrations.head_revision()}-g{GENERATOR}.sqlite"
    if not path.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        for leftover in cache.glob(partial.name + "*"):
            leftover.unlink()
        start = time.perf_counter()
        build_store(partial, documents)
        partial.rename(path)
        print(f"  built the {documents:,}-document store in {time.perf_counter() - start:.0f} s"
              f" ({path.stat().st_size / 2**20:.0f} MB): {path}")
    return path


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB of the process tree: the parent and its workers
    summed), sampled every 0.2 s."""
    peak = [0.0]

    def sample(parent: Any, _tick: int) -> None:
        tree = [parent, *parent.children(recursive=True)]
        peak[0] = max(peak[0], sum(p.memory_info().rss for p in tree) / 2**20)

    elapsed, code, errors = run_sampled(command, sample)
    if code not in (0, 1):  # 1: some records rejected, the rest stored
        raise SystemExit(f"bench_store_growth: {command[:3]} failed ({code}): "
                         f"{errors[-2000:]}")
    return elapsed, peak[0]


def ingest_command(source: Path, store: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "aftermath.cli", "ingest", str(source), "--db",
            f"sqlite:///{store}", "--workers", str(workers), "--model", DEFAULT_MODEL]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "aftermath-bench-store-growth")
    args = parser.parse_args()
    if not TEXTS.is_file():
        print(f"bench_store_growth: skipped, {TEXTS} not found (real Reuters texts are not "
              "bundled)")
        return
    records = load_records(args.limit)
    print(f"store growth: {len(records)} Reuters articles into an empty store and into one of "
          f"{args.documents:,} generated documents; best of {args.rounds} alternating runs, "
          f"--workers {args.workers}")
    large = cached_store(args.cache, args.documents)
    best = {"empty": float("inf"), "large": float("inf")}
    peaks = {"empty": 0.0, "large": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "reuters.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        for run in range(args.rounds):
            for name in ("empty", "large"):
                store = folder / f"{name}-{run}.sqlite"
                if name == "large":
                    shutil.copyfile(large, store)
                seconds, peak = timed(ingest_command(source, store, args.workers))
                print(f"  round {run + 1}: {name:5} store {seconds:6.1f} s, "
                      f"peak RSS {peak:5.0f} MB")
                best[name] = min(best[name], seconds)
                peaks[name] = max(peaks[name], peak)
                for leftover in folder.glob(f"{name}-{run}.sqlite*"):
                    leftover.unlink()
    print(f"  into an empty store          {best['empty']:6.1f} s  "
          f"peak RSS {peaks['empty']:5.0f} MB")
    print(f"  into {args.documents:,} documents   {best['large']:6.1f} s  "
          f"peak RSS {peaks['large']:5.0f} MB  (target <= 1024 MB)")
    print(f"  ratio large/empty            {best['large'] / best['empty']:6.2f}  "
          "(target <= 1.2)")


if __name__ == "__main__":
    main()
