"""Bulk load: rows for many documents in one transaction (SQLite stand-in, #14).

The rows are those `store/rows.py` makes, keyed by table name ("documents", "actors",
"mentions", "events", "attributions", "claims", and optionally "signatures", "reports");
document rows carry `ingested_at`. A document whose (id, content_hash) is stored already is
skipped with all its rows; one stored under the same id with other content is replaced, as
`Store.save` does. The PostgreSQL version (COPY) keeps this signature.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from aftermath.errors import StoreError
from aftermath.store import schema
from aftermath.store.repository import CHILD_TABLES, Store

# Parent table first, then children: foreign keys hold at every insert.
LOAD_ORDER = ("documents", "actors", "mentions", "events", "attributions", "claims",
              "signatures", "reports")
# Ids per `IN (...)` query; SQLite allows 32,766 parameters, PostgreSQL more.
CHUNK = 500


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _stored_hashes(conn: Connection, ids: list[str]) -> dict[str, str]:
    d = schema.documents
    found: dict[str, str] = {}
    for chunk in _chunks(ids):
        for row in conn.execute(select(d.c.id, d.c.content_hash).where(d.c.id.in_(chunk))):
            found[row[0]] = row[1]
    return found


def _drop(conn: Connection, ids: list[str]) -> None:
    """Delete the rows of documents about to be replaced with new content."""
    for chunk in _chunks(ids):
        for table in CHILD_TABLES:
            conn.execute(delete(table).where(table.c.document_id.in_(chunk)))
        conn.execute(delete(schema.documents).where(schema.documents.c.id.in_(chunk)))


def load_rows(store: Store, tables: dict[str, list[dict[str, Any]]]) -> int:
    """Store the rows of many documents in one transaction; the count newly stored."""
    unknown = sorted(set(tables) - set(LOAD_ORDER))
    if unknown:
        raise StoreError(f"bulk load: unknown table(s) {', '.join(unknown)}")
    documents = tables.get("documents", [])
    try:
        with store.engine.begin() as conn:
            stored = _stored_hashes(conn, [row["id"] for row in documents])
            skipped = {row["id"] for row in documents
                       if stored.get(row["id"]) == row["content_hash"]}
            _drop(conn, sorted(set(stored) - skipped))
            for name in LOAD_ORDER:
                key = "id" if name == "documents" else "document_id"
                rows = [row for row in tables.get(name, []) if row[key] not in skipped]
                if rows:
                    conn.execute(insert(schema.metadata.tables[name]), rows)
    except SQLAlchemyError as err:
        raise StoreError(f"bulk load of {len(documents):,} document(s) failed "
                         f"({err.__class__.__name__}: {err})"[:400]) from err
    return len({row["id"] for row in documents} - skipped)
