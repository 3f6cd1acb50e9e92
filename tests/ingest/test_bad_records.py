"""One bad record is one rejection with its line; the good records around it are read (#18)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from aftermath.ingest import ReadOptions, RecordLimits, read_sources
from aftermath.ingest.checks import check_document, column_limits
from aftermath.records import Document, Rejection
from aftermath.store import schema

GOOD = "Officials in Ankara said the talks with Moscow would resume next week."


def _split(items: list[Document | Rejection]) -> tuple[list[Document], list[Rejection]]:
    return ([i for i in items if isinstance(i, Document)],
            [i for i in items if isinstance(i, Rejection)])


def _line(record: dict[str, object]) -> bytes:
    return json.dumps(record).encode("utf-8")


def _jsonl(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n"


def test_column_limits_come_from_the_schema():
    limits = column_limits()
    assert limits["outlet"] == schema.documents.c.outlet.type.length
    assert limits["id"] == min(schema.documents.c.id.type.length,
                               schema.reports.c.source_id.type.length)


@pytest.mark.parametrize(("record", "reason"), [
    ({"id": "a", "text": GOOD, "outlet": "x" * 300}, "outlet: 300 characters, longer than"),
    ({"id": "b" * 129, "text": GOOD}, "id: 129 characters, longer than"),
    ({"id": "c", "text": GOOD, "title": "Talks\u0000resume"}, "title: a NUL at character 5"),
    ({"id": "d\u0000", "text": GOOD}, "id: a NUL at character 1"),
    ({"id": "e", "text": GOOD + "\u0000"}, "text: a NUL"),
    ({"id": "f", "text": GOOD, "outlet": "Reu\u001bters"}, "outlet: control character U+001B"),
    ({"id": "g", "text": GOOD, "published": "0001-01-01"}, "outside the years 1800-2100"),
    ({"id": "h", "text": GOOD, "published": "9999-12-31"}, "outside the years 1800-2100"),
])
def test_a_bad_field_rejects_its_line_only(tmp_path: Path, record: dict[str, object],
                                           reason: str):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(_jsonl([_line({"id": "ok-1", "text": GOOD}), _line(record),
                             _line({"id": "ok-2", "text": GOOD + " Later."})]))
    documents, rejections = _split(list(read_sources([path])))
    assert [d.id for d in documents] == ["ok-1", "ok-2"]
    assert len(rejections) == 1
    assert rejections[0].source == str(path)
    assert rejections[0].locator == "line 2"
    assert reason in rejections[0].message


def test_text_keeps_tabs_and_newlines_and_title_keeps_line_breaks():
    document = Document(id="x", text="First.\tSecond.\r\nThird.\fFourth.", title="A\nB")
    assert check_document(document, RecordLimits()) == document


def test_invalid_utf8_and_raw_nul_reject_one_line_each(tmp_path: Path):
    path = tmp_path / "dump.jsonl"
    raw_nul = b'{"id": "raw-nul", "text": "talks\x00resume"}'
    path.write_bytes(_jsonl([
        _line({"id": "ok-1", "text": GOOD}),
        b'{"id": "bad-bytes", "text": "caf\xe9 talks resume"}',
        raw_nul,
        _line({"id": "ok-2", "text": GOOD + " Later."}),
    ]))
    documents, rejections = _split(list(read_sources([path])))
    assert [d.id for d in documents] == ["ok-1", "ok-2"]
    assert [(r.locator, r.message.split(" (")[0]) for r in rejections] == [
        ("line 2", "not UTF-8 text"), ("line 3", f"a NUL byte at character {raw_nul.index(0)}")]


def test_bad_bytes_inside_a_gzip_member_cost_one_line(tmp_path: Path):
    lines = [_line({"id": f"ok-{n}", "text": f"{GOOD} Number {n}."}) for n in range(5)]
    lines.insert(2, b'{"id": "bad", "text": "\xff\xfe broken"}')
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress(_jsonl(lines)))
    documents, rejections = _split(list(read_sources([path])))
    assert [d.id for d in documents] == [f"ok-{n}" for n in range(5)]
    assert [(r.locator, r.message.startswith("not UTF-8")) for r in rejections] == [
        ("line 3", True)]


def test_csv_bad_bytes_and_long_outlet_reject_their_rows(tmp_path: Path):
    path = tmp_path / "dump.csv"
    path.write_bytes(b"id,text,outlet\n"
                     + f"r1,{GOOD},Reuters\n".encode()
                     + b"r2,caf\xe9 talks,Reuters\n"
                     + f"r3,{GOOD},{'y' * 250}\n".encode()
                     + f'r4,"{GOOD} Later.",TASS\n'.encode())
    documents, rejections = _split(list(read_sources([path])))
    assert [d.id for d in documents] == ["r1", "r4"]
    assert [r.locator for r in rejections] == ["row 3 (line 3) (id r2)", "row 4 (line 4)"]
    assert rejections[0].message == "text: not UTF-8 text"
    assert "outlet: 250 characters" in rejections[1].message


def test_long_title_is_refused_or_cut_by_setting(tmp_path: Path):
    path = tmp_path / "dump.jsonl"
    title = "Talks " * 100_000  # 600,000 characters
    path.write_bytes(_jsonl([_line({"id": "long", "text": GOOD, "title": title})]))
    _, rejections = _split(list(read_sources([path])))
    assert len(rejections) == 1 and "above the limit of 2,000" in rejections[0].message
    options = ReadOptions(limits=RecordLimits(max_title_chars=50, long="truncate"))
    documents, rejections = _split(list(read_sources([path], options)))
    assert not rejections
    assert documents[0].title == title[:50]


def test_long_text_is_refused_with_the_setting_named(tmp_path: Path):
    path = tmp_path / "article.txt"
    path.write_text("Title: Talks\n\n" + GOOD * 20, encoding="utf-8")
    _, rejections = _split(list(read_sources(
        [path], ReadOptions(limits=RecordLimits(max_chars=100)))))
    assert len(rejections) == 1
    assert "text:" in rejections[0].message and "max_chars" in rejections[0].message


def test_date_range_is_a_setting(tmp_path: Path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(_jsonl([_line({"id": "old", "text": GOOD, "published": "1750-05-01"})]))
    assert _split(list(read_sources([path])))[1]
    options = ReadOptions(limits=RecordLimits(earliest_year=1700))
    documents, _ = _split(list(read_sources([path], options)))
    assert [d.published for d in documents] == ["1750-05-01"]


def _read_within(specs: list[Path], seconds: float = 20,
                 options: ReadOptions | None = None) -> list[Document | Rejection]:
    """read_sources, or a failure if it hangs (a FIFO read blocks for ever)."""
    import threading

    found: list[Document | Rejection] = []
    worker = threading.Thread(target=lambda: found.extend(read_sources(specs, options)),
                              daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading hung"
    return found


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs here")
def test_fifo_named_or_in_a_folder_is_refused_not_read(tmp_path: Path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    documents, rejections = _split(_read_within([folder / "pipe.txt", folder]))
    assert [d.id for d in documents] == ["a"]
    assert [(Path(r.source).name, r.code, r.message) for r in rejections] == [
        ("pipe.txt", "input.not_a_file", "not a regular file (a named pipe)")] * 2


def test_link_leaving_the_folder_is_refused_unless_allowed(tmp_path: Path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Private notes that are not part of the corpus at all.", "utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "a.txt")
    documents, rejections = _split(_read_within([folder]))
    assert sorted(d.id for d in documents) == ["a", "inside"]
    assert [(Path(r.source).name, r.code) for r in rejections] == [
        ("link.txt", "input.outside_folder")]
    documents, rejections = _split(_read_within([folder], options=ReadOptions(
        follow_symlinks=True)))
    assert sorted(d.id for d in documents) == ["a", "inside", "link"] and not rejections
