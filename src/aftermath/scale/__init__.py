"""Running the same per-document analysis on more than one core."""

from aftermath.scale.processes import Analysers, analyze_batches

__all__ = ["Analysers", "analyze_batches"]
