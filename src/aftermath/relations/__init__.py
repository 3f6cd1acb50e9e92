"""Relations over time between two actors, computed from stored events (issue #7)."""

from aftermath.relations.outlook import Backtest, Outlook, make_outlook, rolling_origin
from aftermath.relations.periods import By
from aftermath.relations.report import Partner, RelationReport, partners, relation_report
from aftermath.relations.series import (
    CountedEvent,
    Dyad,
    DyadPeriod,
    DyadSeries,
    build_series,
    dedupe_key,
)
from aftermath.relations.turning_points import TurningPoint, find_turning_points

__all__ = [
    "Backtest",
    "By",
    "CountedEvent",
    "Dyad",
    "DyadPeriod",
    "DyadSeries",
    "Outlook",
    "Partner",
    "RelationReport",
    "TurningPoint",
    "build_series",
    "dedupe_key",
    "find_turning_points",
    "make_outlook",
    "partners",
    "relation_report",
    "rolling_origin",
]
