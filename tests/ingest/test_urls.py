"""URL fetching through a mock transport and a fake resolver: no network is touched."""

from __future__ import annotations

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from aftermath.ingest import ReadOptions, read_sources
from aftermath.records import Document, Rejection

STORY = ("Russia and Turkey agreed on Tuesday to open talks on a ceasefire in northern Syria, "
         "the two foreign ministers said after meeting in Moscow for several hours.")
PAGE = (f"<html><head><title>Talks agreed</title></head><body><article><h1>Talks agreed</h1>"
        f"<p>{STORY}</p><p>Officials in Ankara welcomed the step.</p></article></body></html>")
FEED = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
        f"<guid>urn:1</guid><title>Talks</title><description>{STORY}</description></item>"
        f"</channel></rss>")
ADDRESSES = {"news.example": ["93.184.216.34"], "intranet.example": ["10.1.2.3"],
             "feeds.example": ["93.184.216.35"], "metadata.example": ["169.254.169.254"]}


def _options(handler, **kwargs) -> ReadOptions:  # type: ignore[no-untyped-def]
    seen = kwargs.pop("seen", None)

    def wrapped(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return handler(request)

    return ReadOptions(transport=httpx.MockTransport(wrapped),
                       resolver=lambda host: ADDRESSES.get(host, ["93.184.216.36"]), **kwargs)


def _site(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/article":
        return httpx.Response(200, text=PAGE, headers={"content-type": "text/html"})
    if path == "/feed":
        return httpx.Response(200, text=FEED, headers={"content-type": "application/rss+xml"})
    if path == "/moved":
        return httpx.Response(301, headers={"location": "/article"})
    if path == "/to-intranet":
        return httpx.Response(302, headers={"location": "http://intranet.example/secret"})
    if path == "/loop":
        return httpx.Response(302, headers={"location": "/loop"})
    if path == "/huge":
        return httpx.Response(200, content=b"x" * 50_000, headers={"content-type": "text/html"})
    if path == "/slow":
        raise httpx.ReadTimeout("timed out", request=request)
    return httpx.Response(404)


def test_url_html_article_is_read_with_its_url_as_id():
    seen: list[httpx.Request] = []
    [document] = list(read_sources(["https://news.example/article"], _options(_site, seen=seen)))
    assert isinstance(document, Document)
    assert (document.id, document.url) == ("https://news.example/article",) * 2
    assert STORY in document.text
    assert seen[0].headers["user-agent"].startswith("aftermath/")


def test_url_feed_yields_its_items():
    [document] = list(read_sources(["https://feeds.example/feed"], _options(_site)))
    assert isinstance(document, Document) and document.id == "urn:1"


def test_url_redirect_is_followed_and_checked():
    [document] = list(read_sources(["https://news.example/moved"], _options(_site)))
    assert isinstance(document, Document) and document.url == "https://news.example/article"


def test_url_redirect_into_private_network_is_refused():
    [item] = list(read_sources(["https://news.example/to-intranet"], _options(_site)))
    assert isinstance(item, Rejection) and item.code == "input.private_address"
    assert "--allow-private" in item.message


def test_url_private_link_local_and_loopback_refused_unless_allowed():
    for url in ("http://intranet.example/a", "http://metadata.example/latest",
                "http://127.0.0.1:8000/article", "http://[::1]/article"):
        [item] = list(read_sources([url], _options(_site)))
        assert isinstance(item, Rejection) and item.code == "input.private_address", url
    [document] = list(read_sources(["http://127.0.0.1:8000/article"],
                                   _options(_site, allow_private=True)))
    assert isinstance(document, Document)


def test_url_scheme_other_than_http_is_refused():
    [item] = list(read_sources(["ftp://news.example/article"], _options(_site)))
    assert isinstance(item, Rejection) and item.code == "input.bad_url"


def test_url_redirect_loop_size_cap_timeout_and_404_are_rejections():
    options = _options(_site, max_bytes=1_000)
    reasons = {}
    for path in ("loop", "huge", "slow", "gone"):
        [item] = list(read_sources([f"https://news.example/{path}"], options))
        assert isinstance(item, Rejection)
        reasons[path] = item.message
    assert reasons["loop"] == "more than 5 redirects"
    assert "above the limit" in reasons["huge"]
    assert "ReadTimeout" in reasons["slow"]
    assert reasons["gone"] == "HTTP 404"


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["text/html", "application/rss+xml",
                                                 "text/plain", "application/octet-stream", ""]),
       st.sampled_from([200, 301, 404, 500]))
def test_url_reader_never_raises_whatever_the_server_sends(body: bytes, kind: str, status: int):
    def server(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": kind} if kind else {}
        if status == 301:
            headers["location"] = "/elsewhere"
        return httpx.Response(status, content=body, headers=headers)

    for item in read_sources(["https://news.example/x"], _options(server)):
        assert isinstance(item, Document | Rejection)
