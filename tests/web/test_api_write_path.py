"""POST /api/documents writes through the same triage, analysis and finish as `ingest` (#18):
a report row and a signature for what it stores, outlets resolved, copies recorded as
copies, whichever way in came first."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from aftermath.ingest import ReadOptions
from aftermath.records import ReportKind
from aftermath.runs import ingest_sources
from aftermath.store import schema
from aftermath.web import create_app

STORY = ("Russia and Turkey agreed on Tuesday to open talks on a ceasefire in northern Syria, "
         "the two foreign ministers said after meeting in Moscow for several hours. Officials "
         "in Ankara welcomed the step and said the details of the monitoring mission would be "
         "settled next week.")
HEADERS = {"Authorization": "Bearer s3cret"}


def _signature_of(store, document_id: str) -> bool:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return conn.execute(select(schema.signatures.c.document_id).where(
            schema.signatures.c.document_id == document_id)).first() is not None


def test_posted_then_ingested_text_is_stored_once(store, analyzer, nlp, kb,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path):
    with TestClient(create_app(store, token="s3cret", analyzer=analyzer, kb=kb)) as client:
        created = client.post("/api/documents", headers=HEADERS, json={
            "id": "api-1", "text": STORY, "outlet": "Reuters", "published": "2016-12-20"})
        assert created.status_code == 201, created.text
        assert created.json()["document"]["outlet"] == "reuters"
    assert [(r.source_id, r.kind) for r in store.reports(["api-1"])["api-1"]] == [
        ("api-1", ReportKind.ORIGINAL)]
    assert _signature_of(store, "api-1")

    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"id": "cli-1", "text": STORY, "outlet": "reuters"}) + "\n",
                    encoding="utf-8")
    summary = ingest_sources([dump], store, nlp, kb, options=ReadOptions(), workers=1)
    assert (summary.stored, summary.duplicates) == (0, 1)
    assert [d.id for d in store.documents()] == ["api-1"]
    reports = store.reports(["api-1"])["api-1"]
    assert [(r.source_id, r.kind, r.outlet) for r in reports] == [
        ("api-1", ReportKind.ORIGINAL, "reuters"), ("cli-1", ReportKind.EXACT, "reuters")]


def test_ingested_then_posted_copy_is_a_report_of_the_original(store, analyzer, nlp, kb,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"id": "cli-1", "text": STORY, "outlet": "ITAR-TASS"}) + "\n",
                    encoding="utf-8")
    ingest_sources([dump], store, nlp, kb, options=ReadOptions(), workers=1)
    with TestClient(create_app(store, token="s3cret", analyzer=analyzer, kb=kb)) as client:
        copy = client.post("/api/documents", headers=HEADERS,
                           json={"id": "api-2", "text": STORY.upper(), "outlet": "TASS"})
        assert copy.status_code == 200, copy.text
        assert copy.headers["location"] == "/api/documents/cli-1"
        assert copy.json()["document"]["id"] == "cli-1"
        assert client.get("/api/stats").json()["documents"] == 1
    reports = store.reports(["cli-1"])["cli-1"]
    assert [(r.source_id, r.outlet) for r in reports] == [("cli-1", "tass"), ("api-2", "tass")]


def test_posted_document_is_checked_like_an_ingested_one(store, analyzer, kb):  # type: ignore[no-untyped-def]
    with TestClient(create_app(store, token="s3cret", analyzer=analyzer, kb=kb)) as client:
        for body, reason in (({"text": STORY, "title": "T" * 5000}, "title: 5,000 characters"),
                             ({"text": STORY, "outlet": "o" * 300}, "outlet: "),
                             ({"text": STORY, "published": "0001-01-01"}, "outside the years"),
                             ({"text": STORY + "\u0000"}, "text: a NUL")):
            response = client.post("/api/documents", headers=HEADERS, json=body)
            assert response.status_code == 422, body
            assert reason in response.json()["error"]["message"]
        assert client.get("/api/stats").json()["documents"] == 0


def test_near_copies_are_found_after_own_and_other_writers_writes(store, analyzer, nlp, kb,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path):
    other = ("Iran said on Monday it was ready to join Russia and Turkey as a third guarantor "
             "of the Syrian ceasefire, its foreign minister told reporters in Tehran after "
             "talks with the Russian envoy, adding that monitors could be sent within weeks.")
    with TestClient(create_app(store, token="s3cret", analyzer=analyzer, kb=kb)) as client:
        assert client.post("/api/documents", headers=HEADERS,
                           json={"id": "api-1", "text": STORY}).status_code == 201
        near_own = client.post("/api/documents", headers=HEADERS,
                               json={"id": "api-2", "text": STORY + " More soon."})
        assert near_own.status_code == 200 and near_own.json()["document"]["id"] == "api-1"
        # Another writer (a CLI ingest) stores a document while the server runs.
        dump = tmp_path / "dump.jsonl"
        dump.write_text(json.dumps({"id": "cli-1", "text": other}) + "\n", encoding="utf-8")
        ingest_sources([dump], store, nlp, kb, options=ReadOptions(), workers=1)
        near_other = client.post("/api/documents", headers=HEADERS,
                                 json={"id": "api-3", "text": other + " More soon."})
        assert near_other.status_code == 200, near_other.text
        assert near_other.json()["document"]["id"] == "cli-1"
    kinds = {r.source_id: r.kind for reports in store.reports().values() for r in reports}
    assert kinds == {"api-1": ReportKind.ORIGINAL, "api-2": ReportKind.NEAR,
                     "cli-1": ReportKind.ORIGINAL, "api-3": ReportKind.NEAR}
