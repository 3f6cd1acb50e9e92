"""`Store.events_between` matches code prefixes as index ranges, with LIKE's old answers (#8)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update

from aftermath.pipeline import analyze_document
from aftermath.records import Document
from aftermath.store import schema

# Codes around the edges of the TUR and RUS ranges: neighbours that share all but the last
# letter ('TUS', 'TUQ'), shorter codes ('TU'), longer ones, and rows with no code at all.
PAIRS = [
    ("TUR", "RUS"), ("TURGOV", "RUSMIL"), ("RUS", "TURCOP"), ("RUSGOVDIP", "TUR"),
    ("TUS", "RUS"), ("TUQ", "RUS"), ("TU", "RUS"), ("TUR", "RUT"), ("TUR", "RUR"),
    ("RUS", "RUS"), ("TUR", "TUR"), ("TUR", None), (None, "RUS"), ("TURZZZ", "RUSZZZ"),
]


@pytest.fixture()
def pairs_store(store, nlp, kb):  # type: ignore[no-untyped-def]
    """The store on each backend, its events recoded to the PAIRS above."""
    document = Document(id="d1", title="Talks", published="2016-12-20", outlet="TASS",
                        text="Turkey's foreign minister met Russia's foreign minister in "
                             "Moscow on Tuesday.")
    store.save(analyze_document(document, nlp, kb))
    e = schema.events
    with store.engine.begin() as conn:
        row = dict(conn.execute(select(e).limit(1)).mappings().one())
        conn.execute(e.delete())
        for seq, (source, target) in enumerate(PAIRS):
            conn.execute(e.insert().values({**_without_id(row), "seq": seq,
                                            "source_code": source, "target_code": target}))
    return store


def _without_id(row: dict) -> dict:  # type: ignore[type-arg]
    """A copy of an event row for inserting again (the database numbers it)."""
    return {key: value for key, value in row.items() if key != "id"}


def _by_like(store, first: str, second: str) -> list[tuple[str | None, str | None]]:  # type: ignore[no-untyped-def]
    """The old definition: LIKE 'A%' and LIKE 'B%', either way."""
    e = schema.events
    query = select(e.c.source_code, e.c.target_code).where(
        (e.c.source_code.like(f"{first}%") & e.c.target_code.like(f"{second}%"))
        | (e.c.source_code.like(f"{second}%") & e.c.target_code.like(f"{first}%")))
    with store.engine.connect() as conn:
        return sorted(tuple(row) for row in conn.execute(query))


def _codes(found) -> list[tuple[str | None, str | None]]:  # type: ignore[no-untyped-def]
    return sorted((event.source.code if event.source else None,
                   event.target.code if event.target else None) for _, event in found)


@pytest.mark.parametrize(("first", "second"), [
    ("TUR", "RUS"), ("RUS", "TUR"), ("TURGOV", "RUS"), ("TU", "RUS"), ("TUR", "TUR"),
    ("tur", "rus"), ("RUSGOVDIP", "TUR"), ("ZZZ", "RUS"),
])
def test_events_between_returns_what_like_returned(pairs_store, first: str, second: str):  # type: ignore[no-untyped-def]
    found = pairs_store.events_between(first, second)
    assert _codes(found) == _by_like(pairs_store, first.upper(), second.upper())
    assert all(document.id == "d1" and document.title == "Talks" for document, _ in found)


def test_events_between_excludes_neighbouring_codes(pairs_store):  # type: ignore[no-untyped-def]
    codes = _codes(pairs_store.events_between("TUR", "RUS"))
    assert ("TUR", "RUS") in codes and ("RUSGOVDIP", "TUR") in codes
    assert not {("TUS", "RUS"), ("TUQ", "RUS"), ("TU", "RUS"), ("TUR", "RUT"),
                ("TUR", "RUR"), ("TUR", None)} & set(codes)


# How each backend explains a query, and what its plan says when it searches the dyad index.
EXPLAIN = {"sqlite": "EXPLAIN QUERY PLAN", "postgresql": "EXPLAIN"}
INDEX_SEARCH = {"sqlite": ("USING", "events_dyad", "source_code>?"),
                "postgresql": ("Index", "events_dyad", "source_code>='TUR'")}


def test_events_between_is_answered_from_the_dyad_index(pairs_store):  # type: ignore[no-untyped-def]
    """The range form lets the database search `events_dyad` instead of scanning every event."""
    store, e = pairs_store, schema.events
    with store.engine.begin() as conn:  # enough rows that a scan would cost more than a search
        row = _without_id(dict(conn.execute(select(e).limit(1)).mappings().one()))
        conn.execute(e.insert(), [{**row, "seq": 100 + n, "source_code": f"X{n:05d}",
                                   "target_code": "YYY"} for n in range(2000)])
        conn.execute(text("ANALYZE"))
        conn.execute(update(e).where(e.c.seq == 0).values(source_code="TUR"))
    from aftermath.store.repository import code_prefix

    query = select(e.c.id).where(code_prefix(e.c.source_code, "TUR")
                                 & code_prefix(e.c.target_code, "RUS"))
    compiled = query.compile(store.engine, compile_kwargs={"literal_binds": True})
    dialect = store.engine.dialect.name
    with store.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.execute(text(f"{EXPLAIN[dialect]} {compiled}")))
    compact = plan.replace(" ", "").replace("::text", "").replace("(", "").replace(")", "")
    kind, index, condition = INDEX_SEARCH[dialect]
    assert kind in plan and index in plan and condition.replace(" ", "") in compact, plan
