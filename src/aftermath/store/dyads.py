"""Reads for relation series: the events of a dyad, document volume, partners, events by id.

Actor codes match by prefix (`TUR` matches `TURGOV` and `TURCOP`; `TURGOV` matches
`TURGOVDIP`), written as a range (`code >= 'TUR' AND code < 'TUS'`) rather than LIKE so
that SQLite and PostgreSQL both use the (source_code, target_code, date) index.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from aftermath.records import UNKNOWN_COUNTRY, StoredEvent
from aftermath.store import schema
from aftermath.store.repository import Store
from aftermath.store.streams import act_key, with_acts

FETCH_ROWS = 10_000  # rows per round trip when streaming a large dyad


def _prefix_upper(prefix: str) -> str:
    """The smallest string above every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def code_matches(column: Any, prefix: str) -> ColumnElement[bool]:
    """`column` starts with `prefix`, as an index-friendly range."""
    return and_(column >= prefix, column < _prefix_upper(prefix))


def dyad_condition(first: str, second: str, *, directed: bool) -> ColumnElement[bool]:
    e = schema.events
    forward = and_(code_matches(e.c.source_code, first), code_matches(e.c.target_code, second))
    if directed:
        return forward
    backward = and_(code_matches(e.c.source_code, second), code_matches(e.c.target_code, first))
    return or_(forward, backward)


def _year_bounds(years: tuple[int | None, int | None]) -> list[ColumnElement[bool]]:
    """Coarse date bounds on the year prefix every stored date form starts with.

    Stored dates mix 2016-12-19, 2016-W51, 2016-12 and 2016, which do not sort as dates
    against each other ('2016-W51' > '2016-12-31'), so only the year is safe in SQL; the
    exact period filter runs in Python.
    """
    e = schema.events
    bounds = []
    low, high = years
    if low is not None:
        bounds.append(e.c.date >= f"{low:04d}")
    if high is not None:
        bounds.append(e.c.date < f"{high + 1:04d}")
    return bounds


def _dates_condition(spans: DateSpans) -> ColumnElement[bool]:
    """Day-dated rows within the spans, or coarser rows whose stored date is listed."""
    e = schema.events
    ranges = [and_(e.c.date >= first, e.c.date <= last) for first, last, _ in spans]
    coarse = sorted({key for _, _, keys in spans for key in keys})
    return or_(*ranges, e.c.date.in_(coarse)) if coarse else or_(*ranges)


# (first day, last day, coarser stored dates) per span, e.g. ("2016-07-01", "2016-07-31",
# ["2016-07", "2016-W27", ...]): ISO day strings sort as dates among themselves only.
DateSpans = list[tuple[str, str, list[str]]]


def dyad_events(
    store: Store, first: str, second: str, *, directed: bool = False,
    statuses: Collection[str] | None = None,
    years: tuple[int | None, int | None] = (None, None),
    spans: DateSpans | None = None,
) -> Iterator[StoredEvent]:
    """Dated events between two actor-code prefixes, streamed in row-id order."""
    e, links = schema.events, schema.act_events
    query = (
        select(e.c.id, e.c.document_id, e.c.source_code, e.c.target_code, e.c.plover,
               e.c.cameo, e.c.quad_class, e.c.goldstein, e.c.date, e.c.date_granularity,
               e.c.place_name, e.c.status, links.c.act_id)
        .select_from(with_acts(e, links))
        .where(dyad_condition(first, second, directed=directed), e.c.date.is_not(None),
               *_year_bounds(years))
        .order_by(e.c.id)
    )
    if statuses is not None:
        query = query.where(e.c.status.in_(sorted(statuses)))
    if spans:
        query = query.where(_dates_condition(spans))
    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=FETCH_ROWS).execute(query)
        for row in result:
            yield StoredEvent(*row)  # type: ignore[call-arg]  # columns in field order


COUNTS = ("acts", "reports")  # what a relation series counts (#19)


def dyad_day_counts(
    store: Store, first: str, second: str, *, directed: bool = False,
    statuses: Collection[str] | None = None,
    years: tuple[int | None, int | None] = (None, None),
    count: str = "acts",
) -> list[tuple[str, str | None, int, str, int, float, int]]:
    """Per stored date, quad class and type: counted events, Goldstein sum, rows.

    `count="acts"`: events fold in SQL by the act they tell (#19), and events in no act by
    the rule of `relations.series.dedupe_key` (same source, target, PLOVER type, date and
    place); the first stored row of each group stands for it. `count="reports"`: every
    stored row counts. Returns (date, granularity, quad_class, plover, events,
    goldstein_sum, rows).
    """
    e, links = schema.events, schema.act_events
    keys = [e.c.id] if count == "reports" else act_key(e, links)
    groups = (
        select(func.min(e.c.id).label("id"), func.count().label("rows"))
        .select_from(with_acts(e, links))
        .where(dyad_condition(first, second, directed=directed), e.c.date.is_not(None),
               *_year_bounds(years))
        .group_by(*keys)
    )
    if statuses is not None:
        groups = groups.where(e.c.status.in_(sorted(statuses)))
    g = groups.subquery()
    query = (
        select(e.c.date, e.c.date_granularity, e.c.quad_class, e.c.plover, func.count(),
               func.sum(e.c.goldstein), func.sum(g.c.rows))
        .join(g, g.c.id == e.c.id)
        .group_by(e.c.date, e.c.date_granularity, e.c.quad_class, e.c.plover)
    )
    with store.engine.connect() as conn:
        return [
            (str(date), granularity, int(quad or 0), str(plover), int(n), float(g_sum or 0.0),
             int(rows))
            for date, granularity, quad, plover, n, g_sum, rows in conn.execute(query)
        ]


def count_dyad_rows(store: Store, first: str, second: str, *, directed: bool = False) -> int:
    """A bare SQL count over the dyad's rows: the benchmark's floor."""
    e = schema.events
    query = select(func.count()).select_from(e).where(
        dyad_condition(first, second, directed=directed), e.c.date.is_not(None))
    with store.engine.connect() as conn:
        return int(conn.execute(query).scalar() or 0)


def documents_by_day(store: Store) -> Counter[str]:
    """How many stored documents were published on each day (the volume to normalise by)."""
    d = schema.documents
    query = select(d.c.published, func.count()).where(d.c.published.is_not(None)).group_by(
        d.c.published)
    with store.engine.connect() as conn:
        return Counter({str(day)[:10]: int(n) for day, n in conn.execute(query)})


def partner_counts(
    store: Store, actor: str, *, statuses: Collection[str] | None = None,
) -> list[tuple[str, int, int, float]]:
    """A's partners by country: (country, events, conflict events, Goldstein sum), both ways.

    Events of A with itself (e.g. TURGOV → TURCOP when A is TUR) are left out: they are
    domestic, not a relation with a partner.
    """
    e = schema.events
    totals: dict[str, list[float]] = {}
    for mine, other in ((e.c.source_code, e.c.target_code), (e.c.target_code, e.c.source_code)):
        partner = func.substr(other, 1, 3)
        conflict = func.sum(case((e.c.quad_class >= 3, 1), else_=0))
        query = (
            select(partner, func.count(), conflict, func.sum(e.c.goldstein))
            .where(code_matches(mine, actor), other.is_not(None), func.length(other) >= 3)
            .group_by(partner)
        )
        if statuses is not None:
            query = query.where(e.c.status.in_(sorted(statuses)))
        with store.engine.connect() as conn:
            for country, n, n_conflict, g_sum in conn.execute(query):
                if country is None or str(country) in (actor[:3], UNKNOWN_COUNTRY):
                    continue  # itself, or a partner of unknown country ("---REB", #12)
                entry = totals.setdefault(str(country), [0, 0, 0.0])
                entry[0] += int(n)
                entry[1] += int(n_conflict or 0)
                entry[2] += float(g_sum or 0.0)
    return sorted(
        ((country, int(v[0]), int(v[1]), round(v[2], 2)) for country, v in totals.items()),
        key=lambda item: (-item[1], item[0]),
    )


def event_details(store: Store, ids: Collection[int]) -> dict[int, dict[str, Any]]:
    """Words, source document and title of a few events, keyed by event id."""
    if not ids:
        return {}
    e, d = schema.events, schema.documents
    query = (
        select(e.c.id, e.c.document_id, e.c.source_text, e.c.target_text, e.c.evidence_text,
               d.c.title, d.c.outlet, d.c.published, d.c.url)
        .join(d, d.c.id == e.c.document_id)
        .where(e.c.id.in_(sorted(ids)))
    )
    with store.engine.connect() as conn:
        return {row["id"]: dict(row) for row in conn.execute(query).mappings()}

