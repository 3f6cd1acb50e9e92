"""The incidents seam: once a stage writes an `incidents` table, API and pages list it."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Column, MetaData, String, Table, insert

from aftermath.store import open_store
from aftermath.web import create_app


def test_incidents_table_is_listed_paged_and_shown(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'i.sqlite'}")
    table = Table("incidents", MetaData(), Column("id", String, primary_key=True),
                  Column("label", String), Column("date", String))
    table.create(store.engine)
    with store.engine.begin() as conn:
        conn.execute(insert(table), [
            {"id": f"inc-{n}", "label": f"Incident <{n}>", "date": "2016-12-19"}
            for n in range(3)
        ])
    with TestClient(create_app(store)) as client:
        first = client.get("/api/incidents", params={"limit": 2}).json()
        assert first["available"] is True and [i["id"] for i in first["items"]] == [
            "inc-0", "inc-1"]
        second = client.get("/api/incidents", params={"limit": 2,
                                                      "cursor": first["next"]}).json()
        assert [i["id"] for i in second["items"]] == ["inc-2"] and second["next"] is None
        assert client.get("/api/incidents/inc-1").json()["label"] == "Incident <1>"
        assert client.get("/api/incidents/none").status_code == 404
        page = client.get("/incidents/inc-1")
        assert page.status_code == 200 and "Incident &lt;1&gt;" in page.text
        assert "Incident &lt;2&gt;" in client.get("/").text
