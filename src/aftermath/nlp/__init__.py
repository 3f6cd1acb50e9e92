"""Language processing: loading the spaCy pipeline and resolving dates."""

from aftermath.nlp.dates import resolve_date
from aftermath.nlp.model import load_model

__all__ = ["load_model", "resolve_date"]
