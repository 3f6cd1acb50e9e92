"""Engines for the two backends: a store URL becomes a connected SQLAlchemy engine, or a
one-line error naming the URL (password hidden) and the reason.

SQLite is a file path or `sqlite:///path`; PostgreSQL is
`postgresql+psycopg://user@/db?host=/socket/dir` or `postgresql://user:pw@host:5432/db`
(plain `postgresql://` and `postgres://` are read as psycopg 3, the driver we ship).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from aftermath.errors import ConfigError, StoreError

POSTGRES_DRIVER = "postgresql+psycopg"
CONNECT_TIMEOUT_SECONDS = 10  # an unreachable server fails the command instead of hanging
# How long a SQLite writer waits for another's write lock (a concurrent ingest folding a
# batch into incidents holds it for seconds) before "database is locked".
SQLITE_BUSY_SECONDS = 30.0
WAL_RETRY_SECONDS = 0.05  # between tries to switch a new SQLite file to WAL


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL for a store URL or a plain SQLite path."""
    if "://" not in url:
        url = f"sqlite:///{url}"
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as err:  # ValueError: a port that is no number
        raise ConfigError(f"{url}: not a database URL ({err})") from err
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername=POSTGRES_DRIVER)
    return parsed


def display_url(parsed: URL) -> str:
    """The URL as messages show it: with the password hidden (and `host=/dir` unquoted)."""
    return unquote(parsed.render_as_string(hide_password=True))


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def connect_engine(url: str) -> Engine:
    """A connected engine for the store at `url` (the SQLite file's folder is created)."""
    parsed = parse_url(url)
    shown = display_url(parsed)
    backend = parsed.get_backend_name()
    options: dict[str, Any] = {}
    if backend == "sqlite":
        options = {"connect_args": {"timeout": SQLITE_BUSY_SECONDS}}
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ConfigError(f"{shown}: cannot create the folder {folder} "
                              f"({err.strerror})") from err
    elif backend == "postgresql":
        options = {"pool_pre_ping": True,
                   "connect_args": {"connect_timeout": CONNECT_TIMEOUT_SECONDS}}
    try:
        engine = create_engine(parsed, **options)
    except (SQLAlchemyError, ImportError) as err:
        raise ConfigError(f"{shown}: cannot open database ({_reason(err)})") from err
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as err:
        engine.dispose()
        raise StoreError(f"{shown}: cannot connect ({_reason(err)})",
                         code="store.unreachable") from err
    return engine


def _reason(err: BaseException) -> str:
    """The driver's own message, on one line (psycopg's span several)."""
    inner = getattr(err, "orig", None) or err
    lines = [line.strip() for line in str(inner).splitlines() if line.strip()]
    return "; ".join(lines[:2]) or err.__class__.__name__


def error_reason(err: BaseException) -> str:
    """A database error as a message may show it: the driver's first line only, never the
    statement or its parameters (SQLAlchemy appends both, and parameters hold article
    text), and never a DETAIL line (PostgreSQL quotes the row's values there)."""
    inner = getattr(err, "orig", None) or err
    first = next((line.strip() for line in str(inner).splitlines() if line.strip()), "")
    first = first.split("[SQL:", 1)[0].strip()
    name = inner.__class__.__name__
    return f"{name}: {first[:200]}" if first else name


def store_failure(shown: str, err: BaseException) -> str:
    """One line for a store that failed a read it should answer (a table missing, a
    damaged file): the URL and the driver's reason, never a statement or a traceback."""
    return (f"{shown}: the store could not answer ({error_reason(err)}); it may be damaged "
            "or not an aftermath store (try `aftermath db upgrade --db URL`, or a fresh store)")


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    _use_wal(cursor)
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """Switch a new file to WAL once. The mode is kept in the file, so later connections
    only read it; while several processes create one new store at once, the switch can
    answer "database is locked" without waiting for the busy timeout, so it is retried
    within that timeout (#18: one of four processes failed to connect, seen once in CI)."""
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()
            if mode and str(mode[0]).lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(WAL_RETRY_SECONDS)
