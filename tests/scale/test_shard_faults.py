"""A shard the store refuses in one transaction is loaded document by document: the refused
document is rejected, the others stored and placed in incidents (#18)."""

from __future__ import annotations

from pathlib import Path

from aftermath.knowledge.outlets import load_outlets
from aftermath.records import Analysis, Document
from aftermath.runs import IngestRun, IngestSummary
from aftermath.scale.cluster import PartitionDone
from aftermath.scale.shards import partition_entry, write_shard
from aftermath.sharded import _Loader
from aftermath.store import open_store

TEXTS = {
    "first": "Turkish and Russian diplomats met in Moscow on Monday to discuss Syria.",
    "refused": "Protesters gathered outside the parliament in Kiev demanding elections.",
    "third": "India and Pakistan exchanged fire across the border in Kashmir overnight.",
}


def test_refused_document_in_a_shard_is_rejected_alone(db_url: str, tmp_path: Path, kb,  # type: ignore[no-untyped-def]
                                                       refuse_id):
    store = open_store(db_url)
    refuse_id(store, "refused")
    summary = IngestSummary()
    run = IngestRun(store, load_outlets(), summary, None)
    documents = [Document(id=key, text=value, published="2016-12-19", language="en")
                 for key, value in TEXTS.items()]
    entries = []
    for document in documents:
        queued = run.triage(document)
        assert queued is not None
        reports, signature = run.queued[queued.id]
        entries.append(partition_entry(queued, Analysis(queued), signature, reports[0]))
    path = tmp_path / "shard.parquet"
    rows = write_shard(path, entries)
    loader = _Loader(run, store, lambda _done, _known: None, kb=kb)
    loader.load(PartitionDone("key", str(path), len(entries), rows, 0.0))
    assert sorted(d.id for d in store.documents()) == ["first", "third"]
    assert summary.stored == 2
    assert [(r.locator, r.code) for r in summary.rejections] == [
        ("refused", "store.write_failed")]
    assert "refused by policy" in summary.rejections[0].message
    assert store.reports(["first"])["first"][0].source_id == "first"
    store.close()
