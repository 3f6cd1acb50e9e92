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


def test_cli_ingest_dictionary_with_dask_is_refused_in_one_line(tmp_path: Path) -> None:
    dictionary = tmp_path / "user.actors.txt"
    dictionary.write_text("ARNOR_ [ARN]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"),
                                      "--dask", "local:1", "--dictionary", str(dictionary)])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(
        "aftermath: --dictionary is not supported with --dask yet")
