"""HEAD is answered wherever GET is, and OPTIONS says which methods a path takes (#18)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize("url", ["/api/stats", "/", "/api/documents", "/incidents",
                                 "/static/app.js", "/api/documents/envoy-shot"])
def test_head_answers_like_get_without_a_body(client: TestClient, url: str):
    got, head = client.get(url), client.head(url)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))
    assert "script-src 'self'" in head.headers["content-security-policy"]


def test_head_of_nothing_is_404(client: TestClient):
    assert client.head("/nowhere").status_code == 404


def test_options_lists_the_methods_of_a_path(client: TestClient):
    documents = client.options("/api/documents")
    assert documents.status_code == 204
    assert documents.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    one = client.options("/api/documents/envoy-shot")
    assert one.headers["allow"] == "GET, HEAD, OPTIONS"
    assert client.options("/nowhere").status_code == 404
