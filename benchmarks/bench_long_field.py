"""Memory of reading a dump with one huge field, against a dump of the same size (#18).

Usage: python benchmarks/bench_long_field.py [--megabytes 50]
Writes, in a temporary folder, a CSV and a JSONL dump whose middle record holds one text
field of the given size, and beside each a baseline dump of the same size made of ordinary
articles (2 kB each). Each is read through `read_sources` (what `aftermath ingest` reads
with) in its own process; the figure is that process's peak RSS growth over its start,
divided by the file's size. The baseline reads the same bytes with no record over the cap,
so a ratio near the baseline's means the huge field costs no more than its bytes in the
file. Before #18 (same machine): CSV 13.0x (baseline 6.0x), JSONL 5.0x (baseline 3.1x);
after: CSV 1.01x (1.03x), JSONL 1.00x (1.02x): the field is refused over the 16 MB record
cap without being decoded, and dumps are decoded a line at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ("Officials in Ankara said the talks with Moscow would resume next week, after "
           "a month in which both sides traded accusations over the border incident. ")
_CHILD = """
import json, resource, sys, time
from pathlib import Path
from aftermath.ingest import read_sources
from aftermath.records import Rejection
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
rejected = sum(isinstance(item, Rejection) for item in read_sources([Path(sys.argv[1])]))
seconds = time.perf_counter() - start
growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
print(json.dumps([growth, seconds, rejected]))
"""


def _write(path: Path, records: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        if path.suffix == ".csv":
            handle.write("id,text\n")
            for record in records:
                handle.write(f'{record["id"]},"{record["text"]}"\n')
        else:
            for record in records:
                handle.write(json.dumps(record) + "\n")


def write_dumps(folder: Path, size: int) -> list[tuple[str, Path, Path]]:
    """(format, dump with one huge field, baseline of ordinary articles of the same size)."""
    text = (ARTICLE * (2000 // len(ARTICLE) + 1))[:2000]
    ordinary = [{"id": f"a{n}", "text": text} for n in range(size // 2000)]
    pairs = []
    for suffix in (".csv", ".jsonl"):
        huge = folder / f"huge{suffix}"
        _write(huge, [ordinary[0], {"id": "huge", "text": "word " * (size // 5)}, ordinary[1]])
        baseline = folder / f"baseline{suffix}"
        _write(baseline, ordinary)
        pairs.append((suffix[1:], huge, baseline))
    return pairs


def measure(path: Path) -> tuple[float, float, int]:
    """(peak RSS growth / file size, seconds, rejections) of reading `path` in a child."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-c", _CHILD, str(path)], env=env, check=True,
                         capture_output=True, text=True)
    growth, seconds, rejected = json.loads(run.stdout)
    return growth / path.stat().st_size, seconds, rejected


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=50)
    size = parser.parse_args().megabytes * 1_000_000
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for form, huge, baseline in write_dumps(Path(folder), size):
            huge_ratio, huge_seconds, rejected = measure(huge)
            base_ratio, base_seconds, _ = measure(baseline)
            print(f"bench_long_field: {form}: one {size / 1e6:.0f} MB field: peak RSS "
                  f"{huge_ratio:.2f}x the file ({huge_seconds:.1f} s, {rejected} rejected); "
                  f"same size in 2 kB articles: {base_ratio:.2f}x ({base_seconds:.1f} s)")
    print(f"bench_long_field: done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
