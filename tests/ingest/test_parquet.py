"""Parquet dumps (#14): rows to Documents by the same column names and `--map` as CSV."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from aftermath.ingest import ReadOptions, read_sources
from aftermath.ingest.parquet import read_parquet
from aftermath.records import Document, Rejection

STORY = "Russia recalled its ambassador from Ankara on Tuesday, officials in Moscow said."


def _parquet(columns: dict[str, list]) -> bytes:  # type: ignore[type-arg]
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    return buffer.getvalue()


def test_parquet_rows_become_documents_by_default_names(tmp_path: Path):
    path = tmp_path / "dump.parquet"
    path.write_bytes(_parquet({"id": [7, None], "body": [STORY, STORY + " Again."],
                               "date": [dt.date(2016, 12, 20), dt.date(2016, 12, 21)],
                               "source": ["TASS", "Reuters"]}))
    first, second = read_sources([path])
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.id, first.published, first.outlet) == ("7", "2016-12-20", "TASS")
    assert second.id == "dump.parquet#row-2"


def test_parquet_map_names_the_columns():
    data = _parquet({"story": [STORY], "when": ["2016-12-20T08:00:00Z"]})
    [document] = read_parquet(data, source="d.parquet", default_id="d.parquet",
                              options=ReadOptions(mapping={"text": "story", "published": "when"}))
    assert isinstance(document, Document) and document.published == "2016-12-20"


def test_parquet_bad_row_is_rejected_and_the_rest_read():
    data = _parquet({"text": [STORY, "  ", STORY + " More."]})
    items = list(read_parquet(data, source="d.parquet", default_id="d", options=ReadOptions()))
    assert [type(i).__name__ for i in items] == ["Document", "Rejection", "Document"]
    assert isinstance(items[1], Rejection) and items[1].locator == "row 2"


def test_parquet_without_text_column_is_refused_whole():
    [rejection] = read_parquet(_parquet({"headline": ["x"]}), source="d.parquet",
                               default_id="d", options=ReadOptions())
    assert isinstance(rejection, Rejection) and rejection.code == "input.no_text_column"


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_parquet_reader_never_raises(data: bytes):
    for item in read_parquet(b"PAR1" + data, source="x", default_id="x", options=ReadOptions()):
        assert isinstance(item, Document | Rejection)
