"""Extraction: pure functions from one parsed document (plus the knowledge base) to records."""

from aftermath.extract.context import DocContext

__all__ = ["DocContext"]
