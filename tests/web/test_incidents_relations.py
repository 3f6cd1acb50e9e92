"""Incidents (#6) and relations (#7) through the web: same JSON as the CLI, pages, escaping."""

from __future__ import annotations

import contextlib
import sqlite3
from html import escape as html_escape
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest
from fastapi.testclient import TestClient
from html_tags import parse_tags
from sqlalchemy import select, update

from aftermath.export.incidents import brief_json
from aftermath.export.relations import relation_json
from aftermath.incidents import incident_brief, list_incidents
from aftermath.relations import By, relation_report
from aftermath.store import open_store, schema
from aftermath.web import create_app


def _incident_with(client: TestClient, document_id: str) -> dict:
    items = client.get("/api/incidents", params={"limit": 100}).json()["items"]
    return next(i for i in items if document_id in i["documents"])


def _assert_no_markup_from_data(html: str) -> None:
    assert "<script>alert" not in html and "<img src=x" not in html
    parsed = parse_tags(html)
    assert not parsed.script_text
    for tag, attrs in parsed.tags:
        assert tag != "img" and not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs


def test_api_incidents_list_the_cli_shape_and_page_in_both_orders(client: TestClient, web_store):
    expected = list_incidents(web_store)
    for order in ("reported", "latest"):
        seen, cursor = [], None
        while True:
            params = {"limit": 1, "order": order, **({"cursor": cursor} if cursor else {})}
            body = client.get("/api/incidents", params=params).json()
            assert body["available"] is True
            seen += body["items"]
            cursor = body["next"]
            if cursor is None:
                break
        assert sorted(i["id"] for i in seen) == sorted(i.id for i in expected)
        assert len({i["id"] for i in seen}) == len(seen)
        assert set(seen[0]) >= {"id", "label", "date", "place", "documents", "first_report",
                                "outlet_count", "countries"}
        if order == "reported":
            assert [i["id"] for i in seen] == [i.id for i in expected]  # the CLI's order
        else:
            firsts = [i["first_report"] or "" for i in seen]
            assert firsts == sorted(firsts, reverse=True)


def test_api_incidents_refuse_a_cursor_of_the_other_order(client: TestClient):
    body = client.get("/api/incidents", params={"limit": 1, "order": "latest"}).json()
    response = client.get("/api/incidents", params={"cursor": body["next"]})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "request.bad_cursor"


def test_api_incident_is_the_brief_json_of_the_cli(client: TestClient, web_store, kb):
    chosen = _incident_with(client, "envoy-shot")
    body = client.get(f"/api/incidents/{chosen['id']}").json()
    assert body == brief_json(incident_brief(web_store, chosen["id"], kb=kb))
    assert body["incident"]["id"] == chosen["id"] and "envoy-shot" in body["incident"]["documents"]
    assert {"hypotheses", "framing", "framing_groups", "events", "unattached"} <= set(body)


def test_api_relations_is_the_cli_json_plus_what_is_behind_each_period(client: TestClient,
                                                                      web_store):
    for by in ("day", "week", "month"):
        body = client.get("/api/relations", params={"a": "TUR", "b": "RUS", "by": by}).json()
        cli = relation_json(relation_report(web_store, "TUR", "RUS", by=By(by)))
        added = {"reports", "reports_total", "incidents"}
        assert {k: v for k, v in body.items() if k not in ("a", "b")} | {
            "periods": [{k: v for k, v in p.items() if k not in added} for p in body["periods"]]
        } == cli
        assert set(body) >= {"turning_points", "outlook", "counted"}
        for period in body["periods"]:
            for incident in period["incidents"]:
                members = client.get(f"/api/incidents/{incident['id']}").json()
                assert {d["id"] for d in period["reports"]} & set(
                    members["incident"]["documents"])
    assert client.get("/api/relations", params={"a": "TUR", "b": "RUS",
                                                "by": "year"}).status_code == 422


def test_api_network_filtered_to_an_incident(client: TestClient):
    chosen = _incident_with(client, "envoy-shot")
    body = client.get("/api/network", params={"incident": chosen["id"]}).json()
    assert body["edges"]
    assert all(set(e["documents"]) <= set(chosen["documents"]) for e in body["edges"])
    assert client.get("/api/network", params={"incident": "nothing"}).json()["edges"] == []


def test_incident_page_has_ledger_framing_network_and_evidence_links(client: TestClient):
    chosen = _incident_with(client, "envoy-shot")
    brief = client.get(f"/api/incidents/{chosen['id']}").json()
    html = client.get(f"/incidents/{chosen['id']}").text
    for section in ('id="timeline"', 'id="ledger"', 'id="framing"', 'id="network"'):
        assert section in html
    assert f'data-network="/api/network?incident={chosen["id"]}"' in html
    for hypothesis in brief["hypotheses"]:
        assert f'id="hypothesis-{hypothesis["key"]}"' in html
    links = [attrs["href"] for tag, attrs in parse_tags(html).tags
             if tag == "a" and "evidence-link" in (attrs.get("class") or "")]
    claims = [c for h in brief["hypotheses"] for c in h["claims"]] + brief["unattached"]
    assert claims and len(links) >= len(claims)
    for link in links:  # each evidence link opens its document with the passage marked
        url = urlparse(link.replace("&amp;", "&"))
        query = parse_qs(url.query)
        page = client.get(url.path, params={k: v[0] for k, v in query.items()})
        assert page.status_code == 200 and 'id="focus"' in page.text
        assert url.fragment == "focus"


def test_document_page_ignores_focus_outside_the_text(client: TestClient):
    html = client.get("/documents/envoy-shot", params={"start": 5, "end": 99999}).text
    assert 'id="focus"' not in html and "could not be placed" not in html


def test_incident_page_escapes_label_proponents_and_evidence(client: TestClient, web_store,
                                                             web_articles, tmp_path: Path, kb):
    hostile_title = next(d.title for d in web_articles if d.id == "hostile")
    chosen = _incident_with(client, "hostile")
    with _relabelled(web_store, tmp_path, chosen["id"], hostile_title) as store, \
            TestClient(create_app(store, kb=kb)) as hostile_client:
        for url in ("/", "/incidents", f"/incidents/{chosen['id']}", "/dyads/TUR/RUS"):
            response = hostile_client.get(url)
            assert response.status_code == 200, url
            _assert_no_markup_from_data(response.text)
        page = hostile_client.get(f"/incidents/{chosen['id']}").text
        assert "&lt;script&gt;alert(&#34;title&#34;)" in page  # the label, escaped
        assert hostile_client.get(f"/api/incidents/{chosen['id']}").json()["incident"][
            "label"] == hostile_title


@contextlib.contextmanager
def _relabelled(web_store, tmp_path: Path, incident_id: str, label: str):  # type: ignore[no-untyped-def]
    """The shared store with one incident relabelled: a copy on SQLite; on PostgreSQL the
    store itself, its label put back afterwards."""
    i = schema.incidents
    if web_store.engine.dialect.name == "sqlite":
        copy = tmp_path / "copy.sqlite"
        with sqlite3.connect(str(web_store.engine.url.database)) as source, \
                sqlite3.connect(copy) as target:
            source.backup(target)  # the whole store, write-ahead log included
        store = open_store(f"sqlite:///{copy}")
        restore = None
    else:
        store = web_store
        with store.engine.connect() as conn:
            restore = conn.execute(select(i.c.label).where(i.c.id == incident_id)).scalar()
    with store.engine.begin() as conn:
        conn.execute(update(i).where(i.c.id == incident_id).values(label=label))
    try:
        yield store
    finally:
        if store is web_store:
            with store.engine.begin() as conn:
                conn.execute(update(i).where(i.c.id == incident_id).values(label=restore))
        else:
            store.close()


def test_dyad_page_shows_turning_points_outlook_and_period_incidents(client: TestClient):
    series = client.get("/api/relations", params={"a": "TUR", "b": "RUS"}).json()
    html = client.get("/dyads/TUR/RUS").text
    assert 'id="turning-points"' in html and 'id="outlook"' in html
    if series["outlook"]:
        assert 'id="outlook-note"' in html
    for period in series["periods"]:
        for incident in period["incidents"]:
            assert f'href="/incidents/{incident["id"]}"' in html
    week = client.get("/dyads/TUR/RUS", params={"by": "week"}).text
    assert "by=week" in week and "<strong>week</strong>" in week


def test_incident_view_caps_long_lists_and_keeps_their_totals(client: TestClient, web_store,
                                                              kb, monkeypatch):
    from aftermath.web import data

    chosen = _incident_with(client, "envoy-shot")
    brief = client.get(f"/api/incidents/{chosen['id']}").json()
    for name in ("PAGE_CLAIMS", "PAGE_PROPONENTS", "PAGE_EVENTS", "PAGE_DOCUMENTS"):
        monkeypatch.setattr(data, name, 1)
    view = data.incident_view(web_store, chosen["id"], brief=brief)
    assert view["timeline_total"] == len(brief["events"]) and len(view["timeline"]) <= 1
    assert view["documents_total"] == len(brief["incident"]["documents"])
    assert len(view["documents"]) == 1
    for shown, full in zip(view["hypotheses"], brief["hypotheses"], strict=True):
        assert shown["claims_total"] == len(full["claims"]) and len(shown["claims"]) <= 1
        assert shown["claims"] == [] or shown["claims"][0]["evidence"] == full["claims"][0][
            "evidence"]
    assert brief == client.get(f"/api/incidents/{chosen['id']}").json()  # not changed in place


@pytest.mark.issue(13)
def test_issue_13_incident_page_shows_the_sentence_that_set_each_status(client: TestClient):
    chosen = _incident_with(client, "envoy-shot")
    brief = client.get(f"/api/incidents/{chosen['id']}").json()
    claims = [c for h in brief["hypotheses"] for c in h["claims"]] + brief["unattached"]
    decided = [c for c in claims if c["status_evidence"] is not None]
    assert decided, "no claim of the incident names the sentence that set its status"
    assert any(c["status_rule"] == "sentence.unsupported" for c in decided)
    html = client.get(f"/incidents/{chosen['id']}").text
    links = [attrs["href"] for tag, attrs in parse_tags(html).tags
             if tag == "a" and "status-link" in (attrs.get("class") or "")]
    assert len(links) >= len(decided)
    for claim in decided:
        span = claim["status_evidence"]
        assert html_escape(span["text"], quote=True) in html or span["text"] in html
        wanted = (f"/documents/{quote(span['document'])}?start={span['start']}"
                  f"&amp;end={span['end']}#focus")
        assert wanted.replace("&amp;", "&") in [link.replace("&amp;", "&") for link in links]
    for link in links:  # each opens its document with the deciding sentence marked
        url = urlparse(link.replace("&amp;", "&"))
        page = client.get(url.path, params={k: v[0] for k, v in parse_qs(url.query).items()})
        assert page.status_code == 200 and 'id="focus"' in page.text
