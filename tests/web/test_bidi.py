"""Names from the data are isolated on every page, so a right-to-left override cannot
reorder the text after them (#18). The rendering itself is checked in Chromium
(test_browser.py); here, that every such name sits in an isolating element."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from bidi_articles import BIDI_OUTLET, RLO
from fastapi.testclient import TestClient

from aftermath.store import Store
from aftermath.web import create_app
from aftermath.web.bidi import isolate, isolate_text

# Where article text itself is shown (a paragraph of the article, a quoted sentence, a
# search snippet): a block of its own, whose direction is the text's own business.
TEXT_BLOCKS = frozenset({"text", "evidence", "evidence-context", "snippet"})
VOID = frozenset({"meta", "link", "input", "br", "img", "hr", "wbr", "source"})


class _Placement(HTMLParser):
    """Every text run holding U+202E, with whether it is isolated (inside <bdi>, or inside
    an article-text block), and the <title> text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, set[str]]] = []
        self.found: list[tuple[bool, str, str]] = []  # (isolated, enclosing tag, text)
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        values = dict(attrs)
        names = set((values.get("class") or "").split()) | {values.get("id") or ""}
        self.stack.append((tag, names))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "title":
            self.title += data
            return
        if RLO not in data:
            return
        isolated = any(tag == "bdi" or names & TEXT_BLOCKS for tag, names in self.stack)
        self.found.append((isolated, self.stack[-1][0] if self.stack else "", data.strip()))


@pytest.fixture(scope="module")
def bidi_client(bidi_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(bidi_store)) as client:
        yield client


def _pages(client: TestClient) -> list[str]:
    incidents = client.get("/api/incidents").json()["items"]
    assert incidents, "the articles were grouped into an incident"
    return (["/", "/documents/rtl-blame", "/documents/rtl-second",
             f"/outlets/{quote(BIDI_OUTLET)}", "/incidents", "/search?q=police"]
            + [f"/incidents/{quote(i['id'])}" for i in incidents])


def test_every_name_with_an_override_is_isolated_on_every_page(bidi_client: TestClient):
    isolated_names = 0
    for url in _pages(bidi_client):
        response = bidi_client.get(url)
        assert response.status_code == 200, (url, response.text[:200])
        page = _Placement()
        page.feed(response.text)
        loose = [(tag, text[:60]) for isolated, tag, text in page.found if not isolated]
        assert not loose, (url, loose)
        isolated_names += len(page.found)
        if RLO in page.title:  # no element may go in <title>: FSI … PDI instead
            assert page.title.index("\u2068") < page.title.index(RLO) < page.title.index(
                "\u2069"), (url, page.title)
    # Outlet, titles, actors, claimants, speakers: the pages did show them.
    assert isolated_names >= 20


def test_document_page_isolates_outlet_title_actor_and_speaker(bidi_client: TestClient):
    html = bidi_client.get("/documents/rtl-blame").text
    assert f">{isolate(BIDI_OUTLET)}</a>" in html  # the outlet link in the meta line
    assert f'<h1 id="title">{isolate(RLO + "Talks fail in Ankara")}</h1>' in html
    for name in ("Erdogan", "Putin", "Lavrov"):  # actors, claimants and speakers
        assert str(isolate(RLO + name)) in html, name


def test_isolate_escapes_and_isolate_text_brackets():
    assert str(isolate('<b>"x"</b>')) == "<bdi>&lt;b&gt;&#34;x&#34;&lt;/b&gt;</bdi>"
    assert str(isolate(None)) == "<bdi></bdi>"
    assert isolate_text(BIDI_OUTLET) == f"\u2068{BIDI_OUTLET}\u2069"
