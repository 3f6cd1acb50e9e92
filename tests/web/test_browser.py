"""End to end in headless Chromium: real server on loopback, real pages, screenshots saved.

Playwright drives Debian's /usr/bin/chromium (installed by .ci/run); it never downloads a
browser. Screenshots go to test-artefacts/screenshots/ (or $AFTERMATH_TEST_ARTEFACTS).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = Path(os.environ.get("AFTERMATH_TEST_ARTEFACTS", ROOT / "test-artefacts"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"{CHROMIUM} not found (apt-get install chromium; .ci/run does)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serving(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Run `app` with uvicorn on a free loopback port; yield its base URL; stop it after."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start within 15 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(web_store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from aftermath.web import create_app

    with _serving(create_app(web_store)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):  # type: ignore[no-untyped-def]
    """A page that records console errors, page errors and any alert() (none may happen)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: page.problems.append(f"page error: {err}"))

    def on_dialog(dialog):  # type: ignore[no-untyped-def]
        page.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    context.close()


def _shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    path = ARTEFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def test_browser_home_then_click_through_to_a_document(page, base_url: str):  # type: ignore[no-untyped-def]
    page.goto(base_url + "/")
    assert page.locator(".stat .figure").first.inner_text() == "5"
    page.wait_for_selector(".network[data-rendered=true] canvas", timeout=15000)
    assert _shot(page, "home").stat().st_size > 10_000
    page.click("text=Envoy shot dead at gallery in Ankara")
    page.wait_for_url("**/documents/envoy-shot")
    assert page.locator("mark.actor").count() > 0
    assert page.locator("mark.claim-unsupported").count() > 0
    page.wait_for_selector(".network[data-rendered=true] canvas", timeout=15000)
    _shot(page, "document")
    assert page.problems == []


def test_browser_hostile_article_runs_no_script(page, base_url: str):  # type: ignore[no-untyped-def]
    page.goto(base_url + "/documents/hostile")
    title = page.locator("h1#title").inner_text()
    assert title.startswith('<script>alert("title")</script>')
    assert page.locator("main img").count() == 0
    page.wait_for_timeout(300)
    _shot(page, "hostile")
    assert page.problems == []


def test_browser_dyad_chart_renders(page, base_url: str):  # type: ignore[no-untyped-def]
    page.goto(base_url + "/dyads/TUR/RUS")
    page.wait_for_selector("#relation-chart[data-rendered=true] canvas", timeout=15000)
    assert page.locator("#periods tbody tr").count() >= 2
    _shot(page, "dyad")
    assert page.problems == []


def test_browser_dyad_chart_click_goes_to_the_period(page, base_url: str):  # type: ignore[no-untyped-def]
    page.goto(base_url + "/dyads/TUR/RUS")
    page.wait_for_selector("#relation-chart[data-rendered=true] canvas", timeout=15000)
    view = page.evaluate_handle("document.querySelector('#relation-chart canvas')")
    box = view.as_element().bounding_box()
    # Sweep across the plot until a bar is hit; each bar's click sets #period-YYYY-MM.
    hit = False
    for height in (0.45, 0.3, 0.6, 0.2, 0.75):
        for step in range(1, 60):
            page.mouse.click(box["x"] + box["width"] * step / 60, box["y"] + box["height"] * height)
            hit = page.evaluate("window.location.hash").startswith("#period-")
            if hit:
                break
        if hit:
            break
    hash_ = page.evaluate("window.location.hash")
    assert hash_.startswith("#period-20"), hash_
    assert page.locator(hash_).count() == 1
    assert page.problems == []


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_url(request, store_urls, tmp_path_factory, nlp, kb) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The store `aftermath demo` builds (the bundled corpus, incidents placed), served; on
    each backend."""
    from aftermath.runs import run_demo
    from aftermath.store import open_store
    from aftermath.web import create_app

    urls = store_urls(request, request.param, tmp_path_factory.mktemp("demo"))
    store = open_store(next(urls))
    run_demo(ROOT / "demo" / "articles", store, nlp, kb)
    with _serving(create_app(store, kb=kb)) as url:
        yield url
    store.close()
    next(urls, None)


def test_browser_demo_incident_page_then_evidence_in_its_document(page, demo_url: str):  # type: ignore[no-untyped-def]
    # Pick the Ankara killing by what its label says, not by a stored id.
    listing = page.request.get(demo_url + "/api/incidents?limit=100").json()["items"]
    wanted = [i for i in listing
              if "ambassador" in i["label"].lower() and "ankara" in i["label"].lower()]
    assert wanted, [i["label"] for i in listing]
    label = wanted[0]["label"]
    page.goto(demo_url + "/incidents")
    # By the link's accessible name: the label sits in a <bdi> inside the link (#18).
    page.locator("#incident-list").get_by_role("link", name=label, exact=True).click()
    page.wait_for_url(f"**/incidents/{wanted[0]['id']}")
    assert page.locator("#ledger table.ledger tr[id^=hypothesis-]").count() >= 2
    assert page.locator("#framing .framing-card").count() >= 2
    page.wait_for_selector("#incident-network[data-rendered=true] canvas", timeout=15000)
    assert _shot(page, "incident").stat().st_size > 20_000
    first = page.locator("#ledger details").first
    first.locator("summary").click()
    link = first.locator("a.evidence-link").first
    quoted = first.locator("blockquote mark").first.inner_text()
    link.click()
    page.wait_for_url("**/documents/**#focus")
    assert quoted in page.locator("mark.focus").first.inner_text() or \
        page.locator("mark.focus").first.inner_text() in quoted
    _shot(page, "incident-evidence-document")
    assert page.problems == []


def test_browser_demo_dyad_shows_turning_points_and_outlook(page, demo_url: str):  # type: ignore[no-untyped-def]
    page.goto(demo_url + "/dyads/TUR/RUS")
    page.wait_for_selector("#relation-chart[data-rendered=true] canvas", timeout=15000)
    assert page.locator("#turning-points tr.turning-point").count() >= 1
    assert page.locator("#outlook table.outlook tbody tr").count() >= 1
    _shot(page, "dyad-demo")
    assert page.problems == []


_LABEL_BOXES = """(element) => element.cy.nodes().map((node) => {
  const box = node.boundingBox({includeNodes: false, includeEdges: false,
                                includeLabels: true});
  return {label: node.data("label"), x1: box.x1, x2: box.x2, y1: box.y1, y2: box.y2};
})"""


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for n, a in enumerate(boxes):
        for b in boxes[n + 1:]:
            if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]:
                found.append((a["label"], b["label"]))
    return found


@pytest.mark.issue(19)
def test_issue_19_demo_killing_page_lists_acts_by_name(page, demo_url: str):  # type: ignore[no-untyped-def]
    from aftermath.incidents.names import is_pronoun, looks_like_code

    listing = page.request.get(demo_url + "/api/incidents?limit=100").json()["items"]
    killing = next(i for i in listing
                   if "ambassador" in i["label"].lower() and "ankara" in i["label"].lower())
    page.goto(demo_url + f"/incidents/{killing['id']}")
    heading = page.locator("#acts-heading").inner_text()
    rows = page.locator("#timeline table.acts tr.act")
    assert heading.startswith(f"What happened: {rows.count()} acts from ")
    assert 1 <= rows.count() <= 8
    top = int(rows.first.locator("td.act-reports").inner_text().split()[0])
    assert top >= 10
    for cell in page.locator("#timeline td.actor").all_inner_texts():
        words = " ".join(w for w in cell.split() if not looks_like_code(w))
        assert words and not is_pronoun(words), cell
    rows.first.locator("xpath=following-sibling::tr[1]//summary").click()
    link = page.locator("#timeline details[open] a.evidence-link").first
    sentence = page.locator("#timeline details[open] blockquote").first.inner_text()
    page.wait_for_selector("#incident-network[data-rendered=true] canvas", timeout=15000)
    boxes = page.locator("#incident-network").evaluate(_LABEL_BOXES)
    assert boxes and _overlapping(boxes) == []
    _shot(page, "incident-acts")
    link.click()
    page.wait_for_url("**/documents/**#focus")
    assert page.locator("mark.focus").first.inner_text() in sentence
    assert page.problems == []


@pytest.fixture(scope="module")
def bidi_url(bidi_store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from aftermath.web import create_app

    with _serving(create_app(bidi_store)) as url:
        yield url


# Left edges of the first and last character of the first element matching a selector, as
# laid out: the first left of the last when the text runs left to right.
_EDGES = """(selector) => {
  const node = document.querySelector(selector).firstChild;
  const range = document.createRange();
  const left = (i) => { range.setStart(node, i); range.setEnd(node, i + 1);
                        return range.getBoundingClientRect().left; };
  return [left(0), left(node.length - 1)];
}"""


@pytest.mark.parametrize(("path", "selector"), [
    ("/documents/rtl-blame", "article.document p.meta time"),  # after the outlet
    ("/outlets/%E2%80%AEevil%20Wire",  # after a title
     'ul.docs li:has(a[href="/documents/rtl-blame"]) time'),
    ("/", '#latest li:has(a[href="/documents/rtl-blame"]) .meta time'),  # title, outlet
])
def test_browser_override_in_a_name_does_not_reverse_the_date_after_it(  # type: ignore[no-untyped-def]
        page, bidi_url: str, path: str, selector: str):
    """An outlet named "\u202eevil Wire" (#18): without <bdi> the override runs on past the
    name and the date after it reads 02-21-6102."""
    page.goto(bidi_url + path)
    first, last = page.evaluate(_EDGES, selector)
    assert first < last, f"{selector} on {path} is laid out right to left"
    _shot(page, "bidi-" + (path.strip("/").split("/")[0] or "home"))
    assert page.problems == []
