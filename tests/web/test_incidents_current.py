"""Incidents stay current without a separate step: ingest and POST fold documents in (#13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from aftermath.cli import app
from aftermath.store import open_store
from aftermath.web import create_app

ARTICLES = {
    "k1.txt": ("Russian ambassador shot dead in Ankara", "Anadolu Agency", "2016-12-19",
               "An off-duty Turkish police officer shot dead Russia's ambassador at an art "
               "gallery in Ankara on Monday. Turkish officials blamed the Gulen movement."),
    "k2.txt": ("Envoy killed in Ankara", "TASS", "2016-12-19",
               "A gunman killed Russia's ambassador to Turkey in Ankara on Monday, the Russian "
               "Foreign Ministry said."),
    "b1.txt": ("Truck attack on Berlin market", "Deutsche Welle", "2016-12-19",
               "A truck drove into a Christmas market in Berlin on Monday evening, killing "
               "twelve people. Police detained a suspect near the scene."),
}


def _write_corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, (title, outlet, published, text) in ARTICLES.items():
        (folder / name).write_text(f"title: {title}\noutlet: {outlet}\npublished: {published}\n"
                                   f"---\n{text}\n", "utf-8")
    return folder


def _documents(client: TestClient) -> list[set[str]]:
    page = client.get("/api/incidents").json()
    assert page["available"] is True
    return sorted((set(item["documents"]) for item in page["items"]), key=sorted)


@pytest.mark.issue(13)
def test_issue_13_cli_ingest_then_api_lists_incidents(tmp_path: Path, analyzer, kb):  # type: ignore[no-untyped-def]
    corpus = _write_corpus(tmp_path / "articles")
    db = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", db, "--workers", "1"])
    assert result.exit_code == 0, result.output
    store = open_store(db)
    with TestClient(create_app(store, token="s3cret", analyzer=analyzer, kb=kb)) as client:
        groups = _documents(client)
        assert len(groups) == 2 and {len(g) for g in groups} == {1, 2}
        berlin = next(g for g in groups if len(g) == 1)
        article = {"id": "b2", "text": "Twelve people died when a lorry ploughed into crowds at "
                   "a Christmas market in Berlin on Monday night. German police arrested a man "
                   "near the market.", "title": "Lorry kills twelve at Berlin Christmas market",
                   "published": "2016-12-19", "outlet": "Reuters"}
        created = client.post("/api/documents", json=article,
                              headers={"Authorization": "Bearer s3cret"})
        assert created.status_code == 201, created.text
        assert berlin | {"b2"} in _documents(client)
    store.close()
