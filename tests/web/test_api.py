"""The REST API on a real SQLite store: status codes, JSON shapes, errors, pagination, token."""

from __future__ import annotations

from fastapi.testclient import TestClient

from aftermath.web import create_app


def _is_error(response, status: int, code: str | None = None) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    if code is not None:
        assert body["error"]["code"] == code


def test_api_stats_counts_what_was_stored(client: TestClient, web_articles):  # type: ignore[no-untyped-def]
    body = client.get("/api/stats").json()
    assert body["documents"] == len(web_articles)
    assert body["events"] > 0 and body["claims"] > 0
    assert body["published"] == {"first": "2015-11-24", "last": "2016-12-20"}


def test_api_document_follows_the_analyze_contract_with_text(client: TestClient):
    body = client.get("/api/documents/envoy-shot").json()
    assert set(body) >= {"document", "actors", "events", "attributions", "claims"}
    text = body["document"]["text"]
    assert body["document"]["published"] == "2016-12-19"
    for event in body["events"]:
        span = event["evidence"]
        assert text[span["start"] : span["end"]] == span["text"]
    assert any(e["plover"] == "ASSAULT" for e in body["events"])


def test_api_unknown_document_is_404_with_error_shape(client: TestClient):
    _is_error(client.get("/api/documents/no-such-thing"), 404, "store.not_found")


def test_api_unknown_route_and_method_use_error_shape(client: TestClient):
    _is_error(client.get("/api/nowhere"), 404)
    _is_error(client.delete("/api/stats"), 405)


def test_api_invalid_parameter_is_422_with_error_shape(client: TestClient):
    _is_error(client.get("/api/documents?limit=0"), 422, "request.invalid")
    _is_error(client.get("/api/relations?a=TURKEY&b=RUS"), 422, "request.invalid")


def test_api_documents_pages_with_cursor_cover_everything_once(client: TestClient, web_articles):  # type: ignore[no-untyped-def]
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/documents", params=params).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(d.id for d in web_articles)
    assert seen[0] == "hostile" and seen[-1] == "undated"  # newest first, undated last


def test_api_bad_cursor_is_422(client: TestClient):
    _is_error(client.get("/api/documents?cursor=garbage"), 422, "request.bad_cursor")


def test_api_search_finds_title_and_text_literally(client: TestClient):
    body = client.get("/api/search", params={"q": "pipeline"}).json()
    assert [item["id"] for item in body["items"]] == ["gas-deal"]
    assert "pipeline" in body["items"][0]["snippet"]
    assert client.get("/api/search", params={"q": "%"}).json()["items"] == []
    assert client.get("/api/search", params={"q": "_"}).json()["items"] == []


def test_api_search_pages(client: TestClient):
    first = client.get("/api/search", params={"q": "Turk", "limit": 1}).json()
    second = client.get("/api/search", params={"q": "Turk", "limit": 1,
                                               "cursor": first["next"]}).json()
    assert first["next"] and first["items"][0]["id"] != second["items"][0]["id"]


def test_api_search_without_words_is_422(client: TestClient):
    _is_error(client.get("/api/search", params={"q": "   "}), 422)


def test_api_relations_series_by_month_either_direction(client: TestClient):
    body = client.get("/api/relations", params={"a": "tur", "b": "RUS"}).json()
    assert (body["a"], body["b"], body["by"], body["dyad"]) == ("TUR", "RUS", "month", "TUR–RUS")
    periods = [p["period"] for p in body["periods"]]
    assert periods == sorted(periods) and "2015-11" in periods
    month = next(p for p in body["periods"] if p["period"] == "2015-11")
    assert month["quad"]["3"] + month["quad"]["4"] >= 1
    assert [d["id"] for d in month["reports"]] == ["jet-downed"] and month["reports_total"] == 1
    killing = next(p for p in body["periods"] if p["period"] == "2016-12")
    assert killing["quad"]["4"] >= 1 and killing["goldstein_sum"] < 0
    reverse = client.get("/api/relations", params={"a": "RUS", "b": "TUR"}).json()
    assert [p["events"] for p in reverse["periods"]] == [p["events"] for p in body["periods"]]
    assert reverse["dyad"] == "RUS–TUR"


def test_api_relation_chart_is_a_vega_lite_spec_of_the_series(client: TestClient):
    spec = client.get("/api/relations/chart", params={"a": "TUR", "b": "RUS"}).json()
    series = client.get("/api/relations", params={"a": "TUR", "b": "RUS"}).json()
    assert "vega-lite" in spec["$schema"]
    bars = spec["layer"][0]["data"]["values"]
    assert [v["key"] for v in bars] == [p["period"] for p in series["periods"]]
    assert [v["mean"] for v in bars] == [p["goldstein_mean"] for p in series["periods"]]
    assert all(v["start"].startswith(v["key"]) for v in bars)  # a month at its first day


def test_api_network_links_claimant_to_accused_by_status(client: TestClient):
    body = client.get("/api/network", params={"document": "envoy-shot"}).json()
    ids = {node["id"] for node in body["nodes"]}
    assert body["edges"], body
    for edge in body["edges"]:
        assert edge["source"] in ids and edge["target"] in ids
        assert edge["documents"] == ["envoy-shot"]
    assert any(e["evidence_status"] == "unsupported" for e in body["edges"])


def test_api_incident_unknown_is_a_404_in_the_error_shape(client: TestClient):
    _is_error(client.get("/api/incidents/ankara-2016"), 404, "incidents.not_found")


def test_api_post_refused_with_403_without_configured_token(client: TestClient):
    response = client.post("/api/documents", json={"text": "Turkey met Russia."},
                           headers={"Authorization": "Bearer anything"})
    _is_error(response, 403, "auth.forbidden")


def test_api_post_needs_the_right_token(web_store, analyzer):  # type: ignore[no-untyped-def]
    with TestClient(create_app(web_store, token="s3cret", analyzer=analyzer)) as client:
        _is_error(client.post("/api/documents", json={"text": "x"}), 401, "auth.required")
        _is_error(client.post("/api/documents", json={"text": "x"},
                              headers={"Authorization": "Bearer wrong"}), 401)


def test_api_post_analyses_and_stores_then_is_idempotent(store, analyzer):  # type: ignore[no-untyped-def]
    article = {"id": "new-one", "text": "Russian jets bombed a town in Syria on Monday.",
               "published": "2016-02-01", "outlet": "Example Wire"}
    with TestClient(create_app(store, token="s3cret", analyzer=analyzer)) as client:
        headers = {"Authorization": "Bearer s3cret"}
        created = client.post("/api/documents", json=article, headers=headers)
        assert created.status_code == 201, created.text
        assert created.headers["location"] == "/api/documents/new-one"
        assert created.json()["document"]["id"] == "new-one"
        assert client.get("/api/documents/new-one").json() == created.json()
        again = client.post("/api/documents", json=article, headers=headers)
        assert again.status_code == 200
        assert client.get("/api/stats").json()["documents"] == 1
        _is_error(client.post("/api/documents", json={**article, "published": "soon"},
                              headers=headers), 422, "request.invalid")


def test_api_post_body_over_the_cap_is_413(web_store, analyzer):  # type: ignore[no-untyped-def]
    app = create_app(web_store, token="s3cret", analyzer=analyzer, max_body_bytes=1000)
    with TestClient(app) as client:
        response = client.post("/api/documents", json={"text": "x" * 2000},
                               headers={"Authorization": "Bearer s3cret"})
        _is_error(response, 413, "request.too_large")


def test_api_overlong_url_is_414(client: TestClient):
    _is_error(client.get("/api/search", params={"q": "x" * 5000}), 414)


def test_api_responses_carry_security_headers(client: TestClient):
    for url in ("/api/stats", "/", "/api/nowhere", "/static/app.js"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_api_openapi_lists_the_endpoints(client: TestClient):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/documents", "/api/documents/{document_id}", "/api/stats", "/api/search",
            "/api/relations", "/api/incidents", "/api/incidents/{incident_id}"} <= set(paths)
    assert not any(not path.startswith("/api") for path in paths)


def test_api_streamed_body_over_the_cap_is_413_whatever_its_headers(web_store, analyzer):  # type: ignore[no-untyped-def]
    app = create_app(web_store, token="s3cret", analyzer=analyzer, max_body_bytes=1000)
    with TestClient(app) as client:
        response = client.post("/api/documents", content=iter([b"{" + b" " * 700, b" " * 700]),
                               headers={"Authorization": "Bearer s3cret",
                                        "Content-Type": "application/json"})
        _is_error(response, 413, "request.too_large")
