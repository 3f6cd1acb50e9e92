"""`aftermath export`: stream the store out as GDELT-like CSV, POLECAT-like CSV, JSONL or Parquet.

Rows are read in batches and written as they come, so a store of any size exports in
constant memory (Parquet: one row group per `PARQUET_BATCH` rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from aftermath.errors import InputError
from aftermath.export.contract import analysis_json
from aftermath.export.tables import (
    ACT_COLUMNS,
    GDELT_COLUMNS,
    GDELT_FLOATS,
    GDELT_INTEGERS,
    POLECAT_COLUMNS,
    act_records,
    gdelt_row,
    in_range,
    polecat_row,
)
from aftermath.relations.periods import bound_day
from aftermath.store import Store
from aftermath.store.streams import act_rows, counted_event_rows, document_ids, event_rows

FORMATS = ("gdelt", "polecat", "jsonl", "parquet", "acts")
COUNTED_STATUSES = ("asserted", "reported")
PARQUET_BATCH = 10_000


def _bounds(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    low = bound_day(since, option="since") if since else None
    high = bound_day(until, option="until") if until else None
    return low, high


def gdelt_records(store: Store, *, since: str | None = None,
                  until: str | None = None) -> Iterator[dict[str, Any]]:
    low, high = _bounds(since, until)
    years = (low.year if low else None, high.year if high else None)
    for row in counted_event_rows(store, statuses=COUNTED_STATUSES, years=years):
        if in_range(row["date"], low, high):
            yield gdelt_row(row)


def polecat_records(store: Store, *, since: str | None = None,
                    until: str | None = None) -> Iterator[dict[str, Any]]:
    low, high = _bounds(since, until)
    years = (low.year if low else None, high.year if high else None)
    for row in event_rows(store, years=years):
        if in_range(row["date"], low, high):
            yield polecat_row(row)


def acts_records(store: Store, *, since: str | None = None,
                 until: str | None = None) -> Iterator[dict[str, Any]]:
    """The acts table (#19); `since`/`until` bound the act's date (its first report's
    when the act is undated)."""
    low, high = _bounds(since, until)
    for record in act_records(act_rows(store)):
        if in_range(record["Date"] or record["FirstReport"], low, high):
            yield record


def _write_csv(records: Iterator[dict[str, Any]], columns: tuple[str, ...],
               out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(record)
        count += 1
    return count


def _write_jsonl(store: Store, out: TextIO, since: str | None, until: str | None) -> int:
    low, high = _bounds(since, until)
    count = 0
    for document_id in document_ids(store, since=low.isoformat() if low else None,
                                    until=high.isoformat() if high else None):
        out.write(json.dumps(analysis_json(store.load(document_id)), ensure_ascii=False) + "\n")
        count += 1
    return count


def _arrow_schema() -> Any:
    import pyarrow as pa

    def kind(name: str) -> Any:
        if name in GDELT_INTEGERS:
            return pa.int64()
        return pa.float64() if name in GDELT_FLOATS else pa.string()

    return pa.schema([(name, kind(name)) for name in GDELT_COLUMNS])


def write_parquet(records: Iterator[dict[str, Any]], path: Path) -> int:
    """GDELT-like records to a Parquet file with a typed schema, one row group per batch."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(record)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def export_store(store: Store, fmt: str, *, out: TextIO | None = None, path: Path | None = None,
                 since: str | None = None, until: str | None = None) -> int:
    """Write the store in `fmt` to `out` (text formats) or `path`; returns the records written."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if path is None:
            raise InputError("parquet is binary: give an output file with -o FILE.parquet")
        return write_parquet(gdelt_records(store, since=since, until=until), path)
    if out is None:
        if path is None:
            raise InputError("give an output stream or file")
        with path.open("w", encoding="utf-8", newline="") as handle:
            return export_store(store, fmt, out=handle, since=since, until=until)
    if fmt == "jsonl":
        return _write_jsonl(store, out, since, until)
    if fmt == "gdelt":
        return _write_csv(gdelt_records(store, since=since, until=until), GDELT_COLUMNS, out)
    if fmt == "acts":
        return _write_csv(acts_records(store, since=since, until=until), ACT_COLUMNS, out)
    return _write_csv(polecat_records(store, since=since, until=until), POLECAT_COLUMNS, out)
