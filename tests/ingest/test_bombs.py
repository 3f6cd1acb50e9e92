"""Decompression bombs (#14): refused while streaming, at the per-record cap, in bounded memory."""

from __future__ import annotations

import gzip
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftermath.ingest import ReadOptions, read_sources
from aftermath.ingest.streams import ExpansionError, Meter, capped_lines
from aftermath.records import Document, Rejection

ROOT = Path(__file__).resolve().parents[2]
MB = 1 << 20
STORY = "Russia recalled its ambassador from Ankara on Tuesday, officials in Moscow said."


def write_gzip_bomb(path: Path, *, prefix: bytes, expanded: int) -> None:
    """A gzip whose member is `prefix` then `expanded` bytes of "a", built in a stream.

    After a full flush deflate starts afresh, so one compressed megabyte of "a" is written
    again and again; the trailer's CRC is computed as the data would be.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"a" * MB
    crc = zlib.crc32(prefix)
    with path.open("wb") as handle:
        handle.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")
        handle.write(compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH))
        segment = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
        for _ in range(expanded // MB):
            handle.write(segment)
            crc = zlib.crc32(chunk, crc)
        handle.write(compressor.flush())
        handle.write(struct.pack("<II", crc, (len(prefix) + expanded) & 0xFFFFFFFF))


def write_zip_bomb(path: Path, *, name: str, expanded: int, first: bool = True) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        if first:
            archive.writestr("first.txt", STORY)
        with archive.open(name, "w", force_zip64=True) as member:
            for _ in range(expanded // MB):
                member.write(b"a" * MB)


def _items(path: Path, **options: int) -> list[Document | Rejection]:
    return list(read_sources([path], ReadOptions(**options)))


def test_gzip_bomb_builder_makes_a_valid_gzip(tmp_path: Path):
    path = tmp_path / "small.txt.gz"
    write_gzip_bomb(path, prefix=b"head ", expanded=3 * MB)
    assert gzip.decompress(path.read_bytes()) == b"head " + b"a" * (3 * MB)


def test_jsonl_gz_record_past_the_cap_is_refused_and_earlier_records_kept(tmp_path: Path):
    lines = [json.dumps({"id": "ok", "text": STORY}), json.dumps({"id": "big", "text": "a" * 5000})]
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    document, rejection = _items(path, max_expanded_bytes=2000)
    assert isinstance(document, Document) and document.id == "ok"
    assert isinstance(rejection, Rejection)
    assert (rejection.source, rejection.locator, rejection.code) == (
        str(path), "line 2", "input.archive_too_large")
    assert "expands past 2,000 bytes" in rejection.message


def test_csv_gz_quoted_field_over_many_lines_is_refused_at_the_cap(tmp_path: Path):
    field = "\n".join(["word " * 20] * 100)  # 10 kB in one field, no line over 101 bytes
    table = f'id,text\nok,"{STORY}"\nbig,"{field}"\n'
    path = tmp_path / "dump.csv.gz"
    path.write_bytes(gzip.compress(table.encode()))
    document, rejection = _items(path, max_expanded_bytes=4000)
    assert isinstance(document, Document) and document.id == "ok"
    assert isinstance(rejection, Rejection) and rejection.code == "input.archive_too_large"


def test_zip_member_past_the_cap_is_refused_and_other_members_read(tmp_path: Path):
    path = tmp_path / "bundle.zip"
    write_zip_bomb(path, name="inner/bomb.jsonl", expanded=2 * MB)
    document, rejection = _items(path, max_expanded_bytes=MB)
    assert isinstance(document, Document) and document.id == "bundle.zip/first"
    assert isinstance(rejection, Rejection)
    assert rejection.source == f"{path}:inner/bomb.jsonl" and rejection.code == "input.too_large"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="ab\n é", max_size=40), max_size=8), st.integers(1, 16))
def test_capped_lines_within_the_cap_give_back_the_text(pieces: list[str], size: int):
    data = "".join(pieces).encode()
    chunks = [data[i:i + size] for i in range(0, len(data), size)]
    try:
        lines = list(capped_lines(chunks, limit=64, meter=Meter(10_000)))
    except ExpansionError:
        assert any(len(line.encode()) + 1 > 64 for line in data.decode().split("\n"))
        return
    assert "".join(lines) == data.decode()


def _peak_rss_mb(command: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run one command in a child; its result and the peak RSS of this test's children."""
    script = (
        "import resource, subprocess, sys, json\n"
        "r = subprocess.run(json.loads(sys.argv[1]), capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([r.returncode, r.stdout, r.stderr, peak]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    outer = subprocess.run([sys.executable, "-c", script, json.dumps(command)], env=env,
                           capture_output=True, text=True, timeout=300, check=True)
    code, out, err, peak = json.loads(outer.stdout)
    return subprocess.CompletedProcess(command, code, out, err), peak


@pytest.mark.slow
@pytest.mark.parametrize(("name", "cap"), [("bomb.jsonl.gz", "16,000,000"),  # a record's cap
                                           ("bomb.txt.gz", "5,000,000")])  # an article's
def test_two_gb_gzip_bomb_is_refused_in_one_line_under_300_mb(tmp_path: Path, name: str,
                                                              cap: str):
    bomb = tmp_path / name
    write_gzip_bomb(bomb, prefix=b'{"id": "b", "text": "', expanded=2048 * MB)
    assert bomb.stat().st_size < 3 * MB
    result, peak = _peak_rss_mb([sys.executable, "-m", "aftermath.cli", "ingest", str(bomb),
                                 "--db", f"sqlite:///{tmp_path / 's.sqlite'}", "--workers", "1"])
    assert result.returncode == 3
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"aftermath: {bomb}") and f"expands past {cap} bytes" in line
    assert peak < 300, f"peak RSS {peak:.0f} MB"


@pytest.mark.slow
def test_zip_member_bomb_is_refused_in_one_line_under_300_mb(tmp_path: Path):
    bomb = tmp_path / "bomb.zip"
    # The bomb alone: a stored article beside it would load the model, whose RSS is not
    # what this measures.
    write_zip_bomb(bomb, name="bomb.jsonl", expanded=512 * MB, first=False)
    result, peak = _peak_rss_mb([sys.executable, "-m", "aftermath.cli", "ingest", str(bomb),
                                 "--db", f"sqlite:///{tmp_path / 's.sqlite'}", "--workers", "1"])
    assert result.returncode == 3
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"aftermath: {bomb}:bomb.jsonl") and "expands past" in line
    assert peak < 300, f"peak RSS {peak:.0f} MB"
