"""Analysis cost against a document's length: seconds per 1,000 characters stay flat (#18, #20).

Usage: python benchmarks/bench_length.py [--sizes 10000,80000,160000]
Real Reuters texts (../shared/data/reuters-isot) joined into one text, and their titles
joined into one title, of each size; each analysed once on its own (`analyze_documents`,
parse included). Reported as seconds per 1,000 characters and as the ratio to the smallest
size: a ratio near 1.0 means linear cost, one that grows with the size means a quadratic
term (every word re-scanning every entity). Target (#18): at most 1.5 at the largest size.
Skipped with a message when the data folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import time
from pathlib import Path

from aftermath.knowledge import load_kb
from aftermath.nlp import load_model
from aftermath.pipeline import analyze_documents
from aftermath.records import Analysis, Document

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters-isot"
TEXTS = DATA / "isot_true_text_subset.csv.gz"
SHORT_TEXT = "Officials met in Geneva on Monday to discuss the ceasefire."


def _rows() -> list[dict[str, str]]:
    with gzip.open(TEXTS, "rb") as handle:
        return [r for r in csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8"))
                if r["text"].strip()]


def joined(parts: list[str], size: int, separator: str) -> str:
    """Parts joined in order until the result holds `size` characters (cut at a space)."""
    out, length = [], 0
    for part in parts:
        out.append(part)
        length += len(part) + len(separator)
        if length >= size:
            break
    text = separator.join(out)[:size]
    return text[: text.rfind(" ")] if " " in text[size // 2:] else text


def seconds_for(document: Document, nlp, kb) -> float:  # type: ignore[no-untyped-def]
    nlp.max_length = max(nlp.max_length, len(document.text) + len(document.title or "") + 1)
    start = time.perf_counter()
    results = list(analyze_documents([document], nlp, kb))
    elapsed = time.perf_counter() - start
    if not isinstance(results[0], Analysis):
        raise SystemExit(f"bench_length: {document.id} not analysed: {results[0]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,80000,160000")
    args = parser.parse_args()
    if not TEXTS.is_file():
        print(f"bench_length: skipped, {TEXTS} not found (real Reuters texts are not bundled)")
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = _rows()
    nlp, kb = load_model(), load_kb()
    list(analyze_documents([Document(id="warm", text=SHORT_TEXT)], nlp, kb))
    print("analysis seconds per 1,000 characters, by length (ratio to the smallest size)")
    for kind in ("title", "text"):
        base = None
        for size in sizes:
            if kind == "title":
                document = Document(id=f"title-{size}", text=SHORT_TEXT,
                                    title=joined([r["title"] for r in rows], size, " "),
                                    published="2017-01-01")
                length = len(document.title or "")
            else:
                document = Document(id=f"text-{size}", published="2017-01-01",
                                    text=joined([r["text"] for r in rows], size, "\n\n"))
                length = len(document.text)
            per_k = seconds_for(document, nlp, kb) / (length / 1000)
            base = base or per_k
            print(f"  {kind:5} {length:8,} chars  {per_k * 1000:8.1f} ms per 1k chars  "
                  f"ratio {per_k / base:5.2f}")
    print("  (target: ratio at most 1.5 at the largest size)")


if __name__ == "__main__":
    main()
