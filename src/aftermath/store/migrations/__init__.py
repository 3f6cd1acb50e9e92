"""Schema revisions (Alembic) and how `open_store` brings a store to the current one.

The revisions live in `versions/` (package data); the first, `0001`, is schema v1 as it stood
before migrations existed. `open_store` decides by what it finds:

- an empty database: the tables of `schema.py` are created and stamped at the newest
  revision (`schema.py` always equals the newest revision; a test checks it);
- a store made before migrations (tables, no `alembic_version`): brought to the newest
  revision by running the revisions (0001 only creates the tables it lacks);
- a store at an older revision: SQLite is upgraded on open (a file on one analyst's disk);
  PostgreSQL (a store a team shares) is refused with a one-line error saying to run
  `aftermath db upgrade --db URL`, so no client changes the schema under the others;
- a revision this version does not know (a newer aftermath migrated it): refused.

Opening and upgrading take a lock (an advisory transaction lock on PostgreSQL, the write
lock on SQLite), so several processes opening a new store at once create it once.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    inspect,
    text,
)
from sqlalchemy.exc import SQLAlchemyError

from aftermath.errors import StoreError
from aftermath.store import schema
from aftermath.store.backend import connect_engine, display_url, parse_url
from aftermath.store.fulltext import ensure_fulltext

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
# The newest revision in versions/ (a test checks it is Alembic's head). A store already
# at it is opened without importing Alembic, a tenth of a second of every command's
# start-up, and of an ingest's before its workers fork (#20).
HEAD_REVISION = "0005"
VERSION_TABLE = "alembic_version"
# Alembic's version table, as Alembic makes it (a new store is stamped without importing
# Alembic; a later upgrade reads and moves this row as if Alembic had written it).
_VERSIONS = Table(VERSION_TABLE, MetaData(), Column("version_num", String(32), nullable=False),
                  PrimaryKeyConstraint("version_num", name=f"{VERSION_TABLE}_pkc"))
LOCK_KEY = 7_140_301  # pg_advisory_xact_lock key: one schema change at a time per database


def _config(conn: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = conn
    return config


@functools.cache
def _scripts(location: Path) -> ScriptDirectory:
    """The revisions at `location`, read once per process (open_store runs often)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(location))
    return ScriptDirectory.from_config(config)


def head_revision() -> str:
    """The newest revision this version of aftermath knows."""
    return HEAD_REVISION


def scripts_head() -> str | None:
    """The newest revision as Alembic reads it from versions/ (what HEAD_REVISION names)."""
    return _scripts(HERE).get_current_head()


def current_revision(conn: Connection) -> str | None:
    """The store's revision, read from Alembic's version table (None: no table, no row)."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    found = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(found) > 1:
        raise StoreError(f"the store records {len(found)} schema revisions ({', '.join(found)})"
                         "; aftermath keeps one", code="store.bad_schema")
    return found[0] if found else None


def _lock(conn: Connection) -> None:
    """One schema change at a time: an advisory transaction lock on PostgreSQL, the
    database's write lock on SQLite (BEGIN IMMEDIATE: the DDL that follows runs inside
    that transaction), so two processes creating a new store at once create it once and
    the second finds it made (#18)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _known(revision: str) -> bool:
    from alembic.util.exc import CommandError

    try:
        return _scripts(HERE).get_revision(revision) is not None
    except CommandError:
        return False


def prepare(engine: Engine, *, shown: str, upgrade: bool | None = None) -> None:
    """Create, stamp or check the store's schema (see the module docstring).

    `upgrade` None means: upgrade an older SQLite store, refuse an older PostgreSQL one.
    """
    try:
        with engine.begin() as conn:
            _lock(conn)
            found = current_revision(conn)
            if found != HEAD_REVISION:
                _change_schema(conn, found, shown=shown, upgrade=upgrade)
    except SQLAlchemyError as err:
        raise _not_prepared(shown, err) from err


def _not_prepared(shown: str, err: Exception) -> StoreError:
    return StoreError(f"{shown}: cannot prepare the schema ({err.__class__.__name__}: "
                      f"{str(err).splitlines()[0]})")


def _change_schema(conn: Connection, found: str | None, *, shown: str,
                   upgrade: bool | None) -> None:
    """Create and stamp a new store, or upgrade (or refuse) an older one. Only an older
    store imports Alembic: a new or current one never needs it."""
    head = head_revision()
    if found is None and not inspect(conn).has_table("documents"):
        schema.metadata.create_all(conn)
        _VERSIONS.create(conn, checkfirst=True)
        conn.execute(_VERSIONS.delete())
        conn.execute(_VERSIONS.insert().values(version_num=head))
        return
    from alembic import command
    from alembic.util.exc import CommandError

    try:
        if found is not None and not _known(found):
            raise StoreError(
                f"{shown}: store schema is at revision {found}, newer than this aftermath "
                f"knows ({head}); upgrade aftermath", code="store.newer_schema")
        allowed = upgrade if upgrade is not None else conn.dialect.name == "sqlite"
        if found is not None and not allowed:
            raise StoreError(
                f"{shown}: store schema is at revision {found}, this aftermath needs "
                f"{head} (run `aftermath db upgrade --db {shown}`)", code="store.old_schema")
        command.upgrade(_config(conn), "head")
        log.info("%s: store schema upgraded from %s to %s", shown, found or "v1", head)
    except CommandError as err:
        raise _not_prepared(shown, err) from err


def upgrade_database(url: str) -> tuple[str | None, str]:
    """Bring the store at `url` to the newest revision, whatever the backend (creating it
    when empty): (revision before, revision after). None before means a new or v1 store."""
    engine = connect_engine(url)
    shown = display_url(parse_url(url))
    try:
        before = database_revision(engine)
        prepare(engine, shown=shown, upgrade=True)
        ensure_fulltext(engine)
        return before, head_revision()
    finally:
        engine.dispose()


def revision_of(url: str) -> tuple[str | None, str]:
    """(the store's revision, the newest this aftermath knows), changing nothing."""
    engine = connect_engine(url)
    try:
        return database_revision(engine), head_revision()
    finally:
        engine.dispose()


def database_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return current_revision(conn)
    except SQLAlchemyError as err:
        raise StoreError(f"{display_url(engine.url)}: cannot read the schema revision "
                         f"({str(err).splitlines()[0]})") from err
