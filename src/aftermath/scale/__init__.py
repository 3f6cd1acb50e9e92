"""Running the same per-document analysis on more than one core."""

from aftermath.scale.processes import analyze_batches

__all__ = ["analyze_batches"]
