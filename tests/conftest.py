"""Shared, expensive fixtures: the real spaCy pipeline, the knowledge base, stores on every
backend (SQLite always; PostgreSQL when AFTERMATH_TEST_PG_URL names a server)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from aftermath.knowledge import KnowledgeBase, load_kb
from aftermath.nlp import load_model

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
CASES = Path(__file__).resolve().parent / "cases"


PG_URL_ENV = "AFTERMATH_TEST_PG_URL"
NO_PG = (f"{PG_URL_ENV} is not set: PostgreSQL tests need a server "
         "(scripts/pg_cluster.sh start DIR prints a URL; see docs/postgres.md)")
# Parameters of every store fixture: the PostgreSQL one carries the `postgres` marker.
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


class PgServer:
    """Creates and drops uniquely named databases on the server at AFTERMATH_TEST_PG_URL."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        self.url = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        try:
            with self.admin.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as err:  # a URL was given, so an unreachable server is a failure
            pytest.fail(f"{PG_URL_ENV}={url}: cannot connect ({err})", pytrace=False)

    def create(self) -> str:
        """A fresh, empty database (C collation, as the store's ordering assumes)."""
        from sqlalchemy import text

        name = f"aftermath_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                              "LC_COLLATE 'C' LC_CTYPE 'C'"))
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(NO_PG)
    server = PgServer(url)
    yield server
    server.admin.dispose()


def backend_url(request: pytest.FixtureRequest, backend: str, folder: Path) -> Iterator[str]:
    """A URL of a new, empty store on `backend`, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'store.sqlite'}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.create()
    yield url
    server.drop(url)


@pytest.fixture(scope="session")
def store_urls():  # type: ignore[no-untyped-def]
    """`backend_url` for fixtures in other conftest files (a conftest is not imported)."""
    return backend_url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty store, once per backend."""
    yield from backend_url(request, request.param, tmp_path)


@pytest.fixture()
def store(db_url: str):  # type: ignore[no-untyped-def]
    """A fresh store opened on each backend."""
    from aftermath.store import open_store

    opened = open_store(db_url)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return load_model()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture()
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"../shared/data not found at {SHARED_DATA} (evaluation data is not bundled)")
    return SHARED_DATA


@pytest.fixture()
def event_store(db_url: str):  # type: ignore[no-untyped-def]
    """A real store (`.store`, `.url`) on each backend and a writer of generated events (#7).

    `.write(doc_id, published, events)` stores one document whose events are given as dicts:
    source, target, plover, quad, goldstein, date, and optionally granularity, place,
    status, cameo, outlet.
    """
    from aftermath.records import (
        ActorRef,
        Analysis,
        Document,
        Event,
        EventStatus,
        Granularity,
        Place,
        ResolvedDate,
        Span,
    )
    from aftermath.store import open_store

    store = open_store(db_url)
    text = "Generated article for relation tests."

    def ref(code: str | None) -> ActorRef | None:
        return None if code is None else ActorRef(code, code.lower(), 0, 9)

    def write(doc_id: str, published: str | None, events: list[dict], *,
              outlet: str = "Wire") -> None:
        records = []
        for spec in events:
            place = spec.get("place")
            records.append(Event(
                source=ref(spec["source"]), target=ref(spec["target"]), plover=spec["plover"],
                mode=None, cameo=spec.get("cameo", "040"), quad_class=spec["quad"],
                goldstein=spec["goldstein"],
                date=ResolvedDate(spec["date"], Granularity(spec.get("granularity", "day"))),
                place=Place(place, "TUR", 39.9, 32.8) if place else None,
                status=EventStatus(spec.get("status", "asserted")), confidence=0.9,
                evidence=Span(text[:9], 0, 9, 0), trigger=Span(text[:9], 0, 9, 0),
            ))
        document = Document(id=doc_id, text=f"{text} ({doc_id})", title=f"Title {doc_id}",
                            outlet=outlet, published=published,
                            url=f"https://example.org/{doc_id}")
        store.save(Analysis(document=document, events=tuple(records)))

    from types import SimpleNamespace

    yield SimpleNamespace(store=store, write=write, url=db_url)
    store.close()


def _refuse_id(store, document_id: str) -> None:  # type: ignore[no-untyped-def]
    """A real constraint the store enforces for one document id, on either backend: a
    trigger that refuses its insert, so a test sees the store itself say no (#18)."""
    from sqlalchemy import text

    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.id = '{document_id}' THEN RAISE EXCEPTION 'refused by policy'; "
                "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"))
            conn.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON documents "
                              "FOR EACH ROW EXECUTE FUNCTION refuse()"))
        else:
            conn.execute(text(
                f"CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.id = '{document_id}' "
                "BEGIN SELECT RAISE(ABORT, 'refused by policy'); END"))


@pytest.fixture()
def refuse_id():  # type: ignore[no-untyped-def]
    """`refuse_id(store, document_id)`: make the store refuse that document's insert."""
    return _refuse_id
