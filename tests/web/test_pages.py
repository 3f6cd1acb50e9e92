"""Server-rendered pages: content from the store, and untrusted text always shown escaped."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from html_tags import parse_tags

PAGES_SHOWING_THE_HOSTILE_ARTICLE = [
    "/", "/documents/hostile", "/search?q=Envoy", "/search?q=onerror",
    "/outlets/" + quote("Wire <b>bold</b>"), "/dyads/RUS/TUR",
    "/search?q=" + quote('<script>alert("q")</script>'),
]


@pytest.mark.parametrize("url", PAGES_SHOWING_THE_HOSTILE_ARTICLE)
def test_pages_show_hostile_title_and_text_escaped(client: TestClient, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.text
    html = response.text
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert" in html or "&lt;b&gt;bold" in html
    parsed = parse_tags(html)
    assert not parsed.script_text, "no inline script"
    for tag, attrs in parsed.tags:
        assert tag != "img"
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "style" not in attrs, (tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").lower().startswith("javascript:"), (tag, attrs)


def test_pages_document_never_links_a_non_http_url(client: TestClient):
    html = client.get("/documents/hostile").text
    assert 'href="javascript' not in html.lower()
    assert "javascript:alert(3)" in html  # shown as text, not as a link


def test_pages_document_highlights_from_offsets(client: TestClient):
    html = client.get("/documents/envoy-shot").text
    parsed = parse_tags(html)
    classes = [attrs.get("class") or "" for tag, attrs in parsed.tags if tag == "mark"]
    assert any("actor" in c for c in classes)
    assert any("event" in c for c in classes)
    assert any("claim-unsupported" in c for c in classes)
    assert 'id="event-0"' in html and 'href="#event-0"' in html
    assert "could not be placed" not in html


def test_pages_home_shows_stats_latest_and_dyads(client: TestClient):
    html = client.get("/").text
    assert "Envoy shot dead at gallery in Ankara" in html
    assert 'href="/dyads/RUS/TUR"' in html
    assert 'id="latest-incidents"' in html and 'href="/incidents/inc-' in html
    assert 'data-network="/api/network"' in html


def test_pages_dyad_page_points_its_chart_at_the_api(client: TestClient):
    html = client.get("/dyads/tur/rus").text
    assert 'data-chart="/api/relations/chart?a=TUR&amp;b=RUS&amp;by=month"' in html
    assert 'id="period-2016-12"' in html and 'href="/documents/envoy-shot"' in html
    assert "/static/vendor/vega-embed/vega-embed.min.js" in html


def test_pages_outlet_page_lists_documents_and_claim_statuses(client: TestClient):
    html = client.get("/outlets/Reuters").text
    assert "Envoy shot dead at gallery in Ankara" in html and "Talks planned" in html
    assert "status-unsupported" in html
    assert "INT" in html  # Reuters' registry country


def test_pages_incident_unknown_is_a_404_page(client: TestClient):
    missing = client.get("/incidents/ankara-2016")
    assert missing.status_code == 404 and "no incident with id" in missing.text


@pytest.mark.parametrize(("url", "status"), [("/documents/nope", 404), ("/outlets/Nobody", 404),
                                              ("/dyads/TURKEY/RUS", 422), ("/nowhere", 404)])
def test_pages_errors_are_html_pages(client: TestClient, url: str, status: int):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>" + str(status) in response.text


def test_pages_static_assets_are_served_from_the_package(client: TestClient):
    for path in ("/static/app.js", "/static/app.css",
                 "/static/vendor/vega/vega.min.js", "/static/vendor/vega-lite/vega-lite.min.js",
                 "/static/vendor/vega-embed/vega-embed.min.js",
                 "/static/vendor/cytoscape/cytoscape.min.js"):
        response = client.get(path)
        assert response.status_code == 200 and len(response.content) > 1000, path
