"""One id given twice in a batch (#18): the first record is kept, the repeat is one rejection
line naming its file, its line and the line it repeats; counts are exact and no report or
signature is lost, on SQLite and PostgreSQL.

Before: a repeat with a different text replaced the first inside the same run (its text,
report and signature gone, `stored` counting both), and a copy of that second text stored
under another id lost its report; a repeat of the same text was counted `unchanged`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aftermath.cli import app
from aftermath.ingest import ReadOptions, read_sources
from aftermath.ingest.dedupe import content_key
from aftermath.records import Document, Rejection
from aftermath.store import open_store

JETS = ("Turkish jets shot down a Russian warplane near the Syrian border on Tuesday, "
        "officials in Ankara said, adding that the pilots had ignored repeated warnings.")
ENVOY = ("Moscow recalled its ambassador from Ankara and suspended visa-free travel for "
         "Turkish citizens after the loss of the bomber.")
FOOD = ("The Kremlin banned imports of Turkish fruit and vegetables from January, a decree "
        "published by the government showed.")


def _jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize(("second", "reason"), [
    ({"id": "d1", "text": JETS, "outlet": "Reuters"}, "(the same record)"),
    ({"id": "d1", "text": JETS, "outlet": "TASS"},
     "(the same text, outlet TASS here and Reuters there; give this copy an id of its own "
     "to keep it as a report)"),
    ({"id": "d1", "text": FOOD, "outlet": "Reuters"}, "(a different text)"),
])
def test_reader_refuses_the_repeat_naming_both_lines(tmp_path: Path, second: dict[str, str],
                                                     reason: str):
    path = _jsonl(tmp_path / "dump.jsonl", [{"id": "d1", "text": JETS, "outlet": "Reuters"},
                                            second, {"id": "d2", "text": ENVOY}])
    items = list(read_sources([path], ReadOptions()))
    assert [(i.id, i.text) for i in items if isinstance(i, Document)] == [
        ("d1", JETS), ("d2", ENVOY)]
    assert [(r.source, r.locator, r.code, r.message) for r in items
            if isinstance(r, Rejection)] == [
        (str(path), "line 2", "input.duplicate_id", f"id d1 repeats line 1 {reason}; the first "
                                                    "is kept")]


def test_csv_repeat_names_its_row_and_the_first(tmp_path: Path):
    path = tmp_path / "dump.csv"
    path.write_text(f'id,text\nd1,"{JETS}"\nd2,"{ENVOY}"\nd1,"{FOOD}"\n', encoding="utf-8")
    items = list(read_sources([path], ReadOptions()))
    assert [i.id for i in items if isinstance(i, Document)] == ["d1", "d2"]
    [rejection] = [i for i in items if isinstance(i, Rejection)]
    assert (rejection.locator, rejection.message) == (
        "row 4 (line 4)", "id d1 repeats row 2 (line 2) (a different text); the first is kept")


def test_records_without_ids_are_not_repeats(tmp_path: Path):
    # Ids made from the line are distinct; the same text twice is a copy, found by triage.
    path = _jsonl(tmp_path / "dump.jsonl", [{"text": JETS}, {"text": JETS}])
    assert all(isinstance(i, Document) for i in read_sources([path], ReadOptions()))


def _ingest(runner: CliRunner, paths: list[Path], db: str) -> tuple[dict[str, int], list[str]]:
    result = runner.invoke(app, ["ingest", *map(str, paths), "--db", db, "--workers", "1",
                                 "--json"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.stdout), result.stderr.strip().splitlines()


def _contents(db: str) -> dict[str, object]:
    """What the store holds: per document its text, outlet and reports; whose signature
    each stored text's content key finds; the rejections recorded."""
    store = open_store(db)
    try:
        documents = {d.id: (d.text, d.outlet) for d in store.documents()}
        reports = {k: sorted((r.source_id, r.kind.value, r.outlet or "") for r in v)
                   for k, v in store.reports().items()}
        signatures = {i: store.find_content(content_key(text))
                      for i, (text, _outlet) in documents.items()}
        rejections = sorted((r.locator, r.code) for _when, r in store.rejections())
    finally:
        store.close()
    return {"documents": documents, "reports": reports, "signatures": signatures,
            "rejections": rejections}


def test_ingest_keeps_the_first_and_every_report_on_both_backends(tmp_path: Path, db_url: str):
    dump = _jsonl(tmp_path / "dump.jsonl", [
        {"id": "d1", "text": JETS, "outlet": "Reuters"},
        {"id": "d1", "text": FOOD, "outlet": "TASS"},   # another text under d1
        {"id": "d3", "text": FOOD, "outlet": "AP"},     # that text under its own id
        {"id": "d1", "text": JETS, "outlet": "TASS"},   # d1's text from another outlet
        {"id": "d4", "text": JETS.upper(), "outlet": "TASS"},  # ... with its own id: a report
        {"id": "d2", "text": ENVOY},
    ])
    runner = CliRunner()
    summary, lines = _ingest(runner, [dump], db_url)
    assert summary == {"stored": 3, "unchanged": 0, "duplicates": 1, "non_english": 0,
                       "rejected": 2}
    assert lines == [
        f"aftermath: {dump}: line 2: id d1 repeats line 1 (a different text); the first is kept",
        f"aftermath: {dump}: line 4: id d1 repeats line 1 (the same text, outlet TASS here and "
        "Reuters there; give this copy an id of its own to keep it as a report); the first is "
        "kept"]
    held = _contents(db_url)
    assert held["documents"] == {"d1": (JETS, "reuters"), "d2": (ENVOY, None),
                                 "d3": (FOOD, "ap")}
    assert held["reports"] == {"d1": [("d1", "original", "reuters"), ("d4", "exact", "tass")],
                               "d2": [("d2", "original", "")],
                               "d3": [("d3", "original", "ap")]}
    assert held["signatures"] == {"d1": "d1", "d2": "d2", "d3": "d3"}
    assert held["rejections"] == [("line 2", "input.duplicate_id"),
                                  ("line 4", "input.duplicate_id")]
    # A rerun refuses the same repeats and changes nothing stored.
    again, again_lines = _ingest(runner, [dump], db_url)
    assert again == {"stored": 0, "unchanged": 4, "duplicates": 0, "non_english": 0,
                     "rejected": 2}
    assert again_lines == lines
    rerun = _contents(db_url)
    assert {k: rerun[k] for k in ("documents", "reports", "signatures")} == {
        k: held[k] for k in ("documents", "reports", "signatures")}


def test_ingest_same_id_in_two_files_keeps_the_first_text(tmp_path: Path, db_url: str):
    first = _jsonl(tmp_path / "a.jsonl", [{"id": "x", "text": JETS, "outlet": "Reuters"}])
    second = _jsonl(tmp_path / "b.jsonl", [{"id": "x", "text": FOOD, "outlet": "TASS"},
                                           {"id": "y", "text": FOOD, "outlet": "AP"}])
    summary, lines = _ingest(CliRunner(), [first, second], db_url)
    assert summary == {"stored": 2, "unchanged": 0, "duplicates": 0, "non_english": 0,
                       "rejected": 1}
    # The store names a document by its id; which file gave the repeat is not known here.
    assert lines == ["aftermath: x: this id was given to a different text earlier in this "
                     "run; the first is kept"]
    held = _contents(db_url)
    assert held["documents"] == {"x": (JETS, "reuters"), "y": (FOOD, "ap")}
    assert held["reports"] == {"x": [("x", "original", "reuters")],
                               "y": [("y", "original", "ap")]}
    assert held["signatures"] == {"x": "x", "y": "y"}
