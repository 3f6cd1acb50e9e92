"""`load_rows`: many documents in one transaction, skipping stored content (#14)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from aftermath.errors import InputError
from aftermath.pipeline import analyze_document
from aftermath.records import Analysis, Document
from aftermath.store import rows, schema
from aftermath.store.bulk import load_rows

TEXT = ("Turkish police detained a suspect in Istanbul on Tuesday. Russia's foreign minister "
        "Sergei Lavrov met Turkish foreign minister Mevlut Cavusoglu in Moscow. Lavrov said "
        "the attack was a provocation.")


def table_rows(*analyses: Analysis) -> dict[str, list[dict[str, Any]]]:
    """Rows as the batch runner writes them: rows.py's, documents with `ingested_at`, plus a
    signature and the original report per document."""
    tables: dict[str, list[dict[str, Any]]] = {"documents": [], "signatures": [], "reports": []}
    for analysis in analyses:
        document = analysis.document
        tables["documents"].append({**rows.document_row(document),
                                    "ingested_at": "2026-12-03T06:00:00+00:00"})
        for name, found in rows.analysis_rows(analysis).items():
            tables.setdefault(name, []).extend(found)
        tables["signatures"].append({"document_id": document.id,
                                     "content_key": document.content_hash,
                                     "minhash": b"\x00\x01" * 4})
        tables["reports"].append({"document_id": document.id, "source_id": document.id,
                                  "kind": "original", "outlet": document.outlet})
    return tables


@pytest.fixture(scope="module")
def analyses(nlp, kb) -> list[Analysis]:  # type: ignore[no-untyped-def]
    made = [analyze_document(Document(id=f"b{n}", text=f"{TEXT} Report {n}.",
                                      published=f"2016-12-{10 + n}", outlet="TASS"), nlp, kb)
            for n in range(4)]
    assert all(a.events and a.actors for a in made)  # the rows below are not empty
    return made


def _count(store, table) -> int:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_bulk_load_stores_documents_that_load_back_equal(store, analyses):
    assert load_rows(store, table_rows(*analyses)) == 4
    assert [store.load(a.document.id) for a in analyses] == analyses
    assert store.find_content(analyses[0].document.content_hash) == "b0"
    assert store.reports(["b1"])["b1"][0].source_id == "b1"


def test_bulk_load_of_stored_content_changes_nothing(store, analyses):
    load_rows(store, table_rows(*analyses))
    before = {t.name: _count(store, t) for t in (schema.documents, schema.events,
                                                  schema.mentions, schema.signatures)}
    assert load_rows(store, table_rows(*analyses)) == 0
    assert {t.name: _count(store, t) for t in (schema.documents, schema.events,
                                               schema.mentions, schema.signatures)} == before


def test_bulk_load_skips_stored_replaces_changed_and_adds_new(store, analyses, nlp, kb):
    load_rows(store, table_rows(*analyses[:2]))
    changed = analyze_document(Document(id="b1", text="Russia imposed sanctions on Turkey.",
                                        published="2015-11-28"), nlp, kb)
    assert load_rows(store, table_rows(analyses[0], changed, analyses[2])) == 2
    assert store.load("b1") == changed and store.load("b2") == analyses[2]
    assert store.load("b0") == analyses[0]
    assert _count(store, schema.documents) == 3
    assert _count(store, schema.events) == sum(len(a.events) for a in
                                               (analyses[0], changed, analyses[2]))


def test_bulk_load_keeps_the_first_of_a_repeated_document(store, analyses):
    tables = table_rows(analyses[0], analyses[0])
    assert load_rows(store, tables) == 1
    assert store.load("b0") == analyses[0]  # child rows once, not twice
    assert _count(store, schema.reports) == 1


def test_bulk_load_of_nothing_stores_nothing(store):
    assert load_rows(store, {}) == 0
    assert load_rows(store, {"documents": [], "events": []}) == 0


@pytest.mark.parametrize(("tables", "message"), [
    ({"documents": [], "evnts": []}, "unknown table 'evnts'"),
    ({"documents": [{"id": "x", "content_hash": "h", "text": "t", "colour": 1}]},
     "documents: unknown column 'colour'"),
    ({"documents": [{"id": "x", "text": "t"}]}, "documents row 0: needs id and content_hash"),
])
def test_bulk_load_rejects_rows_it_cannot_place(store, tables, message: str):
    with pytest.raises(InputError, match=message):
        load_rows(store, tables)
    assert _count(store, schema.documents) == 0


def test_bulk_load_rows_may_leave_out_columns(store, analyses):
    """A row without some column stores NULL there, whichever row it is."""
    tables = table_rows(analyses[0])
    tables["events"][-1] = {k: v for k, v in tables["events"][-1].items() if k != "goldstein"}
    tables["documents"][0] = {k: v for k, v in tables["documents"][0].items() if k != "outlet"}
    assert analyses[0].events[-1].goldstein is not None and analyses[0].document.outlet
    assert load_rows(store, tables) == 1
    loaded = store.load("b0")
    assert loaded.events[-1].goldstein is None and loaded.document.outlet is None
    assert loaded.events[:-1] == analyses[0].events[:-1]


def test_bulk_load_refused_by_the_database_is_one_line_and_stores_nothing(store, analyses):
    from aftermath.errors import StoreError

    tables = table_rows(*analyses[:2])
    tables["documents"][1] = {**tables["documents"][1], "text": None}  # NOT NULL
    with pytest.raises(StoreError, match=r": bulk load of 2 documents failed \(") as raised:
        load_rows(store, tables)
    assert "\n" not in str(raised.value)
    assert _count(store, schema.documents) == 0 and _count(store, schema.events) == 0


def test_save_analyses_stores_what_save_stores(store, analyses, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A batch saved in one transaction reads back exactly as documents saved one by one."""
    from aftermath.records import Report, ReportKind
    from aftermath.store import open_store
    from aftermath.store.bulk import save_analyses

    def reports(analysis: Analysis) -> list[Report]:
        document = analysis.document
        return [Report(document_id=document.id, source_id=document.id,
                       kind=ReportKind.ORIGINAL, outlet=document.outlet),
                Report(document_id=document.id, source_id=f"copy-of-{document.id}",
                       kind=ReportKind.NEAR, outlet="AFP", similarity=0.9)]

    signature = ("key", b"\x00\x01" * 4)
    stored = save_analyses(store, [(a, reports(a), (a.document.id, signature[1]))
                                   for a in analyses])
    assert stored == {a.document.id for a in analyses}
    one_by_one = open_store(f"sqlite:///{tmp_path / 'single.sqlite'}")
    for analysis in analyses:
        assert one_by_one.save(analysis, reports=reports(analysis),
                               signature=(analysis.document.id, signature[1]))
    for analysis in analyses:
        assert store.load(analysis.document.id) == one_by_one.load(analysis.document.id)
    assert store.reports() == one_by_one.reports()
    assert sorted(store.signatures()) == sorted(one_by_one.signatures())
    one_by_one.close()
    # The same content again is skipped; new content under an id replaces the old rows.
    assert save_analyses(store, [(analyses[0], [], None)]) == set()
    changed = analyses[1].__class__(document=analyses[0].document.__class__(
        id=analyses[0].document.id, text=analyses[1].document.text, outlet="TASS",
        published=analyses[1].document.published), events=analyses[1].events,
        actors=analyses[1].actors)
    assert save_analyses(store, [(changed, [], None)]) == {analyses[0].document.id}
    assert store.load(analyses[0].document.id).events == analyses[1].events
    assert _count(store, schema.documents) == len(analyses)
