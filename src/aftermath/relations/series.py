"""Dyadic cooperation/conflict series: per period, events by quad class, Goldstein, volume.

Three traps shape this module (issue #7):
- Only asserted and reported events count by default: a threat that was never carried out,
  or an attack someone denied, is not part of what happened between the two.
- The same event told by ten articles is one event. Events of an incident count once per
  act they tell (#19, incidents/act_merge.py); other events are de-duplicated by
  `dedupe_key` — same source code, target code, PLOVER type, stored date and place — and
  the first stored row stands for the group. `report_key` counts every report instead
  (`relation_report(count="reports")`). Pass `incident_key` (a function of a
  `StoredEvent`, e.g. a lookup in the incidents table) to count incidents; nothing else
  changes.
- Raw counts follow the volume of news, so each period also carries its count normalised
  by the number of stored documents published in it.
Event dates are used as stored, with their granularity (see `periods`): an event mentioned
in 2016 as background but dated 2015-11 counts in 2015-11, not in the month of the article.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aftermath.errors import InputError
from aftermath.records import StoredEvent
from aftermath.relations.periods import By, calendar, first_day, period_of, period_start

COUNTED_STATUSES = frozenset({"asserted", "reported"})
TOP_INCIDENTS = 3  # per period and sign: enough to say what drove a turning point
_ACTOR = re.compile(r"^(?:[A-Z]{3}){1,5}$")

IncidentKey = Callable[[StoredEvent], Hashable]


def dedupe_key(event: StoredEvent) -> Hashable:
    """The act an event tells (#19), else same dyad, type, day and place: one event,
    however many articles tell it."""
    if event.act is not None:
        return ("act", event.act)
    return (event.source, event.target, event.plover, event.date, event.place)


def report_key(event: StoredEvent) -> Hashable:
    """Every stored event on its own: a series counted by reports, not by acts (#19)."""
    return ("row", event.id)


def parse_actor(code: str) -> str:
    """A country code (TUR) or full actor code (TURGOV, RUSGOVDIP), upper-cased and checked."""
    value = code.strip().upper()
    if not _ACTOR.match(value):
        raise InputError(
            f"{code!r} is not an actor code (three-letter country, optionally with roles: "
            "TUR, TURGOV, RUSGOVDIP)")
    return value


@dataclass(frozen=True, slots=True)
class Dyad:
    """Two actor-code prefixes; directed means first → second only."""

    first: str
    second: str
    directed: bool = False

    def matches(self, source: str | None, target: str | None) -> bool:
        if not source or not target:
            return False
        forward = source.startswith(self.first) and target.startswith(self.second)
        if forward or self.directed:
            return forward
        return source.startswith(self.second) and target.startswith(self.first)

    @property
    def label(self) -> str:
        return f"{self.first}→{self.second}" if self.directed else f"{self.first}–{self.second}"


@dataclass(frozen=True, slots=True)
class CountedEvent:
    """One de-duplicated event: the row that stands for it and how many rows/documents tell it."""

    event: StoredEvent
    rows: int
    documents: int


@dataclass(frozen=True, slots=True)
class DyadPeriod:
    first: str
    second: str
    period: str  # 2016-12-19, 2016-W51 or 2016-12
    quad_counts: tuple[int, int, int, int]
    goldstein_sum: float
    events: int
    top_events: tuple[str, ...] = ()       # most frequent PLOVER types
    documents: int | None = None            # stored documents published in the period
    top_incidents: tuple[CountedEvent, ...] = field(default_factory=tuple)

    @property
    def goldstein_mean(self) -> float | None:
        return round(self.goldstein_sum / self.events, 3) if self.events else None

    @property
    def conflict_share(self) -> float | None:
        """Share of events in the conflict quads (verbal and material conflict)."""
        if not self.events:
            return None
        return round((self.quad_counts[2] + self.quad_counts[3]) / self.events, 3)

    @property
    def normalised(self) -> float | None:
        """Events per stored document published in the period; None when none was."""
        if not self.documents:
            return None
        return round(self.events / self.documents, 4)


@dataclass(frozen=True, slots=True)
class DyadSeries:
    dyad: Dyad
    by: By
    periods: tuple[DyadPeriod, ...]
    rows: int = 0          # stored rows counted (after status and date filters)
    duplicates: int = 0    # rows folded into an event told before
    unplaced: int = 0      # rows dated more coarsely than the period (e.g. a year)
    count: str = "acts"    # what a period's events are: acts, or every report (#19)


def _period_volume(volume: Mapping[str, int], by: By) -> dict[str, int]:
    totals: dict[str, int] = {}
    for day, count in volume.items():
        key = period_of(day, by)
        if key is not None:
            totals[key] = totals.get(key, 0) + count
    return totals


@dataclass(frozen=True, slots=True)
class DayCount:
    """De-duplicated events of one stored date, quad class and type, aggregated in the store."""

    date: str
    granularity: str | None
    quad_class: int
    plover: str
    events: int
    goldstein_sum: float
    rows: int  # stored rows behind those events (events + duplicates)


class _Bucket:
    """What one period accumulates, whichever path fills it."""

    __slots__ = ("events", "goldstein", "incidents", "quads", "types")

    def __init__(self) -> None:
        self.quads = [0, 0, 0, 0]
        self.types: dict[str, int] = {}
        self.goldstein = 0.0
        self.events = 0
        self.incidents: list[CountedEvent] = []

    def add(self, quad_class: int, plover: str, goldstein_sum: float, events: int) -> None:
        if 1 <= quad_class <= 4:
            self.quads[quad_class - 1] += events
        self.types[plover] = self.types.get(plover, 0) + events
        self.goldstein += goldstein_sum
        self.events += events

    def period(self, dyad: Dyad, key: str, documents: int | None) -> DyadPeriod:
        ranked = sorted(self.incidents, key=lambda c: (c.event.goldstein, -c.documents,
                                                       c.event.id))
        low = ranked[:TOP_INCIDENTS]
        top = low + [c for c in ranked[::-1][:TOP_INCIDENTS] if c not in low]
        types = sorted(self.types.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        return DyadPeriod(
            dyad.first, dyad.second, key, (self.quads[0], self.quads[1], self.quads[2],
                                           self.quads[3]),
            round(self.goldstein, 2), self.events, tuple(name for name, _ in types),
            documents, tuple(top),
        )


def _finish(dyad: Dyad, by: By, buckets: dict[str, _Bucket], *, since: str | None,
            until: str | None, volume: Mapping[str, int] | None, rows: int, duplicates: int,
            unplaced: int) -> DyadSeries:
    per_period = _period_volume(volume, by) if volume is not None else {}
    first = since or (min(buckets, key=period_start) if buckets else None)
    last = until or (max(buckets, key=period_start) if buckets else None)
    keys = calendar(first, last, by) if first and last else []
    empty = _Bucket()
    periods = tuple(
        buckets.get(key, empty).period(
            dyad, key, per_period.get(key, 0) if volume is not None else None)
        for key in keys
    )
    return DyadSeries(dyad, by, periods, rows=rows, duplicates=duplicates, unplaced=unplaced)


def build_series(
    events: Iterable[StoredEvent], dyad: Dyad, *, by: By = By.MONTH,
    statuses: frozenset[str] | None = COUNTED_STATUSES,
    since: str | None = None, until: str | None = None,
    volume: Mapping[str, int] | None = None,
    incident_key: IncidentKey | None = None,
) -> DyadSeries:
    """The dyad's periods from `since` (or its first event) to `until` (or its last), gaps kept.

    `since`/`until` are period keys (see `periods.bound_period`); `volume` maps publication
    days to stored document counts; `statuses=None` counts every status. Each period keeps
    its strongest events (`top_incidents`) for the turning points.
    """
    key_of = incident_key or dedupe_key
    low = period_start(since) if since else None
    high = period_start(until) if until else None
    groups: dict[Hashable, list[Any]] = {}  # key -> [event, period, rows, document ids]
    rows = unplaced = 0
    for event in events:
        if statuses is not None and event.status not in statuses:
            continue
        if not dyad.matches(event.source, event.target):
            continue
        key = period_of(event.date, by)
        if key is None:
            unplaced += _coarse_in_range(event.date, low, high)
            continue
        if (low or high) and not _within(key, low, high):
            continue
        rows += 1
        incident = key_of(event)
        group = groups.get(incident)
        if group is None:
            groups[incident] = [event, key, 1, {event.document_id}]
        else:
            group[2] += 1
            group[3].add(event.document_id)
    buckets: dict[str, _Bucket] = {}
    for event, key, count, documents in groups.values():
        bucket = buckets.get(key)
        if bucket is None:
            bucket = buckets[key] = _Bucket()
        bucket.add(event.quad_class, event.plover, event.goldstein, 1)
        bucket.incidents.append(CountedEvent(event, count, len(documents)))
    return _finish(dyad, by, buckets, since=since, until=until, volume=volume, rows=rows,
                   duplicates=rows - len(groups), unplaced=unplaced)


def series_from_counts(
    counts: Iterable[DayCount], dyad: Dyad, *, by: By = By.MONTH,
    since: str | None = None, until: str | None = None,
    volume: Mapping[str, int] | None = None,
) -> DyadSeries:
    """The same series from per-date aggregates already de-duplicated by `dedupe_key`.

    This is the fast path for large stores: the store folds duplicates and sums per date
    in SQL, so Python sees thousands of rows instead of hundreds of thousands. Periods carry
    no `top_incidents`; fetch those for the few periods that need them (turning points).
    """
    low = period_start(since) if since else None
    high = period_start(until) if until else None
    buckets: dict[str, _Bucket] = {}
    rows = events = unplaced = 0
    for count in counts:
        key = period_of(count.date, by)
        if key is None:
            unplaced += count.rows * _coarse_in_range(count.date, low, high)
            continue
        if (low or high) and not _within(key, low, high):
            continue
        rows += count.rows
        events += count.events
        bucket = buckets.get(key)
        if bucket is None:
            bucket = buckets[key] = _Bucket()
        bucket.add(count.quad_class, count.plover, count.goldstein_sum, count.events)
    return _finish(dyad, by, buckets, since=since, until=until, volume=volume, rows=rows,
                   duplicates=rows - events, unplaced=unplaced)


def _coarse_in_range(value: str | None, low: dt.date | None, high: dt.date | None) -> int:
    """1 when a date too coarse for the period starts inside the bounds (else not counted)."""
    day = first_day(value)
    if day is None:
        return 0
    return int((low is None or day >= low) and (high is None or day <= high))


def _within(key: str, low: dt.date | None, high: dt.date | None) -> bool:
    start = period_start(key)
    return (low is None or start >= low) and (high is None or start <= high)
