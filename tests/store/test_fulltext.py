"""Search through the trigram index gives exactly LIKE's answers, with or without the index,
and the same answers on SQLite (FTS5) and PostgreSQL (pg_trgm)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from aftermath.records import Analysis, Document
from aftermath.store import open_store, queries
from aftermath.store.fulltext import PG_INDEXES, TABLE

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


def _fill(store):  # type: ignore[no-untyped-def]
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


def test_search_with_the_index_equals_like(store):
    _fill(store)
    assert store.fulltext
    assert [_ids(store, term) for term in TERMS] == _without_index(store)
    assert _ids(store, "ambassador") == ["d", "a", "c"]  # newest first, undated last


# What SQLite's LIKE answers for each term (ASCII letters fold, others do not): the answers
# every backend must give.
EXPECTED = {
    "ambassador": ["d", "a", "c"], "AMBASSADOR": ["d", "a", "c"], "shot": ["a"],
    "100%": ["a"], "pipeline_deal": ["b"], "pipeline%deal": [], "Zürich": ["c"],
    "zürich": ["c"], "ZÜRICH": [], '"We agreed,"': ["c"], "Sea.": ["b"],
    "at": ["a", "c"], "a": ["d", "a", "b", "c"], "nowhere at all": [], "bassad": ["d", "a", "c"],
    "d Ru": ["b"],
}


@pytest.mark.parametrize("term", sorted(EXPECTED))
def test_search_gives_sqlite_like_answers_on_every_backend(store, term: str):
    _fill(store)
    assert _ids(store, term) == EXPECTED[term]


def test_index_follows_replaced_and_deleted_documents(store):
    _fill(store)
    store.save(Analysis(document=Document(id="b", title="Gas deal", published="2016-10-10",
                                          text="The deal was cancelled."),
                        actors=(), events=(), attributions=(), claims=()))
    assert _ids(store, "pipeline") == [] and _ids(store, "cancelled") == ["b"]
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM documents WHERE id = 'a'"))
    assert _ids(store, "gallery") == []
    assert [_ids(store, term) for term in TERMS] == _without_index(store)


DROP_INDEX = {
    "sqlite": [f"DROP TRIGGER {TABLE}_{trigger}" for trigger in ("insert", "delete", "update")]
    + [f"DROP TABLE {TABLE}"],
    "postgresql": [f"DROP INDEX {name}" for name in PG_INDEXES],
}


def test_a_store_made_before_the_index_gets_it_when_opened(store, db_url: str):
    _fill(store)
    with store.engine.begin() as conn:
        for statement in DROP_INDEX[store.engine.dialect.name]:
            conn.execute(text(statement))
    store.close()
    reopened = open_store(db_url)
    assert reopened.fulltext
    assert _ids(reopened, "ambassador") == ["d", "a", "c"]
    reopened.close()


@pytest.mark.parametrize(("term", "indexed"), [("ambassador", True), ("pipeline_deal", True),
                                               ("at", False)])
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_search_asks_the_index_for_terms_it_can_answer(store, term: str, indexed: bool):
    _fill(store)
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: statements.append(statement))
    _ids(store, term)
    assert any(f"{TABLE} MATCH" in s for s in statements) is indexed


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
@pytest.mark.parametrize("column", ["title", "text"])
def test_postgres_search_is_answered_from_the_trigram_index(store, column: str):
    """The folded LIKE is spelled as the index is, so the planner can search it."""
    from sqlalchemy import select

    from aftermath.store import fulltext, schema

    _fill(store)
    d = schema.documents
    query = select(d.c.id).where(
        fulltext.folded(d.c[column]).like(queries.like_pattern("ambassador"), escape="\\"))
    compiled = query.compile(store.engine, compile_kwargs={"literal_binds": True})
    with store.engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))  # four rows: a scan is cheaper
        plan = " ".join(row[0] for row in conn.execute(text(f"EXPLAIN {compiled}")))
    assert f"documents_{column}_trgm" in plan, plan


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_postgres_new_trigram_indexes_come_with_statistics(store, db_url: str):
    """The planner needs the indexed expressions' statistics to choose between the index
    and a scan in date order; without them a common term took seconds on 100k documents."""
    _fill(store)
    with store.engine.begin() as conn:
        for statement in DROP_INDEX["postgresql"]:
            conn.execute(text(statement))
    store.close()
    reopened = open_store(db_url)
    with reopened.engine.connect() as conn:
        analysed = {row[0] for row in conn.execute(text(
            "SELECT DISTINCT tablename FROM pg_stats WHERE tablename LIKE 'documents_%_trgm'"))}
    reopened.close()
    assert analysed == set(PG_INDEXES)
