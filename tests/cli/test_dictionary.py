"""`--dictionary PATH` on ingest: a user's Phoenix-format file codes stored events (#12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aftermath.cli import app


@pytest.mark.issue(12)
def test_cli_ingest_dictionary_option_codes_stored_events(tmp_path: Path) -> None:
    dictionary = tmp_path / "middle-earth.actors.txt"
    dictionary.write_text("ARNOR_ [ARN]\n", encoding="utf-8")
    article = tmp_path / "arnor.txt"
    article.write_text("title: War\npublished: 2016-12-19\n---\nArnor attacked Gondor on "
                       "Monday.\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'x.sqlite'}"
    result = CliRunner().invoke(app, ["ingest", str(article), "--db", db, "--json",
                                      "--workers", "1", "--dictionary", str(dictionary)])
    assert result.exit_code == 0, result.output
    from aftermath.store import open_store

    store = open_store(db)
    try:
        events = [event for document in store.documents()
                  for event in store.load(document.id).events]
    finally:
        store.close()
    assert [e.source.code for e in events if e.source] == ["ARN"], json.dumps(
        [str(e) for e in events])


@pytest.mark.slow
def test_cli_ingest_dictionary_reaches_dask_workers(tmp_path: Path) -> None:
    """#18: the workers load the user's dictionaries too (they were refused before)."""
    dictionary = tmp_path / "middle-earth.actors.txt"
    dictionary.write_text("ARNOR_ [ARN]\n", encoding="utf-8")
    article = tmp_path / "arnor.txt"
    article.write_text("title: War\npublished: 2016-12-19\n---\nArnor attacked Gondor on "
                       "Monday.\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'x.sqlite'}"
    result = CliRunner().invoke(app, ["ingest", str(article), "--db", db, "--json",
                                      "--dask", "local:1", "--shards", str(tmp_path / "shards"),
                                      "--dictionary", str(dictionary)])
    assert result.exit_code == 0, result.output
    from aftermath.store import open_store

    store = open_store(db)
    try:
        events = [event for document in store.documents()
                  for event in store.load(document.id).events]
    finally:
        store.close()
    assert [e.source.code for e in events if e.source] == ["ARN"]
