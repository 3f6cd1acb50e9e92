"""A full-text index of document titles and texts (SQLite FTS5, trigram), kept by triggers.

Search (`queries.documents_page(search=...)`) matches a term literally anywhere in a title or
text. With LIKE alone that reads every stored text; on SQLite, a trigram FTS5 index answers
"which documents contain this substring" from the index instead. The index only narrows:
the LIKE condition still decides, so the answers are exactly LIKE's, whether or not the
index exists. Terms under three characters cannot be looked up in a trigram index and use
LIKE alone, as does every other database (PostgreSQL).

The index is an external-content FTS5 table over `documents` keyed by its rowid, kept in step
by insert/update/delete triggers (so every write path, transaction included, updates it).
A store created before the index existed gets it, filled from `documents`, when opened.
SQLite may renumber rowids of a table without an INTEGER PRIMARY KEY on VACUUM; after a
VACUUM, run `INSERT INTO documents_fts(documents_fts) VALUES('rebuild')`.
"""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

TABLE = "documents_fts"
MIN_TERM = 3  # trigram: a shorter term has no trigram to look up

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
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as conn:
        if conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :name"),
                        {"name": TABLE}).first() is not None:
            return True
    try:
        with engine.begin() as conn:  # one transaction: the table, its triggers and its rows
            for statement in _CREATE:
                conn.execute(text(statement))
    except OperationalError:  # no FTS5 or no trigram tokenizer in this SQLite build
        return False
    return True


def match_query(term: str) -> str | None:
    """The FTS5 query for `term` as one literal phrase, or None when the index cannot help."""
    if len(term) < MIN_TERM:
        return None
    return '"' + term.replace('"', '""') + '"'
