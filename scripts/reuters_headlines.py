"""Ingest the Reuters (ISOT) headlines into a store, one document per title, for relation series.

Usage: nice python scripts/reuters_headlines.py --db sqlite:///reuters.sqlite
         [--data ../shared/data/reuters-isot] [--limit N] [--batch-size 256]
         [--only REGEX | --korea-russia]

Each title becomes a document whose text is the title and whose publication date is the
row's date, so `aftermath relations USA RUS --db ...` charts 2016–2017 from the headlines.
The data stays in ../shared (research use only): never commit the store this writes.
`--korea-russia` keeps the titles that name North Korea or Russia (the filter #17 measures
relations on: 2,365 of the 21,417 titles). Re-running skips titles already stored (ids
are the row numbers), so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
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
# Titles about North Korea or Russia: the countries, capitals, leaders and demonyms.
KOREA_RUSSIA = (r"North Korea|N\.? ?Korea|Pyongyang|Kim Jong|Russia|Moscow|Kremlin|Putin|"
                r"Lavrov")


def read_titles(path: Path, *, limit: int | None = None,
                only: re.Pattern[str] | None = None) -> Iterator[Document]:
    """One Document per row: id `isot-<row>`, the title as text, the date as published;
    with `only`, just the titles it finds something in."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle)):
            if limit is not None and row_number >= limit:
                return
            title = (row.get("title") or "").strip()
            if not title or (only is not None and not only.search(title)):
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
    parser.add_argument("--only", default=None, help="Keep titles matching this regex.")
    parser.add_argument("--korea-russia", action="store_true",
                        help="Keep titles naming North Korea or Russia (#17).")
    args = parser.parse_args()
    pattern = KOREA_RUSSIA if args.korea_russia else args.only
    only = re.compile(pattern) if pattern else None
    path = args.data / TITLES
    if not path.is_file():
        print(f"reuters_headlines: {path}: not found", file=sys.stderr)
        return 2
    store = open_store(args.db)
    nlp, kb = load_model(), load_kb()
    start = time.perf_counter()
    summary = ingest(read_titles(path, limit=args.limit, only=only), store, nlp, kb,
                     batch_size=args.batch_size)
    seconds = time.perf_counter() - start
    counts = store.stats()
    print(f"stored {summary.stored}, unchanged {summary.unchanged}, "
          f"rejected {len(summary.rejections)} in {seconds:.0f}s; store now holds "
          f"{counts['documents']} documents and {counts['events']} events")
    return summary.exit_code


if __name__ == "__main__":
    sys.exit(main())
