"""The relation report behind `aftermath relations A B`: series, turning points and outlook.

The one place in `relations` that reads the store; everything it calls is a pure function
of the events it reads.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from aftermath.relations.outlook import Outlook, make_outlook
from aftermath.relations.periods import By, bound_period
from aftermath.relations.series import (
    COUNTED_STATUSES,
    Dyad,
    DyadSeries,
    IncidentKey,
    build_series,
    parse_actor,
)
from aftermath.relations.turning_points import TurningPoint, find_turning_points
from aftermath.store import Store
from aftermath.store.dyads import documents_by_day, dyad_events, event_details, partner_counts


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
    incident_key: IncidentKey | None = None,
) -> RelationReport:
    """Everything `aftermath relations A B` shows, from the stored events of the dyad."""
    dyad = Dyad(parse_actor(first), parse_actor(second), directed)
    low = bound_period(since, by, option="since") if since else None
    high = bound_period(until, by, option="until") if until else None
    years = (int(since[:4]) if since else None, int(until[:4]) if until else None)
    events = dyad_events(store, dyad.first, dyad.second, directed=directed,
                         statuses=statuses, years=years)
    series = build_series(
        events, dyad, by=by, statuses=frozenset(statuses) if statuses is not None else None,
        since=low, until=high, volume=documents_by_day(store), incident_key=incident_key,
    )
    points = tuple(find_turning_points(series))
    outlook = make_outlook(series, horizon=horizon, target=target)
    ids = {c.event.id for point in points for c in point.incidents}
    return RelationReport(series, points, outlook, event_details(store, ids))


def partners(store: Store, actor: str, *, limit: int = 10,
             statuses: Collection[str] | None = COUNTED_STATUSES) -> list[Partner]:
    """A's most active partners (by country), with the tone of their events."""
    rows = partner_counts(store, parse_actor(actor), statuses=statuses)
    return [
        Partner(country, events, round(conflict / events, 3), round(g_sum / events, 3))
        for country, events, conflict, g_sum in rows[:limit] if events
    ]
