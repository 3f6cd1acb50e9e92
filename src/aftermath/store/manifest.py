"""The shard manifest (#14): which partitions of a sharded ingest have a shard, and where.

A partition's key is a hash of what it analyses, so a rerun that meets the same partition
finds its entry and reuses the shard instead of analysing again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from aftermath.errors import StoreError
from aftermath.store import schema
from aftermath.store.repository import Store

WRITTEN = "written"
LOADED = "loaded"


@dataclass(frozen=True, slots=True)
class ShardEntry:
    key: str
    path: str
    documents: int
    rows: int
    status: str


def shard_entry(store: Store, key: str) -> ShardEntry | None:
    """The manifest entry of one partition, if recorded."""
    t = schema.shard_manifest
    with store.engine.connect() as conn:
        row = conn.execute(select(t).where(t.c.key == key)).mappings().first()
    if row is None:
        return None
    return ShardEntry(row["key"], row["path"], row["documents"], row["rows"], row["status"])


def record_shard(store: Store, entry: ShardEntry) -> None:
    """Record (or update) one partition's entry in its own transaction."""
    t = schema.shard_manifest
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        with store.engine.begin() as conn:
            conn.execute(delete(t).where(t.c.key == entry.key))
            conn.execute(insert(t), [{"key": entry.key, "path": entry.path,
                                      "documents": entry.documents, "rows": entry.rows,
                                      "status": entry.status, "updated_at": now}])
    except SQLAlchemyError as err:
        raise StoreError(f"shard {entry.key}: manifest not updated ({err})") from err


def shard_entries(store: Store) -> list[ShardEntry]:
    """Every recorded partition, by key."""
    t = schema.shard_manifest
    with store.engine.connect() as conn:
        return [ShardEntry(r["key"], r["path"], r["documents"], r["rows"], r["status"])
                for r in conn.execute(select(t).order_by(t.c.key)).mappings()]
