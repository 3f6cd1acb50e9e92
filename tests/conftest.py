"""Shared, expensive fixtures: the real spaCy pipeline, the knowledge base, a demo store."""

from __future__ import annotations

from pathlib import Path

import pytest

from aftermath.knowledge import KnowledgeBase, load_kb
from aftermath.nlp import load_model

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return load_model()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture()
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"../shared/data not found at {SHARED_DATA} (evaluation data is not bundled)")
    return SHARED_DATA
