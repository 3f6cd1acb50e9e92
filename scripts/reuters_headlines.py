"""Ingest the Reuters (ISOT) headlines into a store, one document per title, for relation series.

Usage: nice python scripts/reuters_headlines.py --db sqlite:///reuters.sqlite
         [--data ../shared/data/reuters-isot] [--limit N] [--batch-size 256]

Each title becomes a document whose text is the title and whose publication date is the
row's date, so `aftermath relations USA RUS --db ...` charts 2016–2017 from the headlines.
The data stays in ../shared (research use only): never commit the store this writes.
Re-running skips titles already stored (ids are the row numbers), so an interrupted run
resumes where it stopped.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from aftermath.knowledge import load_kb
from aftermath.nlp import load_model
from aftermath.records import Document
from aftermath.runs import ingest
from aftermath.store import open_store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters-isot"
TITLES = "isot_true_titles_dates.csv.gz"


def read_titles(path: Path, *, limit: int | None = None) -> Iterator[Document]:
    """One Document per row: id `isot-<row>`, the title as text, the date as published."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle)):
            if limit is not None and row_number >= limit:
                return
            title = (row.get("title") or "").strip()
            if not title:
                continue
            yield Document(
                id=f"isot-{row_number}", text=title, title=title, outlet="Reuters",
                published=(row.get("date") or "").strip() or None,
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="Store URL, e.g. sqlite:///reuters.sqlite")
    parser.add_argument("--data", type=Path, default=DATA, help="The reuters-isot folder.")
    parser.add_argument("--limit", type=int, default=None, help="Only the first N rows.")
    parser.add_argument("--batch-size", type=int, default=256, help="Titles per nlp.pipe batch.")
    args = parser.parse_args()
    path = args.data / TITLES
    if not path.is_file():
        print(f"reuters_headlines: {path}: not found", file=sys.stderr)
        return 2
    store = open_store(args.db)
    nlp, kb = load_model(), load_kb()
    start = time.perf_counter()
    summary = ingest(read_titles(path, limit=args.limit), store, nlp, kb,
                     batch_size=args.batch_size)
    seconds = time.perf_counter() - start
    counts = store.stats()
    print(f"stored {summary.stored}, unchanged {summary.unchanged}, "
          f"rejected {len(summary.rejections)} in {seconds:.0f}s; store now holds "
          f"{counts['documents']} documents and {counts['events']} events")
    return summary.exit_code


if __name__ == "__main__":
    sys.exit(main())
