"""A store whose incidents were never built says so, rather than showing an empty brief."""

from __future__ import annotations

from fastapi.testclient import TestClient

from aftermath.records import Analysis, Document
from aftermath.web import create_app


def test_store_without_incidents_says_how_to_build_them(store):
    store.save(Analysis(document=Document(id="d1", text="Nothing happened.", title="Quiet"),
                        actors=(), events=(), attributions=(), claims=()))
    with TestClient(create_app(store)) as client:
        assert client.get("/api/incidents").json() == {"items": [], "next": None,
                                                       "available": False}
        missing = client.get("/api/incidents/inc-1")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "incidents.not_found"
        for url in ("/", "/incidents"):
            assert "run `aftermath incidents`" in client.get(url).text
