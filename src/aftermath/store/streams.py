"""Streaming reads for exports: rows come in fixed-size batches, so memory stays flat.

`counted_event_rows` folds the events that tell the same event (same source, target,
PLOVER type, stored date and place: the rule of `relations.series.dedupe_key`) into one
row with how many rows, documents and outlets tell it; the grouping runs in the database.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import Select, func, select

from aftermath.store import schema
from aftermath.store.repository import Store

FETCH_ROWS = 5_000


def _year_bounds(query: Any, column: Any, years: tuple[int | None, int | None]) -> Any:
    low, high = years
    if low is not None:
        query = query.where(column >= f"{low:04d}")
    if high is not None:
        query = query.where(column < f"{high + 1:04d}")
    return query


def _stream(store: Store, query: Select[Any]) -> Iterator[dict[str, Any]]:
    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=FETCH_ROWS).execute(query).mappings()
        for row in result:
            yield dict(row)


def counted_event_rows(
    store: Store, *, statuses: Collection[str] | None,
    years: tuple[int | None, int | None] = (None, None),
) -> Iterator[dict[str, Any]]:
    """One row per de-duplicated event: the first stored row plus rows/documents/outlets."""
    e, d = schema.events, schema.documents
    grouped = select(
        func.min(e.c.id).label("id"), func.count().label("rows"),
        func.count(e.c.document_id.distinct()).label("documents"),
        func.count(d.c.outlet.distinct()).label("outlets"),
    ).join(d, d.c.id == e.c.document_id).group_by(
        e.c.source_code, e.c.target_code, e.c.plover, e.c.date, e.c.place_name)
    if statuses is not None:
        grouped = grouped.where(e.c.status.in_(sorted(statuses)))
    grouped_sub = _year_bounds(grouped, e.c.date, years).subquery()
    query = (
        select(e, grouped_sub.c.rows, grouped_sub.c.documents, grouped_sub.c.outlets,
               d.c.url, d.c.outlet, d.c.published, d.c.language)
        .join(grouped_sub, grouped_sub.c.id == e.c.id)
        .join(d, d.c.id == e.c.document_id)
        .order_by(e.c.id)
    )
    yield from _stream(store, query)


def event_rows(
    store: Store, *, years: tuple[int | None, int | None] = (None, None),
) -> Iterator[dict[str, Any]]:
    """Every stored event row with its document's outlet, date, URL and language."""
    e, d = schema.events, schema.documents
    query = (
        select(e, d.c.url, d.c.outlet, d.c.published, d.c.language)
        .join(d, d.c.id == e.c.document_id)
        .order_by(e.c.id)
    )
    yield from _stream(store, _year_bounds(query, e.c.date, years))


def document_ids(store: Store, *, since: str | None = None,
                 until: str | None = None) -> Iterator[str]:
    """Ids of stored documents published in [since, until] (ISO days), by publication date."""
    d = schema.documents
    query = select(d.c.id).order_by(d.c.published, d.c.id)
    if since is not None:
        query = query.where(d.c.published >= since)
    if until is not None:
        query = query.where(d.c.published <= until)
    with store.engine.connect() as conn:
        for (document_id,) in conn.execution_options(yield_per=FETCH_ROWS).execute(query):
            yield str(document_id)
