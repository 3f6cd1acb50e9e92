"""Shards (#14): one Parquet file of store rows per partition, written atomically.

A shard has one row per document of its partition, in partition order: `document_id`, a
`rejection` (null when the document was analysed) and, per store table, the list of that
document's rows as `store/rows.py` makes them (the store's own surrogate ids left out).
The file is written under a temporary name, flushed to disk and renamed, so a shard that
exists is whole; a run killed mid-write leaves only a temporary file, which is ignored.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Boolean, Float, Integer, LargeBinary

from aftermath.records import Analysis, Document, Rejection, Report
from aftermath.store import rows, schema

TABLES = ("documents", "actors", "mentions", "events", "attributions", "claims",
          "signatures", "reports")
REJECTION = pa.struct([("source", pa.string()), ("locator", pa.string()),
                       ("code", pa.string()), ("message", pa.string())])
SUFFIX = ".parquet"


def _arrow_type(column: Any) -> pa.DataType:
    kind = column.type
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    if isinstance(kind, LargeBinary):
        return pa.binary()
    return pa.string()


def _columns(name: str) -> list[Any]:
    """The table's columns a shard carries: all but an autoincremented surrogate id."""
    table = schema.metadata.tables[name]
    return [c for c in table.columns
            if not (c.primary_key and c.autoincrement is True)]


def shard_schema() -> pa.Schema:
    fields = [pa.field("document_id", pa.string()), pa.field("rejection", REJECTION)]
    for name in TABLES:
        row = pa.struct([(c.name, _arrow_type(c)) for c in _columns(name)])
        fields.append(pa.field(name, pa.list_(row)))
    return pa.schema(fields)


def partition_entry(document: Document, result: Analysis | Rejection,
                    signature: tuple[str, bytes], original: Report) -> dict[str, Any]:
    """One document's shard entry: its rejection, or every row the store keeps for it."""
    if isinstance(result, Rejection):
        return {"document_id": document.id, "rejection": asdict(result)}
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return {
        "document_id": document.id,
        "documents": [{**rows.document_row(result.document), "ingested_at": now}],
        **rows.analysis_rows(result),
        "signatures": [{"document_id": document.id, "content_key": signature[0],
                        "minhash": signature[1]}],
        "reports": [{**rows.report_row(original), "created_at": now}],
    }


def shard_path(folder: Path, key: str) -> Path:
    return folder / f"{key}{SUFFIX}"


def _fsync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # some filesystems (and Windows) cannot open a folder; rename stands
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_shard(path: Path, entries: list[dict[str, Any]]) -> int:
    """Write one shard atomically; the number of store rows it holds."""
    columns = {name: [c.name for c in _columns(name)] for name in TABLES}
    records = [{"document_id": e["document_id"], "rejection": e.get("rejection"),
                **{name: [{c: row.get(c) for c in columns[name]} for row in e.get(name, [])]
                   for name in TABLES}} for e in entries]
    table = pa.Table.from_pylist(records, schema=shard_schema())
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temporary.open("wb") as handle:
            pq.write_table(table, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    _fsync_folder(path.parent)
    return sum(len(r[name]) for r in records for name in TABLES)


def shard_documents(path: Path) -> int | None:
    """Rows (documents) of a whole shard from its footer; None when it is missing or bad."""
    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (OSError, pa.ArrowException):
        return None


def read_shard(path: Path) -> list[dict[str, Any]]:
    """The entries of one shard, in partition order."""
    return pq.read_table(path, schema=shard_schema()).to_pylist()  # type: ignore[no-any-return]
