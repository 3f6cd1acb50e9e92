"""Relations over time between two actors, computed from stored events."""

from aftermath.relations.series import DyadPeriod, dyad_series

__all__ = ["DyadPeriod", "dyad_series"]
