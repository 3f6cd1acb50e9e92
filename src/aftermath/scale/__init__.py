"""Running the same per-document analysis on more than one core."""

from aftermath.scale.processes import Analysers

__all__ = ["Analysers"]
