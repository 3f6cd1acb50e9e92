"""Dyadic cooperation/conflict series: event counts by quad class and Goldstein per period.

Only asserted and reported events count by default: a threat that was never carried out,
or an attack someone denied, is not part of what happened between the two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from aftermath.records import Event, EventStatus

COUNTED_STATUSES = frozenset({EventStatus.ASSERTED, EventStatus.REPORTED})


@dataclass(frozen=True, slots=True)
class DyadPeriod:
    first: str
    second: str
    period: str  # "2016-12" for months
    quad_counts: tuple[int, int, int, int]
    goldstein_sum: float
    events: int
    top_events: tuple[str, ...] = field(default_factory=tuple)

    @property
    def goldstein_mean(self) -> float:
        return self.goldstein_sum / self.events if self.events else 0.0


def dyad_series(
    events: Iterable[Event], first: str, second: str, *,
    statuses: frozenset[EventStatus] = COUNTED_STATUSES,
) -> list[DyadPeriod]:
    """Monthly periods for the dyad (either direction), in date order; empty months omitted."""
    buckets: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.status not in statuses or event.date is None or len(event.date.value) < 7:
            continue
        if "W" in event.date.value:
            continue  # week-resolved dates would need a calendar lookup; kept out for now
        source = event.source.code if event.source else None
        target = event.target.code if event.target else None
        if not source or not target:
            continue
        pair = (source[:3], target[:3])
        if pair not in ((first, second), (second, first)):
            continue
        buckets[event.date.value[:7]].append(event)
    periods = []
    for month in sorted(buckets):
        bucket = buckets[month]
        quads = [0, 0, 0, 0]
        for event in bucket:
            quads[event.quad_class - 1] += 1
        counts: dict[str, int] = defaultdict(int)
        for event in bucket:
            counts[event.plover] += 1
        top = tuple(name for name, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:3])
        periods.append(DyadPeriod(
            first, second, month, (quads[0], quads[1], quads[2], quads[3]),
            round(sum(e.goldstein for e in bucket), 2), len(bucket), top,
        ))
    return periods
