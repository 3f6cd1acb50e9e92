"""A full-text index of document titles and texts: SQLite FTS5 (trigram), kept by triggers,
or PostgreSQL pg_trgm GIN indexes.

Search (`queries.documents_page(search=...)`) matches a term literally anywhere in a title or
text. With LIKE alone that reads every stored text; on SQLite, a trigram FTS5 index answers
"which documents contain this substring" from the index instead. The index only narrows:
the LIKE condition still decides, so the answers are exactly LIKE's, whether or not the
index exists. Terms under three characters cannot be looked up in a trigram index and use
LIKE alone.

On PostgreSQL, LIKE is case-sensitive where SQLite's folds ASCII letters; search there
compares `fold(column) LIKE fold(pattern)`, with `fold` lowering ASCII letters only (so
'Zürich' matches 'zürich' but not 'ZÜRICH', as in SQLite), and pg_trgm GIN indexes on
`fold(title)` and `fold(text)` answer that LIKE from the index. The same "index narrows, LIKE
decides" holds: the answers are LIKE's whether or not pg_trgm is there (without it, or
without the right to create it, search reads every row).

The index is an external-content FTS5 table over `documents` keyed by its rowid, kept in step
by insert/update/delete triggers (so every write path, transaction included, updates it).
A store created before the index existed gets it, filled from `documents`, when opened.
SQLite may renumber rowids of a table without an INTEGER PRIMARY KEY on VACUUM; after a
VACUUM, run `INSERT INTO documents_fts(documents_fts) VALUES('rebuild')`.
"""

from __future__ import annotations

import logging
import string
from typing import Any

from sqlalchemy import Connection, Engine, func, literal_column, text
from sqlalchemy.exc import OperationalError, ProgrammingError

log = logging.getLogger(__name__)

TABLE = "documents_fts"
MIN_TERM = 3  # trigram: a shorter term has no trigram to look up
_UPPER, _LOWER = string.ascii_uppercase, string.ascii_lowercase
# Written as SQL text, never bound: PostgreSQL matches a query to an expression index only
# when the expression is spelled the same, constants included.
_FOLD_SQL = "translate({column}, '" + _UPPER + "', '" + _LOWER + "')"
PG_INDEXES = {f"documents_{column}_trgm": column for column in ("title", "text")}
PG_LOCK_KEY = 7_140_302  # pg_advisory_xact_lock: one process creates the indexes

_CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(title, text, content='documents', "
    "content_rowid='rowid', tokenize='trigram')",
    f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON documents BEGIN "
    f"INSERT INTO {TABLE}(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON documents BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
    f"CREATE TRIGGER {TABLE}_update AFTER UPDATE ON documents BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); "
    f"INSERT INTO {TABLE}(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]


def ensure_fulltext(engine: Engine) -> bool:
    """Create and fill the index if this is SQLite with FTS5 and it is missing; True when the
    store has it. Other databases, or a SQLite built without FTS5, keep LIKE."""
    if engine.dialect.name == "postgresql":
        return _ensure_trigram_indexes(engine)
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as conn:
        if _has_index(conn):
            return True
    try:
        with engine.begin() as conn:  # one transaction: the table, its triggers and its rows
            # Under the write lock, checked again: another process opening the same new
            # store may have made it meanwhile (#18).
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            if _has_index(conn):
                return True
            for statement in _CREATE:
                conn.execute(text(statement))
    except OperationalError:  # no FTS5 or no trigram tokenizer in this SQLite build
        return False
    return True


def _has_index(conn: Connection) -> bool:
    return conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :name"),
                        {"name": TABLE}).first() is not None


def match_query(term: str) -> str | None:
    """The FTS5 query for `term` as one literal phrase, or None when the index cannot help."""
    if len(term) < MIN_TERM:
        return None
    return '"' + term.replace('"', '""') + '"'


def _ensure_trigram_indexes(engine: Engine) -> bool:
    """pg_trgm and its GIN indexes on the folded title and text; False when the extension
    cannot be had (search then uses LIKE alone)."""
    with engine.connect() as conn:
        present = {row[0] for row in conn.execute(text(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'documents' "
            "AND schemaname = current_schema()"))}
    if set(PG_INDEXES) <= present:
        return True
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            for name, column in PG_INDEXES.items():
                conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON documents USING gin "
                                  f"({_FOLD_SQL.format(column=column)} gin_trgm_ops)"))
            # Statistics of the indexed expressions: without them the planner guesses, and
            # a common term on a large store took seconds instead of milliseconds (#14).
            conn.execute(text("ANALYZE documents"))
    except (OperationalError, ProgrammingError) as err:
        log.warning("no trigram search index (%s); search reads every document",
                    str(err).splitlines()[0])
        return False
    return True


def fold_ascii(term: str) -> str:
    """`term` with ASCII capitals lowered (what SQLite's LIKE ignores)."""
    return term.translate(str.maketrans(_UPPER, _LOWER))


def folded(column: Any) -> Any:
    """`fold(column)` in SQL, spelled exactly as the trigram indexes are."""
    return func.translate(column, literal_column(f"'{_UPPER}'"), literal_column(f"'{_LOWER}'"))
