"""A damaged or full store gives one line naming the store and the reason, never a
traceback, an SQL statement or article text (#18)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import event, text
from typer.testing import CliRunner

from aftermath.cli import app
from aftermath.ingest import ReadOptions
from aftermath.records import Analysis, Document
from aftermath.runs import ingest_sources
from aftermath.store import open_store

STORY = ("Turkey and Russia agreed on Tuesday to open talks on a ceasefire in northern Syria, "
         "the two foreign ministers said after meeting in Moscow.")


def _damaged(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'damaged.sqlite'}"
    store = open_store(db)
    store.save(Analysis(Document(id="d1", text=STORY, published="2016-12-19")))
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE events"))
    store.close()
    return db


def test_relations_brief_and_incidents_on_a_damaged_store_fail_in_one_line(tmp_path: Path):
    db = _damaged(tmp_path)
    for command in (["relations", "TUR", "RUS"], ["brief"], ["incidents"]):
        result = CliRunner().invoke(app, [*command, "--db", db])
        assert result.exit_code == 2, (command, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (command, result.stderr)
        assert lines[0].startswith(f"aftermath: {db}: ")
        assert "no such table: events" in lines[0]
        assert "SELECT" not in result.output and "Traceback" not in result.output


def test_a_full_store_rejects_each_document_and_the_run_ends_cleanly(tmp_path: Path, nlp, kb):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'full.sqlite'}")
    with store.engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar()
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def _no_room(connection, _record):  # type: ignore[no-untyped-def]
        connection.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"

    # Long enough that each needs pages the store may not add.
    first = " ".join(f"{STORY} Report {n}." for n in range(40))
    second = " ".join(f"Iran's envoy met Iraqi officials in Baghdad, meeting {n}."
                      for n in range(80))
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join([json.dumps({"id": "a", "text": first}), "not json",
                               json.dumps({"id": "b", "text": second})]), encoding="utf-8")
    summary = ingest_sources([dump], store, nlp, kb, options=ReadOptions(), workers=1)
    assert summary.stored == 0 and summary.exit_code == 3
    codes = sorted(r.code for r in summary.rejections)
    assert codes == ["input.bad_json", "store.write_failed", "store.write_failed"]
    for rejection in summary.rejections:
        assert "INSERT" not in rejection.message and STORY[:40] not in rejection.message
    assert any("full" in r.message for r in summary.rejections if r.code.startswith("store"))
