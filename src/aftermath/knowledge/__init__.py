"""Dictionaries as data files (knowledge/data/) and their loaders."""

from aftermath.knowledge.base import Cues, KnowledgeBase, load_kb

__all__ = ["Cues", "KnowledgeBase", "load_kb"]
