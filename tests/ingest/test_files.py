from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from aftermath.ingest import read_jsonl_lines, read_paths
from aftermath.records import Document, Rejection

ARTICLE = """title: Talks in Moscow
outlet: TASS
published: 2016-12-20
url: https://example.org/a
---
Russia, Turkey and Iran agreed on Tuesday to act as guarantors of a Syria ceasefire.
"""


def test_read_paths_parses_header_block(tmp_path: Path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    [document] = list(read_paths([tmp_path]))
    assert isinstance(document, Document)
    assert (document.id, document.outlet, document.published) == ("a", "TASS", "2016-12-20")
    assert document.text.startswith("Russia, Turkey and Iran")


def test_read_paths_bad_date_is_rejected_with_file_name(tmp_path: Path):
    (tmp_path / "b.txt").write_text(ARTICLE.replace("2016-12-20", "yesterday"), encoding="utf-8")
    [rejection] = list(read_paths([tmp_path / "b.txt"]))
    assert isinstance(rejection, Rejection)
    assert rejection.source.endswith("b.txt")
    assert "not an ISO date" in rejection.message


def test_read_paths_binary_file_is_rejected_not_raised(tmp_path: Path):
    (tmp_path / "c.txt").write_bytes(b"\xff\xfe\x00bad")
    [rejection] = list(read_paths([tmp_path / "c.txt"]))
    assert rejection.code == "input.encoding"


def test_read_jsonl_bad_lines_are_rejected_and_batch_goes_on():
    lines = ['{"id": "1", "text": "Russia condemned the attack."}', "{not json",
             '{"id": "3", "text": ""}', '{"id": 4, "text": "Turkey denied it."}']
    items = list(read_jsonl_lines(lines, source="in.jsonl"))
    assert [type(i).__name__ for i in items] == ["Document", "Rejection", "Rejection", "Document"]
    assert items[1].locator == "line 2"
    assert items[2].locator == "line 3 (id 3)"
    assert items[3].id == "4"


@given(st.binary(max_size=200))
def test_read_paths_any_bytes_give_document_or_rejection(data: bytes):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.txt"
        path.write_bytes(data)
        for item in read_paths([path]):
            assert isinstance(item, Document | Rejection)
