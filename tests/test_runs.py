"""The ingest run: copies become reports, languages are marked, outlets resolved, resumable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aftermath.ingest import ReadOptions
from aftermath.records import ReportKind
from aftermath.runs import ingest_sources
from aftermath.store import open_store

STORY = ("Russia and Turkey agreed on Tuesday to open talks on a ceasefire in northern Syria, "
         "the two foreign ministers said after meeting in Moscow for several hours. Officials "
         "in Ankara welcomed the step and said the details of the monitoring mission would be "
         "settled next week, while Iran said it was ready to join as a third guarantor.")
TURKISH = ("Rusya ve Türkiye salı günü kuzey Suriye'de ateşkes için görüşmelere başlamayı kabul "
           "etti, iki dışişleri bakanı Moskova'da saatlerce süren toplantının ardından açıkladı.")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [
        {"id": "tass-1", "text": STORY, "outlet": "ITAR-TASS"},
        {"id": "aa-9", "text": STORY.upper(), "url": "https://www.aa.com.tr/en/x/9"},
        {"id": "rt-3", "text": STORY.replace("several hours", "six hours") + " More soon.",
         "url": "https://www.rt.com/news/3"},
        {"id": "tr-1", "text": TURKISH, "outlet": "Sabah"},
    ]
    (folder / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    return folder


def _run(folder: Path, db: str, nlp, kb):  # type: ignore[no-untyped-def]
    store = open_store(db)
    return store, ingest_sources([folder], store, nlp, kb, options=ReadOptions(), workers=1)


def test_ingest_copies_are_reports_of_one_stored_document(corpus: Path, db_url: str, nlp, kb):
    store, summary = _run(corpus, db_url, nlp, kb)
    assert (summary.stored, summary.duplicates, summary.non_english) == (1, 2, 1)
    reports = store.reports(["tass-1"])["tass-1"]
    assert [(r.source_id, r.kind, r.outlet) for r in reports] == [
        ("tass-1", ReportKind.ORIGINAL, "tass"), ("aa-9", ReportKind.EXACT, "anadolu"),
        ("rt-3", ReportKind.NEAR, "rt")]
    assert reports[2].similarity is not None and reports[2].similarity >= 0.8


def test_ingest_non_english_is_stored_marked_and_not_analysed(corpus: Path, db_url: str,
                                                              nlp, kb):
    store, _ = _run(corpus, db_url, nlp, kb)
    analysis = store.load("tr-1")
    assert analysis.document.language == "tr"
    assert analysis.document.outlet == "sabah"
    assert not analysis.events and not analysis.actors


def test_ingest_near_duplicate_index_survives_across_runs(corpus: Path, tmp_path: Path,
                                                         db_url: str, nlp, kb):
    db = db_url
    _run(corpus, db, nlp, kb)
    later = tmp_path / "later"
    later.mkdir()
    (later / "copy.txt").write_text(STORY.replace("next week", "within days"))
    store, summary = _run(later, db, nlp, kb)
    assert (summary.stored, summary.duplicates) == (0, 1)
    assert [r.source_id for r in store.reports(["tass-1"])["tass-1"]][-1] == "copy"


def test_ingest_second_run_stores_nothing_new(corpus: Path, db_url: str, nlp, kb):
    db = db_url
    _run(corpus, db, nlp, kb)
    store, summary = _run(corpus, db, nlp, kb)
    assert (summary.stored, summary.duplicates, summary.non_english, summary.unchanged) == (
        0, 0, 0, 4)
    assert store.stats()["reports"] == 4


def test_ingest_copies_of_a_document_rejected_by_analysis_are_rejected_too(tmp_path: Path,
                                                                            nlp, kb):
    from aftermath.records import Document
    from aftermath.runs import ingest

    long_text = " ".join(f"word{n % 5000} talks" for n in range(120_000))  # > 1,000,000 chars
    documents = [Document(id="long", text=long_text, language="en"),
                 Document(id="long-copy", text=long_text.upper(), language="en")]
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite'}")
    summary = ingest(documents, store, nlp, kb, workers=1)
    assert (summary.stored, summary.duplicates) == (0, 0)
    assert [r.code for r in summary.rejections] == ["input.too_long", "input.copy_of_rejected"]
