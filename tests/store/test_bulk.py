"""store/bulk.py: many documents in one transaction, already-stored ones skipped (#14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aftermath.errors import StoreError
from aftermath.pipeline import analyze_document
from aftermath.records import Document
from aftermath.store import open_store, rows
from aftermath.store.bulk import load_rows

TEXTS = ["Russia recalled its ambassador from Ankara on Tuesday, officials said.",
         "Turkish police detained a suspect in Istanbul after the attack."]


def _tables(analyses) -> dict[str, list[dict]]:  # type: ignore[no-untyped-def]
    tables: dict[str, list[dict]] = {"documents": []}
    for analysis in analyses:
        tables["documents"].append({**rows.document_row(analysis.document),
                                    "ingested_at": "2026-01-01T00:00:00+00:00"})
        for name, found in rows.analysis_rows(analysis).items():
            tables.setdefault(name, []).extend(found)
    return tables


@pytest.fixture()
def analyses(nlp, kb):  # type: ignore[no-untyped-def]
    return [analyze_document(Document(id=f"b{n}", text=t), nlp, kb) for n, t in enumerate(TEXTS)]


def test_load_rows_stores_what_save_would(tmp_path: Path, analyses):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    assert load_rows(store, _tables(analyses)) == 2
    assert [store.load(a.document.id) for a in analyses] == analyses


def test_load_rows_skips_documents_stored_with_the_same_content(tmp_path: Path, analyses):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    store.save(analyses[0])
    assert load_rows(store, _tables(analyses)) == 1
    assert store.stats()["events"] == sum(len(a.events) for a in analyses)


def test_load_rows_replaces_a_document_whose_content_changed(tmp_path: Path, analyses, nlp, kb):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    store.save(analyses[0])
    changed = analyze_document(Document(id="b0", text=TEXTS[1]), nlp, kb)
    assert load_rows(store, _tables([changed])) == 1
    assert store.load("b0") == changed


def test_load_rows_unknown_table_is_refused(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    with pytest.raises(StoreError, match="unknown table"):
        load_rows(store, {"documents": [], "gossip": []})
