"""Search through the trigram index gives exactly LIKE's answers, with or without the index."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, text

from aftermath.records import Analysis, Document
from aftermath.store import open_store, queries
from aftermath.store.fulltext import TABLE

DOCUMENTS = [
    Document(id="a", title="Envoy shot in Ankara", published="2016-12-19",
             text="The ambassador was shot at a gallery. 100% of witnesses fled."),
    Document(id="b", title="Gas deal", published="2016-10-10",
             text="Turkey and Russia signed a pipeline_deal under the Black Sea."),
    Document(id="c", title="Talks", published=None,
             text='Diplomats met in Zürich. "We agreed," one said. AMBASSADORS attended.'),
    Document(id="d", title="Ambassador recalled", published="2016-12-20",
             text="Nothing else to report."),
]
TERMS = ["ambassador", "AMBASSADOR", "shot", "100%", "pipeline_deal", "pipeline%deal",
         "Zürich", "zürich", '"We agreed,"', "Sea.", "at", "a", "nowhere at all",
         "bassad", "d Ru"]


def _store(path: Path):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{path}")
    for document in DOCUMENTS:
        store.save(Analysis(document=document, actors=(), events=(), attributions=(),
                            claims=()))
    return store


def _ids(store, term: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [row["id"] for row in queries.documents_page(store, limit=10, search=term)]


def _without_index(store) -> list[str]:  # type: ignore[no-untyped-def]
    store.fulltext = False
    try:
        return [_ids(store, term) for term in TERMS]
    finally:
        store.fulltext = True


def test_search_with_the_index_equals_like(tmp_path: Path):
    store = _store(tmp_path / "s.sqlite")
    assert store.fulltext
    assert [_ids(store, term) for term in TERMS] == _without_index(store)
    assert _ids(store, "ambassador") == ["d", "a", "c"]  # newest first, undated last
    store.close()


def test_index_follows_replaced_and_deleted_documents(tmp_path: Path):
    store = _store(tmp_path / "s.sqlite")
    store.save(Analysis(document=Document(id="b", title="Gas deal", published="2016-10-10",
                                          text="The deal was cancelled."),
                        actors=(), events=(), attributions=(), claims=()))
    assert _ids(store, "pipeline") == [] and _ids(store, "cancelled") == ["b"]
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM documents WHERE id = 'a'"))
    assert _ids(store, "gallery") == []
    assert [_ids(store, term) for term in TERMS] == _without_index(store)
    store.close()


def test_a_store_made_before_the_index_gets_it_when_opened(tmp_path: Path):
    path = tmp_path / "old.sqlite"
    store = _store(path)
    with store.engine.begin() as conn:
        for trigger in ("insert", "delete", "update"):
            conn.execute(text(f"DROP TRIGGER {TABLE}_{trigger}"))
        conn.execute(text(f"DROP TABLE {TABLE}"))
    store.close()
    reopened = open_store(f"sqlite:///{path}")
    assert reopened.fulltext
    assert _ids(reopened, "ambassador") == ["d", "a", "c"]
    reopened.close()


@pytest.mark.parametrize(("term", "indexed"), [("ambassador", True), ("pipeline_deal", True),
                                               ("at", False)])
def test_search_asks_the_index_for_terms_it_can_answer(tmp_path: Path, term: str,
                                                       indexed: bool):
    store = _store(tmp_path / "s.sqlite")
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: statements.append(statement))
    _ids(store, term)
    assert any(f"{TABLE} MATCH" in s for s in statements) is indexed
    store.close()
