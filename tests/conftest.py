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


@pytest.fixture()
def event_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real SQLite store (`.store`, `.url`) and a writer of generated events (#7).

    `.write(doc_id, published, events)` stores one document whose events are given as dicts:
    source, target, plover, quad, goldstein, date, and optionally granularity, place,
    status, cameo, outlet.
    """
    from aftermath.records import (
        ActorRef,
        Analysis,
        Document,
        Event,
        EventStatus,
        Granularity,
        Place,
        ResolvedDate,
        Span,
    )
    from aftermath.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'events.sqlite'}")
    text = "Generated article for relation tests."

    def ref(code: str | None) -> ActorRef | None:
        return None if code is None else ActorRef(code, code.lower(), 0, 9)

    def write(doc_id: str, published: str | None, events: list[dict], *,
              outlet: str = "Wire") -> None:
        records = []
        for spec in events:
            place = spec.get("place")
            records.append(Event(
                source=ref(spec["source"]), target=ref(spec["target"]), plover=spec["plover"],
                mode=None, cameo=spec.get("cameo", "040"), quad_class=spec["quad"],
                goldstein=spec["goldstein"],
                date=ResolvedDate(spec["date"], Granularity(spec.get("granularity", "day"))),
                place=Place(place, "TUR", 39.9, 32.8) if place else None,
                status=EventStatus(spec.get("status", "asserted")), confidence=0.9,
                evidence=Span(text[:9], 0, 9, 0), trigger=Span(text[:9], 0, 9, 0),
            ))
        document = Document(id=doc_id, text=f"{text} ({doc_id})", title=f"Title {doc_id}",
                            outlet=outlet, published=published,
                            url=f"https://example.org/{doc_id}")
        store.save(Analysis(document=document, events=tuple(records)))

    from types import SimpleNamespace

    yield SimpleNamespace(store=store, write=write, url=f"sqlite:///{tmp_path / 'events.sqlite'}")
    store.close()
