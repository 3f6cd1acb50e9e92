"""Parquet dumps (#14): one article per row, columns found as for CSV and JSONL (`--map`).

Read with pyarrow one record batch at a time, so a large file is never turned into Python
objects all at once. Date and timestamp columns become ISO dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import ValidationError

from aftermath.ingest.checks import RepeatedIds, check_document
from aftermath.ingest.fields import DocumentIn, column_for, first_error, pick_fields
from aftermath.ingest.options import ReadOptions
from aftermath.records import Document, Rejection

# Rows turned into Python objects at a time.
BATCH_ROWS = 512


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def read_parquet(data: bytes, *, source: str, default_id: str,
                 options: ReadOptions) -> Iterator[Document | Rejection]:
    """Documents from the bytes of a .parquet file; a bad row yields its Rejection."""
    try:
        handle = pq.ParquetFile(pa.BufferReader(data))
        names = handle.schema_arrow.names
    except (pa.ArrowException, OSError) as err:
        yield Rejection(source, "", "input.bad_table", f"not a readable Parquet file ({err})")
        return
    columns = {name.lower(): name for name in names}
    if column_for("text", columns, options.mapping) is None:
        wanted = options.mapping.get("text", "text, body or content")
        yield Rejection(source, "", "input.no_text_column",
                        f"no text column ({wanted}) among: {', '.join(names)[:200]} "
                        "(name one with --map text=COLUMN)")
        return
    number = 0
    ids = RepeatedIds()
    try:
        for batch in handle.iter_batches(batch_size=BATCH_ROWS):
            for raw in batch.to_pylist():
                number += 1
                item = _document(raw, number, source=source, default_id=default_id,
                                 options=options)
                if isinstance(item, Document) and (
                        repeat := ids.repeated(item, f"row {number}")) is not None:
                    item = Rejection(source, f"row {number}", "input.duplicate_id", repeat)
                yield item
    except (pa.ArrowException, OSError) as err:
        yield Rejection(source, f"row {number + 1}", "input.bad_table",
                        f"unreadable row group ({err})")


def _document(raw: dict[str, object], number: int, *, source: str, default_id: str,
              options: ReadOptions) -> Document | Rejection:
    fields = {k: _plain(v) for k, v in pick_fields(raw, options.mapping).items()}
    try:
        record = DocumentIn.model_validate(fields)
    except ValidationError as err:
        where = f"row {number} (id {fields['id']})" if "id" in fields else f"row {number}"
        return Rejection(source, where, "input.invalid_record", first_error(err))
    result = check_document(record.to_document(default_id=f"{default_id}#row-{number}",
                                               default_language=options.default_language),
                            options.limits)
    if isinstance(result, str):
        return Rejection(source, f"row {number}", "input.invalid_record", result)
    return result
