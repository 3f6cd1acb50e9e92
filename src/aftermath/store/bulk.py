"""Bulk loads: stored rows for many documents at once, in one transaction.

`load_rows` takes rows as `store/rows.py` makes them (document rows with `ingested_at`),
keyed by table name. A document whose (id, content hash) is already stored is skipped with
its child rows; one stored under the same id with other content is replaced, as
`Store.save` does; a document given twice in one batch is stored once (its first row, and
one child row per key). On PostgreSQL the rows go in with COPY into temporary tables, then
`INSERT ... SELECT ... ON CONFLICT DO NOTHING`, so loaders in several processes never store
a document twice (a conflicting insert waits for the other transaction, then skips); on
SQLite they go in with executemany inside a write-locked (IMMEDIATE) transaction.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from aftermath.errors import InputError, StoreError
from aftermath.records import Analysis, Report
from aftermath.store import schema
from aftermath.store.bands import band_rows
from aftermath.store.repository import Store
from aftermath.store.rows import analysis_rows, document_row, report_row
from aftermath.store.upsert import insert_ignoring

# Child tables in the order they are written (after documents).
CHILD_TABLES: tuple[Table, ...] = (
    schema.actors, schema.mentions, schema.events, schema.attributions, schema.claims,
    schema.signatures, schema.signature_bands, schema.reports,
)
# Tables a caller may give rows for. Band rows are never given: they are cut from the
# signatures given (store/bands.py), so the index always matches the signatures.
TABLES = {table.name: table for table in (schema.documents, *CHILD_TABLES)
          if table is not schema.signature_bands}
WRITTEN = {table.name: table for table in (schema.documents, *CHILD_TABLES)}
CHUNK = 500  # ids per IN (...) list on SQLite, under its bound-parameter limit
# What identifies a child row within its document: a document repeated in one batch keeps
# one row per key (its rows come twice, and nothing else says which copy a row is from).
ROW_KEYS = {
    "actors": ("seq",), "events": ("seq",), "attributions": ("seq",), "claims": ("seq",),
    "mentions": ("actor_seq", "span_start", "span_end", "span_sentence"),
    "signatures": (), "signature_bands": ("band",), "reports": ("source_id",),
}


# One analysed document as ingest stores it: the analysis, its reports so far (the original
# first), and its (content key, MinHash) signature.
Finished = tuple[Analysis, Sequence[Report], tuple[str, bytes] | None]


def save_analyses(store: Store, finished: Sequence[Finished]) -> set[str]:
    """Store a batch of analyses with their reports and signatures in one transaction, as
    `Store.save` stores each one; returns the ids newly stored (replaced ones included).

    One transaction and one multi-row insert per table for the whole batch, instead of a
    transaction (and, on SQLite, a sync to disk) per document (#20). A document whose
    content is already stored is skipped, as `Store.save` skips it.
    """
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for analysis, reports, signature in finished:
        document = analysis.document
        tables["documents"].append({**document_row(document), "ingested_at": now})
        for name, found in analysis_rows(analysis).items():
            tables[name] += found
        if signature is not None:
            tables["signatures"].append({"document_id": document.id,
                                         "content_key": signature[0], "minhash": signature[1]})
        tables["reports"] += [{**report_row(r), "created_at": now} for r in reports]
    return _load(store, {name: found for name, found in tables.items() if found})


def load_rows(store: Store, tables: dict[str, list[dict[str, Any]]]) -> int:
    """Store the documents in `tables` not stored yet, with their child rows, in one
    transaction; returns how many documents were newly stored (replaced ones included).

    Child rows are stored only for the documents this call stores: rows of skipped
    documents, or of documents not in `tables["documents"]`, are left out.
    """
    return len(_load(store, tables))


def _load(store: Store, tables: dict[str, list[dict[str, Any]]]) -> set[str]:
    """`load_rows`, returning the ids of the documents stored."""
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise InputError(f"load_rows: unknown table {unknown[0]!r} (expected one of "
                         f"{', '.join(TABLES)})")
    documents = _first_of_each(tables.get("documents", []))
    if not documents:
        return set()
    if tables.get("signatures"):
        tables = {**tables, "signature_bands": list(band_rows(tables["signatures"]))}
    if len(documents) < len(tables["documents"]):
        tables = _dedupe_children(tables)
    columns = {name: _columns(WRITTEN[name], rows) for name, rows in tables.items()}
    try:
        with store.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                stored = _load_copy(conn, documents, tables, columns)
            else:
                stored = _load_executemany(conn, documents, tables, columns)
    except SQLAlchemyError as err:
        reason = str(getattr(err, "orig", None) or err).splitlines()[0]
        raise StoreError(f"{store.url}: bulk load of {len(documents)} documents failed "
                         f"({err.__class__.__name__}: {reason})") from err
    except _driver_errors() as err:
        raise StoreError(f"{store.url}: bulk load of {len(documents)} documents failed "
                         f"({err.__class__.__name__}: {str(err).splitlines()[0]})") from err
    return stored


def _driver_errors() -> tuple[type[Exception], ...]:
    """psycopg's own errors (COPY runs on the driver's cursor, beneath SQLAlchemy)."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return ()
    return (psycopg.Error,)


def _first_of_each(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Document rows with the first row of each id (a batch may repeat a document)."""
    seen: dict[str, dict[str, Any]] = {}
    for number, row in enumerate(rows):
        if not row.get("id") or not row.get("content_hash"):
            raise InputError(f"load_rows: documents row {number}: needs id and content_hash")
        seen.setdefault(row["id"], row)
    return list(seen.values())


def _dedupe_children(
    tables: dict[str, list[dict[str, Any]]],
) -> dict[str, list[dict[str, Any]]]:
    """Child rows of documents given more than once, one per key (the first)."""
    counts: dict[str, int] = {}
    for row in tables["documents"]:
        counts[row["id"]] = counts.get(row["id"], 0) + 1
    repeated = {doc_id for doc_id, n in counts.items() if n > 1}
    result = dict(tables)
    for name, key in ROW_KEYS.items():
        if name not in tables:
            continue
        seen: set[tuple[Any, ...]] = set()
        kept = []
        for row in tables[name]:
            if row.get("document_id") in repeated:
                identity = (row["document_id"], *(row.get(column) for column in key))
                if identity in seen:
                    continue
                seen.add(identity)
            kept.append(row)
        result[name] = kept
    return result


def _columns(table: Table, rows: Iterable[dict[str, Any]]) -> list[str]:
    """The columns the rows fill, in table order; a key that is no column is an error.
    Columns no row names keep their defaults."""
    allowed = {c.name for c in table.columns if not (c.primary_key and c.autoincrement is True)}
    named: set[str] = set()
    for row in rows:
        named.update(row)
    extra = sorted(named - allowed)
    if extra:
        raise InputError(f"load_rows: {table.name}: unknown column {extra[0]!r}")
    return [c.name for c in table.columns if c.name in named]


def _load_copy(conn: Connection, documents: list[dict[str, Any]],
               tables: dict[str, list[dict[str, Any]]],
               columns: dict[str, list[str]]) -> set[str]:
    """Documents through a temporary table (they need ON CONFLICT); child rows of the
    documents that went in straight into their tables (no other writer can add rows for
    a document this transaction inserted, so they cannot clash)."""
    raw: Any = conn.connection.dbapi_connection  # psycopg's, in this same transaction
    with raw.cursor() as cursor:
        names = ", ".join(columns["documents"])
        cursor.execute(f"CREATE TEMP TABLE _bulk_documents ON COMMIT DROP AS SELECT {names}, "
                       "0::bigint AS _n FROM documents WITH NO DATA")
        _copy(cursor, "_bulk_documents", [*columns["documents"], "_n"],
              ([*values, n] for n, values in enumerate(_values(documents,
                                                               columns["documents"]))))
        changed = ("SELECT b.id FROM _bulk_documents b JOIN documents d ON d.id = b.id "
                   "AND d.content_hash <> b.content_hash")
        for table in CHILD_TABLES:
            cursor.execute(f"DELETE FROM {table.name} WHERE document_id IN ({changed})")
        cursor.execute(f"DELETE FROM documents WHERE id IN ({changed})")
        # In id order, whatever the batch's order: two loaders whose batches share
        # documents then take the rows' locks in the same order and never deadlock.
        cursor.execute(f"INSERT INTO documents ({names}) SELECT {names} FROM _bulk_documents "
                       "ORDER BY id ON CONFLICT (id) DO NOTHING RETURNING id")
        stored = {row[0] for row in cursor.fetchall()}
        for table in CHILD_TABLES:
            names_of = columns.get(table.name)
            if not names_of or not stored:
                continue
            _copy(cursor, table.name, names_of, _values(
                (row for row in tables[table.name] if row.get("document_id") in stored),
                names_of))
    return stored


def _values(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[Sequence[Any]]:
    """Each row's values in `columns` order (None for a column the row leaves out)."""
    every = operator.itemgetter(*columns)
    for row in rows:
        if len(row) == len(columns):  # rows.py's rows name every column: the fast path
            try:
                values = every(row)
            except KeyError:
                pass
            else:
                yield values if len(columns) > 1 else (values,)
                continue
        yield [row.get(column) for column in columns]


def _copy(cursor: Any, table: str, columns: list[str], values: Iterable[Sequence[Any]]) -> None:
    """COPY rows (value lists in `columns` order) into `table`; ids are handed out in the
    rows' order, as executemany would."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)


def _load_executemany(conn: Connection, documents: list[dict[str, Any]],
                      tables: dict[str, list[dict[str, Any]]],
                      columns: dict[str, list[str]]) -> set[str]:
    if conn.dialect.name == "sqlite":
        # Take the write lock before reading, so no other writer slips in between the
        # check for stored documents and the inserts.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    d = schema.documents
    ids = [row["id"] for row in documents]
    existing: dict[str, str] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        existing.update((row[0], row[1]) for row in conn.execute(
            select(d.c.id, d.c.content_hash).where(d.c.id.in_(chunk))))
    fresh = [row for row in documents if existing.get(row["id"]) != row["content_hash"]]
    changed = [row["id"] for row in fresh if row["id"] in existing]
    for start in range(0, len(changed), CHUNK):
        chunk = changed[start : start + CHUNK]
        for table in CHILD_TABLES:
            conn.execute(delete(table).where(table.c.document_id.in_(chunk)))
        conn.execute(delete(d).where(d.c.id.in_(chunk)))
    if not fresh:
        return set()
    conn.execute(insert(d), _complete(fresh, columns["documents"]))
    new_ids = {row["id"] for row in fresh}
    for table in CHILD_TABLES:
        rows = [row for row in tables.get(table.name, []) if row.get("document_id") in new_ids]
        if rows:
            conn.execute(insert_ignoring(table, conn), _complete(rows, columns[table.name]))
    return new_ids



def _complete(rows: list[dict[str, Any]], columns: list[str]) -> list[dict[str, Any]]:
    """Rows that all name the same columns (executemany takes its columns from the first)."""
    if all(len(row) == len(columns) for row in rows):
        return rows
    return [{column: row.get(column) for column in columns} for row in rows]
