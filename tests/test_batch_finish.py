"""A batch stored in one transaction ends as one document at a time would (#20)."""

from __future__ import annotations

import json
from pathlib import Path

from aftermath.ingest import ReadOptions
from aftermath.runs import ingest_sources
from aftermath.store import open_store

LINES = [
    "Russia and Turkey agreed on Tuesday to open talks on a ceasefire in northern Syria.",
    "Turkish police detained two suspects in Istanbul after the attack on the embassy.",
    "Iran said it was ready to join the monitoring mission as a third guarantor.",
    "The European Union condemned the shelling of the hospital in Aleppo on Monday.",
]


def _state(db: str, folder: Path, batch_size: int, nlp, kb):  # type: ignore[no-untyped-def]
    store = open_store(db)
    summary = ingest_sources([folder], store, nlp, kb, options=ReadOptions(), workers=1,
                             batch_size=batch_size)
    documents = sorted(d.id for d in store.documents())
    loaded = {i: store.load(i) for i in documents}
    reports = {i: sorted((r.source_id, str(r.kind)) for r in found)
               for i, found in store.reports().items()}
    signatures = sorted(store.signatures())
    store.close()
    return summary.as_dict(), loaded, reports, signatures


def test_batched_store_equals_one_document_at_a_time(tmp_path: Path, nlp, kb) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [{"id": f"d{n}", "text": line, "outlet": "Reuters", "published": "2016-12-19"}
            for n, line in enumerate(LINES)]
    rows.append({"id": "copy", "text": LINES[0], "outlet": "AFP"})  # an exact copy
    (folder / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    batched = _state(f"sqlite:///{tmp_path / 'batched.sqlite'}", folder, 32, nlp, kb)
    single = _state(f"sqlite:///{tmp_path / 'single.sqlite'}", folder, 1, nlp, kb)
    assert batched[0]["stored"] == len(LINES)
    assert batched[2]["d0"] == [("copy", "exact"), ("d0", "original")]
    assert batched == single
