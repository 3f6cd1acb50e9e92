"""Read-only listings for browsing a store: pages of documents, search, outlets, dyads, claims.

The repository (`repository.py`) writes and reloads whole analyses; the web dashboard also
needs cheap listings that never load a document's text unless asked. They live here, beside
the schema, so that only `store/` ever builds SQL. Every query is parameterised; a search
term is matched literally (LIKE wildcards in it are escaped).

Listings are ordered newest first by (published, id) and paged by keyset: the caller passes
the last row's key, which stays correct while documents are added, unlike OFFSET.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, inspect, literal, literal_column, or_, select, table

from aftermath.store import fulltext, schema
from aftermath.store.repository import Store

# Published dates are ISO strings; undated documents sort as the empty string (oldest).
_PUBLISHED = func.coalesce(schema.documents.c.published, literal(""))
LIKE_ESCAPE = "\\"


def table_names(store: Store) -> set[str]:
    """Tables present in the store; lets the dashboard tell which stages have run."""
    return set(inspect(store.engine).get_table_names())


def like_pattern(term: str) -> str:
    """A LIKE pattern matching `term` literally anywhere (wildcards in it are escaped)."""
    escaped = (
        term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


def document_key(row: dict[str, Any]) -> tuple[str, str]:
    """The keyset of a listed document, as `documents_page(after=...)` expects it."""
    return (row["published"] or "", row["id"])


def documents_page(
    store: Store, *, limit: int, after: tuple[str, str] | None = None,
    outlet: str | None = None, search: str | None = None, with_text: bool = False,
) -> list[dict[str, Any]]:
    """Up to `limit` documents newest first, after the key `after`, optionally filtered.

    Dated documents come first (newest first, ties by id), then undated ones by id; the
    query orders by the indexed `published` column itself so that a page of a large store
    reads a few index entries instead of sorting every row. `search` matches the title or
    the text (case-insensitively for ASCII letters in SQLite); `with_text` adds the text.
    """
    d = schema.documents
    columns = [d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.url, d.c.language]
    if with_text:
        columns.append(d.c.text)
    base = select(*columns)
    if outlet is not None:
        base = base.where(d.c.outlet == outlet)
    if search:
        pattern = like_pattern(search)
        if store.engine.dialect.name == "postgresql":  # fold ASCII case as SQLite's LIKE does
            pattern = fulltext.fold_ascii(pattern)
            title, body = fulltext.folded(d.c.title), fulltext.folded(d.c.text)
        else:
            title, body = d.c.title, d.c.text
        base = base.where(or_(
            title.like(pattern, escape=LIKE_ESCAPE), body.like(pattern, escape=LIKE_ESCAPE),
        ))
        sqlite_index = store.fulltext and store.engine.dialect.name == "sqlite"
        phrase = fulltext.match_query(search) if sqlite_index else None
        if phrase is not None:  # the index narrows to candidates; LIKE above still decides
            candidates: Any = (select(literal_column("rowid")).select_from(table(fulltext.TABLE))
                          .where(literal_column(fulltext.TABLE).op("MATCH")(phrase)))
            base = base.where(literal_column("documents.rowid").in_(candidates))
    found: list[dict[str, Any]] = []
    with store.engine.connect() as conn:
        if after is None or after[0]:
            dated = base.where(d.c.published.is_not(None))
            if after is not None:
                published, doc_id = after
                dated = dated.where(d.c.published <= published, or_(
                    d.c.published < published, d.c.id < doc_id))
            query = dated.order_by(d.c.published.desc(), d.c.id.desc()).limit(limit)
            found = [dict(row) for row in conn.execute(query).mappings()]
        if len(found) < limit:
            undated = base.where(d.c.published.is_(None))
            if after is not None and not after[0]:
                undated = undated.where(d.c.id < after[1])
            query = undated.order_by(d.c.id.desc()).limit(limit - len(found))
            found += [dict(row) for row in conn.execute(query).mappings()]
    return found


def document_exists(store: Store, document_id: str) -> bool:
    d = schema.documents
    with store.engine.connect() as conn:
        return conn.execute(select(d.c.id).where(d.c.id == document_id)).first() is not None


def published_range(store: Store) -> tuple[str | None, str | None]:
    """The earliest and latest publication dates stored."""
    d = schema.documents
    with store.engine.connect() as conn:
        first, last = conn.execute(select(func.min(d.c.published), func.max(d.c.published))).one()
    return first, last


def outlets(store: Store) -> list[tuple[str, int]]:
    """Each outlet with its number of documents, busiest first."""
    d = schema.documents
    count = func.count(d.c.id)
    query = (
        select(d.c.outlet, count).where(d.c.outlet.is_not(None)).group_by(d.c.outlet)
        .order_by(count.desc(), d.c.outlet)
    )
    with store.engine.connect() as conn:
        return [(row[0], row[1]) for row in conn.execute(query)]


def active_dyads(store: Store, *, limit: int) -> list[tuple[str, str, int]]:
    """Country pairs with the most coded events between them (either direction), busiest first.

    A pair is two different three-letter country prefixes of the source and target codes;
    events inside one country are left out.
    """
    e = schema.events
    first, second = func.substr(e.c.source_code, 1, 3), func.substr(e.c.target_code, 1, 3)
    query = (
        select(first, second, func.count())
        .where(e.c.source_code.is_not(None), e.c.target_code.is_not(None), first != second)
        .group_by(first, second)
    )
    pairs: Counter[tuple[str, str]] = Counter()
    with store.engine.connect() as conn:
        for a, b, count in conn.execute(query):
            pairs[(min(a, b), max(a, b))] += count
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(a, b, count) for (a, b), count in ranked]


def claim_rows(
    store: Store, *, kinds: tuple[str, ...] | None = None, outlet: str | None = None,
    document_id: str | None = None, incident_id: str | None = None,
) -> list[dict[str, Any]]:
    """Claims (every column, so `rows.claim_from` rebuilds the record) with their
    document's outlet and date, optionally for one outlet, document or incident (the
    documents placed in it)."""
    c, d = schema.claims, schema.documents
    query = (
        select(c, d.c.outlet, d.c.published, d.c.title)
        .join(d, d.c.id == c.c.document_id)
        .order_by(_PUBLISHED, c.c.document_id, c.c.seq)
    )
    if kinds is not None:
        query = query.where(c.c.kind.in_(kinds))
    return _rows(store, _scoped(query, c, outlet, document_id, incident_id))


def event_rows(
    store: Store, *, plovers: tuple[str, ...], outlet: str | None = None,
    document_id: str | None = None, incident_id: str | None = None,
) -> list[dict[str, Any]]:
    """Events of these PLOVER types (every column, for `rows.event_from`) with their
    document's outlet and date, scoped like `claim_rows` (the blame network reads the
    accusing events beside the claims, #17)."""
    e, d = schema.events, schema.documents
    query = (
        select(e, d.c.outlet, d.c.published, d.c.title)
        .join(d, d.c.id == e.c.document_id)
        .where(e.c.plover.in_(plovers))
        .order_by(_PUBLISHED, e.c.document_id, e.c.seq)
    )
    return _rows(store, _scoped(query, e, outlet, document_id, incident_id))


def _scoped(query: Any, child: Any, outlet: str | None, document_id: str | None,
            incident_id: str | None) -> Any:
    """The query kept to one outlet, document or incident (None leaves it whole)."""
    if outlet is not None:
        query = query.where(schema.documents.c.outlet == outlet)
    if document_id is not None:
        query = query.where(child.c.document_id == document_id)
    if incident_id is not None:
        link = schema.incident_documents
        query = query.where(child.c.document_id.in_(
            select(link.c.document_id).where(link.c.incident_id == incident_id)))
    return query


def _rows(store: Store, query: Any) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def mention_actors(store: Store, ids: list[str]
                   ) -> dict[tuple[str, int, int], tuple[str, str | None]]:
    """(document, start, end) of every actor mention of these documents → the actor's
    name and code: what a pronoun or a description in a claim refers to (#19)."""
    a, m = schema.actors, schema.mentions
    found: dict[tuple[str, int, int], tuple[str, str | None]] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(ids), 500):
            query = (select(m.c.document_id, m.c.span_start, m.c.span_end, a.c.name, a.c.code)
                     .join(a, (a.c.document_id == m.c.document_id) & (a.c.seq == m.c.actor_seq))
                     .where(m.c.document_id.in_(ids[start : start + 500])))
            for doc, begin, end, name, code in conn.execute(query):
                found[(str(doc), int(begin), int(end))] = (str(name or ""), code)
    return found


def document_texts(store: Store, ids: list[str]) -> dict[str, str]:
    """The texts of these documents (the incident page shows its evidence in context)."""
    d = schema.documents
    found: dict[str, str] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found.update((row[0], row[1]) for row in conn.execute(
                select(d.c.id, d.c.text).where(d.c.id.in_(chunk))))
    return found


def document_rows(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    """id, title, outlet, published and url of these documents (no text), in no order."""
    d = schema.documents
    found: list[dict[str, Any]] = []
    with store.engine.connect() as conn:
        for start in range(0, len(ids), 500):
            query = select(d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.url).where(
                d.c.id.in_(ids[start : start + 500]))
            found.extend(dict(row) for row in conn.execute(query).mappings())
    return found


def incidents_of(store: Store, ids: list[str]) -> dict[str, tuple[str, str]]:
    """document id -> (incident id, label) for the documents placed in an incident."""
    i, link = schema.incidents, schema.incident_documents
    found: dict[str, tuple[str, str]] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            query = (select(link.c.document_id, i.c.id, i.c.label)
                     .join(i, i.c.id == link.c.incident_id)
                     .where(link.c.document_id.in_(chunk)))
            found.update((row[0], (row[1], row[2])) for row in conn.execute(query))
    return found


def incident_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.incidents)).scalar_one())


def store_version(store: Store) -> tuple[int, str | None, int, int]:
    """Changes whenever a document is added or replaced, or incidents are (re)built:
    (documents, latest ingestion time, incidents, documents placed in one)."""
    d, i, link = schema.documents, schema.incidents, schema.incident_documents
    with store.engine.connect() as conn:
        count, latest = conn.execute(select(func.count(d.c.id), func.max(d.c.ingested_at))).one()
        incidents = conn.execute(select(func.count()).select_from(i)).scalar_one()
        placed = conn.execute(select(func.count()).select_from(link)).scalar_one()
    return int(count), latest, int(incidents), int(placed)
