"""`aftermath ingest` beside bare spaCy on real Reuters texts, as issue #20 measures it.

Usage: python benchmarks/bench_ingest.py [--limit 300] [--workers 2] [--rounds 2] [--no-single]
Texts: the first N full texts (file order) of ../shared/data/reuters-isot (real Reuters
articles); skipped with a message when that folder is absent.

Both sides run as a user runs them, each in a fresh process with the same model, timed from
process start to exit (so both pay for importing and loading the model):
  aftermath ingest FILE.jsonl --workers N --db sqlite:///<fresh file>
  python -c "spacy.load(model); nlp.pipe(texts, n_process=N, batch_size=16)"
The two alternate, `--rounds` times each, and the best of each counts, so a busy machine
slows both alike. Reported as a ratio (spaCy seconds / ingest seconds; above 1.0 means
ingest is faster than a bare parse; target >= 1.0 with 2 workers) for N workers and for one,
with the peak resident memory of the parent and of the largest worker (target <= 600 MB per
worker).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aftermath.nlp.model import DEFAULT_MODEL

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters-isot"
TEXTS = DATA / "isot_true_text_subset.csv.gz"
SPACY_BATCH = 16

BARE_SPACY = """
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
texts = [json.loads(line)["text"] for line in open(sys.argv[2], encoding="utf-8")]
for _ in nlp.pipe(texts, n_process=int(sys.argv[3]), batch_size=int(sys.argv[4])):
    pass
"""


def load_records(limit: int) -> list[dict[str, str | None]]:
    """The first `limit` Reuters rows with a text, as JSONL records `aftermath ingest` reads."""
    with gzip.open(TEXTS, "rb") as handle:
        rows = csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8"))
        records: list[dict[str, str | None]] = []
        for number, row in enumerate(rows):
            if row["text"].strip():
                records.append({"id": f"isot-{row['isot_row'] or f'n{number}'}",
                                "text": row["text"], "title": row["title"],
                                "outlet": "Reuters", "published": row["date_iso"] or None})
            if len(records) >= limit:
                break
    return records


def run_sampled(command: list[str], sample: Callable[[Any, int], None]
                ) -> tuple[float, int, str]:
    """(wall seconds, exit code, stderr) of `command`, calling `sample(process, tick)` on
    its process (psutil) every 0.2 s while it runs; a process that is gone or changing
    between two reads skips that tick. Shared by the benches that watch memory."""
    import psutil

    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop = threading.Event()

    def watch() -> None:
        try:
            process = psutil.Process(child.pid)
        except psutil.NoSuchProcess:
            return
        tick = 0
        while not stop.wait(0.2):
            tick += 1
            try:
                sample(process, tick)
            except psutil.Error:
                continue

    sampler = threading.Thread(target=watch, daemon=True)
    sampler.start()
    errors = child.communicate()[1].decode()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    return elapsed, child.returncode, errors


def timed(command: list[str]) -> tuple[float, float, float, float]:
    """(wall seconds, peak RSS in MB of the parent process, peak RSS of its largest child,
    peak unique memory (USS) of a child).

    The process tree is sampled every 0.2 s (psutil); a child is a worker (ours or
    spaCy's). A forked worker's RSS counts the pages it still shares with the parent (the
    model, the knowledge base); its USS counts only its own."""
    peaks = {"parent": 0.0, "worker": 0.0, "worker_uss": 0.0}

    def sample(parent: Any, tick: int) -> None:
        peaks["parent"] = max(peaks["parent"], parent.memory_info().rss / 2**20)
        for worker in parent.children(recursive=True):
            peaks["worker"] = max(peaks["worker"], worker.memory_info().rss / 2**20)
            if tick % 5 == 0:  # reading smaps is slow: once a second
                peaks["worker_uss"] = max(peaks["worker_uss"],
                                          worker.memory_full_info().uss / 2**20)

    elapsed, code, errors = run_sampled(command, sample)
    if code != 0:
        raise SystemExit(f"bench_ingest: {command[:3]} failed ({code}): {errors}")
    return elapsed, peaks["parent"], peaks["worker"], peaks["worker_uss"]


def ingest_command(source: Path, folder: Path, workers: int, run: int) -> list[str]:
    store = folder / f"ingest-{workers}-{run}.sqlite"
    return [sys.executable, "-m", "aftermath.cli", "ingest", str(source), "--db",
            f"sqlite:///{store}", "--workers", str(workers), "--model", DEFAULT_MODEL]


def spacy_command(source: Path, processes: int) -> list[str]:
    return [sys.executable, "-c", BARE_SPACY, DEFAULT_MODEL, str(source), str(processes),
            str(SPACY_BATCH)]


def compare(source: Path, folder: Path, workers: int, rounds: int) -> dict[str, float]:
    """Alternate bare spaCy and ingest `rounds` times; the best time and peak RSS of each."""
    best = {"spacy": float("inf"), "ingest": float("inf")}
    for run in range(rounds):
        for name, command in (("spacy", spacy_command(source, workers)),
                              ("ingest", ingest_command(source, folder, workers, run))):
            seconds, *memory = timed(command)
            best[name] = min(best[name], seconds)
            for kind, mb in zip(("parent_mb", "worker_mb", "worker_uss"), memory, strict=True):
                best[f"{name}_{kind}"] = max(best.get(f"{name}_{kind}", 0.0), mb)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-single", action="store_true",
                        help="skip the one-process comparison")
    args = parser.parse_args()
    if not TEXTS.is_file():
        print(f"bench_ingest: skipped, {TEXTS} not found (real Reuters texts are not bundled)")
        return
    records = load_records(args.limit)
    words = sum(len(str(r["text"]).split()) for r in records)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "reuters.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        print(f"reuters-isot: {len(records)} articles, {words} words; best of {args.rounds} "
              "alternating runs, each a fresh process (model load included)")
        for n in sorted({args.workers} | (set() if args.no_single else {1}), reverse=True):
            best = compare(source, folder, n, args.rounds)
            for name, label in (
                    ("spacy", f"bare spaCy nlp.pipe(n_process={n}, batch_size={SPACY_BATCH})"),
                    ("ingest", f"aftermath ingest --workers {n} (fresh SQLite)       ")):
                workers = (f", per worker {best[f'{name}_worker_mb']:4.0f} MB "
                           f"(own {best[f'{name}_worker_uss']:4.0f} MB)" if n > 1 else "")
                print(f"  {label}  {best[name]:6.1f} s  peak RSS: parent "
                      f"{best[f'{name}_parent_mb']:4.0f} MB{workers}")
            target = "  (target >= 1.0)" if n > 1 else ""
            print(f"  ratio spaCy/ingest, {n} process(es)                  "
                  f"{best['spacy'] / best['ingest']:6.2f}{target}")


if __name__ == "__main__":
    main()
