"""scale/shards.py: a shard holds a partition's store rows and is written atomically (#14)."""

from __future__ import annotations

from pathlib import Path

from aftermath.pipeline import analyze_document
from aftermath.records import Document, Rejection, Report, ReportKind
from aftermath.scale.shards import partition_entry, read_shard, shard_documents, write_shard


def test_shard_round_trip_keeps_every_row_and_the_rejection(tmp_path: Path, nlp, kb):  # type: ignore[no-untyped-def]
    document = Document(id="s1", text="Russia recalled its ambassador from Ankara on Tuesday.")
    analysis = analyze_document(document, nlp, kb)
    original = Report(document_id="s1", source_id="s1", kind=ReportKind.ORIGINAL)
    entries = [partition_entry(document, analysis, ("key", b"\x00" * 8), original),
               partition_entry(Document(id="s2", text="x"), Rejection("f", "s2", "c", "m"),
                               ("", b""), original)]
    path = tmp_path / "shards" / "k.parquet"
    rows = write_shard(path, entries)
    assert rows == sum(len(v) for e in entries for k, v in e.items() if isinstance(v, list))
    assert read_shard(path) == [
        {**{name: [] for name in ("documents", "actors", "mentions", "events", "attributions",
                                  "claims", "signatures", "reports")}, "rejection": None,
         **entry} for entry in entries]
    assert [p.name for p in path.parent.iterdir()] == ["k.parquet"]


def test_shard_documents_is_none_for_a_torn_file(tmp_path: Path):
    torn = tmp_path / "t.parquet"
    torn.write_bytes(b"PAR1 half a file")
    assert shard_documents(torn) is None
    assert shard_documents(tmp_path / "missing.parquet") is None
