"""A record the store cannot hold never stops the run, on SQLite and PostgreSQL (#18).

The bad records are those that stopped a PostgreSQL ingest before: a NUL, an outlet of 300
characters, an id over 128. A store that refuses one document for its own reason (a
trigger, standing in for any constraint) rejects that document; the batch goes on and
nothing stored before is lost.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from aftermath.ingest import ReadOptions
from aftermath.runs import ingest_sources
from aftermath.store import open_store

STORIES = [
    "Russia and Turkey agreed on Tuesday to open talks on a ceasefire in northern Syria, "
    "the two foreign ministers said after meeting in Moscow.",
    "Protesters gathered outside the parliament in Kiev on Sunday demanding the resignation "
    "of the interior minister after clashes with police.",
    "The European Union imposed new sanctions on Iran on Monday over its missile programme, "
    "diplomats in Brussels said.",
    "India and Pakistan exchanged fire across the border in Kashmir overnight, the Indian "
    "army said on Thursday.",
]


def _dump(folder: Path) -> Path:
    rows = [
        {"id": "good-1", "text": STORIES[0], "outlet": "Reuters"},
        {"id": "nul-title", "text": STORIES[1], "title": "Kiev\u0000protest"},
        {"id": "long-outlet", "text": STORIES[1], "outlet": "o" * 300},
        {"id": "i" * 200, "text": STORIES[1]},
        {"id": "good-2", "text": STORIES[1], "outlet": "TASS"},
        {"id": "refused", "text": STORIES[2]},
        {"id": "good-3", "text": STORIES[3], "published": "2016-12-19"},
    ]
    path = folder / "dump.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    return path


def test_bad_records_and_a_refused_document_reject_only_themselves(
        tmp_path: Path, db_url: str, nlp, kb, refuse_id):  # type: ignore[no-untyped-def]
    path = _dump(tmp_path)
    store = open_store(db_url)
    refuse_id(store, "refused")
    summary = ingest_sources([path], store, nlp, kb, options=ReadOptions(), workers=1,
                             batch_size=2)
    stored = sorted(d.id for d in store.documents())
    assert stored == ["good-1", "good-2", "good-3"]
    by_locator = {r.locator: r for r in summary.rejections}
    assert set(by_locator) == {"line 2", "line 3", "line 4", "refused"}
    assert by_locator["refused"].code == "store.write_failed"
    assert "refused by policy" in by_locator["refused"].message
    # The message is one line with the reason, never the statement or the article's text.
    assert "INSERT" not in by_locator["refused"].message
    assert STORIES[2][:30] not in by_locator["refused"].message
    assert summary.exit_code == 1
    assert store.stats()["rejections"] == 4
    # Nothing half-written: the refused document has no rows anywhere.
    with store.engine.connect() as conn:
        for table in ("signatures", "reports", "events", "actors"):
            count = conn.execute(text(
                f"SELECT count(*) FROM {table} WHERE document_id = 'refused'")).scalar()
            assert count == 0, table
    # A rerun stores nothing twice and stops at nothing.
    again = ingest_sources([path], store, nlp, kb, options=ReadOptions(), workers=1)
    assert again.unchanged == 3 and sorted(d.id for d in store.documents()) == stored
    store.close()


def test_a_rejection_with_a_nul_is_recorded_on_both_backends(db_url: str):
    from aftermath.records import Rejection

    store = open_store(db_url)
    store.record_rejection(Rejection("dump\u0000.jsonl", "line 1", "input.bad_json",
                                     "caf\udce9 \u0000"))
    (_, kept), = store.rejections()
    assert kept.source == "dump\\0.jsonl" and "\u0000" not in kept.message
    store.close()


def test_documents_given_directly_with_a_nul_are_rejected_not_fatal(db_url: str, nlp, kb):  # type: ignore[no-untyped-def]
    """The library's `ingest` takes Documents from any caller: one the store cannot hold
    (a NUL in its id or outlet, refused by PostgreSQL) is rejected; the others stored."""
    from aftermath.records import Document
    from aftermath.runs import ingest

    store = open_store(db_url)
    items = [Document(id="ok-1", text=STORIES[0], language="en"),
             Document(id="bad\u0000id", text=STORIES[1], language="en"),
             Document(id="bad-outlet", text=STORIES[2], outlet="Wire\u0000", language="en"),
             Document(id="ok-2", text=STORIES[3], language="en")]
    summary = ingest(items, store, nlp, kb, workers=1)
    stored = sorted(d.id for d in store.documents())
    if store.engine.dialect.name == "postgresql":
        assert stored == ["ok-1", "ok-2"]
        assert {r.locator for r in summary.rejections} == {"bad-outlet", "bad\x00id"}
        assert all(r.code.startswith("store.") for r in summary.rejections)
    else:  # SQLite holds a NUL
        assert len(stored) == 4 and not summary.rejections
    store.close()
