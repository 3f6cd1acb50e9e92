"""Streaming reads for exports: rows come in fixed-size batches, so memory stays flat.

`counted_event_rows` folds the events that tell the same act (#19: the acts of incidents;
events in no act by the rule of `relations.series.dedupe_key`, same source, target,
PLOVER type, stored date and place) into one row with how many rows, documents and
outlets tell it; the grouping runs in the database.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import Select, and_, case, func, select

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


def act_key(events: Any, links: Any) -> list[Any]:
    """The columns that group stored events into counted events: the act an event tells
    when its incident has acts (#19), else same source, target, type, date and place."""
    def unless_act(column: Any) -> Any:
        return case((links.c.act_id.is_(None), column), else_=None)

    return [links.c.act_id, unless_act(events.c.source_code), unless_act(events.c.target_code),
            unless_act(events.c.plover), unless_act(events.c.date),
            unless_act(events.c.place_name)]


def with_acts(events: Any, links: Any) -> Any:
    """`events` left-joined with the act each tells (none before incidents are built)."""
    return events.outerjoin(links, and_(links.c.document_id == events.c.document_id,
                                        links.c.seq == events.c.seq))


def counted_event_rows(
    store: Store, *, statuses: Collection[str] | None,
    years: tuple[int | None, int | None] = (None, None),
) -> Iterator[dict[str, Any]]:
    """One row per counted event: per act when the event's incident has acts (#19), else
    per de-duplicated event; the first stored row plus how many rows (mentions),
    documents and outlets tell it, and the act's canonical names when there is one."""
    e, d, links, a = schema.events, schema.documents, schema.act_events, schema.acts
    grouped = select(
        func.min(e.c.id).label("id"), func.count().label("rows"),
        func.count(e.c.document_id.distinct()).label("documents"),
        func.count(d.c.outlet.distinct()).label("outlets"),
        func.max(links.c.act_id).label("act_id"),
    ).select_from(with_acts(e, links).join(d, d.c.id == e.c.document_id)).group_by(
        *act_key(e, links))
    if statuses is not None:
        grouped = grouped.where(e.c.status.in_(sorted(statuses)))
    grouped_sub = _year_bounds(grouped, e.c.date, years).subquery()
    query = (
        select(e, grouped_sub.c.rows, grouped_sub.c.documents, grouped_sub.c.outlets,
               grouped_sub.c.act_id, a.c.source_name.label("act_source_name"),
               a.c.target_name.label("act_target_name"),
               a.c.source_code.label("act_source_code"),
               a.c.target_code.label("act_target_code"),
               d.c.url, d.c.outlet, d.c.published, d.c.language)
        .join(grouped_sub, grouped_sub.c.id == e.c.id)
        .join(d, d.c.id == e.c.document_id)
        .outerjoin(a, a.c.id == grouped_sub.c.act_id)
        .order_by(e.c.id)
    )
    yield from _stream(store, query)


def act_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Every stored act (#19) with the events telling it, in incident and act order:
    one row per (act, event) so that a caller can group them as they stream."""
    a, links, e = schema.acts, schema.act_events, schema.events
    query = (
        select(a, links.c.document_id, links.c.seq.label("event_seq"),
               e.c.evidence_text, e.c.evidence_start, e.c.evidence_end)
        .join(links, links.c.act_id == a.c.id)
        .outerjoin(e, and_(e.c.document_id == links.c.document_id, e.c.seq == links.c.seq))
        .order_by(a.c.incident_id, a.c.position, links.c.document_id, links.c.seq)
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
