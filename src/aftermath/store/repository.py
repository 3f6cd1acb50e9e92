"""The repository: write analyses in one transaction each, read them back, count them.

Only this module (with schema and rows) touches the database. A document is identified by
id and content hash: storing the same content again changes nothing; new content under the
same id replaces the old rows in the same transaction, so nothing is ever half-written.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    delete,
    func,
    insert,
    or_,
    select,
    true,
)
from sqlalchemy.exc import SQLAlchemyError

from aftermath.errors import NotFoundError, StoreError
from aftermath.records import Analysis, Document, Event, Rejection, Report
from aftermath.store import migrations, rows, schema
from aftermath.store.backend import connect_engine, display_url, error_reason, parse_url
from aftermath.store.bands import band_rows
from aftermath.store.fulltext import ensure_fulltext
from aftermath.store.upsert import insert_ignoring

CHILD_TABLES = (schema.mentions, schema.actors, schema.events, schema.attributions, schema.claims,
                schema.reports, schema.signatures, schema.signature_bands)
CHUNK = 500  # bound parameters per IN (...) list, under SQLite's default limit


def _short(value: str, size: int = 80) -> str:
    """An id or source as a message shows it: one line, of reasonable length."""
    value = _clean(value)
    return value if len(value) <= size else f"{value[:size]}… ({len(value):,} characters)"


def _clean(value: str | None) -> str:
    """Text PostgreSQL accepts: a rejection names bad input, NULs and all, and must be
    recordable whatever it quotes."""
    return (value or "").replace("\x00", "\\0").encode("utf-8", "replace").decode("utf-8")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def open_store(url: str, *, upgrade: bool | None = None) -> Store:
    """Open the store at a SQLAlchemy URL or a plain SQLite path, creating it when empty.

    A new store is created at the newest schema revision; an older one is upgraded on
    SQLite and refused on PostgreSQL unless `upgrade` is True (store/migrations).
    """
    engine = connect_engine(url)
    store = Store(engine, url=display_url(parse_url(url)))
    try:
        store.create(upgrade=upgrade)
    except StoreError:
        engine.dispose()
        raise
    return store


def code_prefix(column: Any, prefix: str) -> ColumnElement[bool]:
    """`column` starts with `prefix`, as a range an index can answer: 'TUR' <= c < 'TUS'.

    The prefix is put in capitals (actor codes are stored so). The upper bound is the
    prefix with its last character moved one up, so 'TURGOV' and 'TUR' match 'TUR' and
    'TURKEY'-like neighbours ('TUS...') do not.
    """
    prefix = prefix.upper()
    if not prefix:
        return true()
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    bounded: ColumnElement[bool] = (column >= prefix) & (column < upper)
    return bounded


class Store:
    """Analyses in a relational database."""

    def __init__(self, engine: Engine, *, url: str | None = None) -> None:
        self.engine = engine
        self.url = url or display_url(engine.url)  # as messages show it (no password)
        self.fulltext = False  # a full-text index of documents exists (store/fulltext.py)
        # A store dropped without close() (a CLI command, a test) still closes its pooled
        # connections: psycopg warns about a connection garbage-collected while open.
        weakref.finalize(self, engine.dispose)

    def create(self, *, upgrade: bool | None = None) -> None:
        """Create or check the tables (store/migrations) and the full-text index."""
        migrations.prepare(self.engine, shown=self.url, upgrade=upgrade)
        try:
            self.fulltext = ensure_fulltext(self.engine)
        except SQLAlchemyError as err:
            raise StoreError(f"{self.url}: cannot create the search index ({err})") from err

    def close(self) -> None:
        self.engine.dispose()

    def has_content(self, document: Document) -> bool:
        try:
            with self.engine.connect() as conn:
                found = conn.execute(
                    select(schema.documents.c.id).where(
                        schema.documents.c.id == document.id,
                        schema.documents.c.content_hash == document.content_hash,
                    )
                ).first()
        except SQLAlchemyError as err:  # e.g. an id PostgreSQL cannot hold (a NUL)
            raise StoreError(f"{_short(document.id)}: not looked up ({error_reason(err)})",
                             code="store.read_failed") from err
        return found is not None

    def content_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """The stored content hash of each of these ids that is stored (chunked queries)."""
        d = schema.documents
        found: dict[str, str] = {}
        try:
            with self.engine.connect() as conn:
                for start in range(0, len(ids), CHUNK):
                    found.update((row[0], row[1]) for row in conn.execute(
                        select(d.c.id, d.c.content_hash)
                        .where(d.c.id.in_(list(ids[start:start + CHUNK])))))
        except SQLAlchemyError as err:
            raise StoreError(f"{self.url}: documents not looked up ({error_reason(err)})",
                             code="store.read_failed") from err
        return found

    def save(self, analysis: Analysis, *, reports: Sequence[Report] = (),
             signature: tuple[str, bytes] | None = None) -> bool:
        """Store one analysis in one transaction; False when the same content was stored.

        `reports` (the copies seen so far) and `signature` (content key, MinHash) are
        written in the same transaction, so a killed run never leaves a document that
        duplicate detection cannot see.
        """
        document = analysis.document
        table_rows = rows.analysis_rows(analysis)
        try:
            with self.engine.begin() as conn:
                if not self._claim_document(conn, document):
                    return False
                for table in (schema.actors, schema.mentions, schema.events,
                              schema.attributions, schema.claims):
                    if table_rows[table.name]:
                        conn.execute(insert(table), table_rows[table.name])
                if signature is not None:
                    found = {"document_id": document.id, "content_key": signature[0],
                             "minhash": signature[1]}
                    conn.execute(insert(schema.signatures), [found])
                    bands = list(band_rows([found]))
                    if bands:
                        conn.execute(insert(schema.signature_bands), bands)
                if reports:
                    conn.execute(insert_ignoring(schema.reports, conn),
                                 [{**rows.report_row(r), "created_at": _now()} for r in reports])
        except SQLAlchemyError as err:
            raise StoreError(f"{_short(document.id)}: not stored ({error_reason(err)})",
                             code="store.write_failed") from err
        return True

    def _claim_document(self, conn: Connection, document: Document) -> bool:
        """Insert the document row, replacing other content under its id; False when this
        content is already stored.

        Safe against another process storing the same id at the same moment: the insert
        skips on conflict (waiting for the other transaction on PostgreSQL), and the row
        is then re-read under a row lock and compared again.
        """
        d = schema.documents
        for _attempt in range(3):
            existing = conn.execute(
                select(d.c.content_hash).where(d.c.id == document.id).with_for_update()
            ).scalar()
            if existing == document.content_hash:
                return False
            if existing is not None:
                for table in CHILD_TABLES:
                    conn.execute(delete(table).where(table.c.document_id == document.id))
                conn.execute(delete(d).where(d.c.id == document.id))
            inserted = conn.execute(
                insert_ignoring(d, conn, on=("id",)).returning(d.c.id),
                {**rows.document_row(document), "ingested_at": _now()},
            ).first()
            if inserted is not None:
                return True
        raise StoreError(f"{document.id}: not stored (other writers kept replacing it)")

    def find_content(self, content_key: str) -> str | None:
        """The id of the stored document with this normalised-content hash, if any."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(schema.signatures.c.document_id)
                .where(schema.signatures.c.content_key == content_key)
                .order_by(schema.signatures.c.document_id).limit(1)
            ).scalar()

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """(document id, MinHash bytes) of every stored document, to rebuild the LSH index."""
        with self.engine.connect() as conn:
            for row in conn.execute(
                select(schema.signatures.c.document_id, schema.signatures.c.minhash)
            ):
                yield row[0], bytes(row[1])

    def near_candidates(self, keys: Iterable[tuple[int, int]]) -> dict[str, bytes]:
        """Signatures (by document id) of the stored documents sharing at least one LSH
        band key with `keys` (store/bands.py): the only ones a near-duplicate check of the
        texts those keys came from needs to compare (#18).

        One query per chunk of keys, each an OR of `band = ? AND key IN (...)` that both
        backends answer from the (band, key) index."""
        by_band: dict[int, set[int]] = defaultdict(set)
        for band, key in keys:
            by_band[band].add(key)
        pairs = sorted((band, key) for band, found in by_band.items() for key in found)
        b, s = schema.signature_bands, schema.signatures
        result: dict[str, bytes] = {}
        try:
            with self.engine.connect() as conn:
                for start in range(0, len(pairs), CHUNK):
                    chunk: dict[int, list[int]] = defaultdict(list)
                    for band, key in pairs[start:start + CHUNK]:
                        chunk[band].append(key)
                    matching = select(b.c.document_id).where(or_(*(
                        (b.c.band == band) & b.c.key.in_(found)
                        for band, found in chunk.items())))
                    for row in conn.execute(select(s.c.document_id, s.c.minhash)
                                            .where(s.c.document_id.in_(matching))):
                        result[row[0]] = bytes(row[1])
        except SQLAlchemyError as err:
            raise StoreError(f"{self.url}: near-duplicate candidates not looked up "
                             f"({error_reason(err)})", code="store.read_failed") from err
        return result

    def add_report(self, report: Report) -> bool:
        """Record one more copy of a stored document; False when that copy was recorded."""
        r = schema.reports
        try:
            with self.engine.begin() as conn:
                inserted = conn.execute(
                    insert_ignoring(r, conn, on=("document_id", "source_id")).returning(r.c.id),
                    {**rows.report_row(report), "created_at": _now()}).first()
        except SQLAlchemyError as err:
            raise StoreError(f"{_short(report.source_id)}: report not stored "
                             f"({error_reason(err)})", code="store.write_failed") from err
        return inserted is not None

    def reports(self, document_ids: Iterable[str] | None = None) -> dict[str, list[Report]]:
        """Per document id, every copy seen (original first, then by when it was seen)."""
        r = schema.reports
        query = select(r).order_by(r.c.document_id, r.c.id)
        if document_ids is not None:
            query = query.where(r.c.document_id.in_(list(document_ids)))
        result: dict[str, list[Report]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                result.setdefault(row["document_id"], []).append(rows.report_from(row))
        return result

    def rejections(self, *, limit: int | None = None) -> list[tuple[str, Rejection]]:
        """(when, rejection) for recorded rejections, newest first."""
        t = schema.rejections
        query = select(t).order_by(t.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [(row["created_at"], Rejection(row["source"], row["locator"] or "",
                                                  row["code"], row["message"]))
                    for row in conn.execute(query).mappings()]

    def record_rejection(self, rejection: Rejection) -> None:
        """Keep a rejection; StoreError (one line) when the store cannot (a full disk)."""
        row = {"source": _clean(rejection.source), "locator": _clean(rejection.locator),
               "code": _clean(rejection.code)[:64], "message": _clean(rejection.message),
               "created_at": _now()}
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(schema.rejections), [row])
        except SQLAlchemyError as err:
            raise StoreError(f"rejection of {_short(rejection.source)} not recorded "
                             f"({error_reason(err)})", code="store.write_failed") from err

    def load(self, document_id: str) -> Analysis:
        """The stored analysis of one document, equal to what was saved."""
        with self.engine.connect() as conn:
            doc_row = conn.execute(
                select(schema.documents).where(schema.documents.c.id == document_id)
            ).mappings().first()
            if doc_row is None:
                raise NotFoundError(f"no document with id {document_id!r}")

            def child(table: Any, order: Any) -> list[Any]:
                return list(conn.execute(
                    select(table).where(table.c.document_id == document_id).order_by(order)
                ).mappings())

            mention_rows = child(schema.mentions, schema.mentions.c.id)
            actors = tuple(
                rows.actor_from(row, [m for m in mention_rows if m["actor_seq"] == row["seq"]])
                for row in child(schema.actors, schema.actors.c.seq)
            )
            return Analysis(
                document=rows.document_from(doc_row),
                actors=actors,
                events=tuple(rows.event_from(r) for r in child(schema.events, schema.events.c.seq)),
                attributions=tuple(
                    rows.attribution_from(r)
                    for r in child(schema.attributions, schema.attributions.c.seq)
                ),
                claims=tuple(rows.claim_from(r) for r in child(schema.claims, schema.claims.c.seq)),
            )

    def stats(self) -> dict[str, int]:
        counts = {}
        with self.engine.connect() as conn:
            for name, table in (
                ("documents", schema.documents), ("actors", schema.actors),
                ("events", schema.events), ("attributions", schema.attributions),
                ("claims", schema.claims), ("reports", schema.reports),
                ("rejections", schema.rejections),
            ):
                counts[name] = conn.execute(select(func.count()).select_from(table)).scalar() or 0
        return counts

    def documents(self) -> Iterator[Document]:
        with self.engine.connect() as conn:
            for row in conn.execute(
                select(schema.documents).order_by(schema.documents.c.published)
            ).mappings():
                yield rows.document_from(row)

    def events_between(self, first: str, second: str) -> list[tuple[Document, Event]]:
        """Events whose source and target codes start with the two country codes, either way.

        Prefixes are matched as ranges (`'TUR' <= code < 'TUS'`) rather than with LIKE, which
        SQLite cannot answer from the `events_dyad` index (LIKE is case-insensitive there
        while the index is not); codes are stored in capitals, so the prefixes are too.
        """
        e, d = schema.events, schema.documents
        query = (
            select(e, d.c.outlet, d.c.published, d.c.title)
            .join(d, d.c.id == e.c.document_id)
            .where(
                (code_prefix(e.c.source_code, first) & code_prefix(e.c.target_code, second))
                | (code_prefix(e.c.source_code, second) & code_prefix(e.c.target_code, first))
            )
            .order_by(e.c.date)
        )
        with self.engine.connect() as conn:
            result = []
            for row in conn.execute(query).mappings():
                document = Document(
                    id=row["document_id"], text="", title=row["title"], outlet=row["outlet"],
                    published=row["published"],
                )
                result.append((document, rows.event_from(row)))
            return result
