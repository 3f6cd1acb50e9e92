"""A real store (SQLite, and PostgreSQL when a server is given) filled by analysing short
articles written for these tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bidi_articles import BIDI_ARTICLES
from fastapi.testclient import TestClient

from aftermath.incidents import update_incidents
from aftermath.pipeline import analyze_document
from aftermath.records import Document
from aftermath.store import Store, open_store
from aftermath.web import create_app

HOSTILE_TITLE = '<script>alert("title")</script> Envoy"><img src=x onerror=alert(1)>'
HOSTILE_OUTLET = "Wire <b>bold</b>"
HOSTILE_TEXT = (
    "Turkish police detained two men in Ankara on Tuesday. <script>alert('text')</script> "
    'A Russian official blamed Turkey for the attack. "><img src=x onerror=alert(2)>\n\n'
    "The Kremlin said Russia would send investigators to Turkey."
)

ARTICLES = [
    Document(
        id="envoy-shot", title="Envoy shot dead at gallery in Ankara", outlet="Reuters",
        published="2016-12-19", url="https://example.org/envoy-shot",
        text=(
            "An off-duty Turkish police officer shot dead Russia's ambassador at an art "
            "gallery in Ankara on Monday.\n\nThe mayor of Ankara blamed the Gulen movement "
            "for the killing but offered no proof. The Kremlin said the killing was a "
            "provocation."
        ),
    ),
    Document(
        id="gas-deal", title="Turkey and Russia sign gas pipeline deal", outlet="TASS",
        published="2016-10-10",
        text=(
            "Turkey and Russia signed an agreement on Monday to build a gas pipeline under "
            "the Black Sea. Turkish President Erdogan met Russian President Putin in Istanbul."
        ),
    ),
    Document(
        id="jet-downed", title="Turkish jets down Russian bomber", outlet="Anadolu Agency",
        published="2015-11-24",
        text=(
            "Turkish F-16 jets shot down a Russian warplane near the Syrian border on Tuesday. "
            "Russia condemned Turkey and accused Ankara of helping terrorists."
        ),
    ),
    Document(
        id="hostile", title=HOSTILE_TITLE, outlet=HOSTILE_OUTLET, published="2016-12-20",
        url="javascript:alert(3)", text=HOSTILE_TEXT,
    ),
    Document(
        id="undated", title="Talks planned", outlet="Reuters", published=None,
        text="Turkish and Russian diplomats will meet in Moscow to discuss Syria.",
    ),
]


@pytest.fixture(scope="session")
def web_articles() -> list[Document]:
    return ARTICLES


@pytest.fixture(scope="session",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def web_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
              store_urls, nlp, kb) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    urls = store_urls(request, request.param, Path(tmp_path_factory.mktemp("web")))
    store = open_store(next(urls))
    for document in ARTICLES:
        store.save(analyze_document(document, nlp, kb))
    update_incidents(store, kb)
    yield store
    store.close()
    next(urls, None)  # drops the PostgreSQL database


@pytest.fixture(scope="session")
def analyzer(nlp, kb):  # type: ignore[no-untyped-def]
    return lambda document: analyze_document(document, nlp, kb)


@pytest.fixture(scope="session")
def client(web_store: Store, analyzer, kb) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(create_app(web_store, analyzer=analyzer, kb=kb)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def bidi_store(tmp_path_factory: pytest.TempPathFactory, nlp, kb) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    """A SQLite store of articles whose outlet, title and actor names carry U+202E."""
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('bidi') / 'bidi.sqlite'}")
    for document in BIDI_ARTICLES:
        store.save(analyze_document(document, nlp, kb))
    update_incidents(store, kb)
    yield store
    store.close()
