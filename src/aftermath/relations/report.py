"""The relation report behind `aftermath relations A B`: series, turning points and outlook.

The one place in `relations` that reads the store; everything it calls is a pure function
of the events it reads.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from aftermath.errors import InputError
from aftermath.relations.outlook import Outlook, make_outlook
from aftermath.relations.periods import By, bound_period, coarse_keys, period_days
from aftermath.relations.series import (
    COUNTED_STATUSES,
    DayCount,
    Dyad,
    DyadSeries,
    IncidentKey,
    build_series,
    parse_actor,
    report_key,
    series_from_counts,
)
from aftermath.relations.turning_points import (
    TurningPoint,
    find_turning_points,
    incident_periods,
    pick_incidents,
)
from aftermath.store import Store
from aftermath.store.dyads import (
    COUNTS,
    documents_by_day,
    dyad_day_counts,
    dyad_events,
    event_details,
    partner_counts,
)


@dataclass(frozen=True, slots=True)
class RelationReport:
    series: DyadSeries
    turning_points: tuple[TurningPoint, ...]
    outlook: Outlook | None
    details: dict[int, dict[str, Any]] = field(default_factory=dict)  # event id -> words


@dataclass(frozen=True, slots=True)
class Partner:
    country: str
    events: int
    conflict_share: float
    goldstein_mean: float


def relation_report(
    store: Store, first: str, second: str, *, by: By = By.MONTH, directed: bool = False,
    since: str | None = None, until: str | None = None,
    statuses: Collection[str] | None = COUNTED_STATUSES,
    horizon: int = 3, target: str = "goldstein_mean",
    incident_key: IncidentKey | None = None, count: str = "acts",
) -> RelationReport:
    """Everything `aftermath relations A B` shows, from the stored events of the dyad.

    With the default de-duplication the store aggregates per date in SQL (fast on large
    stores) and only the periods behind turning points are read event by event; with an
    `incident_key` every event is read and grouped in Python. `count` is "acts" (each act
    once, however many reports tell it; #19) or "reports" (every stored event).
    """
    if count not in COUNTS:
        raise InputError(f"count must be one of {', '.join(COUNTS)}", code="request.bad_count")
    dyad = Dyad(parse_actor(first), parse_actor(second), directed)
    low = bound_period(since, by, option="since") if since else None
    high = bound_period(until, by, option="until") if until else None
    years = (int(since[:4]) if since else None, int(until[:4]) if until else None)
    counted = frozenset(statuses) if statuses is not None else None
    volume = documents_by_day(store)
    if incident_key is None:
        counts = dyad_day_counts(store, dyad.first, dyad.second, directed=directed,
                                 statuses=statuses, years=years, count=count)
        series = series_from_counts((DayCount(*row) for row in counts), dyad, by=by,
                                    since=low, until=high, volume=volume)
    else:
        events = dyad_events(store, dyad.first, dyad.second, directed=directed,
                             statuses=statuses, years=years)
        series = build_series(events, dyad, by=by, statuses=counted, since=low, until=high,
                              volume=volume, incident_key=incident_key)
    series = replace(series, count=count)
    points = find_turning_points(series)
    if incident_key is None:
        points = [_with_incidents(store, series, point, counted, count) for point in points]
    outlook = make_outlook(series, horizon=horizon, target=target)
    ids = {c.event.id for point in points for c in point.incidents}
    return RelationReport(series, tuple(points), outlook, event_details(store, ids))


def _with_incidents(store: Store, series: DyadSeries, point: TurningPoint,
                    statuses: frozenset[str] | None, count: str = "acts") -> TurningPoint:
    """Read the events of the few periods behind a turning point and pick its incidents."""
    keys = incident_periods(series, point)
    by, dyad = series.by, series.dyad
    spans = []
    for key in keys:
        first_day, last_day = period_days(key, by)
        spans.append((first_day.isoformat(), last_day.isoformat(), coarse_keys(key, by)))
    events = dyad_events(store, dyad.first, dyad.second, directed=dyad.directed,
                         statuses=statuses, spans=spans)
    detail = build_series(events, dyad, by=by, statuses=statuses, since=keys[0],
                          until=keys[-1],
                          incident_key=report_key if count == "reports" else None)
    periods = [p for p in detail.periods if p.period in keys]
    return replace(point, incidents=pick_incidents(periods, point.direction))


def partners(store: Store, actor: str, *, limit: int = 10,
             statuses: Collection[str] | None = COUNTED_STATUSES) -> list[Partner]:
    """A's most active partners (by country), with the tone of their events."""
    rows = partner_counts(store, parse_actor(actor), statuses=statuses)
    return [
        Partner(country, events, round(conflict / events, 3), round(g_sum / events, 3))
        for country, events, conflict, g_sum in rows[:limit] if events
    ]
