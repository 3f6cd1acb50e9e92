"""Dyadic cooperation/conflict series: per period, events by quad class, Goldstein, volume.

Three traps shape this module (issue #7):
- Only asserted and reported events count by default: a threat that was never carried out,
  or an attack someone denied, is not part of what happened between the two.
- The same event told by ten articles is one event. Until incidents are assembled, events
  are de-duplicated by `dedupe_key` — same source code, target code, PLOVER type, stored
  date and place — and the first stored row stands for the group. Pass `incident_key` (a
  function of a `StoredEvent`, e.g. a lookup in the incidents table) to count incidents
  instead; nothing else changes.
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

from aftermath.errors import InputError
from aftermath.records import StoredEvent
from aftermath.relations.periods import By, calendar, period_of, period_start

COUNTED_STATUSES = frozenset({"asserted", "reported"})
TOP_INCIDENTS = 3  # per period and sign: enough to say what drove a turning point
_ACTOR = re.compile(r"^(?:[A-Z]{3}){1,5}$")

IncidentKey = Callable[[StoredEvent], Hashable]


def dedupe_key(event: StoredEvent) -> Hashable:
    """Same dyad, type, day and place: one event, however many articles tell it."""
    return (event.source, event.target, event.plover, event.date, event.place)


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


def _period_volume(volume: Mapping[str, int], by: By) -> dict[str, int]:
    totals: dict[str, int] = {}
    for day, count in volume.items():
        key = period_of(day, by)
        if key is not None:
            totals[key] = totals.get(key, 0) + count
    return totals


def _period(dyad: Dyad, key: str, bucket: list[CountedEvent], documents: int | None) -> DyadPeriod:
    quads = [0, 0, 0, 0]
    types: dict[str, int] = {}
    total = 0.0
    for counted in bucket:
        event = counted.event
        if 1 <= event.quad_class <= 4:
            quads[event.quad_class - 1] += 1
        types[event.plover] = types.get(event.plover, 0) + 1
        total += event.goldstein
    ranked = sorted(bucket, key=lambda c: (c.event.goldstein, -c.documents, c.event.id))
    top = ranked[:TOP_INCIDENTS] + [c for c in ranked[::-1][:TOP_INCIDENTS]
                                    if c not in ranked[:TOP_INCIDENTS]]
    return DyadPeriod(
        dyad.first, dyad.second, key, (quads[0], quads[1], quads[2], quads[3]),
        round(total, 2), len(bucket),
        tuple(name for name, _ in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[:3]),
        documents, tuple(top),
    )


def build_series(
    events: Iterable[StoredEvent], dyad: Dyad, *, by: By = By.MONTH,
    statuses: frozenset[str] | None = COUNTED_STATUSES,
    since: str | None = None, until: str | None = None,
    volume: Mapping[str, int] | None = None,
    incident_key: IncidentKey | None = None,
) -> DyadSeries:
    """The dyad's periods from `since` (or its first event) to `until` (or its last), gaps kept.

    `since`/`until` are period keys (see `periods.bound_period`); `volume` maps publication
    days to stored document counts; `statuses=None` counts every status.
    """
    key_of = incident_key or dedupe_key
    low = period_start(since) if since else None
    high = period_start(until) if until else None
    groups: dict[Hashable, list] = {}  # key -> [event, period, rows, document ids]
    rows = unplaced = 0
    for event in events:
        if statuses is not None and event.status not in statuses:
            continue
        if not dyad.matches(event.source, event.target):
            continue
        key = period_of(event.date, by)
        if key is None:
            unplaced += 1
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
    buckets: dict[str, list[CountedEvent]] = {}
    for event, key, count, documents in groups.values():
        buckets.setdefault(key, []).append(CountedEvent(event, count, len(documents)))
    per_period = _period_volume(volume, by) if volume is not None else {}
    first = since or (min(buckets, key=period_start) if buckets else None)
    last = until or (max(buckets, key=period_start) if buckets else None)
    keys = calendar(first, last, by) if first and last else []
    periods = tuple(
        _period(dyad, key, buckets.get(key, []),
                per_period.get(key, 0) if volume is not None else None)
        for key in keys
    )
    return DyadSeries(dyad, by, periods, rows=rows, duplicates=rows - len(groups),
                      unplaced=unplaced)


def _within(key: str, low: dt.date | None, high: dt.date | None) -> bool:
    start = period_start(key)
    return (low is None or start >= low) and (high is None or start <= high)
